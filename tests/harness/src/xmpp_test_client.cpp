#include "confab/harness/xmpp_test_client.h"

#include <csignal>

#include <gloox/client.h>
#include <gloox/connectionlistener.h>
#include <gloox/connectiontcpclient.h>
#include <gloox/loghandler.h>
#include <gloox/parser.h>
#include <gloox/presence.h>
#include <gloox/tag.h>
#include <gloox/tlsdefault.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "guarded_tls.h"

namespace confab::harness {

namespace {

// gloox's recv() timeout is in microseconds; this bounds how long a posted
// send or a disconnect request waits for the worker.
constexpr int kRecvTimeoutMicroseconds = 10'000;

std::string domainOf(const std::string& jid) {
    std::string bare = bareJid(jid);
    auto at = bare.find('@');
    return at == std::string::npos ? bare : bare.substr(at + 1);
}

ReceivedStanza toReceivedStanza(const gloox::Tag& tag) {
    ReceivedStanza stanza;
    stanza.name = tag.name();
    stanza.from = tag.findAttribute("from");
    stanza.to = tag.findAttribute("to");
    stanza.type = tag.findAttribute("type");
    stanza.id = tag.findAttribute("id");
    if (const gloox::Tag* body = tag.findChild("body")) {
        stanza.body = body->cdata();
    }
    stanza.xml = tag.xml();
    return stanza;
}

// Parses one XML element (e.g. an <iq/> a test wrote) into a gloox Tag.
class SingleElementParser : public gloox::TagHandler {
  public:
    std::unique_ptr<gloox::Tag> parse(std::string xml) {
        gloox::Parser parser(this);
        if (parser.feed(xml) >= 0) {
            return nullptr;
        }
        return std::move(tag_);
    }
    void handleTag(gloox::Tag* tag) override {
        if (tag != nullptr && !tag_) {
            tag_.reset(tag->clone());
        }
    }

  private:
    std::unique_ptr<gloox::Tag> tag_;
};

std::string connectionErrorText(gloox::ConnectionError error, const gloox::Client& client) {
    switch (error) {
        case gloox::ConnNoError:
            return {};
        case gloox::ConnStreamError: {
            std::string text = client.streamErrorText();
            return "stream error " + std::to_string(client.streamError()) +
                   (text.empty() ? "" : ": " + text);
        }
        case gloox::ConnStreamVersionError:
            return "unsupported stream version";
        case gloox::ConnStreamClosed:
            return "the server closed the stream";
        case gloox::ConnIoError:
            return "I/O error";
        case gloox::ConnParseError:
            return "XML parse error";
        case gloox::ConnConnectionRefused:
            return "connection refused";
        case gloox::ConnDnsError:
            return "cannot resolve the server address";
        case gloox::ConnOutOfMemory:
            return "out of memory";
        case gloox::ConnNoSupportedAuth:
            return "no supported authentication mechanism";
        case gloox::ConnTlsFailed:
            return "TLS handshake failed";
        case gloox::ConnTlsNotAvailable:
            return "the server did not offer TLS";
        case gloox::ConnCompressionFailed:
            return "compression failed";
        case gloox::ConnAuthenticationFailed:
            return "authentication failed (gloox AuthenticationError " +
                   std::to_string(client.authError()) + ")";
        case gloox::ConnUserDisconnected:
            return "disconnected by the client";
        case gloox::ConnNotConnected:
            return "not connected";
        default:
            return "connection error " + std::to_string(error);
    }
}

// Prints gloox's log to stderr when CONFAB_XMPP_TRACE is set: the quickest
// way to see the XML a failing test exchanged.
class StderrTrace : public gloox::LogHandler {
  public:
    explicit StderrTrace(std::string who) : who_(std::move(who)) {}
    void handleLog(gloox::LogLevel, gloox::LogArea area, const std::string& message) override {
        const char* direction = area == gloox::LogAreaXmlIncoming   ? "<<"
                                : area == gloox::LogAreaXmlOutgoing ? ">>"
                                                                    : "--";
        std::fprintf(stderr, "[xmpp %s] %s %s\n", who_.c_str(), direction, message.c_str());
    }

  private:
    std::string who_;
};

}  // namespace

struct XmppTestClient::Impl : public gloox::ConnectionListener {
    enum class State { Idle, Connecting, Connected, Disconnected };

    // A gloox Client that records each incoming stanza before handling it.
    class RecordingClient : public gloox::Client {
      public:
        RecordingClient(Impl& owner, const gloox::JID& jid, const std::string& password)
            : gloox::Client(jid, password), owner_(owner) {}
        void handleTag(gloox::Tag* tag) override {
            if (tag != nullptr &&
                (tag->name() == "message" || tag->name() == "presence" || tag->name() == "iq")) {
                owner_.record(toReceivedStanza(*tag));
            }
            gloox::Client::handleTag(tag);
        }
        // ClientBase::send(const std::string&) is protected: raw XML, unchecked.
        void sendXml(const std::string& xml) { send(xml); }

      private:
        Impl& owner_;
    };

    explicit Impl(XmppClientOptions client_options) : options(std::move(client_options)) {}

    const XmppClientOptions options;
    std::atomic<int> next_id{0};
    std::thread worker;

    // Guarded by `mutex`; `changed` is notified on every change.
    mutable std::mutex mutex;
    std::condition_variable changed;
    State state = State::Idle;
    std::string last_error;
    bool stop_requested = false;
    std::vector<std::string> outbox;
    std::vector<ReceivedStanza> stanzas;
    std::vector<bool> handed_out;

    // Worker thread only.
    RecordingClient* client = nullptr;

    void record(ReceivedStanza stanza) {
        std::lock_guard lock(mutex);
        stanzas.push_back(std::move(stanza));
        handed_out.push_back(false);
        changed.notify_all();
    }

    void setState(State new_state, const std::string& error = {}) {
        std::lock_guard lock(mutex);
        state = new_state;
        if (!error.empty() && last_error.empty()) {
            last_error = error;  // the first reason is the real one
        }
        changed.notify_all();
    }

    void post(std::string xml) {
        std::lock_guard lock(mutex);
        outbox.push_back(std::move(xml));
    }

    std::unique_ptr<RecordingClient> makeClient() {
        gloox::JID jid(options.jid);
        jid.setResource(options.resource);
        auto gloox_client = std::make_unique<RecordingClient>(*this, jid, options.password);
        gloox_client->registerConnectionListener(this);
        gloox_client->setTls(gloox::TLSRequired);
        gloox_client->setCompression(false);
        gloox::StringList ca_files;
        if (!options.ca_file.empty()) {
            ca_files.push_back(options.ca_file.string());
        }
        gloox_client->setCACerts(ca_files);
        // Connect to host:port, while TLS and the stream keep the JID's domain.
        gloox_client->setConnectionImpl(new gloox::ConnectionTCPClient(
            gloox_client.get(), gloox_client->logInstance(), options.host, options.port));
        // Our own TLS object, because ClientBase::setCACerts() never reaches
        // gloox 1.0.24's GnuTLS client (only the system trust store is used).
        gloox::TLSBase* tls = nullptr;
        if (options.unguarded_gloox_tls) {
            tls = new gloox::TLSDefault(gloox_client.get(), domainOf(options.jid));
        } else {
            tls = new GuardedTls(gloox_client.get(), domainOf(options.jid));
        }
        tls->init(gloox::EmptyString, gloox::EmptyString, ca_files);
        tls->setCACerts(ca_files);
        gloox_client->setEncryptionImpl(tls);  // owned by the client
        if (!options.fetch_roster) {
            gloox_client->disableRoster();
        }
        if (!options.send_presence) {
            gloox_client->setPresence(gloox::Presence::Unavailable, 0);
        }
        return gloox_client;
    }

    void run() {
        std::unique_ptr<StderrTrace> trace;
        auto gloox_client = makeClient();
        if (std::getenv("CONFAB_XMPP_TRACE") != nullptr) {
            trace = std::make_unique<StderrTrace>(options.jid);
            gloox_client->logInstance().registerLogHandler(gloox::LogLevelDebug, gloox::LogAreaAll,
                                                           trace.get());
        }
        client = gloox_client.get();
        if (!client->connect(false)) {
            setState(State::Disconnected,
                     "cannot connect to " + options.host + ":" + std::to_string(options.port));
        } else {
            pump();
        }
        client = nullptr;
        gloox_client.reset();  // gloox objects die on the thread that used them
        setState(State::Disconnected);
    }

    // Sends what the test thread posted and receives, until stopped or dropped.
    void pump() {
        while (true) {
            std::vector<std::string> to_send;
            {
                std::lock_guard lock(mutex);
                if (stop_requested) {
                    break;
                }
                if (state == State::Connected) {
                    to_send.swap(outbox);
                }
            }
            for (const auto& xml : to_send) {
                client->sendXml(xml);
            }
            if (client->recv(kRecvTimeoutMicroseconds) != gloox::ConnNoError) {
                return;  // onDisconnect recorded why
            }
        }
        client->disconnect();
    }

    // gloox::ConnectionListener, on the worker thread.
    void onConnect() override { setState(State::Connected); }

    void onDisconnect(gloox::ConnectionError error) override {
        std::string reason;
        if (error != gloox::ConnUserDisconnected && client != nullptr) {
            reason = connectionErrorText(error, *client);
        }
        setState(State::Disconnected, reason);
    }

    bool onTLSConnect(const gloox::CertInfo& info) override {
        if (info.status == gloox::CertOk) {
            return true;
        }
        std::string reason =
            "certificate not trusted (status flags " + describeCertificateStatus(info.status) + ")";
        if (options.accept_untrusted) {
            return true;
        }
        setState(State::Connecting, reason);
        return false;
    }

    void onResourceBindError(const gloox::Error*) override {
        setState(State::Connecting, "resource binding failed");
    }

    void onSessionCreateError(const gloox::Error*) override {
        setState(State::Connecting, "session creation failed");
    }
};

XmppTestClient::XmppTestClient(XmppClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {
    // gloox writes with plain send(): when the server has closed the stream,
    // the test must see an error, not die of SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
}

XmppTestClient::~XmppTestClient() {
    disconnect();
}

bool XmppTestClient::connect(std::chrono::milliseconds deadline) {
    {
        std::unique_lock lock(impl_->mutex);
        if (impl_->state != Impl::State::Idle) {
            return impl_->state == Impl::State::Connected;  // one connection per client
        }
        impl_->state = Impl::State::Connecting;
    }
    impl_->worker = std::thread([this] { impl_->run(); });
    std::unique_lock lock(impl_->mutex);
    bool settled = impl_->changed.wait_for(
        lock, deadline, [this] { return impl_->state != Impl::State::Connecting; });
    if (settled) {
        return impl_->state == Impl::State::Connected;
    }
    if (impl_->last_error.empty()) {
        impl_->last_error = "no XMPP session within " + std::to_string(deadline.count()) + " ms";
    }
    lock.unlock();
    disconnect();
    return false;
}

bool XmppTestClient::connected() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->state == Impl::State::Connected;
}

std::string XmppTestClient::lastError() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->last_error;
}

void XmppTestClient::disconnect() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stop_requested = true;
    }
    if (impl_->worker.joinable()) {
        impl_->worker.join();
    }
}

bool XmppTestClient::waitForDisconnect(std::chrono::milliseconds deadline) {
    std::unique_lock lock(impl_->mutex);
    return impl_->changed.wait_for(lock, deadline, [this] {
        return impl_->state == Impl::State::Disconnected || impl_->state == Impl::State::Idle;
    });
}

const XmppClientOptions& XmppTestClient::options() const {
    return impl_->options;
}

void XmppTestClient::sendMessage(const std::string& to, const std::string& body,
                                 const std::string& type) {
    gloox::Tag message("message");
    message.addAttribute("to", to);
    if (!type.empty()) {
        message.addAttribute("type", type);
    }
    message.addAttribute("id", newId());
    new gloox::Tag(&message, "body", body);  // owned by `message`
    impl_->post(message.xml());
}

void XmppTestClient::sendRaw(const std::string& xml) {
    impl_->post(xml);
}

std::optional<ReceivedStanza> XmppTestClient::sendIq(const std::string& iq_xml,
                                                     std::chrono::milliseconds deadline) {
    std::unique_ptr<gloox::Tag> iq = SingleElementParser().parse(iq_xml);
    if (!iq || iq->name() != "iq") {
        return std::nullopt;
    }
    std::string id = iq->findAttribute("id");
    std::string xml = iq_xml;
    if (id.empty()) {
        id = newId();
        iq->addAttribute("id", id);
        xml = iq->xml();
    }
    impl_->post(xml);
    return waitForIqResponse(id, deadline);
}

std::optional<ReceivedStanza> XmppTestClient::waitForIqResponse(
    const std::string& id, std::chrono::milliseconds deadline) {
    return waitForStanza(
        [&id](const ReceivedStanza& stanza) {
            return stanza.name == "iq" && stanza.id == id &&
                   (stanza.type == "result" || stanza.type == "error");
        },
        deadline);
}

std::string XmppTestClient::newId() {
    return "confab-" + std::to_string(++impl_->next_id);
}

std::optional<ReceivedStanza> XmppTestClient::waitForStanza(const StanzaPredicate& predicate,
                                                            std::chrono::milliseconds deadline) {
    std::optional<ReceivedStanza> found;
    auto take_first_match = [&] {
        for (std::size_t i = 0; i < impl_->stanzas.size(); ++i) {
            if (!impl_->handed_out[i] && predicate(impl_->stanzas[i])) {
                impl_->handed_out[i] = true;
                found = impl_->stanzas[i];
                return true;
            }
        }
        return false;
    };
    std::unique_lock lock(impl_->mutex);
    impl_->changed.wait_for(lock, deadline, take_first_match);
    return found;
}

std::optional<ReceivedStanza> XmppTestClient::waitForMessageFrom(
    const std::string& jid, std::chrono::milliseconds deadline) {
    const bool full = jid.find('/') != std::string::npos;
    return waitForStanza(
        [&](const ReceivedStanza& stanza) {
            if (stanza.name != "message" || (stanza.body.empty() && stanza.type != "error")) {
                return false;
            }
            return full ? stanza.from == jid : bareJid(stanza.from) == jid;
        },
        deadline);
}

std::vector<ReceivedStanza> XmppTestClient::receivedStanzas() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->stanzas;
}

std::string describeCertificateStatus(int status) {
    static const std::pair<int, const char*> kFlags[] = {
        {gloox::CertInvalid, "invalid"},
        {gloox::CertSignerUnknown, "signer unknown"},
        {gloox::CertRevoked, "revoked"},
        {gloox::CertExpired, "expired"},
        {gloox::CertNotActive, "not yet active"},
        {gloox::CertWrongPeer, "wrong peer name"},
        {gloox::CertSignerNotCa, "signer is not a CA"},
    };
    char hex[16];
    std::snprintf(hex, sizeof(hex), "0x%x", static_cast<unsigned>(status));
    std::string text = hex;
    std::string names;
    for (const auto& [flag, name] : kFlags) {
        if ((status & flag) != 0) {
            names += (names.empty() ? "" : ", ") + std::string(name);
        }
    }
    return text + ": " + (names.empty() ? std::string("ok") : names);
}

std::string bareJid(const std::string& jid) {
    return jid.substr(0, jid.find('/'));
}

}  // namespace confab::harness

#if defined(__SANITIZE_ADDRESS__)
// gloox 1.0.24 leaks its GnuTLS credentials (with the whole system trust store
// it loaded) and the channel-binding buffer on every connection; that is not
// ours to fix, and it would fail every sanitizer build that uses this client.
// Lives here because this object file is linked whenever the client is used.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libgloox.so\n"
           "leak:gnutls_certificate_allocate_credentials\n"
           "leak:gnutls_session_channel_binding\n";
}
#endif
