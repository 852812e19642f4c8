// XmppTestClient: a real XMPP user (gloox Client) for tests and tools.
//
// Threads: gloox is not thread-safe, so every gloox object lives on one
// private worker thread that runs connect(false) + recv(10 ms) in a loop.
// The public methods are called from ONE other thread (the test thread):
// sends are posted to the worker through a mutex-protected queue, and every
// stanza the worker receives (message, presence, iq) is appended to a
// mutex-protected list that the test thread waits on with a deadline.
//
// TLS is required and verified: the server certificate must chain to
// `ca_file` and name the JID's domain (gloox checks the name against the
// domain, not against `host`), unless accept_untrusted is set.
//
// Two gloox 1.0.24 (Debian, GnuTLS) defects this client works around:
// - ClientBase::setCACerts() never reaches GnuTLS (only the system trust
//   store is used), so the client builds and loads its own TLS object.
// - When a TLS handshake fails fatally (the server answers STARTTLS with a
//   fatal alert: a host without certificate, a TLS-1.3-only server), gloox
//   frees the GnuTLS session in handshake() and again in cleanup(): the
//   process aborts with "double free". The TLS object here is wrapped
//   (src/guarded_tls.h) so that ends in lastError() == "TLS handshake failed".
// Rejecting a certificate in onTLSConnect is safe in gloox itself: the
// handshake had succeeded by then.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace confab::harness {

struct XmppClientOptions {
    std::string jid;  // bare "alice@localhost"; its domain is the TLS peer name
    std::string password;
    std::string host = "127.0.0.1";  // where to connect; no DNS SRV lookup
    int port = 5222;
    std::filesystem::path ca_file;  // PEM the server certificate must chain to
    std::string resource = "test";
    bool accept_untrusted = false;  // true: log the certificate status but go on anyway
    bool send_presence = true;      // initial presence, so bare-JID messages get delivered
    bool fetch_roster = true;
    // Regression tests only: use gloox's own TLS object without the guard
    // described above (the process may then abort on a fatal TLS alert).
    bool unguarded_gloox_tls = false;
};

// One stanza as received, with the attributes tests usually look at.
struct ReceivedStanza {
    std::string name;  // "message", "presence" or "iq"
    std::string from;
    std::string to;
    std::string type;
    std::string id;
    std::string body;  // text of <body/> for messages, "" otherwise
    std::string xml;   // the whole stanza as gloox serialised it (Tag::xml())
};

using StanzaPredicate = std::function<bool(const ReceivedStanza&)>;

class XmppTestClient {
  public:
    using Options = XmppClientOptions;

    explicit XmppTestClient(XmppClientOptions options);
    ~XmppTestClient();  // disconnect()
    XmppTestClient(const XmppTestClient&) = delete;
    XmppTestClient& operator=(const XmppTestClient&) = delete;

    // Connects, negotiates TLS (verified), authenticates and binds; true once
    // the session is up (roster fetched and presence sent when enabled).
    // False on failure or deadline, with the reason in lastError().
    bool connect(std::chrono::milliseconds deadline = std::chrono::seconds(10));
    bool connected() const;
    // Why the connection failed or dropped, e.g. "certificate not trusted
    // (status flags 0x3: invalid, signer unknown)". Empty while all is well.
    std::string lastError() const;
    // Closes the stream and joins the worker thread. Idempotent.
    void disconnect();
    // Waits until the server closed the connection (e.g. after a stream error).
    bool waitForDisconnect(std::chrono::milliseconds deadline);
    const XmppClientOptions& options() const;

    // Sends <message to=.. type=..><body>..</body></message> (escaped).
    void sendMessage(const std::string& to, const std::string& body,
                     const std::string& type = "chat");
    // Sends `xml` unchecked, exactly as given (hostile-stanza tests).
    void sendRaw(const std::string& xml);
    // Sends an <iq/> and waits for the result or error with the same id. When
    // `iq_xml` has no id attribute one is added. nullopt on deadline or bad XML.
    std::optional<ReceivedStanza> sendIq(const std::string& iq_xml,
                                         std::chrono::milliseconds deadline);
    std::optional<ReceivedStanza> waitForIqResponse(const std::string& id,
                                                    std::chrono::milliseconds deadline);
    // A fresh stanza id ("confab-<n>").
    std::string newId();

    // Waits for the first received stanza matching `predicate` that no earlier
    // wait returned (each stanza is handed out once), scanning from the start
    // of the connection. nullopt when none arrives before the deadline.
    std::optional<ReceivedStanza> waitForStanza(const StanzaPredicate& predicate,
                                                std::chrono::milliseconds deadline);
    // A <message/> with a body (or of type error) from `jid`: a bare JID
    // matches any resource, a full JID only itself.
    std::optional<ReceivedStanza> waitForMessageFrom(const std::string& jid,
                                                     std::chrono::milliseconds deadline);
    // Everything received so far, in order (including stanzas already waited for).
    std::vector<ReceivedStanza> receivedStanzas() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "0x3: invalid, signer unknown" for a gloox CertInfo::status value.
std::string describeCertificateStatus(int status);

// The part of a JID before '/'.
std::string bareJid(const std::string& jid);

}  // namespace confab::harness
