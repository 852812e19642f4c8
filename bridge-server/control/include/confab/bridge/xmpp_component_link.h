// XmppComponentLink: the bridge's XEP-0114 connection to the XMPP server.
// It connects as an external component, answers disco#info (identity and
// features), XEP-0199 ping and XEP-0050 ad-hoc commands, hands every incoming
// chat message and presence to handlers, sends stanzas and iqs built
// elsewhere (see confab/protocol), and when the connection drops it reconnects by itself with capped
// exponential backoff, logging each attempt. It never gives up.
//
// Thread contract: lives on the control thread (ControlLoop). All members and
// all handler callbacks run there; nothing here blocks except the TCP connect
// to the (loopback or LAN) XMPP server.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "confab/bridge/control_loop.h"

namespace gloox {
class Tag;
}

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
    bool delayed = false;  // carries XEP-0203 delay: room history, offline storage
    // Payloads the bridge understands (muc#user, urn:confab:invite:0), as
    // rebuilt <message/> with from/to/type and those children; never null.
    std::shared_ptr<const gloox::Tag> stanza;
};

// A presence or subscription stanza addressed to the bridge or to one of its
// room occupants. `type` is the XMPP type attribute: "" (available),
// "unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed",
// "probe" or "error". `stanza` is a rebuilt <presence/> with the muc#user
// payload when there was one.
struct IncomingPresence {
    std::string from;
    std::string to;
    std::string type;
    std::shared_ptr<const gloox::Tag> stanza;
};

// One XEP-0050 ad-hoc command request, already parsed. `fields` holds the
// submitted data form's values by var (empty on the first request).
struct AdhocRequest {
    std::string from;  // full JID
    std::string node;
    std::string session_id;
    bool cancel = false;
    std::map<std::string, std::vector<std::string>> fields;
};

struct AdhocField {
    std::string var;
    std::string label;
    std::string type = "text-single";  // XEP-0004 field types
    std::vector<std::string> values;
    std::vector<std::pair<std::string, std::string>> options;  // label, value
    bool required = false;
};

// The answer: a form to fill in (status executing), or completed with a note.
struct AdhocReply {
    bool completed = true;
    bool error_note = false;  // the note is an error ("Not allowed: ...")
    std::string note;
    std::string title;
    std::string instructions;
    std::vector<AdhocField> fields;  // a form when !completed, a result when completed
};

// The answer to an iq the bridge sent.
struct IqAnswer {
    bool ok = false;
    std::string error;  // the error condition and text ("item-not-found: no such room")
    // The result's vCard (vcard-temp) when it carried one; null otherwise.
    std::shared_ptr<const gloox::Tag> payload;
};

struct AdhocCommandInfo {
    std::string node;  // e.g. "start-conference"
    std::string name;  // shown in the client's command list
};

class XmppComponentLink {
public:
    using ChatHandler = std::function<void(const IncomingChat&)>;
    using PresenceHandler = std::function<void(const IncomingPresence&)>;
    using AdhocHandler = std::function<AdhocReply(const AdhocRequest&)>;
    using ConnectedHandler = std::function<void()>;
    using IqCallback = std::function<void(const IqAnswer&)>;

    XmppComponentLink(ControlLoop& loop, ComponentSettings settings);
    ~XmppComponentLink();
    XmppComponentLink(const XmppComponentLink&) = delete;
    XmppComponentLink& operator=(const XmppComponentLink&) = delete;

    void onChat(ChatHandler handler);
    void onPresence(PresenceHandler handler);
    // Runs after every successful (re)connection: re-join rooms, re-send state.
    void onConnected(ConnectedHandler handler);
    // Offers these XEP-0050 commands (from the next connection on).
    void setAdhocCommands(std::vector<AdhocCommandInfo> commands, AdhocHandler handler);
    // Starts connecting; from then on the link keeps itself connected.
    void start();
    // Sends a chat message from the component; dropped (and logged) while
    // disconnected.
    void sendChat(const std::string& to, const std::string& body);
    // Sends a complete stanza (message or presence) as given; dropped (and
    // logged) while disconnected. Returns whether it was written.
    bool sendStanza(std::unique_ptr<gloox::Tag> stanza);
    // Sends an <iq/> (its first child is the payload) and reports the answer;
    // `done` is dropped unanswered if the connection ends first.
    bool sendIq(std::unique_ptr<gloox::Tag> iq, IqCallback done);
    // Orderly shutdown: closes the stream and stops reconnecting.
    void shutdown();

    bool online() const;
    unsigned connectAttempts() const;  // since start(), for logs and tests

private:
    class Session;
    ControlLoop& loop_;
    ComponentSettings settings_;
    ChatHandler chat_handler_;
    PresenceHandler presence_handler_;
    ConnectedHandler connected_handler_;
    std::vector<AdhocCommandInfo> adhoc_commands_;
    AdhocHandler adhoc_handler_;
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
