// RosterPanel: the left side of the main window: our presence, the filter
// ("Filter contacts") and the buddy list (RosterFilterModel over RosterModel,
// painted by RosterDelegate, extended selection). It owns the buddy actions
// (start a conference with the selection, call, join a buddy's call, send a
// message, add, rename, remove, dial pad) that the window also shows in its
// toolbar. Conference actions are slash commands to the bridge; roster
// actions are XmppSession calls. GUI thread.
#pragma once

#include <QStringList>
#include <QWidget>

#include "confab/client/client_context.h"

class QAction;
class QLineEdit;
class QMenu;
class QTreeView;

namespace confab::client {

class PresenceSelector;
class RosterFilterModel;

class RosterPanel : public QWidget {
    Q_OBJECT
  public:
    RosterPanel(const ClientContext& context, QWidget* parent = nullptr);

    QTreeView* view() const { return view_; }
    QLineEdit* filterEdit() const { return filter_edit_; }
    PresenceSelector* presenceSelector() const { return presence_; }
    RosterFilterModel* filterModel() const { return filter_; }
    QStringList selectedJids() const;
    void selectJids(const QStringList& jids);
    void focusFilter();

    QAction* startConferenceAction() const { return start_conference_; }
    QAction* callAction() const { return call_; }
    QAction* joinCallAction() const { return join_call_; }  // has a menu: by chat / ring my phone
    QAction* sendMessageAction() const { return send_message_; }
    QAction* addContactAction() const { return add_contact_; }
    QAction* renameAction() const { return rename_; }
    QAction* removeAction() const { return remove_; }
    QAction* dialPadAction() const { return dial_pad_; }

    // The actions without their dialogs (the window, tests).
    // Sends "/call <jid> <jid>..." to the bridge; false (and statusMessage)
    // when no bridge is known or nothing was given.
    bool startConference(const QStringList& participants);
    // Asks the bridge to let us into the call a buddy is on ("/join <room>"
    // to the bridge, which answers with an invitation); joinCallRequested
    // tells the window how to answer it: by phone or by chat only.
    void joinCall(const QString& room_jid, bool ring_my_phone);
    void openDialPad();

  signals:
    void openChatRequested(const QString& jid);
    void bridgeCommandSent(const QString& bridge_jid);
    void joinCallRequested(const QString& room_jid, bool ring_my_phone);
    void statusMessage(const QString& text);

  private:
    void updateActions();
    void showContextMenu(const QPoint& position);
    void addContact();
    void renameContact();
    void removeContacts();
    QString selectedOnCallRoom() const;
    QStringList knownGroups() const;

    ClientContext context_;
    PresenceSelector* presence_;
    QLineEdit* filter_edit_;
    QTreeView* view_;
    RosterFilterModel* filter_;
    QAction* start_conference_;
    QAction* call_;
    QAction* join_call_;
    QMenu* join_menu_;
    QAction* join_by_chat_;
    QAction* join_and_ring_;
    QAction* send_message_;
    QAction* add_contact_;
    QAction* rename_;
    QAction* remove_;
    QAction* dial_pad_;
};

}  // namespace confab::client
