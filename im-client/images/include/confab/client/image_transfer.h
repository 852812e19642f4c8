// ImageTransfer: XEP-0363 uploads (HTTP PUT to the slot URL) and downloads of
// shared images, asynchronous with progress, through one
// QNetworkAccessManager. GUI thread only; decoding happens on a worker
// thread (QtConcurrent) with the limits of safe_image.h, and the results come
// back as signals on the GUI thread.
//
// Security: only http and https URLs; https is verified against the system
// store plus an optional CA file (setCaFile). Downloads stop at the limit's
// byte count, whatever Content-Length said.
#pragma once

#include <QHash>
#include <QImage>
#include <QMap>
#include <QObject>
#include <QString>
#include <QUrl>

#include "confab/client/safe_image.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace confab::client {

class ImageTransfer : public QObject {
    Q_OBJECT
  public:
    explicit ImageTransfer(QObject* parent = nullptr);
    void setCaFile(const QString& pem_path);
    void setLimits(const ImageLimits& limits) { limits_ = limits; }

    // PUTs `bytes` to `put_url` with `headers` (only the XEP-0363 allowed
    // ones: Authorization, Cookie, Expires). Emits uploadProgress, then
    // uploadFinished(request_id, get_url) or uploadFailed.
    void upload(const QString& request_id, const QUrl& put_url, const QUrl& get_url,
                const QMap<QString, QString>& headers, const QByteArray& bytes,
                const QString& content_type);

    // GETs `url` (once per URL; later calls reuse the result or the transfer
    // in progress), then decodes it on a worker thread scaled to
    // `thumbnail_dimension` for imageReady, keeping the full bytes for
    // fullImage(). Emits downloadProgress along the way.
    void fetch(const QUrl& url, int thumbnail_dimension);
    // The full-size decode of a fetched image (decoded on demand; null if the
    // download failed or was refused).
    DecodedImage fullImage(const QUrl& url) const;
    QByteArray downloadedBytes(const QUrl& url) const;

  signals:
    void uploadProgress(const QString& request_id, qint64 sent, qint64 total);
    void uploadFinished(const QString& request_id, const QUrl& get_url);
    void uploadFailed(const QString& request_id, const QString& reason);
    void downloadProgress(const QUrl& url, qint64 received, qint64 total);
    // `thumbnail` is null when it failed; `error` says why ("not an image",
    // "image too large: ...", "HTTP 404", ...).
    void imageReady(const QUrl& url, const QImage& thumbnail, const QString& error);

  private:
    QNetworkAccessManager* network_;
    ImageLimits limits_;
    QString ca_file_;
    QHash<QUrl, QByteArray> downloaded_;
    QHash<QUrl, QNetworkReply*> in_flight_;
};

}  // namespace confab::client
