#include "confab/bridge/xmpp_component_link.h"

#include <algorithm>

#include <gloox/component.h>
#include <gloox/connectionlistener.h>
#include <gloox/connectiontcpbase.h>
#include <gloox/disco.h>
#include <gloox/message.h>
#include <gloox/messagehandler.h>
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

}  // namespace

// One connection attempt: a fresh gloox::Component, dropped when the
// connection ends, so no state of a dead stream leaks into the next one.
class XmppComponentLink::Session : public gloox::ConnectionListener, public gloox::MessageHandler {
public:
    Session(XmppComponentLink& link, const ComponentSettings& s)
        : link_(link),
          component_(gloox::XMLNS_COMPONENT_ACCEPT, s.host, s.component_jid, s.secret, s.port) {
        component_.registerConnectionListener(this);
        component_.registerMessageHandler(this);
        gloox::Disco* disco = component_.disco();
        disco->setIdentity("gateway", "sip", "Confab conference bridge");
        disco->setVersion("Confab bridge", CONFAB_VERSION);
        disco->addFeature(gloox::XMLNS_XMPP_PING);
        disco->addFeature("urn:confab:bridge:0");
    }

    ~Session() override {
        component_.removeConnectionListener(this);
        component_.removeMessageHandler(this);
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
        if (message.body().empty()) return;  // chat states, receipts and the like
        if (!link_.chat_handler_) return;
        IncomingChat chat{message.from().full(), message.to().full(), message.body(),
                          message.subtype() == gloox::Message::Groupchat};
        link_.chat_handler_(chat);
    }

private:
    void end(const std::string& why) {
        if (ended_) return;
        ended_ = true;
        link_.handleDisconnected(why);
    }

    XmppComponentLink& link_;
    gloox::Component component_;
    int fd_ = -1;
    bool ended_ = false;
};

XmppComponentLink::XmppComponentLink(ControlLoop& loop, ComponentSettings settings)
    : loop_(loop), settings_(std::move(settings)), next_retry_(settings_.first_retry) {}

XmppComponentLink::~XmppComponentLink() { shutdown(); }

void XmppComponentLink::onChat(ChatHandler handler) { chat_handler_ = std::move(handler); }

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
