// XmppWorker's gloox handlers for what arrives: messages, presence, roster,
// service discovery and IQ answers. Worker thread only (see xmpp_worker.h).
#include <algorithm>

#include <gloox/client.h>
#include <gloox/dataform.h>
#include <gloox/disco.h>
#include <gloox/error.h>
#include <gloox/iq.h>
#include <gloox/message.h>
#include <gloox/presence.h>
#include <gloox/resource.h>
#include <gloox/rosteritem.h>
#include <gloox/rostermanager.h>
#include <gloox/tag.h>

#include "client_stanzas.h"
#include "confab/protocol/muc.h"
#include "confab/protocol/stanza.h"
#include "raw_payload.h"
#include "xmpp_worker.h"

namespace confab::client {

namespace {

constexpr const char* kBridgeFeature = "urn:confab:bridge:0";
constexpr const char* kUploadFeature = "urn:xmpp:http:upload:0";
constexpr int kDiscoItemContext = 2;

PresenceShow showOf(gloox::Presence::PresenceType type) {
    switch (type) {
        case gloox::Presence::Available: return PresenceShow::Available;
        case gloox::Presence::Chat: return PresenceShow::Chat;
        case gloox::Presence::Away: return PresenceShow::Away;
        case gloox::Presence::DND: return PresenceShow::DoNotDisturb;
        case gloox::Presence::XA: return PresenceShow::ExtendedAway;
        default: return PresenceShow::Offline;
    }
}

// Higher is "more available" when two resources share a priority.
int availability(gloox::Presence::PresenceType type) {
    switch (type) {
        case gloox::Presence::Chat: return 5;
        case gloox::Presence::Available: return 4;
        case gloox::Presence::Away: return 3;
        case gloox::Presence::XA: return 2;
        case gloox::Presence::DND: return 1;
        default: return 0;
    }
}

const char* typeName(gloox::Message::MessageType type) {
    switch (type) {
        case gloox::Message::Chat: return "chat";
        case gloox::Message::Error: return "error";
        case gloox::Message::Groupchat: return "groupchat";
        case gloox::Message::Headline: return "headline";
        case gloox::Message::Normal: return "normal";
        default: return "";
    }
}

QString onCallRoomIn(const gloox::StanzaExtensionList& extensions) {
    for (const gloox::StanzaExtension* extension : extensions) {
        const auto* raw = dynamic_cast<const RawPayload*>(extension);
        if (raw != nullptr && raw->payload() != nullptr) {
            const QString room = conferenceCallRoom(*raw->payload());
            if (!room.isEmpty()) {
                return room;
            }
        }
    }
    return {};
}

RosterContact contactFrom(const gloox::RosterItem& item) {
    RosterContact contact;
    contact.jid = bareJidOf(QString::fromStdString(item.jidJID().bare()));
    contact.name = capText(QString::fromStdString(item.name()), 256);
    for (const std::string& group : item.groups()) {
        contact.groups.append(capText(QString::fromStdString(group), 256));
    }
    switch (item.subscription()) {
        case gloox::S10nNone:
        case gloox::S10nNoneIn: contact.subscription = QStringLiteral("none"); break;
        case gloox::S10nNoneOut:
        case gloox::S10nNoneOutIn:
            contact.subscription = QStringLiteral("none");
            contact.ask_pending = true;
            break;
        case gloox::S10nTo:
        case gloox::S10nToIn: contact.subscription = QStringLiteral("to"); break;
        case gloox::S10nFrom: contact.subscription = QStringLiteral("from"); break;
        case gloox::S10nFromOut:
            contact.subscription = QStringLiteral("from");
            contact.ask_pending = true;
            break;
        case gloox::S10nBoth: contact.subscription = QStringLiteral("both"); break;
    }
    const gloox::Resource* best = nullptr;
    for (const auto& [name, resource] : item.resources()) {
        if (resource == nullptr || availability(resource->presence()) == 0) {
            continue;
        }
        if (best == nullptr || resource->priority() > best->priority() ||
            (resource->priority() == best->priority() &&
             availability(resource->presence()) > availability(best->presence()))) {
            best = resource;
        }
    }
    if (best != nullptr) {
        contact.show = showOf(best->presence());
        contact.status_text = capText(QString::fromStdString(best->message()), kMaxShortTextLength);
        contact.on_call_room = onCallRoomIn(best->extensions());
    }
    return contact;
}

}  // namespace

// ---- messages ----

bool XmppWorker::trustedEventSender(const QString& bare_from) const {
    // Bridge events outside a room count only from the bridge (or, before one
    // is known, from a server component, which has no local part).
    if (!bridge_jid_.isEmpty()) {
        return bare_from == bridge_jid_;
    }
    return !bare_from.contains(QLatin1Char('@')) && !bare_from.isEmpty();
}

void XmppWorker::handleMessage(const gloox::Message& stanza, gloox::MessageSession*) {
    const std::string body =
        stanza.body().size() > 4 * static_cast<std::size_t>(kMaxBodyLength)
            ? stanza.body().substr(0, 4 * static_cast<std::size_t>(kMaxBodyLength))
            : stanza.body();
    const auto tag = stanzaTag("message", stanza, typeName(stanza.subtype()), body);
    IncomingMessage in = readMessage(*tag, QDateTime::currentDateTimeUtc());
    ChatMessage& message = in.message;
    const QString from_bare = message.conversation;

    if (in.is_error) {
        emit messageFailed(from_bare, message.id, in.error_text);
        return;
    }
    if (message.groupchat) {
        if (!rooms_.contains(from_bare)) {
            return;  // not a room we are in
        }
        const QString nick = resourceOf(message.from);
        message.outgoing = !nick.isEmpty() && nick == ownNickIn(from_bare);
        if (message.outgoing) {
            message.delivery = DeliveryState::Delivered;
        }
        if (in.subject) {
            emit roomSubjectChanged(from_bare, *in.subject);
        }
        if (in.conference_info) {
            emit conferenceInfoReceived(from_bare, *in.conference_info);
        }
        if (in.speaking) {
            emit speakingChanged(from_bare, QString::fromStdString(in.speaking->call_uri),
                                 in.speaking->started);
        }
        if (in.has_content) {
            emit messageReceived(message);
        }
        return;
    }

    if (!in.receipt_for.isEmpty()) {
        emit messageDelivered(from_bare, in.receipt_for);
    }
    if (in.room_invitation) {
        // An invitation kept in offline storage names a room that is most
        // likely gone (conference rooms live as long as their call).
        if (!in.delayed) {
            emit roomInvitation(in.room_invitation->room, in.room_invitation->from,
                                in.room_invitation->reason);
        }
        // Its body ("... invited you to the room ...") is the fallback for
        // clients that do not read the invitation; ours shows an info bar.
        return;
    }
    if (trustedEventSender(from_bare)) {
        if (in.conference_invitation) {
            emit conferenceInvitationReceived(from_bare, *in.conference_invitation);
        }
        if (in.conference_info) {
            // Without a room the document names it: "xmpp:room@service".
            QString room = QString::fromStdString(in.conference_info->entity);
            room = room.startsWith(QLatin1String("xmpp:")) ? bareJidOf(room.mid(5)) : from_bare;
            emit conferenceInfoReceived(room, *in.conference_info);
        }
        if (in.speaking) {
            emit speakingChanged(from_bare, QString::fromStdString(in.speaking->call_uri),
                                 in.speaking->started);
        }
    }
    if (in.chat_state) {
        emit chatStateChanged(from_bare, *in.chat_state);
    }
    if (!in.has_content) {
        return;
    }
    if (in.receipt_requested && online()) {
        send(receiptTag(QString::fromStdString(protocol::newStanzaId()), message.from, message.id));
    }
    if (online()) {
        const gloox::RosterItem* item =
            client_->rosterManager()->getRosterItem(gloox::JID(from_bare.toStdString()));
        if (item != nullptr && !item->name().empty()) {
            message.sender_name = capText(QString::fromStdString(item->name()), 256);
        }
    }
    emit messageReceived(message);
}

// ---- presence ----

void XmppWorker::handlePresence(const gloox::Presence& presence) {
    const QString room = bareJidOf(QString::fromStdString(presence.from().full()));
    if (rooms_.contains(room)) {
        handleRoomPresence(presence, room);
    }
}

void XmppWorker::handleRoomPresence(const gloox::Presence& presence, const QString& room) {
    const bool error = presence.subtype() == gloox::Presence::Error;
    const bool unavailable = presence.subtype() == gloox::Presence::Unavailable;
    const auto tag = stanzaTag("presence", presence,
                               error ? "error" : (unavailable ? "unavailable" : ""), "");
    if (error) {
        if (!joined_rooms_.contains(room)) {
            rooms_.remove(room);  // the join failed
            emit roomLeft(room, errorText(*tag));
        }
        return;
    }
    const auto occupant = protocol::parseOccupantPresence(*tag);
    if (!occupant) {
        return;
    }
    OccupantInfo info;
    info.room = room;
    info.nick = capText(QString::fromStdString(occupant->nick), 1024);
    info.real_jid = bareJidOf(capText(QString::fromStdString(occupant->real_jid), 3 * 1024));
    info.affiliation = QString::fromStdString(occupant->affiliation);
    info.role = QString::fromStdString(occupant->role);
    info.available = !occupant->unavailable;
    info.is_self = occupant->isSelf() || info.nick == ownNickIn(room);
    info.show = info.available ? showOf(presence.presence()) : PresenceShow::Offline;
    info.status_text = capText(QString::fromStdString(presence.status()), kMaxShortTextLength);

    if (info.is_self && info.available && occupant->roomCreated() && !configuringRoom(room)) {
        // We created it: accept the default configuration ("instant room",
        // XEP-0045 10.1.2), or the server keeps it locked for everyone else.
        // The join is reported when the server has accepted it (handleIqID):
        // until then nobody else can enter.
        gloox::Tag query("query");
        query.setXmlns("http://jabber.org/protocol/muc#owner");
        auto* form = new gloox::Tag(&query, "x");
        form->setXmlns("jabber:x:data");
        form->addAttribute("type", "submit");
        gloox::IQ iq(gloox::IQ::Set, gloox::JID(room.toStdString()), client_->getID());
        iq.addExtension(outgoingPayload(query));
        const int context = next_context_++;
        room_configurations_.insert(context, room);
        client_->send(iq, this, context);
    }
    if (info.is_self && info.available && !joined_rooms_.contains(room) && !configuringRoom(room)) {
        joined_rooms_.insert(room);
        emit roomJoined(room);
    }
    emit occupantChanged(info);
    if (!info.is_self || info.available) {
        return;
    }
    if (occupant->hasStatus(303)) {
        return;  // a nick change; the new nick's presence follows
    }
    QString reason;
    if (occupant->hasStatus(307)) {
        reason = QStringLiteral("kicked");
    } else if (occupant->hasStatus(301)) {
        reason = QStringLiteral("banned");
    } else if (occupant->hasStatus(321) || occupant->hasStatus(322)) {
        reason = QStringLiteral("removed (not a member)");
    } else if (occupant->hasStatus(332)) {
        reason = QStringLiteral("the room service shut down");
    }
    for (const gloox::Tag* child : tag->children()) {
        if (const gloox::Tag* destroy = child->findChild("destroy")) {
            const gloox::Tag* why = destroy->findChild("reason");
            reason = QStringLiteral("the room was destroyed");
            if (why != nullptr && !why->cdata().empty()) {
                reason += QStringLiteral(": ") +
                          capText(QString::fromStdString(why->cdata()), kMaxShortTextLength);
            }
        }
    }
    rooms_.remove(room);
    joined_rooms_.remove(room);
    emit roomLeft(room, reason);
}

// ---- roster ----

void XmppWorker::contactUpdated(const gloox::JID& jid) {
    if (!client_) {
        return;
    }
    if (const gloox::RosterItem* item = client_->rosterManager()->getRosterItem(jid)) {
        emit contactChanged(contactFrom(*item));
    }
}

void XmppWorker::handleItemAdded(const gloox::JID& jid) { contactUpdated(jid); }
void XmppWorker::handleItemSubscribed(const gloox::JID& jid) { contactUpdated(jid); }
void XmppWorker::handleItemUpdated(const gloox::JID& jid) { contactUpdated(jid); }
void XmppWorker::handleItemUnsubscribed(const gloox::JID& jid) { contactUpdated(jid); }

void XmppWorker::handleItemRemoved(const gloox::JID& jid) {
    emit contactRemoved(bareJidOf(QString::fromStdString(jid.bare())));
}

void XmppWorker::handleRoster(const gloox::Roster& roster) {
    QList<RosterContact> contacts;
    contacts.reserve(static_cast<qsizetype>(roster.size()));
    for (const auto& [jid, item] : roster) {
        if (item != nullptr) {
            contacts.append(contactFrom(*item));
        }
    }
    emit rosterReceived(contacts);
}

void XmppWorker::handleRosterPresence(const gloox::RosterItem& item, const std::string&,
                                      gloox::Presence::PresenceType, const std::string&) {
    emit contactChanged(contactFrom(item));
}

void XmppWorker::handleSelfPresence(const gloox::RosterItem&, const std::string&,
                                    gloox::Presence::PresenceType, const std::string&) {}

bool XmppWorker::handleSubscriptionRequest(const gloox::JID& jid, const std::string& message) {
    // Someone we added (and so asked to see) asks back: the user already
    // chose them, so approve without asking again, as other clients do.
    if (const gloox::RosterItem* item = client_->rosterManager()->getRosterItem(gloox::JID(jid.bare()))) {
        const auto s10n = item->subscription();
        if (s10n == gloox::S10nTo || s10n == gloox::S10nNoneOut || s10n == gloox::S10nNoneOutIn ||
            s10n == gloox::S10nToIn) {
            client_->rosterManager()->ackSubscriptionRequest(gloox::JID(jid.bare()), true);
            return false;
        }
    }
    emit subscriptionRequested(bareJidOf(QString::fromStdString(jid.bare())),
                               capText(QString::fromStdString(message), kMaxShortTextLength));
    return false;  // answered later by answerSubscriptionRequest()
}

bool XmppWorker::handleUnsubscriptionRequest(const gloox::JID& jid, const std::string&) {
    contactUpdated(jid);
    return false;
}

void XmppWorker::handleNonrosterPresence(const gloox::Presence&) {}
void XmppWorker::handleRosterError(const gloox::IQ&) {}

// ---- service discovery ----

void XmppWorker::handleDiscoItems(const gloox::JID&, const gloox::Disco::Items& items, int) {
    if (!client_) {
        return;
    }
    int asked = 0;
    for (const gloox::Disco::Item* item : items.items()) {
        if (item != nullptr && item->jid() && ++asked <= 64) {
            client_->disco()->getDiscoInfo(item->jid(), "", this, kDiscoItemContext);
        }
    }
}

void XmppWorker::handleDiscoInfo(const gloox::JID& from, const gloox::Disco::Info& info, int) {
    const QString jid = bareJidOf(QString::fromStdString(from.full()));
    if (info.hasFeature(kBridgeFeature) && !bridge_set_by_user_ && bridge_jid_ != jid) {
        bridge_jid_ = jid;
        emit bridgeDiscovered(jid);
    }
    if (info.hasFeature(kUploadFeature) && upload_service_.isEmpty()) {
        qint64 max_bytes = 0;
        if (const gloox::DataForm* form = info.form()) {
            if (const gloox::DataFormField* field = form->field("max-file-size")) {
                bool ok = false;
                max_bytes = QString::fromStdString(field->value()).toLongLong(&ok);
                if (!ok || max_bytes < 0) {
                    max_bytes = 0;
                }
            }
        }
        upload_service_ = jid;
        emit uploadServiceDiscovered(jid, max_bytes);
    }
}

void XmppWorker::handleDiscoError(const gloox::JID&, const gloox::Error*, int) {}

// ---- IQ answers (upload slots, new rooms' configuration) ----

bool XmppWorker::handleIq(const gloox::IQ&) { return false; }

bool XmppWorker::configuringRoom(const QString& room) const {
    return std::find(room_configurations_.cbegin(), room_configurations_.cend(), room) !=
           room_configurations_.cend();
}

void XmppWorker::handleIqID(const gloox::IQ& iq, int context) {
    if (const auto configured = room_configurations_.find(context);
        configured != room_configurations_.end()) {
        // The room we created is open now (or its configuration was refused
        // and it stays ours alone): either way we are in it.
        const QString room = configured.value();
        room_configurations_.erase(configured);
        if (rooms_.contains(room) && !joined_rooms_.contains(room)) {
            joined_rooms_.insert(room);
            emit roomJoined(room);
        }
        return;
    }
    const auto found = upload_requests_.find(context);
    if (found == upload_requests_.end()) {
        return;
    }
    const QString request_id = found.value();
    upload_requests_.erase(found);
    const auto tag = stanzaTag("iq", iq, iq.subtype() == gloox::IQ::Result ? "result" : "error", "");
    if (iq.subtype() != gloox::IQ::Result) {
        emit uploadSlotFailed(request_id, errorText(*tag));
        return;
    }
    for (const gloox::Tag* child : tag->children()) {
        if (auto slot = parseUploadSlot(*child)) {
            emit uploadSlotReady(request_id, slot->put_url, slot->get_url, slot->put_headers);
            return;
        }
    }
    emit uploadSlotFailed(request_id, QStringLiteral("the upload service sent no usable slot"));
}

}  // namespace confab::client
