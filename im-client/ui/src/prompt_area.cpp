#include "confab/client/prompt_area.h"

#include <QPushButton>
#include <QVBoxLayout>

#include "confab/client/info_bar.h"
#include "confab/client/message_sender.h"
#include "confab/client/roster_model.h"
#include "confab/client/xmpp_session.h"

namespace confab::client {
namespace {

QString fromStd(const std::string& text) { return QString::fromStdString(text); }

}  // namespace

PromptArea::PromptArea(const ClientContext& context, QWidget* parent)
    : QWidget(parent), context_(context), layout_(new QVBoxLayout(this)) {
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setSpacing(2);
    setAccessibleName(tr("Notifications"));
    XmppSession* session = context_.session;
    connect(session, &XmppSession::subscriptionRequested, this, &PromptArea::showSubscriptionRequest);
    connect(session, &XmppSession::conferenceInvitationReceived, this, &PromptArea::showConferenceInvitation);
    connect(session, &XmppSession::roomInvitation, this, &PromptArea::handleRoomInvitation);
    connect(session, &XmppSession::roomJoined, this, [this](const QString& room) {
        joined_rooms_.insert(room);
        if (InfoBar* bar = infoBar(QStringLiteral("room:") + room)) bar->deleteLater();
    });
    connect(session, &XmppSession::roomLeft, this, [this](const QString& room, const QString&) {
        joined_rooms_.remove(room);
    });
    connect(session, &XmppSession::bridgeDiscovered, this, [this](const QString& bridge) {
        // A request from the bridge that came before we knew it was the bridge.
        if (InfoBar* bar = infoBar(QStringLiteral("subscription:") + bridge)) bar->trigger(tr("Allow"));
    });
    connect(session, &XmppSession::connectionStateChanged, this, [this](ConnectionState state, const QString&) {
        // Rooms are left when the connection drops; invitations may come again.
        if (state != ConnectionState::Connected) joined_rooms_.clear();
    });
}

QList<InfoBar*> PromptArea::infoBars() const {
    QList<InfoBar*> bars;
    for (const QPointer<InfoBar>& bar : bars_) {
        if (bar && !bar->isHidden()) bars << bar.data();
    }
    return bars;
}

InfoBar* PromptArea::infoBar(const QString& key) const {
    const QPointer<InfoBar> bar = bars_.value(key);
    return bar && !bar->isHidden() ? bar.data() : nullptr;
}

InfoBar* PromptArea::addBar(const QString& key, const QString& text) {
    if (InfoBar* existing = infoBar(key)) existing->deleteLater();
    auto* bar = new InfoBar(key, text, this);
    layout_->addWidget(bar);
    bars_.insert(key, bar);
    connect(bar, &InfoBar::closed, this, [this](const QString& closed_key) { bars_.remove(closed_key); });
    bar->show();
    return bar;
}

void PromptArea::showNotice(const QString& key, const QString& text) { addBar(key, text); }

void PromptArea::showSubscriptionRequest(const QString& jid, const QString& message) {
    if (!jid.isEmpty() && jid == context_.session->bridgeJid()) {
        context_.session->answerSubscriptionRequest(jid, true);
        return;
    }
    QString text = tr("%1 wants to see when you are online.").arg(jid);
    if (!message.trimmed().isEmpty()) text += QStringLiteral(" “%1”").arg(message.trimmed());
    InfoBar* bar = addBar(QStringLiteral("subscription:") + jid, text);
    bar->addAction(tr("Allow"), [this, jid] { context_.session->answerSubscriptionRequest(jid, true); });
    bar->addAction(tr("Deny"), [this, jid] { context_.session->answerSubscriptionRequest(jid, false); });
}

void PromptArea::showConferenceInvitation(const QString& bridge_jid, const protocol::Invitation& invitation) {
    const QString room = fromStd(invitation.room_jid);
    if (expected_invitations_.contains(room)) {
        const bool by_phone = expected_invitations_.take(room) && !invitation.numbers.empty();
        expectRoom(room);
        context_.session->answerInvitation(bridge_jid, protocol::InvitationAnswer{invitation.id, true, {}, !by_phone});
        return;
    }
    const QString inviter = invitation.inviter_name.empty() ? fromStd(invitation.inviter_jid)
                                                            : fromStd(invitation.inviter_name);
    QString text = tr("%1 invites you to a conference call.").arg(inviter);
    const QString first_number = invitation.numbers.empty() ? QString() : fromStd(invitation.numbers.front().second);
    if (!first_number.isEmpty()) text += QLatin1Char(' ') + tr("“Join by phone” calls %1.").arg(first_number);
    InfoBar* bar = addBar(QStringLiteral("invitation:") + fromStd(invitation.id), text);
    const protocol::InvitationAnswer base{invitation.id, false, {}, false};
    if (!first_number.isEmpty()) {
        QPushButton* phone = bar->addAction(tr("Join by phone"), [this, bridge_jid, base, room] {
            protocol::InvitationAnswer answer = base;
            answer.accepted = true;
            expectRoom(room);
            context_.session->answerInvitation(bridge_jid, answer);
        });
        phone->setToolTip(tr("The bridge calls %1; you also join the call's chat").arg(first_number));
    }
    bar->addAction(tr("Join by chat"), [this, bridge_jid, base, room] {
        protocol::InvitationAnswer answer = base;
        answer.accepted = true;
        answer.chat_only = true;
        expectRoom(room);
        context_.session->answerInvitation(bridge_jid, answer);
    });
    bar->addAction(tr("Decline"), [this, bridge_jid, base] { context_.session->answerInvitation(bridge_jid, base); });
    bar->expireAfter(invitation.timeout_seconds > 0 ? invitation.timeout_seconds : 30);
}

void PromptArea::expectRoom(const QString& room_jid) {
    expected_rooms_.insert(room_jid);
}

void PromptArea::expectInvitation(const QString& room_jid, bool by_phone) {
    expected_invitations_.insert(room_jid, by_phone);
}

void PromptArea::joinRoom(const QString& room_jid) {
    if (joined_rooms_.contains(room_jid)) return;
    joined_rooms_.insert(room_jid);
    expected_rooms_.remove(room_jid);
    context_.session->joinRoom(room_jid, ownNick(context_));
    emit roomJoinRequested(room_jid);
}

void PromptArea::handleRoomInvitation(const QString& room_jid, const QString& from, const QString& reason) {
    invited_rooms_.insert(room_jid);
    // The bridge sends both a direct and a mediated invitation; act once.
    if (joined_rooms_.contains(room_jid)) return;
    const QString bridge = context_.session->bridgeJid();
    const bool from_bridge = !bridge.isEmpty() && bareJid(from) == bridge;
    const QString own_call = QStringLiteral("Conference call of ") + context_.session->accountJid();
    if (from_bridge && reason == own_call) {
        own_rooms_.insert(room_jid);
        joinRoom(room_jid);
        emit ownConferenceJoined(room_jid);
        return;
    }
    if (from_bridge && expected_rooms_.contains(room_jid)) {
        joinRoom(room_jid);
        return;
    }
    const QString key = QStringLiteral("room:") + room_jid;
    if (infoBar(key)) return;
    const QString who = context_.roster && context_.roster->contact(bareJid(from))
                            ? context_.roster->displayName(bareJid(from))
                            : from;
    QString text = tr("%1 invites you to the room %2.").arg(who, room_jid);
    if (!reason.trimmed().isEmpty()) text += QStringLiteral(" “%1”").arg(reason.trimmed());
    InfoBar* bar = addBar(key, text);
    bar->addAction(tr("Join"), [this, room_jid] { joinRoom(room_jid); });
    bar->addAction(tr("Decline"), nullptr);
}

}  // namespace confab::client
