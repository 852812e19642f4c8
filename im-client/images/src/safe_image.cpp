#include "confab/client/safe_image.h"

#include <QBuffer>
#include <QImageReader>
#include <mutex>

#include "image_sniffing.h"

namespace confab::client {
namespace {

using detail::SniffedFormat;

// 40 megapixels (the default max_pixels) at 8 bytes per pixel (16-bit PNGs
// decode to RGBA64), rounded up.
constexpr int kAllocationLimitMb = 320;

void raiseAllocationLimitOnce() {
    // Process-wide and read by plugins on any thread, so it is written once,
    // before our first decode, and never again.
    static std::once_flag once;
    std::call_once(once, [] {
        if (QImageReader::allocationLimit() < kAllocationLimitMb) {
            QImageReader::setAllocationLimit(kAllocationLimitMb);
        }
    });
}

QString describeBytes(qint64 bytes) {
    constexpr qint64 kMegabyte = 1024 * 1024;
    if (bytes >= kMegabyte) {
        // Whole megabytes, rounded so that "over the limit" never prints as equal.
        return QStringLiteral("%1 MB").arg((bytes + kMegabyte - 1) / kMegabyte);
    }
    if (bytes >= 1024) {
        return QStringLiteral("%1 KB").arg((bytes + 1023) / 1024);
    }
    return QStringLiteral("%1 bytes").arg(bytes);
}


QString describePixelLimit(qint64 pixels) {
    if (pixels >= 1'000'000 && pixels % 1'000'000 == 0) {
        return QStringLiteral("%1 megapixels").arg(pixels / 1'000'000);
    }
    return QStringLiteral("%1 pixels").arg(pixels);
}

DecodedImage refuse(QString error, QByteArray format = {}, QSize original_size = {}) {
    DecodedImage result;
    result.error = std::move(error);
    result.format = std::move(format);
    result.original_size = original_size;
    return result;
}

// The size the image has once EXIF orientation is applied.
QSize uprightSize(QSize stored, QImageIOHandler::Transformations transformation) {
    return transformation.testFlag(QImageIOHandler::TransformationRotate90) ? stored.transposed()
                                                                           : stored;
}

QString sizeRefusal(QSize size, const ImageLimits& limits) {
    if (size.width() > limits.max_width || size.height() > limits.max_height) {
        return QStringLiteral("image too large: %1 x %2 pixels (limit %3 x %4)")
            .arg(size.width())
            .arg(size.height())
            .arg(limits.max_width)
            .arg(limits.max_height);
    }
    if (static_cast<qint64>(size.width()) * size.height() > limits.max_pixels) {
        return QStringLiteral("image too large: %1 x %2 pixels (limit %3)")
            .arg(size.width())
            .arg(size.height())
            .arg(describePixelLimit(limits.max_pixels));
    }
    return {};
}

}  // namespace

DecodedImage decodeImage(const QByteArray& bytes, const ImageLimits& limits, int max_dimension) {
    if (bytes.isEmpty()) {
        return refuse(QStringLiteral("not an image (empty file)"));
    }
    if (bytes.size() > limits.max_encoded_bytes) {
        return refuse(QStringLiteral("file too large: %1 (limit %2)")
                          .arg(describeBytes(bytes.size()), describeByteLimit(limits.max_encoded_bytes)));
    }
    const SniffedFormat sniffed = detail::sniffFormat(bytes);
    const QByteArray format = detail::formatName(sniffed);
    if (sniffed == SniffedFormat::Unknown) {
        return refuse(QStringLiteral("not an image (unknown format)"));
    }
    if (!detail::isAcceptedFormat(sniffed)) {
        return refuse(QStringLiteral("unsupported image format: %1").arg(QString::fromLatin1(format)),
                      format);
    }
    if (sniffed == SniffedFormat::Jpeg && !detail::jpegReachesEndOfImage(bytes)) {
        return refuse(QStringLiteral("corrupt image: truncated data"), format);
    }

    raiseAllocationLimitOnce();
    // QBuffer wants a non-const array; the copy is shallow (implicit sharing)
    // and the buffer only reads.
    QByteArray shared_bytes = bytes;
    QBuffer buffer(&shared_bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, format);
    reader.setAutoDetectImageFormat(false);
    reader.setDecideFormatFromContent(false);
    if (!reader.canRead()) {
        return refuse(QStringLiteral("corrupt image: %1").arg(reader.errorString()), format);
    }
    const QSize stored_size = reader.size();  // from the header; no pixel decoded yet
    if (!stored_size.isValid() || stored_size.isEmpty()) {
        return refuse(QStringLiteral("corrupt image: no size in header"), format);
    }
    const QString too_large = sizeRefusal(stored_size, limits);
    if (!too_large.isEmpty()) {
        return refuse(too_large, format, stored_size);
    }
    if (sniffed == SniffedFormat::Bmp && !detail::bmpHasAllRows(bytes, stored_size)) {
        return refuse(QStringLiteral("corrupt image: truncated data"), format, stored_size);
    }
    reader.setAutoTransform(true);
    const QSize original_size = uprightSize(stored_size, reader.transformation());

    // The scaled size is in stored orientation (Qt transforms after scaling);
    // fitting into a square box makes the orientation irrelevant.
    QSize decode_size = stored_size;
    if (max_dimension > 0 && (stored_size.width() > max_dimension || stored_size.height() > max_dimension)) {
        decode_size = stored_size.scaled(max_dimension, max_dimension, Qt::KeepAspectRatio);
        decode_size = decode_size.expandedTo(QSize(1, 1));
        reader.setScaledSize(decode_size);
    }

    QImage image = reader.read();
    if (image.isNull()) {
        return refuse(QStringLiteral("corrupt image: %1").arg(reader.errorString()), format, original_size);
    }
    // A plugin must return what the header announced; anything else means
    // the header lied, and we do not pass the surprise on.
    if (image.size() != uprightSize(decode_size, reader.transformation())) {
        return refuse(QStringLiteral("corrupt image: decoded size %1 x %2 differs from the header")
                          .arg(image.width())
                          .arg(image.height()),
                      format, original_size);
    }
    DecodedImage result;
    result.image = std::move(image);
    result.format = format;
    result.original_size = original_size;
    return result;
}

QString describeByteLimit(qint64 bytes) {
    constexpr qint64 kMegabyte = 1024 * 1024;
    if (bytes >= kMegabyte && bytes % kMegabyte == 0) {
        return QStringLiteral("%1 MB").arg(bytes / kMegabyte);
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
        return QStringLiteral("%1 KB").arg(bytes / 1024);
    }
    return QStringLiteral("%1 bytes").arg(bytes);
}

}  // namespace confab::client
