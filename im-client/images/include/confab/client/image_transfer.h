// ImageTransfer: XEP-0363 uploads (HTTP PUT to the slot URL) and downloads of
// shared images, asynchronous with progress, through one
// QNetworkAccessManager. GUI thread only; decoding happens on a worker
// thread (QtConcurrent) with the limits of safe_image.h, and the results come
// back as signals on the GUI thread. Every signal is emitted from the event
// loop, never from inside the call that caused it (even refusals that are
// known at once), so callers may connect after calling.
//
// Security: only http and https URLs; https is verified against the system
// store plus an optional CA file (setCaFile), and TLS errors are never
// ignored. Redirects are followed (at most 5) only to http/https and never
// from https down to http. Downloads stop at limits.max_encoded_bytes
// received, whatever Content-Length said (a lying or missing Content-Length
// cannot make us buffer more).
#pragma once

#include <QHash>
#include <QImage>
#include <QList>
#include <QMap>
#include <QNetworkRequest>
#include <QObject>
#include <QSslConfiguration>
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
    ~ImageTransfer() override;  // aborts transfers in flight without signals

    // Adds the CAs of a PEM file to the system store for https transfers.
    // A file without certificates is logged and changes nothing.
    void setCaFile(const QString& pem_path);
    void setLimits(const ImageLimits& limits) { limits_ = limits; }
    const ImageLimits& limits() const { return limits_; }
    // Bytes of downloaded images kept for fullImage(); the oldest go first.
    void setKeptBytesBudget(qint64 bytes) { kept_bytes_budget_ = bytes; }

    // PUTs `bytes` to `put_url` with `headers` (only the XEP-0363 allowed
    // ones: Authorization, Cookie, Expires; others are dropped, newlines in
    // values removed). Emits uploadProgress, then uploadFinished(request_id,
    // get_url) or uploadFailed(request_id, reason) with reasons such as
    // "HTTP 413 Payload Too Large" or "unsupported URL scheme".
    void upload(const QString& request_id, const QUrl& put_url, const QUrl& get_url,
                const QMap<QString, QString>& headers, const QByteArray& bytes,
                const QString& content_type);

    // GETs `url` (once per URL; later calls reuse the result or the transfer
    // in progress), then decodes it on a worker thread scaled to
    // `thumbnail_dimension` for imageReady, keeping the full bytes for
    // fullImage(). Emits downloadProgress along the way. A call while the
    // same URL is in flight gets the thumbnail size of the first call; a
    // later call with another size decodes the kept bytes again. Transport
    // failures (no HTTP answer) are not cached: fetching again retries.
    void fetch(const QUrl& url, int thumbnail_dimension);
    // The full-size decode of a fetched image (decoded on demand, on the
    // calling thread; null with the error if the download failed, was
    // refused, or its bytes left the budget).
    DecodedImage fullImage(const QUrl& url) const;
    QByteArray downloadedBytes(const QUrl& url) const;

  signals:
    void uploadProgress(const QString& request_id, qint64 sent, qint64 total);
    void uploadFinished(const QString& request_id, const QUrl& get_url);
    void uploadFailed(const QString& request_id, const QString& reason);
    void downloadProgress(const QUrl& url, qint64 received, qint64 total);
    // `thumbnail` is null when it failed; `error` says why ("not an image",
    // "image too large: ...", "HTTP 404 Not Found", "file too large: more
    // than 20 MB (limit 20 MB)", "unsupported URL scheme", ...).
    void imageReady(const QUrl& url, const QImage& thumbnail, const QString& error);

  private:
    struct Download {
        QNetworkReply* reply = nullptr;
        QByteArray received;
        int thumbnail_dimension = 0;
        int redirects = 0;
        QString refusal;  // set when we aborted it ourselves
    };
    struct Thumbnail {
        QImage image;
        QString error;
        int dimension = 0;
    };

    QNetworkRequest requestFor(const QUrl& url) const;
    void startDownload(const QUrl& url, int thumbnail_dimension);
    void readDownload(const QUrl& url);
    void refuseDownload(const QUrl& url, const QString& reason);
    void finishDownload(const QUrl& url);
    void decodeThumbnail(const QUrl& url, const QByteArray& bytes, int thumbnail_dimension);
    void publish(const QUrl& url, const Thumbnail& thumbnail);
    void publishLater(const QUrl& url, const QImage& image, const QString& error);
    void keepBytes(const QUrl& url, const QByteArray& bytes);

    QNetworkAccessManager* network_;
    ImageLimits limits_;
    QSslConfiguration tls_;
    qint64 kept_bytes_budget_ = 200 * 1024 * 1024;
    qint64 kept_bytes_ = 0;
    QHash<QUrl, QByteArray> downloaded_;
    QList<QUrl> downloaded_order_;  // oldest first, for the budget
    QHash<QUrl, Download> in_flight_;
    QHash<QNetworkReply*, QString> uploads_;  // reply -> request id
    QHash<QUrl, int> decoding_;  // URL -> thumbnail dimension being decoded
    QHash<QUrl, Thumbnail> thumbnails_;  // finished results, errors included
};

}  // namespace confab::client
