#include "confab/client/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "confab/client/account_settings.h"
#include "confab/client/certificate_dialog.h"
#include "confab/client/chat_input.h"
#include "confab/client/chat_widget.h"
#include "confab/client/conference_model.h"
#include "confab/client/conference_widget.h"
#include "confab/client/conversation_model.h"
#include "confab/client/message_sender.h"
#include "confab/client/participants_panel.h"
#include "confab/client/prompt_area.h"
#include "confab/client/roster_model.h"
#include "confab/client/roster_panel.h"
#include "confab/client/xmpp_session.h"

namespace confab::client {
namespace {

// Mirrors the session's reconnect backoff (1 s, doubling) for the countdown.
constexpr int kMaxReconnectDelaySeconds = 60;

}  // namespace

MainWindow::MainWindow(const ClientContext& context, QWidget* parent)
    : QMainWindow(parent),
      context_(context),
      roster_panel_(new RosterPanel(context, this)),
      prompts_(new PromptArea(context, this)),
      tabs_(new QTabWidget(this)),
      connection_label_(new QLabel(this)),
      reconnect_countdown_(new QTimer(this)) {
    setWindowTitle(tr("Confab"));
    setObjectName(QStringLiteral("confabMainWindow"));
    tabs_->setTabsClosable(true);
    tabs_->setMovable(true);
    tabs_->setDocumentMode(true);
    tabs_->setAccessibleName(tr("Conversations"));
    tabs_->tabBar()->setAccessibleName(tr("Open conversations"));
    auto* placeholder = new QLabel(tr("Select buddies and start a conference call, or double-click a buddy to chat."),
                                   this);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setWordWrap(true);
    placeholder->setEnabled(false);

    auto* right = new QWidget(this);
    auto* right_layout = new QVBoxLayout(right);
    right_layout->setContentsMargins(0, 0, 0, 0);
    right_layout->setSpacing(2);
    right_layout->addWidget(prompts_);
    right_layout->addWidget(tabs_, 1);
    right_layout->addWidget(placeholder, 1);
    auto show_placeholder = [this, placeholder] {
        placeholder->setVisible(tabs_->count() == 0);
        tabs_->setVisible(tabs_->count() > 0);
    };
    show_placeholder();
    connect(tabs_, &QTabWidget::currentChanged, this, show_placeholder);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(roster_panel_);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    roster_panel_->setMinimumWidth(240);
    splitter->setSizes({280, 720});
    setCentralWidget(splitter);

    statusBar()->addWidget(connection_label_, 1);
    connection_label_->setAccessibleName(tr("Connection state"));
    buildToolbarAndMenus();
    buildShortcuts();
    setUpTray();

    XmppSession* session = context_.session;
    connect(session, &XmppSession::connectionStateChanged, this, &MainWindow::updateConnectionState);
    connect(session, &XmppSession::certificateRejected, this, &MainWindow::onCertificateRejected);
    connect(session, &XmppSession::messageReceived, this, &MainWindow::onMessageReceived);
    connect(session, &XmppSession::roomJoined, this, [this](const QString& room) { openRoom(room, true); });
    connect(session, &XmppSession::roomLeft, this, [this](const QString& room, const QString& reason) {
        if (QWidget* tab = tabs_by_conversation_.value(room)) {
            updateTabTitle(tab);
            if (!reason.isEmpty()) statusBar()->showMessage(tr("Left %1: %2").arg(room, reason), 8000);
        }
    });
    connect(context_.conferences, &ConferenceList::conferenceStarted, this,
            [this](const QString& room) { openConference(room, true); });
    connect(context_.conferences, &ConferenceList::conferenceEnded, this, [this](const QString& room) {
        if (QWidget* tab = tabs_by_conversation_.value(room)) updateTabTitle(tab);
    });
    connect(context_.conversations, &ConversationStore::unreadChanged, this, &MainWindow::onUnreadChanged);
    connect(context_.conversations, &ConversationStore::notify, this, &MainWindow::onNotify);
    connect(roster_panel_, &RosterPanel::openChatRequested, this, [this](const QString& jid) { openChat(jid, true); });
    connect(roster_panel_, &RosterPanel::bridgeCommandSent, this, [this](const QString& bridge) { openChat(bridge, false); });
    connect(prompts_, &PromptArea::ownConferenceJoined, this, [this](const QString& room) {
        if (ConferenceWidget* conference = conferenceWidget(room)) conference->participantsPanel()->setSelfIsOwner(true);
    });
    connect(roster_panel_, &RosterPanel::joinCallRequested, prompts_, &PromptArea::expectInvitation);
    connect(roster_panel_, &RosterPanel::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(tabs_, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(tabs_, &QTabWidget::currentChanged, this, [this] {
        updateActiveConversation();
        if (QWidget* tab = tabs_->currentWidget()) tab->setFocus();
    });
    reconnect_countdown_->setInterval(1000);
    connect(reconnect_countdown_, &QTimer::timeout, this, [this] {
        if (reconnect_seconds_ > 0) --reconnect_seconds_;
        renderConnectionState(ConnectionState::WaitingToReconnect, reconnect_detail_);
    });
    updateConnectionState(session->connectionState(), {});
    resize(1100, 720);
}

MainWindow::~MainWindow() {
    // Tabs first: chat widgets talk to the session while they go.
    while (tabs_->count() > 0) {
        QWidget* tab = tabs_->widget(0);
        tabs_->removeTab(0);
        delete tab;
    }
}

QTreeView* MainWindow::rosterView() const { return roster_panel_->view(); }

QString MainWindow::connectionText() const { return connection_label_->text(); }

void MainWindow::buildToolbarAndMenus() {
    QToolBar* toolbar = addToolBar(tr("Buddies"));
    toolbar->setObjectName(QStringLiteral("buddyToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->setAccessibleName(tr("Buddy actions"));
    toolbar->addAction(roster_panel_->startConferenceAction());
    toolbar->addAction(roster_panel_->callAction());
    toolbar->addAction(roster_panel_->joinCallAction());
    if (auto* join = qobject_cast<QToolButton*>(toolbar->widgetForAction(roster_panel_->joinCallAction()))) {
        join->setPopupMode(QToolButton::MenuButtonPopup);
        join->setAccessibleName(tr("Join call"));
    }
    toolbar->addAction(roster_panel_->sendMessageAction());
    toolbar->addSeparator();
    toolbar->addAction(roster_panel_->addContactAction());
    toolbar->addAction(roster_panel_->dialPadAction());
    for (QAction* action : toolbar->actions()) {
        if (QWidget* button = toolbar->widgetForAction(action)) {
            if (button->accessibleName().isEmpty()) button->setAccessibleName(action->text().remove(QStringLiteral("…")));
        }
    }

    QMenu* file = menuBar()->addMenu(tr("&Confab"));
    QAction* quit = file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    QMenu* buddies = menuBar()->addMenu(tr("&Buddies"));
    buddies->addAction(roster_panel_->startConferenceAction());
    buddies->addAction(roster_panel_->callAction());
    buddies->addAction(roster_panel_->sendMessageAction());
    buddies->addSeparator();
    buddies->addAction(roster_panel_->addContactAction());
    buddies->addAction(roster_panel_->renameAction());
    buddies->addAction(roster_panel_->removeAction());
    buddies->addSeparator();
    buddies->addAction(roster_panel_->dialPadAction());
    // The window owns the Ctrl+N / Ctrl+D shortcuts, wherever the focus is.
    addAction(roster_panel_->addContactAction());
    addAction(roster_panel_->dialPadAction());
}

void MainWindow::buildShortcuts() {
    auto* find = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_F), this);
    connect(find, &QShortcut::activated, roster_panel_, &RosterPanel::focusFilter);
    auto* close = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_W), this);
    connect(close, &QShortcut::activated, this, [this] {
        if (tabs_->currentIndex() >= 0) closeTab(tabs_->currentIndex());
    });
    auto* next = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Tab), this);
    connect(next, &QShortcut::activated, this, [this] {
        if (tabs_->count() > 0) tabs_->setCurrentIndex((tabs_->currentIndex() + 1) % tabs_->count());
    });
    auto* previous = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab), this);
    auto* previous_alt = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab), this);
    for (QShortcut* shortcut : {previous, previous_alt}) {
        connect(shortcut, &QShortcut::activated, this, [this] {
            if (tabs_->count() > 0) tabs_->setCurrentIndex((tabs_->currentIndex() + tabs_->count() - 1) % tabs_->count());
        });
    }
}

void MainWindow::setUpTray() {
    if (!QSystemTrayIcon::isSystemTrayAvailable()) return;
    tray_ = new QSystemTrayIcon(windowIcon().isNull() ? QApplication::windowIcon() : windowIcon(), this);
    tray_->setToolTip(tr("Confab"));
    auto* menu = new QMenu(this);
    menu->addAction(tr("Show Confab"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    menu->addAction(tr("Quit"), qApp, &QApplication::quit);
    tray_->setContextMenu(menu);
    connect(tray_, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger) {
            showNormal();
            raise();
            activateWindow();
        }
    });
    // A click on a notification opens the conversation it was about.
    connect(tray_, &QSystemTrayIcon::messageClicked, this, &MainWindow::openNotifiedConversation);
    tray_->show();
}

void MainWindow::updateConnectionState(ConnectionState state, const QString& detail) {
    if (state == ConnectionState::WaitingToReconnect) {
        // The session waits 1 s, then doubles the wait after each failed attempt.
        reconnect_seconds_ = qMin(1 << qMin(reconnect_attempts_, 16), kMaxReconnectDelaySeconds);
        ++reconnect_attempts_;
        reconnect_detail_ = detail;
        reconnect_countdown_->start();
    } else {
        reconnect_countdown_->stop();
        reconnect_detail_.clear();
        if (state == ConnectionState::Connected) reconnect_attempts_ = 0;
    }
    renderConnectionState(state, detail);
}

void MainWindow::renderConnectionState(ConnectionState state, const QString& detail) {
    XmppSession* session = context_.session;
    const QString account = session->accountJid();
    QString text;
    switch (state) {
        case ConnectionState::Connected:
            text = tr("Connected as %1").arg(bareJid(session->boundJid().isEmpty() ? account : session->boundJid()));
            break;
        case ConnectionState::Connecting: text = tr("Connecting as %1…").arg(account); break;
        case ConnectionState::WaitingToReconnect:
            text = reconnect_seconds_ > 0 ? tr("Reconnecting in %1 s…").arg(reconnect_seconds_) : tr("Reconnecting…");
            if (!detail.isEmpty()) text += QStringLiteral(" (%1)").arg(detail);
            break;
        case ConnectionState::Disconnected:
            text = detail.isEmpty() ? tr("Not connected") : tr("Not connected: %1").arg(detail);
            break;
    }
    connection_label_->setText(text);
    setWindowTitle(state == ConnectionState::Connected ? tr("Confab — %1").arg(account) : tr("Confab"));
}

QString MainWindow::conversationOf(QWidget* tab) const {
    if (auto* chat = qobject_cast<ChatWidget*>(tab)) return chat->conversation();
    if (auto* conference = qobject_cast<ConferenceWidget*>(tab)) return conference->roomJid();
    return {};
}

ChatWidget* MainWindow::chatWidget(const QString& jid) const {
    return qobject_cast<ChatWidget*>(tabs_by_conversation_.value(jid).data());
}

ConferenceWidget* MainWindow::conferenceWidget(const QString& room_jid) const {
    return qobject_cast<ConferenceWidget*>(tabs_by_conversation_.value(room_jid).data());
}

int MainWindow::addTab(QWidget* tab, const QString& conversation, bool focus) {
    tabs_by_conversation_.insert(conversation, tab);
    const int index = tabs_->addTab(tab, QString());
    updateTabTitle(tab);
    if (focus || tabs_->count() == 1) tabs_->setCurrentIndex(index);
    return index;
}

ChatWidget* MainWindow::openChat(const QString& jid, bool focus) {
    const QString bare = bareJid(jid);
    if (QWidget* existing = tabs_by_conversation_.value(bare)) {
        if (focus) tabs_->setCurrentWidget(existing);
        if (auto* chat = qobject_cast<ChatWidget*>(existing)) return chat;
        if (auto* conference = qobject_cast<ConferenceWidget*>(existing)) return conference->chatWidget();
    }
    auto* chat = new ChatWidget(context_, bare, false, tabs_);
    connect(chat, &ChatWidget::bridgeCommandSent, this, [this](const QString& bridge) { openChat(bridge, false); });
    addTab(chat, bare, focus);
    if (focus) chat->focusInput();
    return chat;
}

QWidget* MainWindow::openRoom(const QString& room_jid, bool focus) {
    if (context_.conferences->isConferenceRoom(room_jid)) return openConference(room_jid, focus);
    if (QWidget* existing = tabs_by_conversation_.value(room_jid)) {
        if (focus) tabs_->setCurrentWidget(existing);
        return existing;
    }
    auto* chat = new ChatWidget(context_, room_jid, true, tabs_);
    addTab(chat, room_jid, focus);
    return chat;
}

ConferenceWidget* MainWindow::openConference(const QString& room_jid, bool focus) {
    QWidget* existing = tabs_by_conversation_.value(room_jid);
    if (auto* conference = qobject_cast<ConferenceWidget*>(existing)) {
        if (focus) tabs_->setCurrentWidget(conference);
        return conference;
    }
    auto* conference = new ConferenceWidget(context_, room_jid, tabs_);
    conference->participantsPanel()->setSelfIsOwner(prompts_->isOwnConference(room_jid));
    connect(conference, &ConferenceWidget::titleChanged, this, [this, conference] { updateTabTitle(conference); });
    connect(conference->chatWidget(), &ChatWidget::bridgeCommandSent, this,
            [this](const QString& bridge) { openChat(bridge, false); });
    if (existing) {
        // The room's plain chat becomes a conference: same place, richer tab.
        const int index = tabs_->indexOf(existing);
        const bool was_current = tabs_->currentIndex() == index;
        tabs_->removeTab(index);
        existing->deleteLater();
        tabs_by_conversation_.insert(room_jid, conference);
        tabs_->insertTab(index, conference, QString());
        updateTabTitle(conference);
        if (focus || was_current) tabs_->setCurrentIndex(index);
    } else {
        addTab(conference, room_jid, focus);
    }
    return conference;
}

void MainWindow::closeTab(int index) {
    QWidget* tab = tabs_->widget(index);
    if (!tab) return;
    const QString conversation = conversationOf(tab);
    const bool room = qobject_cast<ConferenceWidget*>(tab) != nullptr ||
                      (qobject_cast<ChatWidget*>(tab) && qobject_cast<ChatWidget*>(tab)->isGroupchat());
    tabs_by_conversation_.remove(conversation);
    tabs_->removeTab(index);
    tab->deleteLater();
    // Leaving the room ends our chat presence there; a phone line stays up.
    if (room && context_.session->connectionState() == ConnectionState::Connected) {
        context_.session->leaveRoom(conversation);
    }
    updateActiveConversation();
}

void MainWindow::updateTabTitle(QWidget* tab) {
    const int index = tabs_->indexOf(tab);
    if (index < 0) return;
    const QString conversation = conversationOf(tab);
    QString title;
    QString tip;
    if (auto* conference = qobject_cast<ConferenceWidget*>(tab)) {
        title = conference->title();
        if (!conference->model()->active()) title += tr(" (ended)");
        tip = tr("Conference call in %1").arg(conversation);
    } else if (auto* chat = qobject_cast<ChatWidget*>(tab); chat && chat->isGroupchat()) {
        const qsizetype at = conversation.indexOf(QLatin1Char('@'));
        title = at > 0 ? conversation.left(at) : conversation;
        tip = tr("Room %1").arg(conversation);
    } else if (conversation == context_.session->bridgeJid()) {
        title = tr("Conference bridge");
        tip = conversation;
    } else {
        title = context_.roster->displayName(conversation);
        tip = conversation;
    }
    const int unread = context_.conversations->unread(conversation);
    if (unread > 0) title += QStringLiteral(" (%1)").arg(unread);
    tabs_->setTabText(index, title);
    tabs_->setTabToolTip(index, tip);
    tabs_->tabBar()->setAccessibleName(tr("Open conversations"));
}

void MainWindow::updateActiveConversation() {
    QString active;
    if (isActiveWindow() && !isMinimized()) active = conversationOf(tabs_->currentWidget());
    context_.conversations->setActive(active);
}

void MainWindow::onUnreadChanged(const QString& jid, int count) {
    context_.roster->setUnread(jid, count);
    if (QWidget* tab = tabs_by_conversation_.value(jid)) updateTabTitle(tab);
    const int total = context_.conversations->totalUnread();
    if (tray_) tray_->setToolTip(total > 0 ? tr("Confab: %n unread", nullptr, total) : tr("Confab"));
}

void MainWindow::onMessageReceived(const ChatMessage& message) {
    if (message.groupchat || message.body.isEmpty() || tabs_by_conversation_.contains(message.conversation)) return;
    // A room's invitation arrives as a message too (its body explains it for
    // plain clients); the invitation prompt covers it, so it opens no tab.
    // The check waits a turn because the invitation signal may come second.
    const QString conversation = message.conversation;
    QTimer::singleShot(0, this, [this, conversation] {
        if (prompts_->wasInvitedTo(conversation) || context_.conferences->rooms().contains(conversation)) return;
        if (!tabs_by_conversation_.contains(conversation)) openChat(conversation, false);
    });
}

void MainWindow::onNotify(const ChatMessage& message) {
    if (!tray_ || !tray_->isVisible() || !QSystemTrayIcon::supportsMessages()) return;
    // The tray shows one notification at a time: a click is about the last one.
    notified_conversation_ = message.conversation;
    notified_room_ = message.groupchat;
    const QString body = message.body.size() > 200 ? message.body.left(200) + QStringLiteral("…") : message.body;
    tray_->showMessage(message.sender_name.isEmpty() ? message.conversation : message.sender_name, body,
                       QSystemTrayIcon::Information, 5000);
}

void MainWindow::openNotifiedConversation() {
    showNormal();
    raise();
    activateWindow();
    if (notified_conversation_.isEmpty()) return;
    // What a double click in the buddy list (or a joined room) does.
    if (notified_room_) {
        openRoom(notified_conversation_, true);
    } else {
        openChat(notified_conversation_, true);
    }
}

void MainWindow::onCertificateRejected(const CertificateDetails& certificate) {
    if (certificate_dialog_) certificate_dialog_->close();
    auto* dialog = new CertificateDialog(certificate, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    certificate_dialog_ = dialog;
    connect(dialog, &CertificateDialog::chosen, this, [this, certificate](CertificateDialog::Choice choice) {
        if (choice == CertificateDialog::Choice::Cancel) {
            renderConnectionState(ConnectionState::Disconnected, tr("the server certificate was not trusted"));
            return;
        }
        if (choice == CertificateDialog::Choice::TrustAlways && context_.settings) {
            context_.settings->addTrustedFingerprint(certificate.sha256_fingerprint);
        }
        context_.session->trustCertificateAndReconnect(certificate.sha256_fingerprint);
    });
    dialog->open();
}

void MainWindow::changeEvent(QEvent* event) {
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange || event->type() == QEvent::WindowStateChange) {
        updateActiveConversation();
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QMainWindow::closeEvent(event);
    qApp->quit();
}

}  // namespace confab::client
