// The client's stanzas as pure functions over gloox::Tag: reading an incoming
// <message/> (rebuilt by raw_payload.h's stanzaTag) into what the session
// reports, and building the messages, chat states, receipts, presence
// extension and upload request it sends. No I/O, no gloox::Client: any
// thread; unit-testable with protocol::parseXml().
//
// Everything read here is untrusted: sizes are capped, URLs other than
// http(s) are dropped, bodies stay plain text, malformed payloads are
// ignored (never a throw, never a crash).
#pragma once

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QUrl>
#include <memory>
#include <optional>

#include "confab/client/xmpp_types.h"
#include "confab/protocol/conference_info.h"
#include "confab/protocol/invitation.h"
#include "confab/protocol/talker.h"

namespace gloox {
class Tag;
}

namespace confab::client {

// Longest body (in UTF-16 code units) passed on; longer ones are cut.
inline constexpr qsizetype kMaxBodyLength = 64 * 1024;
// Longest subject, status text, reason or description passed on.
inline constexpr qsizetype kMaxShortTextLength = 4 * 1024;

struct RoomInvitationInfo {
    QString room;
    QString from;  // bare JID of the inviter
    QString reason;
};

// What one incoming <message/> says. Several parts may be set at once
// (a chat message with a receipt request and a chat state).
struct IncomingMessage {
    ChatMessage message;  // conversation, from, sender_name (local part / nick), body, timestamp
    bool has_content = false;  // a body or an OOB URL: worth showing
    bool delayed = false;  // carries <delay/>: from offline storage or room history
    std::optional<ChatState> chat_state;
    bool receipt_requested = false;
    QString receipt_for;  // id in <received/>
    bool is_error = false;
    QString error_text;
    std::optional<QString> subject;  // <subject/> without body in a groupchat message
    std::optional<protocol::ConferenceInfoDocument> conference_info;
    std::optional<protocol::SpeakingEvent> speaking;
    std::optional<protocol::Invitation> conference_invitation;
    std::optional<RoomInvitationInfo> room_invitation;
};

// `message` is a <message/> Tag; `now` is the timestamp when there is no <delay/>.
IncomingMessage readMessage(const gloox::Tag& message, const QDateTime& now);

// "condition: text" from a stanza's <error/> child ("error" when there is none).
QString errorText(const gloox::Tag& stanza);

// The text cut to `max` UTF-16 code units without splitting a surrogate pair.
QString capText(const QString& text, qsizetype max);
// Local part (or the domain) of a JID, as a fallback display name.
QString displayNameOf(const QString& jid);
QString bareJidOf(const QString& jid);
QString resourceOf(const QString& jid);

// <message type='chat|groupchat' to id><body/>[<x xmlns='jabber:x:oob'><url/></x>]
// (1:1 only:) <request xmlns='urn:xmpp:receipts'/><active xmlns='...chatstates'/>.
// An empty body with an OOB URL takes the URL as body (plain-text fallback).
std::unique_ptr<gloox::Tag> chatMessageTag(const QString& id, const QString& to,
                                           const QString& body, const QUrl& oob_url,
                                           bool groupchat);
// <message type='chat' to id><composing xmlns='...chatstates'/><no-store/></message>.
std::unique_ptr<gloox::Tag> chatStateTag(const QString& id, const QString& to, ChatState state);
// <message to id><received xmlns='urn:xmpp:receipts' id='for_id'/></message>.
std::unique_ptr<gloox::Tag> receiptTag(const QString& id, const QString& to, const QString& for_id);

QString chatStateName(ChatState state);  // "active", "composing", ...
std::optional<ChatState> chatStateFromName(const QString& name);

// <conference-call xmlns='urn:confab:presence:0' room='...'/>.
std::unique_ptr<gloox::Tag> conferenceCallTag(const QString& room_jid);
// The room of a <conference-call/> element ("" when it is not one).
QString conferenceCallRoom(const gloox::Tag& element);

// <request xmlns='urn:xmpp:http:upload:0' filename size content-type/>.
std::unique_ptr<gloox::Tag> uploadRequestTag(const QString& file_name, qint64 size,
                                             const QString& content_type);
struct UploadSlot {
    QUrl put_url;
    QUrl get_url;
    QMap<QString, QString> put_headers;  // only Authorization, Cookie, Expires
};
// The slot in a <slot xmlns='urn:xmpp:http:upload:0'/> element; nullopt
// unless both URLs are http(s).
std::optional<UploadSlot> parseUploadSlot(const gloox::Tag& slot);

}  // namespace confab::client
