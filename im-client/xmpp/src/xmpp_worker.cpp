#include "xmpp_worker.h"

#include <gloox/client.h>
#include <gloox/connectiontcpclient.h>
#include <gloox/disco.h>
#include <gloox/message.h>
#include <gloox/presence.h>
#include <gloox/rostermanager.h>
#include <gloox/tag.h>

#include <QSocketNotifier>
#include <algorithm>
#include <cstdio>

#include "client_stanzas.h"
#include "confab/protocol/muc.h"
#include "confab/protocol/stanza.h"
#include "openssl_tls.h"
#include "raw_payload.h"

namespace confab::client {

namespace {

constexpr int kDiscoContext = 1;
constexpr int kLoginTimeoutMs = 30'000;
constexpr const char* kOnCallText = "On a conference call";

QString describe(gloox::ConnectionError error) {
    switch (error) {
        case gloox::ConnNoError: return QStringLiteral("no error");
        case gloox::ConnStreamError: return QStringLiteral("stream error");
        case gloox::ConnStreamVersionError: return QStringLiteral("stream version not supported");
        case gloox::ConnStreamClosed: return QStringLiteral("connection closed by the server");
        case gloox::ConnProxyAuthRequired:
        case gloox::ConnProxyAuthFailed:
        case gloox::ConnProxyNoSupportedAuth: return QStringLiteral("proxy error");
        case gloox::ConnIoError: return QStringLiteral("connection lost");
        case gloox::ConnParseError: return QStringLiteral("XML parse error");
        case gloox::ConnConnectionRefused: return QStringLiteral("connection refused");
        case gloox::ConnDnsError: return QStringLiteral("host not found");
        case gloox::ConnOutOfMemory: return QStringLiteral("out of memory");
        case gloox::ConnNoSupportedAuth: return QStringLiteral("no supported authentication");
        case gloox::ConnTlsFailed: return QStringLiteral("TLS failed");
        case gloox::ConnTlsNotAvailable: return QStringLiteral("the server offers no TLS");
        case gloox::ConnCompressionFailed: return QStringLiteral("compression failed");
        case gloox::ConnAuthenticationFailed: return QStringLiteral("authentication failed");
        case gloox::ConnUserDisconnected: return QStringLiteral("disconnected");
        case gloox::ConnNotConnected: return QStringLiteral("not connected");
    }
    return QStringLiteral("unknown error");
}

QString describe(gloox::AuthenticationError error) {
    switch (error) {
        case gloox::SaslNotAuthorized:
        case gloox::NonSaslNotAuthorized: return QStringLiteral("not authorized (wrong user name or password)");
        case gloox::SaslTemporaryAuthFailure: return QStringLiteral("temporary authentication failure");
        case gloox::SaslInvalidAuthzid:
        case gloox::SaslInvalidMechanism:
        case gloox::SaslMechanismTooWeak:
        case gloox::SaslMalformedRequest: return QStringLiteral("authentication refused");
        default: return QStringLiteral("authentication failed");
    }
}

gloox::Presence::PresenceType presenceType(PresenceShow show) {
    switch (show) {
        case PresenceShow::Offline: return gloox::Presence::Unavailable;
        case PresenceShow::Available: return gloox::Presence::Available;
        case PresenceShow::Chat: return gloox::Presence::Chat;
        case PresenceShow::Away: return gloox::Presence::Away;
        case PresenceShow::ExtendedAway: return gloox::Presence::XA;
        case PresenceShow::DoNotDisturb: return gloox::Presence::DND;
    }
    return gloox::Presence::Available;
}

std::string std_(const QString& text) { return text.toStdString(); }

}  // namespace

XmppWorker::XmppWorker() {
    reconnect_timer_.setSingleShot(true);
    reconnect_timer_.setParent(this);
    keepalive_timer_.setParent(this);
    login_timer_.setParent(this);
    login_timer_.setSingleShot(true);
    connect(&login_timer_, &QTimer::timeout, this, [this] {
        if (client_ && state_ == ConnectionState::Connecting) {
            ending_ = Ending::PingTimeout;
            client_->disconnect();
        }
    });
    connect(&reconnect_timer_, &QTimer::timeout, this, &XmppWorker::connectNow);
    connect(&keepalive_timer_, &QTimer::timeout, this, &XmppWorker::sendKeepalive);
    trace_ = qEnvironmentVariableIsSet("CONFAB_XMPP_TRACE");
}

XmppWorker::~XmppWorker() {
    // Timers are members; unparent them before QObject's destructor runs.
    reconnect_timer_.setParent(nullptr);
    keepalive_timer_.setParent(nullptr);
    login_timer_.setParent(nullptr);
    want_online_ = false;
    ending_ = Ending::Stopping;
    if (client_) {
        client_->disconnect();
    }
    delete notifier_;
    notifier_ = nullptr;
    client_.reset();
    retired_.clear();
}

// ---- public operations (worker thread) ----

void XmppWorker::start(const AccountConfig& config) {
    if (client_) {
        ending_ = Ending::Stopping;
        client_->disconnect();
        retireClient();
    }
    if (bareJidOf(config.jid) != bareJidOf(config_.jid)) {
        rooms_.clear();
        if (!bridge_set_by_user_) {
            bridge_jid_.clear();
        }
    }
    config_ = config;
    if (config_.resource.isEmpty()) {
        config_.resource = QStringLiteral("confab");
    }
    want_online_ = true;
    backoff_seconds_ = 1;
    reconnect_timer_.stop();
    connectNow();
}

void XmppWorker::trustCertificateAndReconnect(const QString& sha256_fingerprint) {
    if (!config_.trusted_fingerprints.contains(sha256_fingerprint, Qt::CaseInsensitive)) {
        config_.trusted_fingerprints.append(sha256_fingerprint);
    }
    if (config_.jid.isEmpty()) {
        return;
    }
    start(config_);
}

void XmppWorker::stop() {
    want_online_ = false;
    rooms_.clear();
    reconnect_timer_.stop();
    keepalive_timer_.stop();
    if (client_) {
        ending_ = Ending::Stopping;
        client_->disconnect();  // onDisconnect() reports Disconnected
        retireClient();
    }
    if (state_ != ConnectionState::Disconnected) {
        setState(ConnectionState::Disconnected);
    }
}

void XmppWorker::setPresence(PresenceShow show, const QString& status_text) {
    show_ = show;
    status_text_ = capText(status_text, kMaxShortTextLength);
    publishPresence();
}

void XmppWorker::setConferenceCall(const QString& room_jid) {
    call_room_ = bareJidOf(room_jid);
    publishPresence();
}

void XmppWorker::sendChatMessage(const QString& id, const QString& to, const QString& body,
                                 const QUrl& oob_url) {
    if (!online()) {
        emit messageFailed(bareJidOf(to), id, QStringLiteral("not connected"));
        return;
    }
    send(chatMessageTag(id, to, body, oob_url, false));
}

void XmppWorker::sendGroupchatMessage(const QString& id, const QString& room, const QString& body,
                                      const QUrl& oob_url) {
    const QString bare_room = bareJidOf(room);
    if (!online() || !joined_rooms_.contains(bare_room)) {
        emit messageFailed(bare_room, id, QStringLiteral("not in the room"));
        return;
    }
    send(chatMessageTag(id, bare_room, body, oob_url, true));
}

void XmppWorker::sendChatState(const QString& to, ChatState state) {
    if (online()) {
        send(chatStateTag(QString::fromStdString(protocol::newStanzaId()), to, state));
    }
}

void XmppWorker::joinRoom(const QString& room_jid, const QString& nick) {
    const QString room = bareJidOf(room_jid);
    if (room.isEmpty() || nick.isEmpty()) {
        return;
    }
    rooms_.insert(room, nick);
    if (!online()) {
        return;  // afterLogin() joins
    }
    auto presence = protocol::mucJoinPresence(client_->jid().full(), std_(room), std_(nick));
    if (gloox::Tag* x = presence->findChild("x")) {
        if (gloox::Tag* history = x->findChild("history")) {
            history->addAttribute("maxstanzas", "20");
        }
    }
    send(std::move(presence));
}

void XmppWorker::leaveRoom(const QString& room_jid) {
    const QString room = bareJidOf(room_jid);
    const QString nick = rooms_.value(room);
    if (nick.isEmpty()) {
        return;
    }
    if (online() && joined_rooms_.contains(room)) {
        // roomLeft comes with our own unavailable presence.
        send(protocol::mucLeavePresence(client_->jid().full(), std_(room), std_(nick), ""));
        return;
    }
    rooms_.remove(room);
    joined_rooms_.remove(room);
    emit roomLeft(room, QString());
}

void XmppWorker::addContact(const QString& jid, const QString& name, const QStringList& groups) {
    if (!online()) {
        return;
    }
    gloox::StringList group_list;
    for (const QString& group : groups) {
        group_list.push_back(std_(capText(group, 256)));
    }
    client_->rosterManager()->subscribe(gloox::JID(std_(bareJidOf(jid))), std_(capText(name, 256)),
                                        group_list);
}

void XmppWorker::updateContact(const QString& jid, const QString& name, const QStringList& groups) {
    if (!online()) {
        return;
    }
    gloox::StringList group_list;
    for (const QString& group : groups) {
        group_list.push_back(std_(capText(group, 256)));
    }
    client_->rosterManager()->add(gloox::JID(std_(bareJidOf(jid))), std_(capText(name, 256)),
                                  group_list);
}

void XmppWorker::removeContact(const QString& jid) {
    if (online()) {
        client_->rosterManager()->remove(gloox::JID(std_(bareJidOf(jid))));
    }
}

void XmppWorker::answerSubscriptionRequest(const QString& jid, bool allow) {
    if (!online()) {
        return;
    }
    const gloox::JID contact(std_(bareJidOf(jid)));
    gloox::RosterManager* roster = client_->rosterManager();
    roster->ackSubscriptionRequest(contact, allow);
    if (!allow) {
        return;
    }
    // Subscribe back unless we already see their presence or asked for it.
    const gloox::RosterItem* item = roster->getRosterItem(contact);
    const bool have_or_asked =
        item != nullptr &&
        (item->subscription() == gloox::S10nTo || item->subscription() == gloox::S10nToIn ||
         item->subscription() == gloox::S10nBoth || item->subscription() == gloox::S10nNoneOut ||
         item->subscription() == gloox::S10nNoneOutIn || item->subscription() == gloox::S10nFromOut);
    if (!have_or_asked) {
        roster->subscribe(contact);
    }
}

void XmppWorker::answerInvitation(const QString& bridge_jid,
                                  const protocol::InvitationAnswer& answer) {
    if (!online()) {
        return;
    }
    send(protocol::eventMessage(client_->jid().full(), std_(bareJidOf(bridge_jid)),
                                protocol::MessageType::Chat, protocol::invitationAnswerTag(answer),
                                false, ""));
}

void XmppWorker::requestUploadSlot(const QString& request_id, const QString& file_name, qint64 size,
                                   const QString& content_type) {
    if (!online() || upload_service_.isEmpty()) {
        emit uploadSlotFailed(request_id, online() ? QStringLiteral("no upload service")
                                                   : QStringLiteral("not connected"));
        return;
    }
    gloox::IQ iq(gloox::IQ::Get, gloox::JID(std_(upload_service_)), client_->getID());
    auto request = uploadRequestTag(file_name, size, content_type);
    iq.addExtension(outgoingPayload(*request));
    const int context = next_context_++;
    upload_requests_.insert(context, request_id);
    client_->send(iq, this, context);
}

void XmppWorker::setBridgeJid(const QString& jid) {
    bridge_jid_ = bareJidOf(jid);
    bridge_set_by_user_ = !bridge_jid_.isEmpty();
}

// ---- the connection ----

bool XmppWorker::online() const { return client_ && state_ == ConnectionState::Connected; }

void XmppWorker::send(std::unique_ptr<gloox::Tag> stanza) {
    if (client_) {
        client_->send(stanza.release());  // gloox takes ownership
    }
}

QString XmppWorker::ownNickIn(const QString& room) const { return rooms_.value(room); }

void XmppWorker::setState(ConnectionState state, const QString& detail) {
    state_ = state;
    emit connectionStateChanged(state, detail);
}

std::unique_ptr<gloox::Client> XmppWorker::makeClient() {
    gloox::JID jid(std_(bareJidOf(config_.jid)));
    jid.setResource(std_(config_.resource));
    auto client = std::make_unique<gloox::Client>(jid, std_(config_.password));
    const std::string host = config_.host.isEmpty() ? jid.server() : std_(config_.host);
    client->setConnectionImpl(
        new gloox::ConnectionTCPClient(client.get(), client->logInstance(), host, config_.port));
    client->setTls(gloox::TLSRequired);
    client->setCompression(false);
    tls_ = new OpenSslTls(client.get(), jid.server(), std_(config_.ca_file));
    tls_->init();
    client->setEncryptionImpl(tls_);  // owned by the client
    registerClientPayloads(*client);
    client->registerConnectionListener(this);
    client->registerMessageHandler(this);
    client->registerPresenceHandler(this);
    client->rosterManager()->registerRosterListener(this, false);  // we answer requests later
    client->disco()->setIdentity("client", "pc", "Confab");
    client->disco()->setVersion("Confab", CONFAB_VERSION);
    for (const char* feature : {"urn:xmpp:receipts", "http://jabber.org/protocol/chatstates",
                                "jabber:x:oob", "jabber:x:conference", "urn:confab:invite:0",
                                kConferenceCallPresenceNamespace}) {
        client->disco()->addFeature(feature);
    }
    if (trace_) {
        client->logInstance().registerLogHandler(gloox::LogLevelDebug, gloox::LogAreaAll, this);
    }
    return client;
}

void XmppWorker::connectNow() {
    if (!want_online_) {
        return;
    }
    if (client_) {
        retireClient();
    }
    ending_ = Ending::Lost;
    ping_outstanding_ = false;
    setState(ConnectionState::Connecting);
    client_ = makeClient();
    publishPresence();  // the initial presence gloox sends after login
    gloox::Client* attempt = client_.get();
    const bool started = client_->connect(false);
    if (client_.get() != attempt) {
        return;  // ended (and reported) inside connect()
    }
    auto* tcp = dynamic_cast<gloox::ConnectionTCPBase*>(client_->connectionImpl());
    const int fd = tcp != nullptr ? tcp->socket() : -1;
    if (!started || fd < 0) {
        retireClient();
        scheduleReconnect(QStringLiteral("cannot connect to %1:%2")
                              .arg(config_.host.isEmpty() ? config_.jid.section(QLatin1Char('@'), 1)
                                                          : config_.host)
                              .arg(config_.port));
        return;
    }
    login_timer_.start(kLoginTimeoutMs);
    notifier_ = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(notifier_, &QSocketNotifier::activated, this, &XmppWorker::readSocket);
}

void XmppWorker::readSocket() {
    if (!client_) {
        return;
    }
    client_->recv(0);  // a failure arrives as onDisconnect()
}

void XmppWorker::retireClient() {
    keepalive_timer_.stop();
    login_timer_.stop();
    if (notifier_ != nullptr) {
        notifier_->setEnabled(false);
        notifier_->deleteLater();
        notifier_ = nullptr;
    }
    tls_ = nullptr;
    if (client_) {
        // We may be inside one of its callbacks: delete it from the event loop.
        retired_.push_back(std::move(client_));
        QMetaObject::invokeMethod(this, [this] { retired_.clear(); }, Qt::QueuedConnection);
    }
}

void XmppWorker::scheduleReconnect(const QString& detail) {
    if (!want_online_) {
        setState(ConnectionState::Disconnected, detail);
        return;
    }
    setState(ConnectionState::WaitingToReconnect, detail);
    reconnect_timer_.start(backoff_seconds_ * 1000);
    backoff_seconds_ = std::min(backoff_seconds_ * 2, std::max(1, config_.max_reconnect_delay_seconds));
}

void XmppWorker::onConnect() {
    login_timer_.stop();
    backoff_seconds_ = 1;
    emit boundJidChanged(QString::fromStdString(client_->jid().full()));
    setState(ConnectionState::Connected);
    afterLogin();
}

void XmppWorker::onResourceBind(const std::string&) {}

void XmppWorker::afterLogin() {
    if (config_.keepalive_seconds > 0) {
        keepalive_timer_.start(config_.keepalive_seconds * 1000);
    }
    upload_service_.clear();
    upload_requests_.clear();
    room_configurations_.clear();
    const gloox::JID domain(client_->jid().server());
    client_->disco()->getDiscoInfo(domain, "", this, kDiscoContext);
    client_->disco()->getDiscoItems(domain, "", this, kDiscoContext);
    joined_rooms_.clear();
    const auto rooms = rooms_;
    for (auto it = rooms.begin(); it != rooms.end(); ++it) {
        joinRoom(it.key(), it.value());
    }
    emit ownPresenceChanged(show_, call_room_.isEmpty() ? status_text_ : QString::fromLatin1(kOnCallText));
}

void XmppWorker::onDisconnect(gloox::ConnectionError error) {
    endConnection(error);
}

void XmppWorker::endConnection(gloox::ConnectionError error) {
    if (!client_) {
        return;
    }
    const Ending ending = ending_;
    QString detail = describe(error);
    bool reconnect = true;
    if (error == gloox::ConnAuthenticationFailed) {
        detail = describe(client_->authError());
        reconnect = false;
        emit authenticationFailed(detail);
    } else if (error == gloox::ConnStreamError &&
               client_->streamError() == gloox::StreamErrorConflict) {
        detail = QStringLiteral("logged in elsewhere with the same resource");
        reconnect = false;
    } else if (ending == Ending::CertificateRejected) {
        detail = QStringLiteral("certificate not trusted: ") + rejected_certificate_.problem;
        reconnect = false;
    } else if (ending == Ending::Stopping) {
        reconnect = false;
    } else if (ending == Ending::PingTimeout) {
        detail = QStringLiteral("the server stopped answering");
    } else if (error == gloox::ConnTlsFailed && tls_ != nullptr && !tls_->handshakeError().empty()) {
        detail = QStringLiteral("TLS failed: ") + QString::fromStdString(tls_->handshakeError());
    }
    retireClient();
    for (const QString& room : std::as_const(joined_rooms_)) {
        emit roomLeft(room, QStringLiteral("connection lost"));
    }
    joined_rooms_.clear();
    if (ending == Ending::CertificateRejected) {
        want_online_ = false;
        setState(ConnectionState::Disconnected, detail);
        emit certificateRejected(rejected_certificate_);
        return;
    }
    if (!reconnect) {
        want_online_ = false;
        setState(ConnectionState::Disconnected, detail);
        return;
    }
    scheduleReconnect(detail);
}

bool XmppWorker::onTLSConnect(const gloox::CertInfo&) {
    if (tls_ == nullptr) {
        return false;
    }
    if (tls_->peerVerified()) {
        return true;
    }
    const CertificateDetails& peer = tls_->peerCertificate();
    if (!peer.sha256_fingerprint.isEmpty() &&
        config_.trusted_fingerprints.contains(peer.sha256_fingerprint, Qt::CaseInsensitive)) {
        return true;
    }
    rejected_certificate_ = peer;
    ending_ = Ending::CertificateRejected;
    return false;  // gloox disconnects before anything is sent
}

void XmppWorker::sendKeepalive() {
    if (!online()) {
        return;
    }
    if (ping_outstanding_) {
        ending_ = Ending::PingTimeout;
        client_->disconnect();  // onDisconnect() schedules the reconnect
        return;
    }
    ping_outstanding_ = true;
    client_->xmppPing(gloox::JID(client_->jid().server()), this);
}

void XmppWorker::handleEvent(const gloox::Event& event) {
    if (event.eventType() == gloox::Event::PingPong || event.eventType() == gloox::Event::PingError) {
        ping_outstanding_ = false;  // any answer means the stream is alive
    }
}

void XmppWorker::handleLog(gloox::LogLevel, gloox::LogArea, const std::string& message) {
    std::fprintf(stderr, "[xmpp %s] %s\n", qPrintable(config_.jid), message.c_str());
}

void XmppWorker::publishPresence() {
    const bool on_call = !call_room_.isEmpty();
    const QString text = on_call ? QString::fromLatin1(kOnCallText) : status_text_;
    if (client_) {
        client_->removePresenceExtension(rawOutgoingType());
        if (on_call) {
            client_->addPresenceExtension(outgoingPayload(*conferenceCallTag(call_room_)));
        }
        if (online()) {
            client_->setPresence(presenceType(show_), 0, std_(text));
        } else {
            // The initial presence, sent by gloox after the session is
            // bound. ClientBase::setPresence() would send it right away,
            // in the clear before STARTTLS (the server refuses it anyway).
            client_->presence().setPresence(presenceType(show_));
            client_->presence().resetStatus();
            client_->presence().addStatus(std_(text));
        }
        if (online() && show_ != PresenceShow::Offline) {
            for (const QString& room : std::as_const(joined_rooms_)) {
                gloox::Presence directed(presenceType(show_),
                                         gloox::JID(std_(room + QLatin1Char('/') + rooms_.value(room))),
                                         std_(text));
                client_->send(directed);
            }
        }
    }
    if (online()) {
        emit ownPresenceChanged(show_, text);
    }
}

}  // namespace confab::client
