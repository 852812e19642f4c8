#include "confab/bridge/xmpp_component_link.h"

#include <algorithm>

#include <gloox/adhoc.h>
#include <gloox/adhoccommandprovider.h>
#include <gloox/component.h>
#include <gloox/connectionlistener.h>
#include <gloox/connectiontcpbase.h>
#include <gloox/dataform.h>
#include <gloox/disco.h>
#include <gloox/error.h>
#include <gloox/iq.h>
#include <gloox/iqhandler.h>
#include <gloox/message.h>
#include <gloox/messagehandler.h>
#include <gloox/presence.h>
#include <gloox/presencehandler.h>
#include <gloox/subscription.h>
#include <gloox/subscriptionhandler.h>
#include <gloox/tag.h>
#include <spdlog/spdlog.h>

namespace confab::bridge {

namespace {

const char* describe(gloox::ConnectionError e) {
    switch (e) {
        case gloox::ConnNoError: return "no error";
        case gloox::ConnStreamError: return "stream error";
        case gloox::ConnStreamVersionError: return "stream version not supported";
        case gloox::ConnStreamClosed: return "stream closed by the server";
        case gloox::ConnProxyAuthRequired:
        case gloox::ConnProxyAuthFailed:
        case gloox::ConnProxyNoSupportedAuth: return "proxy error";
        case gloox::ConnIoError: return "I/O error";
        case gloox::ConnParseError: return "XML parse error";
        case gloox::ConnConnectionRefused: return "connection refused";
        case gloox::ConnDnsError: return "DNS error";
        case gloox::ConnOutOfMemory: return "out of memory";
        case gloox::ConnNoSupportedAuth: return "no supported authentication";
        case gloox::ConnTlsFailed: return "TLS failed";
        case gloox::ConnTlsNotAvailable: return "TLS not available";
        case gloox::ConnCompressionFailed: return "compression failed";
        case gloox::ConnAuthenticationFailed: return "handshake refused (wrong component secret or name?)";
        case gloox::ConnUserDisconnected: return "disconnected by us";
        case gloox::ConnNotConnected: return "not connected";
    }
    return "unknown error";
}

// A payload the bridge wants to see in an incoming stanza, or puts into an
// outgoing iq, kept as a plain Tag. gloox drops every child element that no
// registered StanzaExtension claims, so each namespace the bridge reads gets
// one of these, with its own extension type (gloox keeps one per type).
class RawPayload : public gloox::StanzaExtension {
public:
    RawPayload(int type, std::string filter, const gloox::Tag* tag = nullptr)
        : gloox::StanzaExtension(type), filter_(std::move(filter)),
          tag_(tag ? tag->clone() : nullptr) {}
    ~RawPayload() override { delete tag_; }
    RawPayload(const RawPayload&) = delete;
    RawPayload& operator=(const RawPayload&) = delete;

    const std::string& filterString() const override { return filter_; }
    gloox::StanzaExtension* newInstance(const gloox::Tag* tag) const override {
        return new RawPayload(extensionType(), filter_, tag);
    }
    gloox::Tag* tag() const override { return tag_ ? tag_->clone() : nullptr; }
    gloox::StanzaExtension* clone() const override {
        return new RawPayload(extensionType(), filter_, tag_);
    }
    const gloox::Tag* payload() const { return tag_; }

private:
    std::string filter_;
    gloox::Tag* tag_;
};

constexpr int kRawOutgoing = gloox::ExtUser + 40;
// The incoming payloads the bridge reads, each under its own extension type.
const std::vector<std::string>& incomingFilters() {
    static const std::vector<std::string> filters = {
        "/message/x[@xmlns='http://jabber.org/protocol/muc#user']",
        "/presence/x[@xmlns='http://jabber.org/protocol/muc#user']",
        "/message/accept[@xmlns='urn:confab:invite:0']",
        "/message/decline[@xmlns='urn:confab:invite:0']",
        "/message/delay[@xmlns='urn:xmpp:delay']",
        "/message/subject",
        "/iq/vCard[@xmlns='vcard-temp']",
    };
    return filters;
}
constexpr int kRawIncomingBase = gloox::ExtUser + 41;

std::shared_ptr<const gloox::Tag> rebuild(const std::string& name, const gloox::Stanza& stanza,
                                          const std::string& type, const std::string& body) {
    auto tag = std::make_shared<gloox::Tag>(name);
    if (stanza.from()) tag->addAttribute("from", stanza.from().full());
    if (stanza.to()) tag->addAttribute("to", stanza.to().full());
    if (!type.empty()) tag->addAttribute("type", type);
    if (!stanza.id().empty()) tag->addAttribute("id", stanza.id());
    if (!body.empty()) new gloox::Tag(tag.get(), "body", body);
    for (const gloox::StanzaExtension* ext : stanza.extensions()) {
        const auto* raw = dynamic_cast<const RawPayload*>(ext);
        if (raw && raw->payload()) tag->addChild(raw->payload()->clone());
    }
    return tag;
}

std::string presenceTypeName(gloox::Presence::PresenceType type) {
    switch (type) {
        case gloox::Presence::Unavailable: return "unavailable";
        case gloox::Presence::Probe: return "probe";
        case gloox::Presence::Error: return "error";
        default: return "";
    }
}

std::string subscriptionTypeName(gloox::Subscription::S10nType type) {
    switch (type) {
        case gloox::Subscription::Subscribe: return "subscribe";
        case gloox::Subscription::Subscribed: return "subscribed";
        case gloox::Subscription::Unsubscribe: return "unsubscribe";
        case gloox::Subscription::Unsubscribed: return "unsubscribed";
        case gloox::Subscription::Invalid: break;
    }
    return "invalid";
}

gloox::DataFormField::FieldType fieldType(const std::string& type) {
    if (type == "boolean") return gloox::DataFormField::TypeBoolean;
    if (type == "fixed") return gloox::DataFormField::TypeFixed;
    if (type == "hidden") return gloox::DataFormField::TypeHidden;
    if (type == "jid-multi") return gloox::DataFormField::TypeJidMulti;
    if (type == "jid-single") return gloox::DataFormField::TypeJidSingle;
    if (type == "list-multi") return gloox::DataFormField::TypeListMulti;
    if (type == "list-single") return gloox::DataFormField::TypeListSingle;
    if (type == "text-multi") return gloox::DataFormField::TypeTextMulti;
    if (type == "text-private") return gloox::DataFormField::TypeTextPrivate;
    return gloox::DataFormField::TypeTextSingle;
}

gloox::DataForm* buildForm(const AdhocReply& reply) {
    auto* form = new gloox::DataForm(reply.completed ? gloox::TypeResult : gloox::TypeForm,
                                     reply.title);
    if (!reply.instructions.empty()) form->setInstructions({reply.instructions});
    for (const AdhocField& f : reply.fields) {
        auto* field = new gloox::DataFormField(f.var, "", f.label, fieldType(f.type));
        if (f.values.size() > 1) {
            field->setValues(gloox::StringList(f.values.begin(), f.values.end()));
        } else if (!f.values.empty()) {
            field->setValue(f.values.front());
        }
        for (const auto& [label, value] : f.options) field->addOption(label, value);
        field->setRequired(f.required);
        form->addField(field);
    }
    return form;
}

}  // namespace

// One connection attempt: a fresh gloox::Component, dropped when the
// connection ends, so no state of a dead stream leaks into the next one.
class XmppComponentLink::Session : public gloox::ConnectionListener,
                                   public gloox::MessageHandler,
                                   public gloox::PresenceHandler,
                                   public gloox::SubscriptionHandler,
                                   public gloox::IqHandler,
                                   public gloox::AdhocCommandProvider {
public:
    Session(XmppComponentLink& link, const ComponentSettings& s)
        : link_(link),
          component_(gloox::XMLNS_COMPONENT_ACCEPT, s.host, s.component_jid, s.secret, s.port),
          adhoc_(&component_) {
        component_.registerConnectionListener(this);
        component_.registerMessageHandler(this);
        component_.registerPresenceHandler(this);
        component_.registerSubscriptionHandler(this);
        component_.registerStanzaExtension(new RawPayload(kRawOutgoing, ""));
        int type = kRawIncomingBase;
        for (const std::string& filter : incomingFilters()) {
            component_.registerStanzaExtension(new RawPayload(type++, filter));
        }
        gloox::Disco* disco = component_.disco();
        disco->setIdentity("gateway", "sip", "Confab conference bridge");
        disco->setVersion("Confab bridge", CONFAB_VERSION);
        disco->addFeature(gloox::XMLNS_XMPP_PING);
        disco->addFeature("urn:confab:bridge:0");
        for (const AdhocCommandInfo& command : link_.adhoc_commands_) {
            adhoc_.registerAdhocCommandProvider(this, command.node, command.name);
        }
    }

    ~Session() override {
        component_.removeConnectionListener(this);
        component_.removeMessageHandler(this);
        component_.removePresenceHandler(this);
        component_.removeSubscriptionHandler(this);
        component_.removeIDHandler(this);
        for (const AdhocCommandInfo& command : link_.adhoc_commands_) {
            adhoc_.removeAdhocCommandProvider(command.node);
        }
    }

    bool send(std::unique_ptr<gloox::Tag> stanza) {
        component_.send(stanza.release());  // gloox takes ownership
        return true;
    }

    bool sendIq(std::unique_ptr<gloox::Tag> iq_tag, IqCallback done) {
        const std::string type = iq_tag->findAttribute("type");
        const gloox::IQ::IqType iq_type = type == "get" ? gloox::IQ::Get : gloox::IQ::Set;
        std::string id = iq_tag->findAttribute("id");
        if (id.empty()) id = component_.getID();
        gloox::IQ iq(iq_type, gloox::JID(iq_tag->findAttribute("to")), id);
        iq.setFrom(gloox::JID(iq_tag->hasAttribute("from") ? iq_tag->findAttribute("from")
                                                           : link_.settings_.component_jid));
        for (const gloox::Tag* child : iq_tag->children()) {
            iq.addExtension(new RawPayload(kRawOutgoing, "", child));
        }
        const int context = next_context_++;
        pending_iqs_[context] = std::move(done);
        component_.send(iq, this, context);
        return true;
    }

    // Returns the socket to watch, or -1 when the TCP connect failed.
    int connect() {
        if (!component_.connect(false)) return -1;
        auto* tcp = dynamic_cast<gloox::ConnectionTCPBase*>(component_.connectionImpl());
        fd_ = tcp ? tcp->socket() : -1;
        return fd_;
    }

    void readAvailable() {
        const gloox::ConnectionError e = component_.recv(0);
        if (e != gloox::ConnNoError) end(describe(e));
    }

    void sendChat(const std::string& to, const std::string& body) {
        gloox::Message message(gloox::Message::Chat, gloox::JID(to), body);
        message.setFrom(gloox::JID(link_.settings_.component_jid));
        component_.send(message);
    }

    void close() {
        ended_ = true;  // an orderly close is not a drop to report
        component_.disconnect();
    }

    int fd() const { return fd_; }

    // gloox::ConnectionListener
    void onConnect() override { link_.handleConnected(); }
    void onDisconnect(gloox::ConnectionError e) override { end(describe(e)); }
    bool onTLSConnect(const gloox::CertInfo&) override {
        return false;  // XEP-0114 streams never negotiate TLS; refuse if asked
    }

    // gloox::MessageHandler
    void handleMessage(const gloox::Message& message, gloox::MessageSession*) override {
        if (message.subtype() == gloox::Message::Error) {
            // Never answer an error: two bots would bounce errors forever.
            spdlog::debug("xmpp: ignoring error message from {}", message.from().full());
            return;
        }
        if (!link_.chat_handler_) return;
        const bool groupchat = message.subtype() == gloox::Message::Groupchat;
        const char* type = groupchat                                        ? "groupchat"
                           : message.subtype() == gloox::Message::Headline ? "headline"
                           : message.subtype() == gloox::Message::Normal   ? "normal"
                                                                           : "chat";
        IncomingChat chat{message.from().full(), message.to().full(), message.body(), groupchat,
                          false, rebuild("message", message, type, message.body())};
        chat.delayed = chat.stanza->findChild("delay", "xmlns", "urn:xmpp:delay") != nullptr;
        // Bodiless messages matter only when they carry a payload we read
        // (an invitation answer, a MUC invitation decline).
        if (chat.body.empty() && chat.stanza->children().empty()) return;
        link_.chat_handler_(chat);
    }

    // gloox::PresenceHandler
    void handlePresence(const gloox::Presence& presence) override {
        const std::string type = presenceTypeName(presence.subtype());
        deliverPresence(presence, type);
    }

    // gloox::SubscriptionHandler
    void handleSubscription(const gloox::Subscription& subscription) override {
        deliverPresence(subscription, subscriptionTypeName(subscription.subtype()));
    }

    // gloox::IqHandler: answers to sendIq().
    bool handleIq(const gloox::IQ&) override { return false; }
    void handleIqID(const gloox::IQ& iq, int context) override {
        const auto found = pending_iqs_.find(context);
        if (found == pending_iqs_.end()) return;
        IqCallback done = std::move(found->second);
        pending_iqs_.erase(found);
        IqAnswer answer;
        answer.ok = iq.subtype() == gloox::IQ::Result;
        if (!answer.ok) {
            answer.error = "error";
            if (const gloox::Error* e = iq.error()) {
                std::unique_ptr<gloox::Tag> t(e->tag());
                answer.error.clear();
                for (const gloox::Tag* child : t->children()) {
                    if (child->name() == "text") continue;
                    answer.error += (answer.error.empty() ? "" : " ") + child->name();
                }
                if (!e->text().empty()) answer.error += ": " + e->text();
            }
        }
        for (const gloox::StanzaExtension* ext : iq.extensions()) {
            const auto* raw = dynamic_cast<const RawPayload*>(ext);
            if (raw && raw->payload() && raw->extensionType() != kRawOutgoing) {
                answer.payload = std::shared_ptr<const gloox::Tag>(raw->payload()->clone());
            }
        }
        if (done) done(answer);
    }

    // gloox::AdhocCommandProvider
    void handleAdhocCommand(const gloox::JID& from, const gloox::Adhoc::Command& command,
                            const std::string& session_id) override {
        AdhocRequest request;
        request.from = from.full();
        request.node = command.node();
        request.session_id = session_id;
        request.cancel = command.action() == gloox::Adhoc::Command::Cancel;
        if (const auto* form = dynamic_cast<const gloox::DataForm*>(command.plugin())) {
            for (const gloox::DataFormField* field : form->fields()) {
                const auto& values = field->values();
                request.fields[field->name()] =
                    std::vector<std::string>(values.begin(), values.end());
            }
        }
        AdhocReply reply;
        if (request.cancel) {
            reply.note = "Canceled.";
        } else if (link_.adhoc_handler_) {
            reply = link_.adhoc_handler_(request);
        } else {
            reply.error_note = true;
            reply.note = "This command is not available.";
        }
        if (request.cancel) {
            adhoc_.respond(from, new gloox::Adhoc::Command(command.node(), session_id,
                                                           gloox::Adhoc::Command::Canceled));
            return;
        }
        gloox::Adhoc::Command* answer = nullptr;
        if (reply.completed) {
            answer = new gloox::Adhoc::Command(
                command.node(), session_id, gloox::Adhoc::Command::Completed,
                reply.fields.empty() ? nullptr : buildForm(reply));
        } else {
            answer = new gloox::Adhoc::Command(command.node(), session_id,
                                               gloox::Adhoc::Command::Executing,
                                               gloox::Adhoc::Command::Complete,
                                               gloox::Adhoc::Command::Complete, buildForm(reply));
        }
        if (!reply.note.empty()) {
            answer->addNote(new gloox::Adhoc::Command::Note(
                reply.error_note ? gloox::Adhoc::Command::Note::Error
                                 : gloox::Adhoc::Command::Note::Info,
                reply.note));
        }
        adhoc_.respond(from, answer);
    }

private:
    void deliverPresence(const gloox::Stanza& stanza, const std::string& type) {
        if (!link_.presence_handler_) return;
        IncomingPresence presence{stanza.from().full(), stanza.to().full(), type,
                                  rebuild("presence", stanza, type, "")};
        link_.presence_handler_(presence);
    }

    void end(const std::string& why) {
        if (ended_) return;
        ended_ = true;
        link_.handleDisconnected(why);
    }

    XmppComponentLink& link_;
    gloox::Component component_;
    gloox::Adhoc adhoc_;
    std::map<int, IqCallback> pending_iqs_;
    int next_context_ = 1;
    int fd_ = -1;
    bool ended_ = false;
};

XmppComponentLink::XmppComponentLink(ControlLoop& loop, ComponentSettings settings)
    : loop_(loop), settings_(std::move(settings)), next_retry_(settings_.first_retry) {}

XmppComponentLink::~XmppComponentLink() { shutdown(); }

void XmppComponentLink::onChat(ChatHandler handler) { chat_handler_ = std::move(handler); }
void XmppComponentLink::onPresence(PresenceHandler handler) {
    presence_handler_ = std::move(handler);
}
void XmppComponentLink::onConnected(ConnectedHandler handler) {
    connected_handler_ = std::move(handler);
}
void XmppComponentLink::setAdhocCommands(std::vector<AdhocCommandInfo> commands,
                                         AdhocHandler handler) {
    adhoc_commands_ = std::move(commands);
    adhoc_handler_ = std::move(handler);
}

void XmppComponentLink::start() {
    shutting_down_ = false;
    connectNow();
}

void XmppComponentLink::connectNow() {
    retry_scheduled_ = false;
    if (shutting_down_) return;
    ++attempts_;
    spdlog::info("xmpp: connecting to {}:{} as component {} (attempt {})", settings_.host,
                 settings_.port, settings_.component_jid, attempts_);
    session_ = std::make_unique<Session>(*this, settings_);
    const int fd = session_->connect();
    if (fd < 0) {
        handleDisconnected("TCP connect failed");
        return;
    }
    loop_.watchReadable(fd, [this] {
        if (session_) session_->readAvailable();
    });
}

void XmppComponentLink::handleConnected() {
    online_ = true;
    next_retry_ = settings_.first_retry;
    spdlog::info("xmpp: online as {} (attempt {})", settings_.component_jid, attempts_);
    if (connected_handler_) connected_handler_();
}

void XmppComponentLink::handleDisconnected(const std::string& why) {
    const bool was_online = online_;
    online_ = false;
    if (session_) {
        if (session_->fd() >= 0) loop_.unwatch(session_->fd());
        // We may be inside one of the session's own gloox callbacks: destroy
        // it once the stack has unwound.
        std::shared_ptr<Session> dying(session_.release());
        loop_.post([dying] {});
    }
    if (was_online) spdlog::warn("xmpp: connection lost: {}", why);
    scheduleReconnect(why);
}

void XmppComponentLink::scheduleReconnect(const std::string& why) {
    if (shutting_down_ || retry_scheduled_) return;
    retry_scheduled_ = true;
    spdlog::info("xmpp: {}; next attempt in {} ms", why, next_retry_.count());
    retry_timer_ = loop_.startTimer(next_retry_, [this] { connectNow(); });
    next_retry_ = std::min(next_retry_ * 2, settings_.max_retry);
}

void XmppComponentLink::sendChat(const std::string& to, const std::string& body) {
    if (!online_ || !session_) {
        spdlog::warn("xmpp: offline, dropping reply to {}", to);
        return;
    }
    session_->sendChat(to, body);
}

bool XmppComponentLink::sendStanza(std::unique_ptr<gloox::Tag> stanza) {
    if (!online_ || !session_) {
        spdlog::warn("xmpp: offline, dropping <{}> to {}", stanza->name(),
                     stanza->findAttribute("to"));
        return false;
    }
    return session_->send(std::move(stanza));
}

bool XmppComponentLink::sendIq(std::unique_ptr<gloox::Tag> iq, IqCallback done) {
    if (!online_ || !session_) {
        spdlog::warn("xmpp: offline, dropping iq to {}", iq->findAttribute("to"));
        return false;
    }
    return session_->sendIq(std::move(iq), std::move(done));
}

void XmppComponentLink::shutdown() {
    shutting_down_ = true;
    if (retry_scheduled_) loop_.cancelTimer(retry_timer_);
    retry_scheduled_ = false;
    if (session_) {
        if (session_->fd() >= 0) loop_.unwatch(session_->fd());
        session_->close();
        session_.reset();
    }
    online_ = false;
}

bool XmppComponentLink::online() const { return online_; }
unsigned XmppComponentLink::connectAttempts() const { return attempts_; }

}  // namespace confab::bridge
