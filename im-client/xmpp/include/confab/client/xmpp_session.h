// XmppSession: the GUI thread's handle on one XMPP account.
//
// Threads (the contract):
// - XmppSession lives on the GUI thread. Every method below is called there,
//   returns at once, and only posts work to the worker.
// - The worker (src/xmpp_worker.*) is a QObject on its own QThread that owns
//   the gloox::Client, its TLS object and every other gloox object. gloox is
//   not thread-safe; nothing outside the worker thread touches gloox.
// - Every signal below is emitted on the GUI thread (queued from the worker),
//   so slots in models and widgets need no locks.
// - Logic never opens a dialog: a certificate problem, a subscription request
//   or an invitation is a signal; the UI decides what to show.
#pragma once

#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QUrl>
#include <memory>

#include "confab/client/xmpp_types.h"

namespace confab::client {

class XmppWorker;

struct AccountConfig {
    QString jid;  // bare "alice@example.com"; its domain is the TLS peer name
    QString password;
    QString host;  // where to connect; empty = the JID's domain (no SRV lookup)
    int port = 5222;
    QString resource = QStringLiteral("confab");
    // PEM file of CAs the server certificate must chain to. Empty: the
    // system trust store (/etc/ssl/certs).
    QString ca_file;
    // SHA-256 fingerprints ("AB:CD:...") the user chose to trust although the
    // certificate failed verification ("trust always" entries from settings,
    // plus a "trust once" entry for this run).
    QStringList trusted_fingerprints;
    int keepalive_seconds = 60;  // XEP-0199 ping to the server; 0 = off
    // Reconnect backoff after a lost connection: 1 s, doubling, at most this.
    int max_reconnect_delay_seconds = 60;
};

class XmppSession : public QObject {
    Q_OBJECT
  public:
    explicit XmppSession(QObject* parent = nullptr);
    ~XmppSession() override;  // stops the worker thread (disconnects first)

    // Connects (or reconnects with new settings). A certificate that fails
    // verification and is not in trusted_fingerprints aborts the attempt with
    // certificateRejected(); no automatic reconnect follows that.
    void start(const AccountConfig& config);
    // Adds `sha256_fingerprint` to the trusted list and connects again.
    void trustCertificateAndReconnect(const QString& sha256_fingerprint);
    void stop();
    ConnectionState connectionState() const { return state_; }
    QString boundJid() const { return bound_jid_; }  // full JID once connected
    QString accountJid() const { return config_.jid; }

    // Own presence. While on a conference call (setConferenceCall with a
    // room), presence shows "On a conference call" plus <conference-call/>;
    // setConferenceCall({}) restores what was set here before.
    void setPresence(PresenceShow show, const QString& status_text);
    void setConferenceCall(const QString& room_jid);

    // Messages. Each returns the stanza id it used (generated here), so the
    // caller can store the message and match receipts. 1:1 messages request
    // an XEP-0184 receipt and carry <active/> (XEP-0085). An oob_url adds
    // <x xmlns='jabber:x:oob'><url/></x>; the body is then the URL itself
    // (the plain-text fallback) unless `body` is given.
    QString sendChatMessage(const QString& to, const QString& body, const QUrl& oob_url = {});
    QString sendGroupchatMessage(const QString& room, const QString& body, const QUrl& oob_url = {});
    void sendChatState(const QString& to, ChatState state);

    // Rooms (XEP-0045). Joins with maxstanzas=20 history.
    void joinRoom(const QString& room_jid, const QString& nick);
    void leaveRoom(const QString& room_jid);

    // Roster.
    void addContact(const QString& jid, const QString& name, const QStringList& groups);
    void updateContact(const QString& jid, const QString& name, const QStringList& groups);
    void removeContact(const QString& jid);
    void answerSubscriptionRequest(const QString& jid, bool allow);

    // The bridge: answers to invitations (urn:confab:invite:0).
    void answerInvitation(const QString& bridge_jid, const protocol::InvitationAnswer& answer);

    // XEP-0363: asks the discovered upload service for a slot. The answer is
    // uploadSlotReady or uploadSlotFailed with the same request_id.
    void requestUploadSlot(const QString& request_id, const QString& file_name, qint64 size,
                           const QString& content_type);

    QString bridgeJid() const { return bridge_jid_; }  // "" until discovered or set
    void setBridgeJid(const QString& jid);  // from settings; skips discovery
    QString uploadService() const { return upload_service_; }
    qint64 uploadMaxBytes() const { return upload_max_bytes_; }

  signals:
    void connectionStateChanged(confab::client::ConnectionState state, const QString& detail);
    // Verification failed; nothing was sent over the connection. The UI asks
    // the user, then calls trustCertificateAndReconnect() or nothing.
    void certificateRejected(const confab::client::CertificateDetails& certificate);
    void authenticationFailed(const QString& reason);
    void ownPresenceChanged(confab::client::PresenceShow show, const QString& status_text);

    // The whole roster, once per login (bulk: the model resets once).
    void rosterReceived(const QList<confab::client::RosterContact>& contacts);
    // One contact added or changed (roster push or presence).
    void contactChanged(const confab::client::RosterContact& contact);
    void contactRemoved(const QString& jid);
    void subscriptionRequested(const QString& jid, const QString& message);

    void messageReceived(const confab::client::ChatMessage& message);
    void messageDelivered(const QString& conversation, const QString& id);  // XEP-0184
    void messageFailed(const QString& conversation, const QString& id, const QString& error);
    void chatStateChanged(const QString& jid, confab::client::ChatState state);

    void roomJoined(const QString& room_jid);
    void roomLeft(const QString& room_jid, const QString& reason);  // also when destroyed
    void occupantChanged(const confab::client::OccupantInfo& occupant);
    void roomSubjectChanged(const QString& room_jid, const QString& subject);
    // XEP-0249 direct or XEP-0045 mediated invitation to a room.
    void roomInvitation(const QString& room_jid, const QString& from, const QString& reason);

    // From the bridge, in a room (groupchat) or as headline without a room.
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
    QThread thread_;
    XmppWorker* worker_ = nullptr;  // lives on thread_; deleted there
    AccountConfig config_;
    ConnectionState state_ = ConnectionState::Disconnected;
    QString bound_jid_;
    QString bridge_jid_;
    QString upload_service_;
    qint64 upload_max_bytes_ = 0;
};

}  // namespace confab::client
