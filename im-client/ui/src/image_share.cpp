#include "confab/client/image_share.h"

#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLocale>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

#include "confab/client/image_transfer.h"
#include "confab/client/message_sender.h"
#include "confab/client/xmpp_session.h"

namespace confab::client {
namespace {

// Files above this are refused before they are read into memory.
constexpr qint64 kMaxSourceFileBytes = 64 * 1024 * 1024;

}  // namespace

ImageShare::ImageShare(const ClientContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    XmppSession* session = context_.session;
    connect(session, &XmppSession::uploadSlotReady, this,
            [this](const QString& request_id, const QUrl& put_url, const QUrl& get_url,
                   const QMap<QString, QString>& headers) {
                const auto it = uploads_.constFind(request_id);
                if (it == uploads_.constEnd()) return;
                emit progress(it->conversation, tr("Uploading %1…").arg(it->prepared.file_name));
                context_.images->upload(request_id, put_url, get_url, headers, it->prepared.bytes,
                                        it->prepared.content_type);
            });
    connect(session, &XmppSession::uploadSlotFailed, this,
            [this](const QString& request_id, const QString& reason) {
                fail(request_id, tr("The server refused the upload: %1").arg(reason));
            });
    connect(context_.images, &ImageTransfer::uploadProgress, this,
            [this](const QString& request_id, qint64 sent, qint64 total) {
                const auto it = uploads_.constFind(request_id);
                if (it == uploads_.constEnd() || total <= 0) return;
                emit progress(it->conversation, tr("Uploading %1… %2 of %3")
                                                    .arg(it->prepared.file_name,
                                                         QLocale().formattedDataSize(sent),
                                                         QLocale().formattedDataSize(total)));
            });
    connect(context_.images, &ImageTransfer::uploadFailed, this,
            [this](const QString& request_id, const QString& reason) {
                fail(request_id, tr("Upload failed: %1").arg(reason));
            });
    connect(context_.images, &ImageTransfer::uploadFinished, this,
            [this](const QString& request_id, const QUrl& get_url) {
                const auto it = uploads_.constFind(request_id);
                if (it == uploads_.constEnd()) return;
                const Upload upload = *it;
                uploads_.erase(it);
                sendAndRecord(context_, upload.conversation, upload.groupchat, QString(), get_url);
                emit shared(upload.conversation, get_url);
            });
}

void ImageShare::shareImage(const QString& conversation, bool groupchat, const QImage& image,
                            const QString& file_name) {
    prepareInBackground(conversation, groupchat, [image, file_name] { return prepareForUpload(image, file_name); });
}

void ImageShare::shareBytes(const QString& conversation, bool groupchat, const QByteArray& bytes,
                            const QString& file_name) {
    prepareInBackground(conversation, groupchat, [bytes, file_name] { return prepareForUpload(bytes, file_name); });
}

void ImageShare::prepareInBackground(const QString& conversation, bool groupchat,
                                     std::function<PreparedImage()> prepare) {
    emit progress(conversation, tr("Preparing the image…"));
    auto* watcher = new QFutureWatcher<PreparedImage>(this);
    connect(watcher, &QFutureWatcher<PreparedImage>::finished, this,
            [this, watcher, conversation, groupchat] {
                prepared(conversation, groupchat, watcher->result());
                watcher->deleteLater();
            });
    watcher->setFuture(QtConcurrent::run(std::move(prepare)));
}

void ImageShare::shareFile(const QString& conversation, bool groupchat, const QString& path) {
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (file.size() > kMaxSourceFileBytes) {
        emit failed(conversation, tr("%1 is too large to share (%2).")
                                      .arg(name, QLocale().formattedDataSize(file.size())));
        return;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        emit failed(conversation, tr("Could not read %1: %2").arg(name, file.errorString()));
        return;
    }
    shareBytes(conversation, groupchat, file.readAll(), name);
}

void ImageShare::prepared(const QString& conversation, bool groupchat, const PreparedImage& image) {
    if (!image.error.isEmpty() || image.bytes.isEmpty()) {
        emit failed(conversation, tr("Cannot share this image: %1")
                                      .arg(image.error.isEmpty() ? tr("empty image") : image.error));
        return;
    }
    XmppSession* session = context_.session;
    if (session->connectionState() != ConnectionState::Connected) {
        emit failed(conversation, tr("Cannot share the image while offline."));
        return;
    }
    if (session->uploadService().isEmpty()) {
        emit failed(conversation, tr("The server offers no file upload service (XEP-0363)."));
        return;
    }
    if (session->uploadMaxBytes() > 0 && image.bytes.size() > session->uploadMaxBytes()) {
        emit failed(conversation, tr("The image is %1; the server accepts at most %2.")
                                      .arg(QLocale().formattedDataSize(image.bytes.size()),
                                           QLocale().formattedDataSize(session->uploadMaxBytes())));
        return;
    }
    const QString request_id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    uploads_.insert(request_id, Upload{conversation, groupchat, image});
    emit progress(conversation, tr("Asking the server for an upload slot…"));
    session->requestUploadSlot(request_id, image.file_name, image.bytes.size(), image.content_type);
}

void ImageShare::fail(const QString& request_id, const QString& error) {
    const auto it = uploads_.constFind(request_id);
    if (it == uploads_.constEnd()) return;
    const QString conversation = it->conversation;
    uploads_.erase(it);
    emit failed(conversation, error);
}

}  // namespace confab::client
