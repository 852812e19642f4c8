#include "confab/client/conference_model.h"

#include <algorithm>
#include <limits>

#include "confab/client/roster_model.h"
#include "confab/protocol/talker.h"

namespace confab::client {

namespace {

using protocol::DisconnectionMethod;
using protocol::ElementState;
using protocol::EndpointInfo;
using protocol::EndpointStatus;

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

// The bare JID of a JID with or without a resource, lower-cased (the servers
// we talk to compare JIDs case-insensitively).
QString bareJid(const QString& jid) {
    return jid.section(QLatin1Char('/'), 0, 0).toLower();
}

// One spelling per person, so documents, occupants and talker events meet:
// "xmpp:<lower-case bare jid>" or "tel:<E.164>"; anything else as it came.
QString userKey(const QString& entity) {
    const std::string text = entity.toStdString();
    if (const auto jid = protocol::jidFromCallUri(text)) {
        return fromStd(protocol::callUriForJid(bareJid(fromStd(*jid)).toStdString()));
    }
    if (const auto number = protocol::numberFromCallUri(text)) {
        return QStringLiteral("tel:") + fromStd(*number);
    }
    return entity;
}

QString jidOfKey(const QString& key) {
    const auto jid = protocol::jidFromCallUri(key.toStdString());
    return jid ? fromStd(*jid) : QString();
}

QString numberOfUri(const QString& uri) {
    const auto number = protocol::numberFromCallUri(uri.toStdString());
    return number ? fromStd(*number) : QString();
}

bool legIsLive(EndpointStatus status) {
    return status == EndpointStatus::Connected || status == EndpointStatus::MutedViaFocus ||
           status == EndpointStatus::OnHold;
}

int legRank(EndpointStatus status) {
    if (legIsLive(status)) {
        return 3;
    }
    switch (status) {
        case EndpointStatus::Alerting: return 2;
        case EndpointStatus::DialingOut: return 1;
        default: return 0;
    }
}

// The leg the row shows: the liveliest one, the latest among equals.
const EndpointInfo* primaryLeg(const QVector<EndpointInfo>& endpoints) {
    const EndpointInfo* best = nullptr;
    for (const EndpointInfo& endpoint : endpoints) {
        if (best == nullptr || legRank(endpoint.status) >= legRank(best->status)) {
            best = &endpoint;
        }
    }
    return best;
}

LegState legStateOf(const EndpointInfo& endpoint) {
    switch (endpoint.status) {
        case EndpointStatus::DialingOut: return LegState::Dialing;
        case EndpointStatus::Alerting: return LegState::Ringing;
        case EndpointStatus::Connected:
        case EndpointStatus::MutedViaFocus: return LegState::Connected;
        case EndpointStatus::OnHold: return LegState::OnHold;
        case EndpointStatus::Disconnected: break;
    }
    switch (endpoint.method) {
        case DisconnectionMethod::Busy: return LegState::Busy;
        case DisconnectionMethod::Failed: return LegState::Failed;
        case DisconnectionMethod::Departed:
        case DisconnectionMethod::Booted:
        case DisconnectionMethod::None: break;
    }
    return LegState::Left;
}

QString reasonOf(const EndpointInfo& endpoint, LegState leg) {
    if (!endpoint.reason.empty()) {
        return fromStd(endpoint.reason);
    }
    if (endpoint.sip_code != 0) {
        return QStringLiteral("%1 (SIP %2)").arg(legStateText(leg)).arg(endpoint.sip_code);
    }
    return {};
}

// An RFC 4575 partial endpoint: what it carries replaces what we had. Status
// and method are always written by the bridge; a leg that is live again
// (re-dialled) drops the story of how it ended.
void mergeEndpoint(EndpointInfo& into, const EndpointInfo& update) {
    into.status = update.status;
    into.method = update.method;
    if (!update.display_text.empty()) {
        into.display_text = update.display_text;
    }
    if (update.joined_unix_ms) {
        into.joined_unix_ms = update.joined_unix_ms;
    }
    if (update.status == EndpointStatus::Disconnected) {
        if (!update.reason.empty()) {
            into.reason = update.reason;
        }
        if (update.sip_code != 0) {
            into.sip_code = update.sip_code;
        }
        if (update.left_unix_ms) {
            into.left_unix_ms = update.left_unix_ms;
        }
    } else {
        into.reason = update.reason;
        into.sip_code = update.sip_code;
        into.left_unix_ms = update.left_unix_ms;
    }
}

}  // namespace

QString legStateText(LegState state) {
    switch (state) {
        case LegState::None: return {};
        case LegState::Dialing: return QStringLiteral("dialing");
        case LegState::Ringing: return QStringLiteral("ringing");
        case LegState::Connected: return QStringLiteral("connected");
        case LegState::OnHold: return QStringLiteral("on hold");
        case LegState::Busy: return QStringLiteral("busy");
        case LegState::Failed: return QStringLiteral("failed");
        case LegState::Left: return QStringLiteral("left");
    }
    return {};
}

ConferenceModel::ConferenceModel(const QString& room_jid, const RosterModel* roster, QObject* parent)
    : QAbstractListModel(parent), room_jid_(room_jid), roster_(roster) {
    if (roster != nullptr) {
        // Roster names win; follow renames and late roster loads.
        connect(roster, &QAbstractItemModel::modelReset, this, &ConferenceModel::refreshNames);
        connect(roster, &QAbstractItemModel::dataChanged, this, &ConferenceModel::refreshNames);
        connect(roster, &QAbstractItemModel::rowsInserted, this, &ConferenceModel::refreshNames);
        connect(roster, &QAbstractItemModel::rowsRemoved, this, &ConferenceModel::refreshNames);
    }
}

// ---- documents ----

bool ConferenceModel::applyConferenceInfo(const protocol::ConferenceInfoDocument& document) {
    const bool anything_applied = version_ != 0;
    if (anything_applied && document.version <= version_) {
        return false;  // stale or repeated
    }
    if (document.state == ElementState::Partial) {
        // A partial document only makes sense on top of the one before it
        // (or as the very first, version 1). After a gap, wait for a full one.
        const bool follows = anything_applied ? document.version == version_ + 1 : document.version == 1;
        if (stale_ || !follows) {
            stale_ = true;
            return false;
        }
    }
    const Summary before = summary();
    version_ = document.version;

    switch (document.state) {
        case ElementState::Full: {
            stale_ = false;
            if (!document.subject.empty()) {
                subject_ = fromStd(document.subject);
            }
            active_ = document.active;
            locked_ = document.locked;
            recording_ = document.recording;
            users_.clear();
            QStringList order;
            for (const protocol::UserInfo& user : document.users) {
                if (user.state == ElementState::Deleted) {
                    continue;
                }
                const QString key = userKey(fromStd(user.entity));
                UserState state;
                state.display_text = fromStd(user.display_text);
                for (const EndpointInfo& endpoint : user.endpoints) {
                    if (endpoint.state != ElementState::Deleted) {
                        state.endpoints.append(endpoint);
                    }
                }
                users_.insert(key, std::move(state));
                order.append(key);
            }
            for (int row = static_cast<int>(rows_.size()) - 1; row >= 0; --row) {
                refresh(row);  // drops the rows the document no longer has
            }
            for (const QString& key : order) {
                refresh(ensureRow(key));
            }
            break;
        }
        case ElementState::Partial:
            if (!document.subject.empty()) {
                subject_ = fromStd(document.subject);
            }
            if (document.user_count) {  // <conference-state> was present
                active_ = document.active;
                locked_ = document.locked;
                recording_ = document.recording;
            }
            for (const protocol::UserInfo& user : document.users) {
                applyUser(user);
            }
            break;
        case ElementState::Deleted:
            active_ = false;
            recording_ = false;  // an ended conference has nothing left to record
            break;
    }
    if (!active_) {
        for (int row = 0; row < rows_.size(); ++row) {
            if (rows_[row].talking) {
                rows_[row].talking = false;
                rowChanged(row);
                emit talkingChanged(rows_[row].entity, false);
            }
        }
    }
    emitSummaryIfChanged(before);
    return true;
}

void ConferenceModel::applyUser(const protocol::UserInfo& user) {
    const QString key = userKey(fromStd(user.entity));
    if (user.state == ElementState::Deleted) {
        users_.remove(key);
        const int row = rowOf(key);
        if (row >= 0) {
            refresh(row);
        }
        return;
    }
    UserState& state = users_[key];
    if (user.state == ElementState::Full) {
        state = UserState{};
    }
    if (!user.display_text.empty()) {
        state.display_text = fromStd(user.display_text);
    }
    for (const EndpointInfo& endpoint : user.endpoints) {
        const QString endpoint_key = userKey(fromStd(endpoint.entity));
        auto existing = std::find_if(state.endpoints.begin(), state.endpoints.end(), [&](const EndpointInfo& e) {
            return userKey(fromStd(e.entity)) == endpoint_key;
        });
        if (endpoint.state == ElementState::Deleted) {
            if (existing != state.endpoints.end()) {
                state.endpoints.erase(existing);
            }
        } else if (existing == state.endpoints.end()) {
            state.endpoints.append(endpoint);
        } else if (endpoint.state == ElementState::Full) {
            *existing = endpoint;
        } else {
            mergeEndpoint(*existing, endpoint);
        }
    }
    refresh(ensureRow(key));
}

// ---- room occupants and talkers ----

void ConferenceModel::applyOccupant(const OccupantInfo& occupant) {
    const QString real_jid = bareJid(occupant.real_jid);
    if (!real_jid.isEmpty() && !real_jid.contains(QLatin1Char('@'))) {
        return;  // a server component (the bridge itself) is not a participant
    }
    const bool moderator = occupant.role == QLatin1String("moderator") ||
                           occupant.affiliation == QLatin1String("owner") ||
                           occupant.affiliation == QLatin1String("admin");
    const Summary before = summary();
    if (occupant.is_self) {
        self_nick_ = occupant.available ? occupant.nick : QString();
        self_moderator_ = occupant.available && moderator;
    }
    const QString key = real_jid.isEmpty()
                            ? QStringLiteral("nick:") + occupant.nick
                            : fromStd(protocol::callUriForJid(real_jid.toStdString()));
    if (key.isEmpty()) {
        return;  // a real JID that is not a bare JID we can name
    }
    if (!occupant.available) {
        const int row = rowOf(key);
        if (row >= 0) {
            rows_[row].in_room = false;
            rows_[row].moderator = false;
            rows_[row].nick.clear();
            refresh(row);
        }
    } else {
        const int row = ensureRow(key);
        rows_[row].in_room = true;
        rows_[row].moderator = moderator;
        rows_[row].nick = occupant.nick;
        refresh(row);
    }
    emitSummaryIfChanged(before);
}

void ConferenceModel::applySpeaking(const QString& call_uri, bool started) {
    int row = -1;
    const QString number = numberOfUri(call_uri);
    if (!number.isEmpty()) {
        // The row whose leg has that number; a live leg wins over an old one.
        int best_rank = -1;
        for (int r = 0; r < rows_.size(); ++r) {
            const auto user = users_.constFind(rows_[r].entity);
            if (user == users_.constEnd()) {
                continue;
            }
            for (const EndpointInfo& endpoint : user->endpoints) {
                if (numberOfUri(fromStd(endpoint.entity)) == number && legRank(endpoint.status) > best_rank) {
                    best_rank = legRank(endpoint.status);
                    row = r;
                }
            }
        }
        if (row < 0) {
            row = rowOf(QStringLiteral("tel:") + number);
        }
    } else {
        const QString key = userKey(call_uri);
        if (key.startsWith(QLatin1String("xmpp:"))) {
            row = rowOf(key);
        }
    }
    if (row < 0) {
        return;  // nobody we know: the document naming them has not arrived
    }
    Participant& p = rows_[row];
    const bool can_talk = p.leg == LegState::Connected || p.leg == LegState::None;
    const bool talking = started && can_talk && active_;
    if (p.talking == talking) {
        return;
    }
    const Summary before = summary();
    p.talking = talking;
    rowChanged(row);
    emit talkingChanged(p.entity, talking);
    emitSummaryIfChanged(before);
}

void ConferenceModel::setSubject(const QString& subject) {
    const Summary before = summary();
    subject_ = subject;
    emitSummaryIfChanged(before);
}

void ConferenceModel::leftRoom() {
    const Summary before = summary();
    self_nick_.clear();
    self_moderator_ = false;
    for (int row = static_cast<int>(rows_.size()) - 1; row >= 0; --row) {
        Participant& p = rows_[row];
        const bool was_talking = p.talking;
        p.talking = false;
        p.in_room = false;
        p.moderator = false;
        p.nick.clear();
        const QString entity = p.entity;
        refresh(row);
        if (was_talking) {
            emit talkingChanged(entity, false);
        }
    }
    emitSummaryIfChanged(before);
}

// ---- rows ----

int ConferenceModel::rowOf(const QString& entity) const {
    for (int row = 0; row < rows_.size(); ++row) {
        if (rows_[row].entity == entity) {
            return row;
        }
    }
    return -1;
}

int ConferenceModel::ensureRow(const QString& entity) {
    const int existing = rowOf(entity);
    if (existing >= 0) {
        return existing;
    }
    const int row = static_cast<int>(rows_.size());
    Participant p;
    p.entity = entity;
    p.jid = jidOfKey(entity);
    p.number = numberOfUri(entity);
    p.display_name = nameFor(p);
    beginInsertRows(QModelIndex(), row, row);
    rows_.append(std::move(p));
    endInsertRows();
    return row;
}

void ConferenceModel::refresh(int row) {
    Participant& p = rows_[row];
    const auto user = users_.constFind(p.entity);
    if (user == users_.constEnd() && !p.in_room) {
        removeRow(row);
        return;
    }
    const EndpointInfo* leg = user == users_.constEnd() ? nullptr : primaryLeg(user->endpoints);
    p.leg = leg != nullptr ? legStateOf(*leg) : LegState::None;
    p.muted = leg != nullptr && leg->status == EndpointStatus::MutedViaFocus;
    p.number = leg != nullptr ? numberOfUri(fromStd(leg->entity)) : numberOfUri(p.entity);
    const bool ended = p.leg == LegState::Busy || p.leg == LegState::Failed || p.leg == LegState::Left;
    p.reason = leg != nullptr && ended ? reasonOf(*leg, p.leg) : QString();
    p.joined = leg != nullptr && leg->joined_unix_ms
                   ? QDateTime::fromMSecsSinceEpoch(*leg->joined_unix_ms, Qt::UTC)
                   : QDateTime();
    p.display_name = nameFor(p);
    const bool stops_talking = p.talking && !(p.leg == LegState::Connected || p.leg == LegState::None);
    if (stops_talking) {
        p.talking = false;
    }
    const QString entity = p.entity;
    rowChanged(row);
    if (stops_talking) {
        emit talkingChanged(entity, false);
    }
}

void ConferenceModel::removeRow(int row) {
    const bool was_talking = rows_[row].talking;
    const QString entity = rows_[row].entity;
    beginRemoveRows(QModelIndex(), row, row);
    rows_.removeAt(row);
    endRemoveRows();
    if (was_talking) {
        emit talkingChanged(entity, false);
    }
}

void ConferenceModel::rowChanged(int row) {
    const QModelIndex changed = index(row);
    emit dataChanged(changed, changed);
}

QString ConferenceModel::nameFor(const Participant& p) const {
    if (!p.jid.isEmpty() && roster_ != nullptr && roster_->contact(p.jid) != nullptr) {
        return roster_->displayName(p.jid);
    }
    const auto user = users_.constFind(p.entity);
    if (user != users_.constEnd()) {
        if (!user->display_text.isEmpty()) {
            return user->display_text;
        }
        if (const EndpointInfo* leg = primaryLeg(user->endpoints); leg != nullptr && !leg->display_text.empty()) {
            return fromStd(leg->display_text);
        }
    }
    if (!p.nick.isEmpty()) {
        return p.nick;
    }
    if (!p.number.isEmpty()) {
        return p.number;
    }
    return p.jid.isEmpty() ? p.entity : p.jid;
}

void ConferenceModel::refreshNames() {
    const Summary before = summary();
    for (int row = 0; row < rows_.size(); ++row) {
        const QString name = nameFor(rows_[row]);
        if (name != rows_[row].display_name) {
            rows_[row].display_name = name;
            rowChanged(row);
        }
    }
    emitSummaryIfChanged(before);
}

// ---- summary ----

const Participant* ConferenceModel::participant(const QString& entity) const {
    const int row = rowOf(userKey(entity));
    return row < 0 ? nullptr : &rows_[row];
}

QDateTime ConferenceModel::startedAt() const {
    std::int64_t earliest = std::numeric_limits<std::int64_t>::max();
    for (const UserState& user : users_) {
        for (const EndpointInfo& endpoint : user.endpoints) {
            if (endpoint.joined_unix_ms) {
                earliest = std::min(earliest, *endpoint.joined_unix_ms);
            }
        }
    }
    return earliest == std::numeric_limits<std::int64_t>::max()
               ? QDateTime()
               : QDateTime::fromMSecsSinceEpoch(earliest, Qt::UTC);
}

int ConferenceModel::connectedLegs() const {
    int count = 0;
    for (const UserState& user : users_) {
        for (const EndpointInfo& endpoint : user.endpoints) {
            count += legIsLive(endpoint.status) ? 1 : 0;
        }
    }
    return count;
}

QStringList ConferenceModel::talkers() const {
    QStringList names;
    for (const Participant& p : rows_) {
        if (p.talking) {
            names.append(p.display_name);
        }
    }
    return names;
}

ConferenceModel::Summary ConferenceModel::summary() const {
    return Summary{subject_, locked_, active_, recording_, static_cast<int>(rows_.size()), connectedLegs(),
                   talkers()};
}

void ConferenceModel::emitSummaryIfChanged(const Summary& before) {
    if (!(summary() == before)) {
        emit summaryChanged();
    }
}

// ---- QAbstractListModel ----

int ConferenceModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant ConferenceModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Participant& p = rows_[index.row()];
    switch (role) {
        case Qt::DisplayRole: return p.display_name;
        case Qt::ToolTipRole: {
            QString tip = p.jid.isEmpty() ? p.number : p.jid;
            if (!p.reason.isEmpty()) {
                tip += QStringLiteral("\n") + p.reason;
            }
            return tip;
        }
        case EntityRole: return p.entity;
        case JidRole: return p.jid;
        case NumberRole: return p.number;
        case LegStateRole: return static_cast<int>(p.leg);
        case LegStateTextRole: return legStateText(p.leg);
        case MutedRole: return p.muted;
        case TalkingRole: return p.talking;
        case InRoomRole: return p.in_room;
        case ModeratorRole: return p.moderator;
        case ReasonRole: return p.reason;
        case NickRole: return p.nick;
        default: return {};
    }
}

}  // namespace confab::client
