// ParticipantsPanel: the right side of a conference tab. A header (subject,
// call timer, "N on the call", "● Recording" and "Locked" badges, "Talking:
// Bob"), the list of participants (ConferenceModel through
// ParticipantDelegate) and, for
// moderators, the controls: a context menu with Mute, Unmute, Kick, Hang up
// and "Add participant…" (only that one on the list's empty part), and the
// buttons "Add participant…", "Lock"/"Unlock" and "End call". Every control sends
// the bridge's slash command as a groupchat message in the room; the bridge
// does the work and its conference-info updates the model.
// GUI thread; the timer is a QTimer here because the model has no clock.
#pragma once

#include <QTimer>
#include <QWidget>

#include "confab/client/client_context.h"

class QLabel;
class QListView;
class QPushButton;

namespace confab::client {

class ConferenceModel;

class ParticipantsPanel : public QWidget {
    Q_OBJECT
  public:
    ParticipantsPanel(const ClientContext& context, ConferenceModel* model, QWidget* parent = nullptr);

    ConferenceModel* model() const { return model_; }
    QListView* participantsView() const { return view_; }
    QString timerText() const;
    QString countText() const;
    QString talkingText() const;
    bool lockedBadgeVisible() const;
    // "● Recording" while the bridge says the conference is being recorded.
    bool recordingBadgeVisible() const;
    QLabel* recordingBadge() const { return recording_label_; }
    bool moderatorControlsVisible() const;
    // We started this conference: the bridge lets its owner moderate even
    // though the room gives the owner no moderator role.
    void setSelfIsOwner(bool owner);
    bool canModerate() const;

    // The bridge's name for a participant row: JID, else number, else nick.
    QString commandTarget(const QModelIndex& index) const;
    // Sends "/<command> <target>" for a row (mute, unmute, kick, hangup).
    void sendParticipantCommand(const QString& command, const QModelIndex& index);
    // Sends "/invite <who>" (quoted when it is several words, not a number).
    void inviteParticipant(const QString& who);
    void sendRoomCommand(const QString& command);

  private:
    void updateHeader();
    void updateTimer();
    void showContextMenu(const QPoint& position);
    void askForParticipant();

    ClientContext context_;
    ConferenceModel* model_;
    QLabel* subject_label_;
    QLabel* timer_label_;
    QLabel* count_label_;
    QLabel* locked_label_;
    QLabel* recording_label_;
    QLabel* talking_label_;
    QListView* view_;
    QWidget* moderator_controls_;
    QPushButton* add_button_;
    QPushButton* lock_button_;
    QPushButton* end_button_;
    QTimer clock_;
    bool self_is_owner_ = false;
};

}  // namespace confab::client
