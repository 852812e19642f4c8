#include "confab/client/xmpp_session.h"

#include <QMetaObject>

#include "confab/protocol/stanza.h"
#include "xmpp_worker.h"

namespace confab::client {

XmppSession::XmppSession(QObject* parent) : QObject(parent) {
    registerXmppMetaTypes();
    thread_.setObjectName(QStringLiteral("xmpp-worker"));
    worker_ = new XmppWorker;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);

    // Cache what the getters report before re-emitting (queued: GUI thread).
    connect(worker_, &XmppWorker::connectionStateChanged, this,
            [this](ConnectionState state, const QString& detail) {
                state_ = state;
                if (state != ConnectionState::Connected) {
                    bound_jid_.clear();
                }
                emit connectionStateChanged(state, detail);
            });
    connect(worker_, &XmppWorker::boundJidChanged, this,
            [this](const QString& jid) { bound_jid_ = jid; });
    connect(worker_, &XmppWorker::bridgeDiscovered, this, [this](const QString& jid) {
        bridge_jid_ = jid;
        emit bridgeDiscovered(jid);
    });
    connect(worker_, &XmppWorker::uploadServiceDiscovered, this,
            [this](const QString& jid, qint64 max_bytes) {
                upload_service_ = jid;
                upload_max_bytes_ = max_bytes;
                emit uploadServiceDiscovered(jid, max_bytes);
            });

    connect(worker_, &XmppWorker::certificateRejected, this, &XmppSession::certificateRejected);
    connect(worker_, &XmppWorker::authenticationFailed, this, &XmppSession::authenticationFailed);
    connect(worker_, &XmppWorker::ownPresenceChanged, this, &XmppSession::ownPresenceChanged);
    connect(worker_, &XmppWorker::rosterReceived, this, &XmppSession::rosterReceived);
    connect(worker_, &XmppWorker::contactChanged, this, &XmppSession::contactChanged);
    connect(worker_, &XmppWorker::contactRemoved, this, &XmppSession::contactRemoved);
    connect(worker_, &XmppWorker::subscriptionRequested, this,
            &XmppSession::subscriptionRequested);
    connect(worker_, &XmppWorker::messageReceived, this, &XmppSession::messageReceived);
    connect(worker_, &XmppWorker::messageDelivered, this, &XmppSession::messageDelivered);
    connect(worker_, &XmppWorker::messageFailed, this, &XmppSession::messageFailed);
    connect(worker_, &XmppWorker::chatStateChanged, this, &XmppSession::chatStateChanged);
    connect(worker_, &XmppWorker::roomJoined, this, &XmppSession::roomJoined);
    connect(worker_, &XmppWorker::roomLeft, this, &XmppSession::roomLeft);
    connect(worker_, &XmppWorker::occupantChanged, this, &XmppSession::occupantChanged);
    connect(worker_, &XmppWorker::roomSubjectChanged, this, &XmppSession::roomSubjectChanged);
    connect(worker_, &XmppWorker::roomInvitation, this, &XmppSession::roomInvitation);
    connect(worker_, &XmppWorker::conferenceInfoReceived, this,
            &XmppSession::conferenceInfoReceived);
    connect(worker_, &XmppWorker::speakingChanged, this, &XmppSession::speakingChanged);
    connect(worker_, &XmppWorker::conferenceInvitationReceived, this,
            &XmppSession::conferenceInvitationReceived);
    connect(worker_, &XmppWorker::uploadSlotReady, this, &XmppSession::uploadSlotReady);
    connect(worker_, &XmppWorker::uploadSlotFailed, this, &XmppSession::uploadSlotFailed);

    thread_.start();
}

XmppSession::~XmppSession() {
    // stop() runs on the worker thread before the loop quits (the queue is
    // FIFO), so the stream is closed politely; then the worker is deleted there.
    stop();
    thread_.quit();
    thread_.wait();
}

template <typename Call>
static void post(XmppWorker* worker, Call&& call) {
    QMetaObject::invokeMethod(worker, std::forward<Call>(call), Qt::QueuedConnection);
}

void XmppSession::start(const AccountConfig& config) {
    config_ = config;
    post(worker_, [w = worker_, config] { w->start(config); });
}

void XmppSession::trustCertificateAndReconnect(const QString& sha256_fingerprint) {
    if (!config_.trusted_fingerprints.contains(sha256_fingerprint)) {
        config_.trusted_fingerprints.append(sha256_fingerprint);
    }
    post(worker_, [w = worker_, sha256_fingerprint] {
        w->trustCertificateAndReconnect(sha256_fingerprint);
    });
}

void XmppSession::stop() {
    post(worker_, [w = worker_] { w->stop(); });
}

void XmppSession::setPresence(PresenceShow show, const QString& status_text) {
    post(worker_, [w = worker_, show, status_text] { w->setPresence(show, status_text); });
}

void XmppSession::setConferenceCall(const QString& room_jid) {
    post(worker_, [w = worker_, room_jid] { w->setConferenceCall(room_jid); });
}

QString XmppSession::sendChatMessage(const QString& to, const QString& body, const QUrl& oob_url) {
    const QString id = QString::fromStdString(protocol::newStanzaId());
    post(worker_, [w = worker_, id, to, body, oob_url] { w->sendChatMessage(id, to, body, oob_url); });
    return id;
}

QString XmppSession::sendGroupchatMessage(const QString& room, const QString& body,
                                          const QUrl& oob_url) {
    const QString id = QString::fromStdString(protocol::newStanzaId());
    post(worker_, [w = worker_, id, room, body, oob_url] {
        w->sendGroupchatMessage(id, room, body, oob_url);
    });
    return id;
}

void XmppSession::sendChatState(const QString& to, ChatState state) {
    post(worker_, [w = worker_, to, state] { w->sendChatState(to, state); });
}

void XmppSession::joinRoom(const QString& room_jid, const QString& nick) {
    post(worker_, [w = worker_, room_jid, nick] { w->joinRoom(room_jid, nick); });
}

void XmppSession::leaveRoom(const QString& room_jid) {
    post(worker_, [w = worker_, room_jid] { w->leaveRoom(room_jid); });
}

void XmppSession::addContact(const QString& jid, const QString& name, const QStringList& groups) {
    post(worker_, [w = worker_, jid, name, groups] { w->addContact(jid, name, groups); });
}

void XmppSession::updateContact(const QString& jid, const QString& name,
                                const QStringList& groups) {
    post(worker_, [w = worker_, jid, name, groups] { w->updateContact(jid, name, groups); });
}

void XmppSession::removeContact(const QString& jid) {
    post(worker_, [w = worker_, jid] { w->removeContact(jid); });
}

void XmppSession::answerSubscriptionRequest(const QString& jid, bool allow) {
    post(worker_, [w = worker_, jid, allow] { w->answerSubscriptionRequest(jid, allow); });
}

void XmppSession::answerInvitation(const QString& bridge_jid,
                                   const protocol::InvitationAnswer& answer) {
    post(worker_, [w = worker_, bridge_jid, answer] { w->answerInvitation(bridge_jid, answer); });
}

void XmppSession::requestUploadSlot(const QString& request_id, const QString& file_name,
                                    qint64 size, const QString& content_type) {
    post(worker_, [w = worker_, request_id, file_name, size, content_type] {
        w->requestUploadSlot(request_id, file_name, size, content_type);
    });
}

void XmppSession::setBridgeJid(const QString& jid) {
    bridge_jid_ = jid;
    post(worker_, [w = worker_, jid] { w->setBridgeJid(jid); });
}

}  // namespace confab::client
