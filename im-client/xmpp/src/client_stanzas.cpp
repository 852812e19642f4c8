#include "client_stanzas.h"

#include <gloox/tag.h>

#include <array>
#include <utility>

#include "confab/protocol/xml_text.h"

namespace confab::client {

namespace {

constexpr const char* kReceiptsNs = "urn:xmpp:receipts";
constexpr const char* kChatStatesNs = "http://jabber.org/protocol/chatstates";
constexpr const char* kDelayNs = "urn:xmpp:delay";
constexpr const char* kOobNs = "jabber:x:oob";
constexpr const char* kMucUserNs = "http://jabber.org/protocol/muc#user";
constexpr const char* kDirectInviteNs = "jabber:x:conference";
constexpr const char* kUploadNs = "urn:xmpp:http:upload:0";
constexpr const char* kStanzasNs = "urn:ietf:params:xml:ns:xmpp-stanzas";

constexpr std::array<std::pair<ChatState, const char*>, 5> kChatStates{{
    {ChatState::Active, "active"},
    {ChatState::Composing, "composing"},
    {ChatState::Paused, "paused"},
    {ChatState::Inactive, "inactive"},
    {ChatState::Gone, "gone"},
}};

QString text(const std::string& value, qsizetype max = kMaxShortTextLength) {
    return capText(QString::fromStdString(value), max);
}

std::string wire(const QString& value, std::size_t max_bytes = 256 * 1024) {
    return protocol::xmlSafeText(value.toStdString(), max_bytes);
}

// The first child named `name` in namespace `ns` (inherited namespaces count).
const gloox::Tag* childIn(const gloox::Tag& parent, const char* name, const char* ns) {
    for (const gloox::Tag* child : parent.children()) {
        if (child->name() == name && protocol::namespaceOf(*child) == ns) {
            return child;
        }
    }
    return nullptr;
}

QUrl webUrl(const std::string& value) {
    const QUrl url(QString::fromStdString(value).trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        url.host().isEmpty() || value.size() > 8 * 1024) {
        return {};
    }
    return url;
}

void readDelay(const gloox::Tag& message, ChatMessage& out) {
    const gloox::Tag* delay = childIn(message, "delay", kDelayNs);
    if (delay == nullptr) {
        return;
    }
    const QString stamp = text(delay->findAttribute("stamp"), 64);
    QDateTime when = QDateTime::fromString(stamp, Qt::ISODateWithMs);
    if (!when.isValid()) {
        when = QDateTime::fromString(stamp, Qt::ISODate);
    }
    if (when.isValid()) {
        out.timestamp = when.toUTC();
    }
}

void readOob(const gloox::Tag& message, ChatMessage& out) {
    const gloox::Tag* oob = childIn(message, "x", kOobNs);
    if (oob == nullptr) {
        return;
    }
    const gloox::Tag* url = oob->findChild("url");
    if (url == nullptr) {
        return;
    }
    out.oob_url = webUrl(url->cdata());
    if (!out.oob_url.isEmpty()) {
        if (const gloox::Tag* desc = oob->findChild("desc")) {
            out.oob_description = text(desc->cdata());
        }
    }
}

void readInvitations(const gloox::Tag& message, const QString& from, IncomingMessage& out) {
    if (const gloox::Tag* direct = childIn(message, "x", kDirectInviteNs)) {
        const QString room = bareJidOf(text(direct->findAttribute("jid"), 1024));
        if (!room.isEmpty()) {
            out.room_invitation =
                RoomInvitationInfo{room, bareJidOf(from), text(direct->findAttribute("reason"))};
        }
        return;
    }
    if (const gloox::Tag* user = childIn(message, "x", kMucUserNs)) {
        if (const gloox::Tag* invite = user->findChild("invite")) {
            const gloox::Tag* reason = invite->findChild("reason");
            out.room_invitation = RoomInvitationInfo{
                bareJidOf(from), bareJidOf(text(invite->findAttribute("from"), 1024)),
                reason != nullptr ? text(reason->cdata()) : QString()};
        }
    }
}

void readBridgeEvents(const gloox::Tag& message, IncomingMessage& out) {
    for (const gloox::Tag* child : message.children()) {
        if (child->name() == "conference-info" && !out.conference_info) {
            out.conference_info = protocol::parseConferenceInfo(*child);
        }
    }
    out.speaking = protocol::parseSpeaking(message);
    if (message.findChild("invitation") != nullptr) {
        out.conference_invitation = protocol::parseInvitation(message);
    }
}

}  // namespace

QString capText(const QString& value, qsizetype max) {
    if (value.size() <= max) {
        return value;
    }
    qsizetype cut = max;
    if (cut > 0 && value.at(cut - 1).isHighSurrogate()) {
        --cut;
    }
    return value.left(cut);
}

QString bareJidOf(const QString& jid) {
    const qsizetype slash = jid.indexOf(QLatin1Char('/'));
    return (slash < 0 ? jid : jid.left(slash)).toLower();
}

QString resourceOf(const QString& jid) {
    const qsizetype slash = jid.indexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : jid.mid(slash + 1);
}

QString displayNameOf(const QString& jid) {
    const QString bare = bareJidOf(jid);
    const qsizetype at = bare.indexOf(QLatin1Char('@'));
    return at < 0 ? bare : bare.left(at);
}

QString errorText(const gloox::Tag& stanza) {
    const gloox::Tag* error = stanza.findChild("error");
    if (error == nullptr) {
        return QStringLiteral("error");
    }
    QString condition;
    QString description;
    for (const gloox::Tag* child : error->children()) {
        if (child->name() == "text") {
            description = text(child->cdata());
        } else if (condition.isEmpty() && protocol::namespaceOf(*child) == kStanzasNs) {
            condition = text(child->name(), 128);
        }
    }
    if (condition.isEmpty()) {
        condition = QStringLiteral("error");
    }
    return description.isEmpty() ? condition : condition + QStringLiteral(": ") + description;
}

IncomingMessage readMessage(const gloox::Tag& message, const QDateTime& now) {
    IncomingMessage out;
    const QString from = text(message.findAttribute("from"), 3 * 1024);
    const std::string type = message.findAttribute("type");
    ChatMessage& chat = out.message;
    chat.id = text(message.findAttribute("id"), 256);
    chat.from = from;
    chat.groupchat = type == "groupchat";
    chat.conversation = bareJidOf(from);
    chat.sender_name = chat.groupchat ? resourceOf(from) : displayNameOf(from);
    chat.timestamp = now.toUTC();

    if (type == "error") {
        out.is_error = true;
        out.error_text = errorText(message);
        return out;
    }
    if (const gloox::Tag* body = message.findChild("body")) {
        chat.body = capText(QString::fromStdString(body->cdata()), kMaxBodyLength);
    }
    readDelay(message, chat);
    out.delayed = childIn(message, "delay", kDelayNs) != nullptr;
    readOob(message, chat);
    if (chat.body.isEmpty() && !chat.oob_url.isEmpty()) {
        chat.body = chat.oob_url.toString();
    }
    out.has_content = !chat.body.isEmpty();

    if (childIn(message, "request", kReceiptsNs) != nullptr && !chat.id.isEmpty()) {
        out.receipt_requested = true;
    }
    if (const gloox::Tag* received = childIn(message, "received", kReceiptsNs)) {
        out.receipt_for = text(received->findAttribute("id"), 256);
    }
    for (const gloox::Tag* child : message.children()) {
        if (protocol::namespaceOf(*child) == kChatStatesNs) {
            out.chat_state = chatStateFromName(QString::fromStdString(child->name()));
            if (out.chat_state) {
                break;
            }
        }
    }
    if (const gloox::Tag* subject = message.findChild("subject");
        subject != nullptr && chat.groupchat && message.findChild("body") == nullptr) {
        out.subject = text(subject->cdata());
    }
    readInvitations(message, from, out);
    readBridgeEvents(message, out);
    return out;
}

QString chatStateName(ChatState state) {
    for (const auto& [value, name] : kChatStates) {
        if (value == state) {
            return QString::fromLatin1(name);
        }
    }
    return QStringLiteral("active");
}

std::optional<ChatState> chatStateFromName(const QString& name) {
    for (const auto& [value, text_name] : kChatStates) {
        if (name == QLatin1String(text_name)) {
            return value;
        }
    }
    return std::nullopt;
}

std::unique_ptr<gloox::Tag> chatMessageTag(const QString& id, const QString& to,
                                           const QString& body, const QUrl& oob_url,
                                           bool groupchat) {
    auto message = std::make_unique<gloox::Tag>("message");
    message->addAttribute("type", groupchat ? "groupchat" : "chat");
    message->addAttribute("to", wire(to, 3 * 1024));
    message->addAttribute("id", wire(id, 256));
    const QString text_body = body.isEmpty() && oob_url.isValid() ? oob_url.toString() : body;
    new gloox::Tag(message.get(), "body", wire(capText(text_body, kMaxBodyLength)));
    if (oob_url.isValid() && !oob_url.isEmpty()) {
        auto* oob = new gloox::Tag(message.get(), "x");
        oob->setXmlns(kOobNs);
        new gloox::Tag(oob, "url", wire(oob_url.toString(QUrl::FullyEncoded), 8 * 1024));
    }
    if (!groupchat) {
        auto* request = new gloox::Tag(message.get(), "request");
        request->setXmlns(kReceiptsNs);
        auto* active = new gloox::Tag(message.get(), "active");
        active->setXmlns(kChatStatesNs);
    }
    return message;
}

std::unique_ptr<gloox::Tag> chatStateTag(const QString& id, const QString& to, ChatState state) {
    auto message = std::make_unique<gloox::Tag>("message");
    message->addAttribute("type", "chat");
    message->addAttribute("to", wire(to, 3 * 1024));
    message->addAttribute("id", wire(id, 256));
    auto* element = new gloox::Tag(message.get(), chatStateName(state).toStdString());
    element->setXmlns(kChatStatesNs);
    auto* no_store = new gloox::Tag(message.get(), "no-store");
    no_store->setXmlns("urn:xmpp:hints");
    return message;
}

std::unique_ptr<gloox::Tag> receiptTag(const QString& id, const QString& to, const QString& for_id) {
    auto message = std::make_unique<gloox::Tag>("message");
    message->addAttribute("to", wire(to, 3 * 1024));
    message->addAttribute("id", wire(id, 256));
    auto* received = new gloox::Tag(message.get(), "received");
    received->setXmlns(kReceiptsNs);
    received->addAttribute("id", wire(for_id, 256));
    return message;
}

std::unique_ptr<gloox::Tag> conferenceCallTag(const QString& room_jid) {
    auto tag = std::make_unique<gloox::Tag>("conference-call");
    tag->setXmlns(kConferenceCallPresenceNamespace);
    tag->addAttribute("room", wire(room_jid, 3 * 1024));
    return tag;
}

QString conferenceCallRoom(const gloox::Tag& element) {
    if (element.name() != "conference-call" ||
        protocol::namespaceOf(element) != kConferenceCallPresenceNamespace) {
        return {};
    }
    const QString room = bareJidOf(text(element.findAttribute("room"), 3 * 1024));
    return room.contains(QLatin1Char('@')) ? room : QString();
}

std::unique_ptr<gloox::Tag> uploadRequestTag(const QString& file_name, qint64 size,
                                             const QString& content_type) {
    auto request = std::make_unique<gloox::Tag>("request");
    request->setXmlns(kUploadNs);
    request->addAttribute("filename", wire(file_name, 1024));
    request->addAttribute("size", std::to_string(size));
    if (!content_type.isEmpty()) {
        request->addAttribute("content-type", wire(content_type, 256));
    }
    return request;
}

std::optional<UploadSlot> parseUploadSlot(const gloox::Tag& slot) {
    if (slot.name() != "slot" || protocol::namespaceOf(slot) != kUploadNs) {
        return std::nullopt;
    }
    const gloox::Tag* put = slot.findChild("put");
    const gloox::Tag* get = slot.findChild("get");
    if (put == nullptr || get == nullptr) {
        return std::nullopt;
    }
    UploadSlot result;
    result.put_url = webUrl(put->findAttribute("url"));
    result.get_url = webUrl(get->findAttribute("url"));
    if (result.put_url.isEmpty() || result.get_url.isEmpty()) {
        return std::nullopt;
    }
    for (const gloox::Tag* header : put->children()) {
        if (header->name() != "header") {
            continue;
        }
        const QString name = text(header->findAttribute("name"), 64);
        // XEP-0363: only these may be passed on; others could smuggle requests.
        for (const char* allowed : {"Authorization", "Cookie", "Expires"}) {
            if (name.compare(QLatin1String(allowed), Qt::CaseInsensitive) == 0) {
                QString value = text(header->cdata(), 4096);
                value.remove(QLatin1Char('\r')).remove(QLatin1Char('\n'));
                result.put_headers.insert(QString::fromLatin1(allowed), value);
            }
        }
    }
    return result;
}

}  // namespace confab::client
