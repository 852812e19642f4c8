#include "confab/client/image_transfer.h"

#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QtConcurrent/QtConcurrentRun>

namespace confab::client {
namespace {

constexpr int kMaxRedirects = 5;
constexpr int kTransferTimeoutMs = 30'000;  // no byte for this long: give up

bool isHttpScheme(const QUrl& url) {
    return url.isValid() && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}


QString tooLargeDownload(qint64 limit) {
    return QStringLiteral("file too large: more than %1 (limit %1)").arg(describeByteLimit(limit));
}

// "HTTP 404 Not Found", or an empty string when no HTTP answer came.
QString httpStatusText(QNetworkReply* reply) {
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        return {};
    }
    const QString phrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().trimmed();
    return phrase.isEmpty() ? QStringLiteral("HTTP %1").arg(status.toInt())
                            : QStringLiteral("HTTP %1 %2").arg(status.toInt()).arg(phrase);
}

bool isSuccessStatus(QNetworkReply* reply) {
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return status >= 200 && status < 300;
}

// Why a transfer failed: the HTTP status when the server said no ("HTTP 404
// Not Found"), otherwise Qt's description of the transport failure
// (refused connection, TLS, too many redirects) after `prefix`. Sets
// `from_server` when the answer was an HTTP status (worth caching).
QString failureReason(QNetworkReply* reply, const QString& prefix, bool* from_server) {
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool transport_error = reply->error() != QNetworkReply::NoError;
    // A 3xx with a transport error is a redirect we did not follow (too
    // many, refused): the transport error says more than the status.
    *from_server = status >= 400 || (!transport_error && status >= 300);
    if (*from_server) {
        return httpStatusText(reply);
    }
    if (!transport_error) {
        return prefix + QStringLiteral("no final HTTP answer (status %1)").arg(status);
    }
    return prefix + reply->errorString();
}

// The XEP-0363 slot may only ask for these request headers.
bool isAllowedUploadHeader(const QString& name) {
    for (const char* allowed : {"Authorization", "Cookie", "Expires"}) {
        if (name.compare(QLatin1String(allowed), Qt::CaseInsensitive) == 0) {
            return true;
        }
    }
    return false;
}

}  // namespace

ImageTransfer::ImageTransfer(QObject* parent)
    : QObject(parent),
      network_(new QNetworkAccessManager(this)),
      tls_(QSslConfiguration::defaultConfiguration()) {}

ImageTransfer::~ImageTransfer() {
    // Replies die with network_; make sure none of them calls back into a
    // half-destroyed object first.
    for (const Download& download : std::as_const(in_flight_)) {
        download.reply->disconnect(this);
        download.reply->abort();
    }
    for (auto it = uploads_.cbegin(); it != uploads_.cend(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
    }
}

void ImageTransfer::setCaFile(const QString& pem_path) {
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(pem_path, QSsl::Pem);
    if (certificates.isEmpty()) {
        qWarning("ImageTransfer: no certificate in CA file %s", qPrintable(pem_path));
        return;
    }
    tls_.addCaCertificates(certificates);
}

QNetworkRequest ImageTransfer::requestFor(const QUrl& url) const {
    QNetworkRequest request(url);
    request.setSslConfiguration(tls_);
    request.setTransferTimeout(kTransferTimeoutMs);
    request.setMaximumRedirectsAllowed(kMaxRedirects);
    return request;
}

void ImageTransfer::upload(const QString& request_id, const QUrl& put_url, const QUrl& get_url,
                           const QMap<QString, QString>& headers, const QByteArray& bytes,
                           const QString& content_type) {
    if (!isHttpScheme(put_url)) {
        QMetaObject::invokeMethod(
            this, [this, request_id] { emit uploadFailed(request_id, QStringLiteral("unsupported URL scheme")); },
            Qt::QueuedConnection);
        return;
    }
    QNetworkRequest request = requestFor(put_url);
    // A redirected PUT would have to send the body again to a place the slot
    // did not name; treat a redirect as a failure instead.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader, content_type);
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        if (isAllowedUploadHeader(it.key())) {
            QString value = it.value();
            value.remove(QLatin1Char('\r')).remove(QLatin1Char('\n'));
            request.setRawHeader(it.key().toLatin1(), value.toUtf8());
        }
    }
    QNetworkReply* reply = network_->put(request, bytes);
    uploads_.insert(reply, request_id);
    connect(reply, &QNetworkReply::uploadProgress, this, [this, request_id](qint64 sent, qint64 total) {
        emit uploadProgress(request_id, sent, total);
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, request_id, get_url] {
        uploads_.remove(reply);
        reply->deleteLater();
        if (reply->error() == QNetworkReply::NoError && isSuccessStatus(reply)) {
            emit uploadFinished(request_id, get_url);
            return;
        }
        bool from_server = false;
        emit uploadFailed(request_id, failureReason(reply, QStringLiteral("upload failed: "), &from_server));
    });
}

void ImageTransfer::fetch(const QUrl& url, int thumbnail_dimension) {
    if (!isHttpScheme(url)) {
        publishLater(url, {}, QStringLiteral("unsupported URL scheme"));
        return;
    }
    if (in_flight_.contains(url) || decoding_.contains(url)) {
        return;  // imageReady follows when that one is done
    }
    const auto cached = thumbnails_.constFind(url);
    if (cached != thumbnails_.cend()) {
        if (cached->image.isNull() || cached->dimension == thumbnail_dimension) {
            publishLater(url, cached->image, cached->error);
            return;
        }
        const auto bytes = downloaded_.constFind(url);
        if (bytes != downloaded_.cend()) {
            decodeThumbnail(url, *bytes, thumbnail_dimension);
            return;
        }
    }
    startDownload(url, thumbnail_dimension);
}

void ImageTransfer::startDownload(const QUrl& url, int thumbnail_dimension) {
    QNetworkRequest request = requestFor(url);
    // Not UserVerifiedRedirectPolicy: in Qt 6.4 it re-sends requests and ends
    // a redirect chain with status 100 and no error.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setRawHeader("Accept", "image/*");
    QNetworkReply* reply = network_->get(request);
    Download& download = in_flight_[url];
    download.reply = reply;
    download.thumbnail_dimension = thumbnail_dimension;

    connect(reply, &QNetworkReply::downloadProgress, this,
            [this, url](qint64 received, qint64 total) { emit downloadProgress(url, received, total); });
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, url, reply] {
        // An honest Content-Length over the limit ends it before the body.
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > limits_.max_encoded_bytes) {
            refuseDownload(url, tooLargeDownload(limits_.max_encoded_bytes));
        }
    });
    connect(reply, &QNetworkReply::redirected, this, [this, url, reply](const QUrl& target) {
        // Qt's NoLessSafeRedirectPolicy already follows only http(s), never
        // https -> http, at most kMaxRedirects times. Checked again here so
        // the rule does not hang on one Qt setting.
        const auto it = in_flight_.find(url);
        if (it == in_flight_.end()) {
            return;
        }
        const bool downgrade = reply->url().scheme() == QLatin1String("https") &&
                               target.scheme() != QLatin1String("https");
        if (++it->redirects > kMaxRedirects) {
            refuseDownload(url, QStringLiteral("too many redirects"));
        } else if (!isHttpScheme(target)) {
            refuseDownload(url, QStringLiteral("redirect to an unsupported URL scheme"));
        } else if (downgrade) {
            refuseDownload(url, QStringLiteral("redirect from https to http refused"));
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, url] { readDownload(url); });
    connect(reply, &QNetworkReply::finished, this, [this, url] { finishDownload(url); });
}

void ImageTransfer::readDownload(const QUrl& url) {
    const auto it = in_flight_.find(url);
    if (it == in_flight_.end() || !it->refusal.isEmpty()) {
        return;
    }
    // Drained on every readyRead, so Qt's own buffer never grows past one
    // network read and the cap below holds whatever the server claims.
    it->received += it->reply->readAll();
    if (it->received.size() > limits_.max_encoded_bytes) {
        refuseDownload(url, tooLargeDownload(limits_.max_encoded_bytes));
    }
}

void ImageTransfer::refuseDownload(const QUrl& url, const QString& reason) {
    const auto it = in_flight_.find(url);
    if (it == in_flight_.end() || !it->refusal.isEmpty()) {
        return;
    }
    it->refusal = reason;
    it->received.clear();
    // abort() emits finished() before it returns, which erases the entry:
    // nothing may touch `it` after this line.
    it->reply->abort();
}

void ImageTransfer::finishDownload(const QUrl& url) {
    const auto it = in_flight_.find(url);
    if (it == in_flight_.end()) {
        return;
    }
    Download download = std::move(*it);
    in_flight_.erase(it);
    QNetworkReply* reply = download.reply;
    reply->disconnect(this);
    reply->deleteLater();

    Thumbnail failed;
    failed.dimension = download.thumbnail_dimension;
    if (!download.refusal.isEmpty()) {
        failed.error = download.refusal;
        publish(url, failed);
        return;
    }
    if (reply->error() == QNetworkReply::NoError) {
        download.received += reply->readAll();
        if (download.received.size() > limits_.max_encoded_bytes) {
            failed.error = tooLargeDownload(limits_.max_encoded_bytes);
            publish(url, failed);
            return;
        }
    }
    if (reply->error() != QNetworkReply::NoError || !isSuccessStatus(reply)) {
        bool from_server = false;
        failed.error = failureReason(reply, QStringLiteral("download failed: "), &from_server);
        if (from_server) {
            publish(url, failed);
        } else {
            // Refused connection, timeout, TLS: not cached, so a later fetch
            // tries again.
            emit imageReady(url, {}, failed.error);
        }
        return;
    }
    keepBytes(url, download.received);
    decodeThumbnail(url, download.received, download.thumbnail_dimension);
}

void ImageTransfer::decodeThumbnail(const QUrl& url, const QByteArray& bytes, int thumbnail_dimension) {
    decoding_.insert(url, thumbnail_dimension);
    auto* watcher = new QFutureWatcher<DecodedImage>(this);
    connect(watcher, &QFutureWatcher<DecodedImage>::finished, this, [this, watcher, url, thumbnail_dimension] {
        const DecodedImage decoded = watcher->result();
        watcher->deleteLater();
        decoding_.remove(url);
        Thumbnail thumbnail;
        thumbnail.image = decoded.image;
        thumbnail.error = decoded.error;
        thumbnail.dimension = thumbnail_dimension;
        publish(url, thumbnail);
    });
    // The task owns copies (implicitly shared) of everything it reads, so it
    // may outlive this object.
    const ImageLimits limits = limits_;
    watcher->setFuture(QtConcurrent::run(
        [bytes, limits, thumbnail_dimension] { return decodeImage(bytes, limits, thumbnail_dimension); }));
}

void ImageTransfer::publish(const QUrl& url, const Thumbnail& thumbnail) {
    thumbnails_.insert(url, thumbnail);
    emit imageReady(url, thumbnail.image, thumbnail.error);
}

void ImageTransfer::publishLater(const QUrl& url, const QImage& image, const QString& error) {
    QMetaObject::invokeMethod(
        this, [this, url, image, error] { emit imageReady(url, image, error); }, Qt::QueuedConnection);
}

void ImageTransfer::keepBytes(const QUrl& url, const QByteArray& bytes) {
    if (downloaded_.contains(url)) {
        kept_bytes_ -= downloaded_.value(url).size();
        downloaded_order_.removeOne(url);
    }
    downloaded_.insert(url, bytes);
    downloaded_order_.append(url);
    kept_bytes_ += bytes.size();
    while (kept_bytes_ > kept_bytes_budget_ && downloaded_order_.size() > 1) {
        const QUrl oldest = downloaded_order_.takeFirst();
        kept_bytes_ -= downloaded_.take(oldest).size();
    }
}

DecodedImage ImageTransfer::fullImage(const QUrl& url) const {
    const auto bytes = downloaded_.constFind(url);
    if (bytes != downloaded_.cend()) {
        return decodeImage(*bytes, limits_, 0);
    }
    DecodedImage missing;
    const auto thumbnail = thumbnails_.constFind(url);
    missing.error = thumbnail != thumbnails_.cend() && !thumbnail->error.isEmpty()
                        ? thumbnail->error
                        : QStringLiteral("not downloaded");
    return missing;
}

QByteArray ImageTransfer::downloadedBytes(const QUrl& url) const {
    return downloaded_.value(url);
}

}  // namespace confab::client
