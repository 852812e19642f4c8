// MessageView: the messages of one MessageListModel as rich text in a
// QTextBrowser. Bodies are plain text: escaped with toHtmlEscaped, and only
// http(s) URLs become links (opened with QDesktopServices). Each message
// shows its sender, time and delivery tick (✓ sent, ✓✓ delivered, ✗ failed).
// A message whose oob_url is an image gets an inline thumbnail fetched
// through ImageTransfer: "Downloading…" while it loads, a framed placeholder
// with the reason when it was refused, and a click opens it full size.
// New rows are appended to the document; other changes rebuild it once per
// event-loop turn. GUI thread.
#pragma once

#include <QHash>
#include <QImage>
#include <QString>
#include <QTextBrowser>
#include <QUrl>

namespace confab::client {

class ImageTransfer;
class MessageListModel;

class MessageView : public QTextBrowser {
    Q_OBJECT
  public:
    MessageView(MessageListModel* model, ImageTransfer* images, QWidget* parent = nullptr);

    MessageListModel* model() const { return model_; }
    // Plain text of everything shown (tests, accessibility).
    QString transcript() const { return toPlainText(); }
    // What the view knows about an inline image ("" when it is not in the view).
    enum class ImageState { Unknown, Loading, Ready, Failed };
    ImageState imageState(const QUrl& url) const;
    QString imageError(const QUrl& url) const;

    // "Plain text with https://links" -> escaped HTML with <a> for http(s) URLs.
    static QString linkify(const QString& text);

  signals:
    void imageActivated(const QUrl& url);

  protected:
    void resizeEvent(QResizeEvent* event) override;
    // Only our own thumbnails: message text can never make the view load a
    // file or a remote resource.
    QVariant loadResource(int type, const QUrl& name) override;

  private:
    struct InlineImage {
        ImageState state = ImageState::Loading;
        QString progress;
        QString error;
        QImage thumbnail;
        int index = 0;  // names the document resource and the link
    };
    QString messageHtml(int row);
    QString imageHtml(const QUrl& url);
    void appendRows(int first, int last);
    void scheduleRebuild();
    void rebuild();
    void openLink(const QUrl& link);
    int thumbnailWidth() const;  // logical pixels

    MessageListModel* model_;
    ImageTransfer* images_;
    QHash<QUrl, InlineImage> inline_images_;
    QList<QUrl> image_by_index_;
    bool rebuild_pending_ = false;
};

}  // namespace confab::client
