// ImageShare: sharing an image in a conversation, end to end:
//   prepareForUpload (scaled, re-encoded; on a worker thread through
//   QtConcurrent) -> XmppSession::requestUploadSlot (XEP-0363) ->
//   ImageTransfer::upload (HTTP PUT) -> a message with the GET URL as
//   XEP-0066 oob_url.
// Progress and errors come back as signals keyed by conversation, so the
// chat shows them inline. Lives on the GUI thread; only the preparation runs
// elsewhere, and its result comes back through a QFutureWatcher.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QString>
#include <functional>

#include "confab/client/client_context.h"
#include "confab/client/safe_image.h"

namespace confab::client {

class ImageShare : public QObject {
    Q_OBJECT
  public:
    // `context.session`, `.images` and `.conversations` are used.
    explicit ImageShare(const ClientContext& context, QObject* parent = nullptr);

    void shareImage(const QString& conversation, bool groupchat, const QImage& image,
                    const QString& file_name);
    void shareBytes(const QString& conversation, bool groupchat, const QByteArray& bytes,
                    const QString& file_name);
    void shareFile(const QString& conversation, bool groupchat, const QString& path);
    int pending() const { return static_cast<int>(uploads_.size()); }

  signals:
    void progress(const QString& conversation, const QString& text);
    void failed(const QString& conversation, const QString& error);
    void shared(const QString& conversation, const QUrl& get_url);

  private:
    struct Upload {
        QString conversation;
        bool groupchat = false;
        PreparedImage prepared;
    };
    // Runs `prepare` (decode, scale, re-encode) on the thread pool, then
    // prepared() on the GUI thread.
    void prepareInBackground(const QString& conversation, bool groupchat,
                             std::function<PreparedImage()> prepare);
    void prepared(const QString& conversation, bool groupchat, const PreparedImage& image);
    void fail(const QString& request_id, const QString& error);

    ClientContext context_;
    QHash<QString, Upload> uploads_;  // by request id
};

}  // namespace confab::client
