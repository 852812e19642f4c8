// Plain value types that cross from the XMPP worker thread to the GUI thread
// inside queued Qt signals. No gloox type appears here: the GUI side never
// touches gloox. All are copyable values, registered with Qt's meta-type
// system by registerXmppMetaTypes().
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include "confab/protocol/conference_info.h"
#include "confab/protocol/invitation.h"

namespace confab::client {

// What a contact (or we) show. Offline = no available resource.
enum class PresenceShow { Offline, Available, Chat, Away, ExtendedAway, DoNotDisturb };

// "available", "away", ... for logs and the settings file; and back
// (Available for anything unknown).
QString presenceShowName(PresenceShow show);
PresenceShow presenceShowFromName(const QString& name);

// The machine-readable "on a conference call" presence extension
// <conference-call xmlns='urn:confab:presence:0' room='room@conference.example.com'/>
// that a client publishes while it is in a conference (docs/protocol.md).
inline constexpr const char* kConferenceCallPresenceNamespace = "urn:confab:presence:0";

struct RosterContact {
    QString jid;  // bare
    QString name;  // roster name; may be empty (the view then shows the JID)
    QStringList groups;  // empty: the view puts it under "Contacts"
    QString subscription;  // "none", "to", "from", "both", "remove"
    bool ask_pending = false;  // we asked to see their presence and wait for an answer
    // Presence of the contact's best resource (highest priority, then most available).
    PresenceShow show = PresenceShow::Offline;
    QString status_text;
    QString on_call_room;  // from <conference-call/>; empty when not on a call
};

enum class DeliveryState { None, Sent, Delivered, Failed };

struct ChatMessage {
    QString id;  // stanza id (ours, or the sender's); receipts refer to it
    QString conversation;  // bare JID of the peer, or the room's bare JID
    QString from;  // full JID (1:1) or "room@service/nick" (room)
    QString sender_name;  // nick, roster name, or the JID's local part
    QString body;  // plain text, never interpreted as markup
    QDateTime timestamp;  // UTC; from <delay/> when the message was delayed
    bool outgoing = false;
    bool groupchat = false;
    DeliveryState delivery = DeliveryState::None;
    QUrl oob_url;  // XEP-0066 <x xmlns='jabber:x:oob'><url/>, http(s) only; empty otherwise
    QString oob_description;
};

// XEP-0085 chat states.
enum class ChatState { Active, Composing, Paused, Inactive, Gone };

struct OccupantInfo {
    QString room;  // bare room JID
    QString nick;
    QString real_jid;  // bare; empty when the room hides it
    QString affiliation;  // "owner", "admin", "member", "none", "outcast"
    QString role;  // "moderator", "participant", "visitor", "none"
    bool available = true;  // false: the occupant left
    bool is_self = false;  // status 110
    PresenceShow show = PresenceShow::Available;
    QString status_text;
};

enum class ConnectionState { Disconnected, Connecting, Connected, WaitingToReconnect };

// The server certificate when it failed verification (or for display).
struct CertificateDetails {
    QString sha256_fingerprint;  // "AB:CD:..." upper-case hex, colon-separated
    QString subject;
    QString issuer;
    QDateTime not_before;
    QDateTime not_after;
    QString problem;  // why it is not trusted, e.g. "self-signed", "expired", "name mismatch"
    QString host;  // the XMPP domain the certificate was checked against
};

void registerXmppMetaTypes();

}  // namespace confab::client

Q_DECLARE_METATYPE(confab::client::PresenceShow)
Q_DECLARE_METATYPE(confab::client::RosterContact)
Q_DECLARE_METATYPE(confab::client::ChatMessage)
Q_DECLARE_METATYPE(confab::client::ChatState)
Q_DECLARE_METATYPE(confab::client::OccupantInfo)
Q_DECLARE_METATYPE(confab::client::ConnectionState)
Q_DECLARE_METATYPE(confab::client::CertificateDetails)
Q_DECLARE_METATYPE(confab::protocol::ConferenceInfoDocument)
Q_DECLARE_METATYPE(confab::protocol::Invitation)
