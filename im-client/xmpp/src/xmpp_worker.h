// XmppWorker: the XMPP connection of one account, on its own thread.
//
// Threads: created on the GUI thread by XmppSession, then moved to the
// session's QThread before any slot runs; from then on every member function
// runs on that thread (XmppSession posts with QMetaObject::invokeMethod,
// Qt::QueuedConnection). It owns the gloox::Client and every gloox object, so
// nothing here needs a lock. Its signals reach XmppSession queued.
//
// I/O: gloox is driven by a QSocketNotifier (read) on the connection's socket
// (ConnectionTCPBase::socket()) that calls recv(0) whenever bytes are
// readable; connect(false) keeps gloox from running its own blocking loop.
// The notifier is reliable here because nothing is left buffered between
// reads: OpenSslTls drains OpenSSL completely on every decrypt(). The TCP
// connect itself blocks inside gloox (DNS + connect()); this is the worker
// thread, so only the worker waits.
//
// Lifetime: one gloox::Client per connection attempt, so nothing of a dead
// stream leaks into the next. A client that ended inside one of its own
// callbacks is retired and deleted from the event loop, never in the callback.
//
// Reconnect: after a lost connection (I/O error, stream closed, no answer to
// the XEP-0199 keepalive ping within keepalive_seconds), with a backoff of
// 1 s doubling up to max_reconnect_delay_seconds; a login that does not
// finish within kLoginTimeout counts as lost too. Never after an
// authentication failure, a rejected certificate, a resource conflict or
// stop(). Joined rooms are left (roomLeft "connection lost") when the
// connection drops and joined again after the reconnect.
//
// Incoming handlers are in xmpp_worker_incoming.cpp (messages, presence,
// roster, disco, IQ answers); the rest in xmpp_worker.cpp.
#pragma once

#include <gloox/connectionlistener.h>
#include <gloox/discohandler.h>
#include <gloox/eventhandler.h>
#include <gloox/iqhandler.h>
#include <gloox/loghandler.h>
#include <gloox/messagehandler.h>
#include <gloox/presencehandler.h>
#include <gloox/rosterlistener.h>

#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <memory>
#include <vector>

#include "confab/client/xmpp_session.h"
#include "confab/client/xmpp_types.h"

class QSocketNotifier;

namespace gloox {
class Client;
class Tag;
}  // namespace gloox

namespace confab::client {

class OpenSslTls;

class XmppWorker : public QObject,
                   public gloox::ConnectionListener,
                   public gloox::MessageHandler,
                   public gloox::PresenceHandler,
                   public gloox::RosterListener,
                   public gloox::DiscoHandler,
                   public gloox::IqHandler,
                   public gloox::EventHandler,
                   public gloox::LogHandler {
    Q_OBJECT
  public:
    XmppWorker();
    ~XmppWorker() override;
    XmppWorker(const XmppWorker&) = delete;
    XmppWorker& operator=(const XmppWorker&) = delete;

    // All on the worker thread.
    void start(const AccountConfig& config);
    void trustCertificateAndReconnect(const QString& sha256_fingerprint);
    void stop();
    void setPresence(PresenceShow show, const QString& status_text);
    void setConferenceCall(const QString& room_jid);
    void sendChatMessage(const QString& id, const QString& to, const QString& body,
                         const QUrl& oob_url);
    void sendGroupchatMessage(const QString& id, const QString& room, const QString& body,
                              const QUrl& oob_url);
    void sendChatState(const QString& to, ChatState state);
    void joinRoom(const QString& room_jid, const QString& nick);
    void leaveRoom(const QString& room_jid);
    void addContact(const QString& jid, const QString& name, const QStringList& groups);
    void updateContact(const QString& jid, const QString& name, const QStringList& groups);
    void removeContact(const QString& jid);
    void answerSubscriptionRequest(const QString& jid, bool allow);
    void answerInvitation(const QString& bridge_jid, const protocol::InvitationAnswer& answer);
    void requestUploadSlot(const QString& request_id, const QString& file_name, qint64 size,
                           const QString& content_type);
    void setBridgeJid(const QString& jid);

  signals:
    void connectionStateChanged(confab::client::ConnectionState state, const QString& detail);
    void boundJidChanged(const QString& jid);
    void certificateRejected(const confab::client::CertificateDetails& certificate);
    void authenticationFailed(const QString& reason);
    void ownPresenceChanged(confab::client::PresenceShow show, const QString& status_text);
    void rosterReceived(const QList<confab::client::RosterContact>& contacts);
    void contactChanged(const confab::client::RosterContact& contact);
    void contactRemoved(const QString& jid);
    void subscriptionRequested(const QString& jid, const QString& message);
    void messageReceived(const confab::client::ChatMessage& message);
    void messageDelivered(const QString& conversation, const QString& id);
    void messageFailed(const QString& conversation, const QString& id, const QString& error);
    void chatStateChanged(const QString& jid, confab::client::ChatState state);
    void roomJoined(const QString& room_jid);
    void roomLeft(const QString& room_jid, const QString& reason);
    void occupantChanged(const confab::client::OccupantInfo& occupant);
    void roomSubjectChanged(const QString& room_jid, const QString& subject);
    void roomInvitation(const QString& room_jid, const QString& from, const QString& reason);
    void conferenceInfoReceived(const QString& room_jid,
                                const confab::protocol::ConferenceInfoDocument& document);
    void speakingChanged(const QString& room_jid, const QString& call_uri, bool started);
    void conferenceInvitationReceived(const QString& bridge_jid,
                                      const confab::protocol::Invitation& invitation);
    void bridgeDiscovered(const QString& jid);
    void uploadServiceDiscovered(const QString& jid, qint64 max_bytes);
    void uploadSlotReady(const QString& request_id, const QUrl& put_url, const QUrl& get_url,
                         const QMap<QString, QString>& put_headers);
    void uploadSlotFailed(const QString& request_id, const QString& reason);

  private:
    enum class Ending { Lost, Stopping, CertificateRejected, PingTimeout };

    // xmpp_worker.cpp: the connection.
    void connectNow();
    std::unique_ptr<gloox::Client> makeClient();
    void readSocket();
    void endConnection(gloox::ConnectionError error);
    void retireClient();
    void scheduleReconnect(const QString& detail);
    void setState(ConnectionState state, const QString& detail = {});
    void sendKeepalive();
    void afterLogin();
    void publishPresence();
    bool online() const;
    void send(std::unique_ptr<gloox::Tag> stanza);
    QString ownNickIn(const QString& room) const;

    // gloox::ConnectionListener
    void onConnect() override;
    void onDisconnect(gloox::ConnectionError error) override;
    void onResourceBind(const std::string& resource) override;
    bool onTLSConnect(const gloox::CertInfo& info) override;
    // gloox::EventHandler (XEP-0199 pong)
    void handleEvent(const gloox::Event& event) override;
    // gloox::LogHandler (CONFAB_XMPP_TRACE=1 prints the stream to stderr)
    void handleLog(gloox::LogLevel level, gloox::LogArea area, const std::string& message) override;

    // xmpp_worker_incoming.cpp
    void handleMessage(const gloox::Message& message, gloox::MessageSession* session) override;
    void handlePresence(const gloox::Presence& presence) override;
    void handleItemAdded(const gloox::JID& jid) override;
    void handleItemSubscribed(const gloox::JID& jid) override;
    void handleItemRemoved(const gloox::JID& jid) override;
    void handleItemUpdated(const gloox::JID& jid) override;
    void handleItemUnsubscribed(const gloox::JID& jid) override;
    void handleRoster(const gloox::Roster& roster) override;
    void handleRosterPresence(const gloox::RosterItem& item, const std::string& resource,
                              gloox::Presence::PresenceType presence,
                              const std::string& message) override;
    void handleSelfPresence(const gloox::RosterItem& item, const std::string& resource,
                            gloox::Presence::PresenceType presence,
                            const std::string& message) override;
    bool handleSubscriptionRequest(const gloox::JID& jid, const std::string& message) override;
    bool handleUnsubscriptionRequest(const gloox::JID& jid, const std::string& message) override;
    void handleNonrosterPresence(const gloox::Presence& presence) override;
    void handleRosterError(const gloox::IQ& iq) override;
    void handleDiscoInfo(const gloox::JID& from, const gloox::Disco::Info& info, int context) override;
    void handleDiscoItems(const gloox::JID& from, const gloox::Disco::Items& items, int context) override;
    void handleDiscoError(const gloox::JID& from, const gloox::Error* error, int context) override;
    bool handleIq(const gloox::IQ& iq) override;
    void handleIqID(const gloox::IQ& iq, int context) override;
    // A room we created whose instant configuration the server has not accepted yet.
    bool configuringRoom(const QString& room) const;
    void contactUpdated(const gloox::JID& jid);
    void handleRoomPresence(const gloox::Presence& presence, const QString& room);
    bool trustedEventSender(const QString& bare_from) const;

    AccountConfig config_;
    std::unique_ptr<gloox::Client> client_;
    OpenSslTls* tls_ = nullptr;  // owned by client_
    QSocketNotifier* notifier_ = nullptr;  // child of this; for client_'s socket
    std::vector<std::unique_ptr<gloox::Client>> retired_;  // deleted from the event loop
    QTimer reconnect_timer_;
    QTimer keepalive_timer_;
    QTimer login_timer_;  // a server that accepts TCP but never logs us in counts as lost
    int backoff_seconds_ = 1;
    bool want_online_ = false;
    Ending ending_ = Ending::Lost;
    bool ping_outstanding_ = false;
    bool trace_ = false;
    CertificateDetails rejected_certificate_;
    ConnectionState state_ = ConnectionState::Disconnected;

    PresenceShow show_ = PresenceShow::Available;
    QString status_text_;
    QString call_room_;  // "" when not on a conference call

    QMap<QString, QString> rooms_;  // bare room JID -> our nick: joined or joining
    QSet<QString> joined_rooms_;  // our own presence came back (status 110)

    QString bridge_jid_;
    bool bridge_set_by_user_ = false;
    QString upload_service_;
    QMap<int, QString> upload_requests_;  // IQ context -> request_id
    QMap<int, QString> room_configurations_;  // IQ context -> a room we created, not yet open
    int next_context_ = 100;
};

}  // namespace confab::client
