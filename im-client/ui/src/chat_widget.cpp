#include "confab/client/chat_widget.h"

#include <QDateTime>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QScreen>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>

#include "confab/client/chat_input.h"
#include "confab/client/command_completer.h"
#include "confab/client/conference_model.h"
#include "confab/client/conversation_model.h"
#include "confab/client/desktop_windows.h"
#include "confab/client/image_share.h"
#include "confab/client/image_transfer.h"
#include "confab/client/image_viewer.h"
#include "confab/client/message_sender.h"
#include "confab/client/message_view.h"
#include "confab/client/roster_model.h"
#include "confab/client/snapshot_source_dialog.h"
#include "confab/client/xmpp_session.h"

namespace confab::client {
namespace {

// XEP-0085 suggests "paused" after a few seconds without typing.
constexpr int kPausedAfterMs = 5000;
// How long a snapshot waits after its chooser closed: enough for the
// windows under it to repaint, even with a compositor's fade-out.
constexpr int kSnapshotSettleMs = 300;

bool isHelpCommand(const QString& text) {
    const QString trimmed = text.trimmed();
    return trimmed.compare(QLatin1String("/help"), Qt::CaseInsensitive) == 0 ||
           trimmed.startsWith(QLatin1String("/help "), Qt::CaseInsensitive);
}

}  // namespace

ChatWidget::ChatWidget(const ClientContext& context, const QString& conversation, bool groupchat,
                       QWidget* parent)
    : QWidget(parent),
      context_(context),
      conversation_(conversation),
      groupchat_(groupchat),
      model_(context.conversations->conversation(conversation)),
      view_(new MessageView(model_, context.images, this)),
      typing_label_(new QLabel(this)),
      status_label_(new QLabel(this)),
      input_(new ChatInput(this)),
      send_button_(new QPushButton(tr("Send"), this)),
      image_button_(new QToolButton(this)),
      snapshot_button_(new QToolButton(this)) {
    setAcceptDrops(true);
    setAccessibleName(groupchat ? tr("Room chat %1").arg(conversation) : tr("Chat with %1").arg(conversation));

    QFont italic = typing_label_->font();
    italic.setItalic(true);
    typing_label_->setFont(italic);
    typing_label_->setAccessibleName(tr("Typing notification"));
    typing_label_->setMinimumHeight(typing_label_->fontMetrics().height());
    status_label_->setWordWrap(true);
    status_label_->setTextFormat(Qt::PlainText);
    status_label_->setAccessibleName(tr("Chat status"));
    status_label_->hide();

    send_button_->setAccessibleName(tr("Send message"));
    send_button_->setToolTip(tr("Send (Enter)"));
    image_button_->setText(tr("Image…"));
    image_button_->setToolTip(tr("Share an image file"));
    image_button_->setAccessibleName(tr("Share an image file"));
    snapshot_button_->setText(tr("Share screen snapshot"));
    snapshot_button_->setToolTip(tr("Take a picture of a screen or a window and share it here"));
    snapshot_button_->setAccessibleName(tr("Share screen snapshot"));
    input_->setNameSource([this] { return completionNames(); });

    auto* tools = new QHBoxLayout;
    tools->setContentsMargins(0, 0, 0, 0);
    tools->addWidget(typing_label_, 1);
    tools->addWidget(image_button_);
    tools->addWidget(snapshot_button_);
    auto* input_row = new QHBoxLayout;
    input_row->addWidget(input_, 1);
    input_row->addWidget(send_button_, 0, Qt::AlignBottom);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(view_, 1);
    layout->addWidget(status_label_);
    layout->addLayout(tools);
    layout->addLayout(input_row);
    setTabOrder(input_, send_button_);
    setTabOrder(send_button_, image_button_);
    setTabOrder(image_button_, snapshot_button_);
    setTabOrder(snapshot_button_, view_);

    connect(input_, &ChatInput::submitted, this, &ChatWidget::submit);
    connect(send_button_, &QPushButton::clicked, this, [this] {
        const QString text = input_->toPlainText();
        input_->clear();
        submit(text);
        input_->setFocus();
    });
    connect(input_, &ChatInput::completionCandidates, this, [this](const QStringList& candidates) {
        setStatus(candidates.isEmpty() ? QString() : tr("Matches: %1").arg(candidates.join(QStringLiteral(", "))));
    });
    connect(input_, &ChatInput::imagePasted, this, [this](const QImage& image) { shareImage(image); });
    connect(input_, &ChatInput::imageFilesDropped, this, [this](const QStringList& paths) {
        for (const QString& path : paths) shareFile(path);
    });
    connect(input_, &QPlainTextEdit::textChanged, this, &ChatWidget::onTextEdited);
    connect(image_button_, &QToolButton::clicked, this, &ChatWidget::chooseImageFile);
    connect(snapshot_button_, &QToolButton::clicked, this, &ChatWidget::shareScreenSnapshot);
    connect(view_, &MessageView::imageActivated, this, &ChatWidget::openImage);

    paused_timer_.setSingleShot(true);
    paused_timer_.setInterval(kPausedAfterMs);
    connect(&paused_timer_, &QTimer::timeout, this, [this] { sendChatState(ChatState::Paused); });

    if (!groupchat_) {
        connect(context_.session, &XmppSession::chatStateChanged, this, [this](const QString& jid, ChatState state) {
            if (bareJid(jid) != conversation_) return;
            const QString name = context_.roster ? context_.roster->displayName(conversation_) : conversation_;
            typing_label_->setText(state == ChatState::Composing ? tr("%1 is typing…").arg(name) : QString());
        });
        // A message that arrives ends "is typing".
        connect(model_, &QAbstractItemModel::rowsInserted, this, [this] { typing_label_->clear(); });
    }
    if (context_.image_share) {
        connect(context_.image_share, &ImageShare::progress, this, [this](const QString& jid, const QString& text) {
            if (jid == conversation_) setStatus(text);
        });
        connect(context_.image_share, &ImageShare::failed, this, [this](const QString& jid, const QString& error) {
            if (jid == conversation_) setStatus(error, true);
        });
        connect(context_.image_share, &ImageShare::shared, this, [this](const QString& jid, const QUrl&) {
            if (jid == conversation_) setStatus({});
        });
    }
}

ChatWidget::~ChatWidget() {
    if (sent_state_ == ChatState::Composing) sendChatState(ChatState::Paused);
}

QString ChatWidget::statusText() const { return status_label_->isHidden() ? QString() : status_label_->text(); }

QString ChatWidget::typingText() const { return typing_label_->text(); }

void ChatWidget::focusInput() { input_->setFocus(); }

void ChatWidget::setStatus(const QString& text, bool error) {
    status_label_->setText(text);
    status_label_->setStyleSheet(error ? QStringLiteral("color: #b00020") : QString());
    status_label_->setVisible(!text.isEmpty());
}

void ChatWidget::showLocalNotice(const QString& text) {
    ChatMessage notice;
    notice.id = QStringLiteral("local-%1").arg(++local_notices_);
    notice.conversation = conversation_;
    notice.from = QStringLiteral("confab");
    notice.sender_name = tr("Confab help");
    notice.body = text;
    notice.timestamp = QDateTime::currentDateTimeUtc();
    // Shown in this view only: not sent, not stored in the history.
    model_->append(notice);
}

void ChatWidget::submit(const QString& raw_text) {
    const QString text = raw_text.trimmed().isEmpty() ? QString() : raw_text;
    if (text.isEmpty()) return;
    paused_timer_.stop();
    sent_state_ = ChatState::Active;  // the message itself carries <active/>
    if (isHelpCommand(text)) {
        showLocalNotice(helpText());
        setStatus({});
        return;
    }
    XmppSession* session = context_.session;
    if (session->connectionState() != ConnectionState::Connected) {
        setStatus(tr("Not connected; the message was not sent."), true);
        input_->setPlainText(text);
        return;
    }
    const QString bridge = session->bridgeJid();
    const bool is_command = text.trimmed().startsWith(QLatin1Char('/'));
    if (is_command && !groupchat_ && conversation_ != bridge) {
        if (bridge.isEmpty()) {
            setStatus(tr("No conference bridge is known on this server, so commands cannot be sent."), true);
            input_->setPlainText(text);
            return;
        }
        sendAndRecord(context_, bridge, false, text.trimmed());
        setStatus(tr("Sent to the conference bridge; its answer is in the bridge's chat."));
        emit bridgeCommandSent(bridge);
        return;
    }
    sendAndRecord(context_, conversation_, groupchat_, text);
    setStatus({});
}

bool ChatWidget::sendsChatStates() const {
    return !groupchat_ && conversation_ != context_.session->bridgeJid() &&
           context_.session->connectionState() == ConnectionState::Connected;
}

void ChatWidget::sendChatState(ChatState state) {
    if (state == sent_state_ || !sendsChatStates()) return;
    sent_state_ = state;
    context_.session->sendChatState(conversation_, state);
}

void ChatWidget::onTextEdited() {
    if (input_->toPlainText().isEmpty()) {
        paused_timer_.stop();
        if (sent_state_ == ChatState::Composing) sendChatState(ChatState::Active);
        return;
    }
    sendChatState(ChatState::Composing);
    paused_timer_.start();
}

QStringList ChatWidget::completionNames() const {
    QStringList names;
    if (context_.roster) {
        const RosterModel* roster = context_.roster;
        for (int group = 0; group < roster->rowCount(); ++group) {
            const QModelIndex group_index = roster->index(group, 0);
            for (int row = 0; row < roster->rowCount(group_index); ++row) {
                const QString jid = roster->index(row, 0, group_index).data(RosterModel::JidRole).toString();
                if (jid.isEmpty()) continue;
                names << jid;
                const RosterContact* contact = roster->contact(jid);
                if (contact && !contact->name.isEmpty()) names << contact->name;
            }
        }
    }
    if (groupchat_ && context_.conferences && context_.conferences->isConferenceRoom(conversation_)) {
        for (const Participant& participant : context_.conferences->conference(conversation_)->participants()) {
            if (!participant.nick.isEmpty()) names << participant.nick;
            if (!participant.number.isEmpty()) names << participant.number;
        }
    }
    names.removeDuplicates();
    return names;
}

void ChatWidget::shareImage(const QImage& image, const QString& file_name) {
    if (!context_.image_share) return;
    context_.image_share->shareImage(conversation_, groupchat_, image, file_name);
}

void ChatWidget::shareFile(const QString& path) {
    if (!context_.image_share) return;
    context_.image_share->shareFile(conversation_, groupchat_, path);
}

void ChatWidget::chooseImageFile() {
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QString path = QFileDialog::getOpenFileName(this, tr("Share an image"), folder,
                                                      tr("Images (*.png *.jpg *.jpeg *.gif *.webp *.bmp)"));
    if (!path.isEmpty()) shareFile(path);
}

void ChatWidget::shareScreenSnapshot() {
    if (snapshot_dialog_) {
        snapshot_dialog_->raise();
        snapshot_dialog_->activateWindow();
        return;
    }
    const QList<QScreen*> screens = QGuiApplication::screens();
    const QList<DesktopWindow> windows = desktopWindows();
    if (screens.isEmpty() && windows.isEmpty()) {
        setStatus(tr("Could not take a screen snapshot on this display."), true);
        return;
    }
    auto* dialog = new SnapshotSourceDialog(screens, windows, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    snapshot_dialog_ = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const SnapshotSource source = dialog->selectedSource();
        // The dialog has only just been hidden: give the windows it covered
        // (other programs' too) time to repaint, or it would be in the picture.
        QTimer::singleShot(kSnapshotSettleMs, this, [this, source] { shareSnapshotOf(source); });
    });
    dialog->open();
}

SnapshotSourceDialog* ChatWidget::snapshotDialog() const { return snapshot_dialog_.data(); }

void ChatWidget::shareSnapshotOf(const SnapshotSource& source) {
    const QImage snapshot = SnapshotSourceDialog::grab(source);
    if (snapshot.isNull()) {
        setStatus(source.kind == SnapshotSource::Kind::Window
                      ? tr("Could not take a snapshot of the window \u201c%1\u201d; was it closed?").arg(source.title)
                      : tr("Could not take a screen snapshot on this display."),
                  true);
        return;
    }
    const QString name = QStringLiteral("screenshot-%1.png")
                             .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    shareImage(snapshot, name);
}

void ChatWidget::openImage(const QUrl& url) {
    if (!context_.images) return;
    const DecodedImage full = context_.images->fullImage(url);
    if (!full.ok()) {
        setStatus(tr("Cannot open the image: %1").arg(full.error), true);
        return;
    }
    auto* viewer = new ImageViewer(full.image, context_.images->downloadedBytes(url), url.fileName(), window());
    viewer->setWindowFlag(Qt::Window);
    viewer->show();
}

void ChatWidget::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasImage() || !imageFilesIn(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
        return;
    }
    QWidget::dragEnterEvent(event);
}

void ChatWidget::dropEvent(QDropEvent* event) {
    const QStringList files = imageFilesIn(event->mimeData());
    if (!files.isEmpty()) {
        for (const QString& path : files) shareFile(path);
        event->acceptProposedAction();
        return;
    }
    if (event->mimeData()->hasImage()) {
        shareImage(qvariant_cast<QImage>(event->mimeData()->imageData()));
        event->acceptProposedAction();
    }
}

}  // namespace confab::client
