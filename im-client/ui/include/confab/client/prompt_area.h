// PromptArea: the strip of non-modal info bars above the conversations. It
// turns the session's questions into prompts, and answers them through the
// session when the user clicks:
// - a subscription request: Allow / Deny (the bridge's own request is
//   allowed without asking: it needs our presence to invite us by chat);
// - a conference invitation from the bridge (urn:confab:invite:0): Join by
//   phone / Join by chat / Decline, closed when the invitation times out
//   (answered at once when we asked for it with "Join call");
// - a room invitation (XEP-0249 or mediated): joined at once when it comes
//   from the bridge for a conference we started ("Conference call of
//   <our JID>") or accepted; any other one asks Join / Decline.
// GUI thread. Opens no dialog.
#pragma once

#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QWidget>

#include "confab/client/client_context.h"
#include "confab/protocol/invitation.h"

class QVBoxLayout;

namespace confab::client {

class InfoBar;

class PromptArea : public QWidget {
    Q_OBJECT
  public:
    PromptArea(const ClientContext& context, QWidget* parent = nullptr);

    QList<InfoBar*> infoBars() const;
    InfoBar* infoBar(const QString& key) const;

    void showSubscriptionRequest(const QString& jid, const QString& message);
    void showConferenceInvitation(const QString& bridge_jid, const protocol::Invitation& invitation);
    void handleRoomInvitation(const QString& room_jid, const QString& from, const QString& reason);
    // A room we asked to be in (we accepted its invitation): its room
    // invitation from the bridge is followed without asking.
    void expectRoom(const QString& room_jid);
    // We asked to join the call in this room ("/join"): its invitation is
    // answered at once, by phone or by chat only, instead of asking.
    void expectInvitation(const QString& room_jid, bool by_phone);
    // Any information line (e.g. "Could not start the call"), dismissable.
    void showNotice(const QString& key, const QString& text);
    // Rooms of conferences we started (the bridge's invitation said so).
    bool isOwnConference(const QString& room_jid) const { return own_rooms_.contains(room_jid); }
    // A room we were invited to (its invitation may also arrive as a message).
    bool wasInvitedTo(const QString& room_jid) const { return invited_rooms_.contains(room_jid); }

  signals:
    void roomJoinRequested(const QString& room_jid);
    void ownConferenceJoined(const QString& room_jid);

  private:
    InfoBar* addBar(const QString& key, const QString& text);
    void joinRoom(const QString& room_jid);

    ClientContext context_;
    QVBoxLayout* layout_;
    QHash<QString, QPointer<InfoBar>> bars_;
    QSet<QString> expected_rooms_;
    QHash<QString, bool> expected_invitations_;  // room -> answer by phone
    QSet<QString> own_rooms_;
    QSet<QString> invited_rooms_;
    QSet<QString> joined_rooms_;  // joined or joining; invitations to them are ignored
};

}  // namespace confab::client
