// XmppComponentLink: the bridge's XEP-0114 connection to the XMPP server.
// It connects as an external component, answers disco#info (identity and
// features) and XEP-0199 ping, hands every incoming chat message to a
// handler, and when the connection drops it reconnects by itself with capped
// exponential backoff, logging each attempt. It never gives up.
//
// Thread contract: lives on the control thread (ControlLoop). All members and
// all handler callbacks run there; nothing here blocks except the TCP connect
// to the (loopback or LAN) XMPP server.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "confab/bridge/control_loop.h"

namespace confab::bridge {

struct ComponentSettings {
    std::string component_jid;  // e.g. "bridge.localhost"
    std::string host;           // XMPP server address
    int port = 5347;
    std::string secret;
    std::chrono::milliseconds first_retry{250};
    std::chrono::milliseconds max_retry{2000};  // cap of the backoff
};

// An incoming <message/> with a body, as the link hands it on.
struct IncomingChat {
    std::string from;  // full JID of the sender
    std::string to;    // the JID it was sent to (the component or a node of it)
    std::string body;
    bool groupchat = false;
};

class XmppComponentLink {
public:
    using ChatHandler = std::function<void(const IncomingChat&)>;

    XmppComponentLink(ControlLoop& loop, ComponentSettings settings);
    ~XmppComponentLink();
    XmppComponentLink(const XmppComponentLink&) = delete;
    XmppComponentLink& operator=(const XmppComponentLink&) = delete;

    void onChat(ChatHandler handler);
    // Starts connecting; from then on the link keeps itself connected.
    void start();
    // Sends a chat message from the component; dropped (and logged) while
    // disconnected.
    void sendChat(const std::string& to, const std::string& body);
    // Orderly shutdown: closes the stream and stops reconnecting.
    void shutdown();

    bool online() const;
    unsigned connectAttempts() const;  // since start(), for logs and tests

private:
    class Session;
    ControlLoop& loop_;
    ComponentSettings settings_;
    ChatHandler chat_handler_;
    std::unique_ptr<Session> session_;
    std::chrono::milliseconds next_retry_;
    unsigned attempts_ = 0;
    bool online_ = false;
    bool shutting_down_ = false;
    bool retry_scheduled_ = false;
    ControlLoop::TimerId retry_timer_ = 0;

    void connectNow();
    void scheduleReconnect(const std::string& why);
    void handleConnected();
    void handleDisconnected(const std::string& why);
};

}  // namespace confab::bridge
