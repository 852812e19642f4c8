// ChatWidget: one conversation, 1:1 or in a room: the message view, a
// "bob is typing…" line, a status line (completion candidates, upload
// progress, errors) and the input with image sharing buttons.
//
// What happens to typed text:
// - "/help" is answered here, from the shared command table (helpText()).
// - Any other "/command" in a 1:1 chat with a buddy goes to the conference
//   bridge (its reply shows in the bridge's own chat; bridgeCommandSent is
//   emitted so the window can open it). In the bridge's chat and in a room,
//   commands go to the conversation itself (the bridge reads the room).
// - Everything else is a message to the conversation.
// 1:1 chats send XEP-0085 composing/paused states while typing.
// GUI thread. Uses only the objects in ClientContext.
#pragma once

#include <QImage>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QWidget>

#include "confab/client/client_context.h"
#include "confab/client/xmpp_types.h"

class QLabel;
class QPushButton;
class QToolButton;

namespace confab::client {

class ChatInput;
class MessageListModel;
class MessageView;
class SnapshotSourceDialog;
struct SnapshotSource;

class ChatWidget : public QWidget {
    Q_OBJECT
  public:
    ChatWidget(const ClientContext& context, const QString& conversation, bool groupchat,
               QWidget* parent = nullptr);
    ~ChatWidget() override;

    QString conversation() const { return conversation_; }
    bool isGroupchat() const { return groupchat_; }
    MessageListModel* model() const { return model_; }
    MessageView* messageView() const { return view_; }
    ChatInput* input() const { return input_; }
    QString statusText() const;
    QString typingText() const;

    // Does what Enter does with `text` (see the header comment).
    void submit(const QString& text);
    void shareImage(const QImage& image, const QString& file_name = QStringLiteral("image.png"));
    void shareFile(const QString& path);
    void chooseImageFile();
    // Asks which screen or window (SnapshotSourceDialog, not modal: it
    // returns at once), then shares a PNG of it.
    void shareScreenSnapshot();
    SnapshotSourceDialog* snapshotDialog() const;  // while it is open
    void focusInput();
    // Opens a downloaded image full size (ImageViewer).
    void openImage(const QUrl& url);

  signals:
    // A slash command typed here went to the bridge (its reply arrives in
    // the bridge's conversation).
    void bridgeCommandSent(const QString& bridge_jid);

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void setStatus(const QString& text, bool error = false);
    void onTextEdited();
    void sendChatState(ChatState state);
    bool sendsChatStates() const;
    QStringList completionNames() const;
    void showLocalNotice(const QString& text);
    void shareSnapshotOf(const SnapshotSource& source);

    ClientContext context_;
    QString conversation_;
    bool groupchat_;
    MessageListModel* model_;
    MessageView* view_;
    QLabel* typing_label_;
    QLabel* status_label_;
    ChatInput* input_;
    QPushButton* send_button_;
    QToolButton* image_button_;
    QToolButton* snapshot_button_;
    QPointer<SnapshotSourceDialog> snapshot_dialog_;
    QTimer paused_timer_;
    ChatState sent_state_ = ChatState::Active;
    int local_notices_ = 0;
};

}  // namespace confab::client
