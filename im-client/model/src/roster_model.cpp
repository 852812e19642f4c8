#include "confab/client/roster_model.h"

#include <QColor>
#include <QSet>
#include <algorithm>

namespace confab::client {

namespace {

// The group of a contact whose roster item names none.
const QString& ungroupedName() {
    static const QString name = QStringLiteral("Contacts");
    return name;
}

QColor presenceColour(PresenceShow show) {
    switch (show) {
        case PresenceShow::Available:
        case PresenceShow::Chat: return QColor(0x2e, 0xa0, 0x43);
        case PresenceShow::Away: return QColor(0xe0, 0xa0, 0x00);
        case PresenceShow::ExtendedAway: return QColor(0xc0, 0x70, 0x00);
        case PresenceShow::DoNotDisturb: return QColor(0xc8, 0x28, 0x28);
        case PresenceShow::Offline: break;
    }
    return QColor(0x90, 0x90, 0x90);
}

}  // namespace

RosterModel::RosterModel(QObject* parent) : QAbstractItemModel(parent) {}

// ---- building ----

RosterModel::Entry RosterModel::makeEntry(const RosterContact& contact) const {
    Entry entry;
    entry.contact = contact;
    if (!contact.name.trimmed().isEmpty()) {
        entry.display = contact.name.trimmed();
    } else {
        const qsizetype at = contact.jid.indexOf(QLatin1Char('@'));
        entry.display = at > 0 ? contact.jid.left(at) : contact.jid;
    }
    entry.sort_key = entry.display.toCaseFolded();
    for (const QString& group : contact.groups) {
        const QString trimmed = group.trimmed();
        if (!trimmed.isEmpty() && !entry.groups.contains(trimmed)) {
            entry.groups.append(trimmed);
        }
    }
    if (entry.groups.isEmpty()) {
        entry.groups.append(ungroupedName());
    }
    return entry;
}

bool RosterModel::lessThan(int a, int b) const {
    const Entry& left = contacts_[a];
    const Entry& right = contacts_[b];
    const int by_name = QString::compare(left.sort_key, right.sort_key);
    if (by_name != 0) {
        return by_name < 0;
    }
    return left.contact.jid < right.contact.jid;
}

void RosterModel::setContacts(const QList<RosterContact>& contacts) {
    beginResetModel();
    contacts_.clear();
    by_jid_.clear();
    contacts_.reserve(contacts.size());
    for (const RosterContact& contact : contacts) {
        if (contact.jid.isEmpty() || contact.subscription == QLatin1String("remove")) {
            continue;
        }
        Entry entry = makeEntry(contact);
        const auto existing = by_jid_.constFind(contact.jid);
        if (existing != by_jid_.constEnd()) {
            contacts_[*existing] = std::move(entry);  // a repeated JID: the last one wins
            continue;
        }
        by_jid_.insert(contact.jid, static_cast<int>(contacts_.size()));
        contacts_.append(std::move(entry));
    }
    rebuildGroups();
    endResetModel();
}

void RosterModel::rebuildGroups() {
    QHash<QString, Group*> by_name;
    groups_.clear();
    for (int i = 0; i < contacts_.size(); ++i) {
        for (const QString& name : contacts_[i].groups) {
            Group*& group = by_name[name];
            if (group == nullptr) {
                auto created = std::make_unique<Group>();
                created->name = name;
                created->sort_key = name.toCaseFolded();
                group = created.get();
                groups_.push_back(std::move(created));
            }
            group->members.append(i);
        }
    }
    std::sort(groups_.begin(), groups_.end(), [](const auto& a, const auto& b) {
        const int c = QString::compare(a->sort_key, b->sort_key);
        return c != 0 ? c < 0 : a->name < b->name;
    });
    for (auto& group : groups_) {
        std::sort(group->members.begin(), group->members.end(),
                  [this](int a, int b) { return lessThan(a, b); });
    }
    renumberGroups(0);
}

void RosterModel::renumberGroups(int from_row) {
    for (int row = from_row; row < static_cast<int>(groups_.size()); ++row) {
        groups_[static_cast<std::size_t>(row)]->row = row;
    }
}

// ---- incremental changes ----

RosterModel::Group* RosterModel::groupAt(int row) const {
    if (row < 0 || row >= static_cast<int>(groups_.size())) {
        return nullptr;
    }
    return groups_[static_cast<std::size_t>(row)].get();
}

RosterModel::Group* RosterModel::findGroup(const QString& name) const {
    const QString key = name.toCaseFolded();
    const int row = groupInsertPosition(key);
    // Names that fold to the same key sit next to each other.
    for (int r = row; r < static_cast<int>(groups_.size()) && groups_[static_cast<std::size_t>(r)]->sort_key == key; ++r) {
        if (groups_[static_cast<std::size_t>(r)]->name == name) {
            return groups_[static_cast<std::size_t>(r)].get();
        }
    }
    return nullptr;
}

int RosterModel::groupInsertPosition(const QString& sort_key) const {
    const auto it = std::lower_bound(groups_.begin(), groups_.end(), sort_key,
                                     [](const auto& group, const QString& key) {
                                         return QString::compare(group->sort_key, key) < 0;
                                     });
    return static_cast<int>(it - groups_.begin());
}

int RosterModel::memberInsertPosition(const Group& group, int contact_index) const {
    const auto it = std::lower_bound(group.members.begin(), group.members.end(), contact_index,
                                     [this](int member, int wanted) { return lessThan(member, wanted); });
    return static_cast<int>(it - group.members.begin());
}

int RosterModel::memberRow(const Group& group, int contact_index) const {
    return static_cast<int>(group.members.indexOf(contact_index));
}

void RosterModel::insertIntoGroup(const QString& group_name, int contact_index) {
    Group* group = findGroup(group_name);
    if (group == nullptr) {
        // A new group row arrives with its first member already inside.
        auto created = std::make_unique<Group>();
        created->name = group_name;
        created->sort_key = group_name.toCaseFolded();
        created->members.append(contact_index);
        int row = groupInsertPosition(created->sort_key);
        while (row < static_cast<int>(groups_.size()) &&
               groups_[static_cast<std::size_t>(row)]->sort_key == created->sort_key &&
               groups_[static_cast<std::size_t>(row)]->name < group_name) {
            ++row;
        }
        beginInsertRows(QModelIndex(), row, row);
        groups_.insert(groups_.begin() + row, std::move(created));
        renumberGroups(row);
        endInsertRows();
        return;
    }
    const int row = memberInsertPosition(*group, contact_index);
    beginInsertRows(createIndex(group->row, 0, nullptr), row, row);
    group->members.insert(row, contact_index);
    endInsertRows();
}

void RosterModel::removeFromGroup(const QString& group_name, int contact_index) {
    Group* group = findGroup(group_name);
    if (group == nullptr) {
        return;
    }
    const int row = memberRow(*group, contact_index);
    if (row < 0) {
        return;
    }
    if (group->members.size() == 1) {
        const int group_row = group->row;
        beginRemoveRows(QModelIndex(), group_row, group_row);
        groups_.erase(groups_.begin() + group_row);
        renumberGroups(group_row);
        endRemoveRows();
        return;
    }
    beginRemoveRows(createIndex(group->row, 0, nullptr), row, row);
    group->members.removeAt(row);
    endRemoveRows();
}

void RosterModel::emitContactRowsChanged(int contact_index) {
    for (const QString& name : contacts_[contact_index].groups) {
        const Group* group = findGroup(name);
        if (group == nullptr) {
            continue;
        }
        const int row = memberRow(*group, contact_index);
        if (row >= 0) {
            const QModelIndex changed = index(row, 0, createIndex(group->row, 0, nullptr));
            emit dataChanged(changed, changed);
        }
    }
}

void RosterModel::updateContact(const RosterContact& contact) {
    if (contact.jid.isEmpty()) {
        return;
    }
    if (contact.subscription == QLatin1String("remove")) {
        removeContact(contact.jid);
        return;
    }
    const auto found = by_jid_.constFind(contact.jid);
    if (found == by_jid_.constEnd()) {
        const int added = static_cast<int>(contacts_.size());
        contacts_.append(makeEntry(contact));
        by_jid_.insert(contact.jid, added);
        for (const QString& name : contacts_[added].groups) {
            insertIntoGroup(name, added);
        }
        return;
    }

    const int i = *found;
    Entry updated = makeEntry(contact);
    const QStringList old_groups = contacts_[i].groups;
    const bool same_place = updated.sort_key == contacts_[i].sort_key;
    if (same_place && updated.groups == old_groups) {
        contacts_[i] = std::move(updated);  // presence or status: the rows stay where they are
        emitContactRowsChanged(i);
        return;
    }

    // Groups it left: remove those rows while the old sort key still holds.
    for (const QString& name : old_groups) {
        if (!updated.groups.contains(name)) {
            removeFromGroup(name, i);
        }
    }
    const QStringList new_groups = updated.groups;
    contacts_[i] = std::move(updated);
    // Groups it stays in: move the row when the name changed its place.
    for (const QString& name : new_groups) {
        if (!old_groups.contains(name)) {
            continue;
        }
        Group* group = findGroup(name);
        if (group == nullptr) {
            continue;
        }
        const int from = memberRow(*group, i);
        group->members.removeAt(from);
        const int to = memberInsertPosition(*group, i);
        group->members.insert(from, i);  // back, until the move is announced
        const QModelIndex parent = createIndex(group->row, 0, nullptr);
        if (to != from && beginMoveRows(parent, from, from, parent, to > from ? to + 1 : to)) {
            group->members.removeAt(from);
            group->members.insert(to, i);
            endMoveRows();
        }
        const QModelIndex changed = index(to, 0, parent);
        emit dataChanged(changed, changed);
    }
    // Groups it joined.
    for (const QString& name : new_groups) {
        if (!old_groups.contains(name)) {
            insertIntoGroup(name, i);
        }
    }
}

void RosterModel::removeContact(const QString& jid) {
    const auto found = by_jid_.constFind(jid);
    if (found == by_jid_.constEnd()) {
        return;
    }
    const int i = *found;
    const QStringList groups = contacts_[i].groups;
    for (const QString& name : groups) {
        removeFromGroup(name, i);
    }
    // Keep contacts_ dense: the last entry takes the freed slot. Its rows do
    // not move (their order depends on names, not on storage indexes).
    const int last = static_cast<int>(contacts_.size()) - 1;
    if (i != last) {
        for (const QString& name : contacts_[last].groups) {
            if (Group* group = findGroup(name)) {
                const int row = memberRow(*group, last);
                if (row >= 0) {
                    group->members[row] = i;
                }
            }
        }
        contacts_[i] = std::move(contacts_[last]);
        by_jid_[contacts_[i].contact.jid] = i;
    }
    contacts_.removeLast();
    by_jid_.remove(jid);
    unread_.remove(jid);
}

void RosterModel::setUnread(const QString& jid, int count) {
    const int previous = unread_.value(jid, 0);
    if (previous == count) {
        return;
    }
    if (count <= 0) {
        unread_.remove(jid);
    } else {
        unread_.insert(jid, count);
    }
    const auto found = by_jid_.constFind(jid);
    if (found != by_jid_.constEnd()) {
        emitContactRowsChanged(*found);
    }
}

// ---- queries ----

int RosterModel::contactCount() const {
    return static_cast<int>(contacts_.size());
}

const RosterContact* RosterModel::contact(const QString& jid) const {
    const auto found = by_jid_.constFind(jid);
    return found == by_jid_.constEnd() ? nullptr : &contacts_[*found].contact;
}

QString RosterModel::displayName(const QString& jid) const {
    const auto found = by_jid_.constFind(jid);
    if (found != by_jid_.constEnd()) {
        return contacts_[*found].display;
    }
    const qsizetype at = jid.indexOf(QLatin1Char('@'));
    return at > 0 ? jid.left(at) : jid;
}

QStringList RosterModel::jidsAt(const QModelIndexList& indexes) const {
    QStringList jids;
    for (const QModelIndex& i : indexes) {
        if (i.model() != this || !i.parent().isValid()) {
            continue;
        }
        const QString jid = i.data(JidRole).toString();
        if (!jid.isEmpty() && !jids.contains(jid)) {
            jids.append(jid);
        }
    }
    return jids;
}

QModelIndex RosterModel::indexOf(const QString& jid) const {
    const auto found = by_jid_.constFind(jid);
    if (found == by_jid_.constEnd()) {
        return {};
    }
    const Group* first = nullptr;
    for (const QString& name : contacts_[*found].groups) {
        const Group* group = findGroup(name);
        if (group != nullptr && (first == nullptr || group->row < first->row)) {
            first = group;
        }
    }
    if (first == nullptr) {
        return {};
    }
    const int row = memberRow(*first, *found);
    return row < 0 ? QModelIndex() : createIndex(row, 0, const_cast<Group*>(first));
}

// ---- QAbstractItemModel ----
// A group row's internal pointer is null; a contact row's is its Group.

QModelIndex RosterModel::index(int row, int column, const QModelIndex& parent) const {
    if (column != 0 || row < 0) {
        return {};
    }
    if (!parent.isValid()) {
        return row < static_cast<int>(groups_.size()) ? createIndex(row, 0, nullptr) : QModelIndex();
    }
    if (parent.internalPointer() != nullptr) {
        return {};  // contacts have no children
    }
    Group* group = groupAt(parent.row());
    if (group == nullptr || row >= group->members.size()) {
        return {};
    }
    return createIndex(row, 0, group);
}

QModelIndex RosterModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalPointer() == nullptr) {
        return {};
    }
    const auto* group = static_cast<const Group*>(child.internalPointer());
    return createIndex(group->row, 0, nullptr);
}

int RosterModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) {
        return static_cast<int>(groups_.size());
    }
    if (parent.column() != 0 || parent.internalPointer() != nullptr) {
        return 0;
    }
    const Group* group = groupAt(parent.row());
    return group == nullptr ? 0 : static_cast<int>(group->members.size());
}

int RosterModel::columnCount(const QModelIndex& /*parent*/) const {
    return 1;
}

QVariant RosterModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    if (index.internalPointer() == nullptr) {
        const Group* group = groupAt(index.row());
        if (group == nullptr) {
            return {};
        }
        switch (role) {
            case Qt::DisplayRole:
            case GroupNameRole: return group->name;
            case IsGroupRole: return true;
            case JidRole: return QString();
            default: return {};
        }
    }
    const auto* group = static_cast<const Group*>(index.internalPointer());
    if (index.row() >= group->members.size()) {
        return {};
    }
    const Entry& entry = contacts_[group->members[index.row()]];
    const RosterContact& c = entry.contact;
    switch (role) {
        case Qt::DisplayRole: return entry.display;
        case Qt::ToolTipRole:
            return c.status_text.isEmpty() ? c.jid : c.jid + QLatin1Char('\n') + c.status_text;
        case Qt::DecorationRole: return presenceColour(c.show);
        case JidRole: return c.jid;
        case IsGroupRole: return false;
        case PresenceRole: return static_cast<int>(c.show);
        case StatusTextRole: return c.status_text;
        case OnCallRoomRole: return c.on_call_room;
        case SubscriptionRole: return c.subscription;
        case UnreadRole: return unread_.value(c.jid, 0);
        case GroupNameRole: return group->name;
        default: return {};
    }
}

Qt::ItemFlags RosterModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    if (index.internalPointer() == nullptr) {
        return Qt::ItemIsEnabled;
    }
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

}  // namespace confab::client
