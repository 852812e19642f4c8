// MainWindow: the buddy list on the left (RosterPanel), prompts and a tab per
// open conversation (ChatWidget) or conference (ConferenceWidget) on the
// right, a toolbar with the buddy and call actions, the connection state in
// the status bar and, where the desktop has one, a tray icon that shows
// message notifications.
// It reads the models, opens tabs when something arrives (a message, a
// joined room, a conference that started), and shows the certificate dialog
// when the session rejects a certificate. GUI thread.
#pragma once

#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include "confab/client/client_context.h"
#include "confab/client/xmpp_types.h"

class QLabel;
class QSystemTrayIcon;
class QTimer;
class QTabWidget;
class QTreeView;

namespace confab::client {

class ChatWidget;
class ConferenceWidget;
class PromptArea;
class RosterPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(const ClientContext& context, QWidget* parent = nullptr);
    ~MainWindow() override;

    // For tests and the application: the pieces this window is built from.
    const ClientContext& context() const { return context_; }
    XmppSession* session() const { return context_.session; }
    ConferenceList* conferences() const { return context_.conferences; }
    ConversationStore* conversations() const { return context_.conversations; }
    RosterModel* roster() const { return context_.roster; }
    RosterPanel* rosterPanel() const { return roster_panel_; }
    QTreeView* rosterView() const;
    QTabWidget* tabs() const { return tabs_; }
    PromptArea* promptArea() const { return prompts_; }
    QString connectionText() const;

    // The open tab for a conversation, or nullptr.
    ChatWidget* chatWidget(const QString& jid) const;  // 1:1 chats and plain rooms
    ConferenceWidget* conferenceWidget(const QString& room_jid) const;

    // Opens (or finds) a tab; `focus` makes it the current tab.
    ChatWidget* openChat(const QString& jid, bool focus = true);
    QWidget* openRoom(const QString& room_jid, bool focus = true);
    ConferenceWidget* openConference(const QString& room_jid, bool focus = true);
    void closeTab(int index);

  protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

  private:
    void buildToolbarAndMenus();
    void buildShortcuts();
    void setUpTray();
    void updateConnectionState(ConnectionState state, const QString& detail);
    void renderConnectionState(ConnectionState state, const QString& detail);
    void updateTabTitle(QWidget* tab);
    void updateActiveConversation();
    void onUnreadChanged(const QString& jid, int count);
    void onMessageReceived(const ChatMessage& message);
    void onCertificateRejected(const CertificateDetails& certificate);
    void onNotify(const ChatMessage& message);
    // A click on a tray notification: show the window and open its conversation.
    void openNotifiedConversation();
    QString conversationOf(QWidget* tab) const;
    int addTab(QWidget* tab, const QString& conversation, bool focus);

    ClientContext context_;
    RosterPanel* roster_panel_;
    PromptArea* prompts_;
    QTabWidget* tabs_;
    QLabel* connection_label_;
    QSystemTrayIcon* tray_ = nullptr;
    QString notified_conversation_;  // what the last tray notification was about
    bool notified_room_ = false;
    QHash<QString, QPointer<QWidget>> tabs_by_conversation_;
    QPointer<QDialog> certificate_dialog_;
    QString reconnect_detail_;
    int reconnect_attempts_ = 0;  // waits since the last successful connection
    int reconnect_seconds_ = 0;
    QTimer* reconnect_countdown_;
};

}  // namespace confab::client
