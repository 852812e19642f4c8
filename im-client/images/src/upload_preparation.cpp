#include <QBuffer>
#include <QFileInfo>
#include <QImageWriter>
#include <QSet>
#include <algorithm>

#include "confab/client/safe_image.h"

namespace confab::client {
namespace {

// A 64 x 64 grid of samples; a photo gives almost as many distinct colours
// as samples (sensor noise alone sees to that), while a screenshot or a
// drawing repeats a small palette plus anti-aliasing.
constexpr int kSampleGrid = 64;
constexpr int kScreenshotMaxShareOfDistinctColours = 4;  // distinct < samples / 4
constexpr int kJpegQuality = 85;
constexpr int kWebPQuality = 85;

bool hasTransparentPixels(const QImage& image) {
    if (!image.hasAlphaChannel()) {
        return false;
    }
    // Every pixel, not a sample: a transparent corner lost to JPEG is a
    // visible bug. After scaling to the upload size this is a few million
    // reads at most.
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(argb.constScanLine(y));
        for (int x = 0; x < argb.width(); ++x) {
            if (qAlpha(line[x]) != 255) {
                return true;
            }
        }
    }
    return false;
}

QByteArray encode(const QImage& image, const char* format, int quality) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    if (!writer.write(image)) {
        return {};
    }
    return bytes;
}

QString uploadFileName(const QString& original, const QString& extension) {
    // Only the base name: a path from the local disk says nothing the
    // recipient needs to know.
    QString base = QFileInfo(original).completeBaseName().trimmed();
    if (base.isEmpty()) {
        base = QStringLiteral("image");
    }
    return base + QLatin1Char('.') + extension;
}

PreparedImage failure(QString error) {
    PreparedImage prepared;
    prepared.error = std::move(error);
    return prepared;
}

}  // namespace

bool looksLikeScreenshot(const QImage& image) {
    if (image.isNull()) {
        return false;
    }
    if (hasTransparentPixels(image)) {
        return true;
    }
    const int columns = std::min(kSampleGrid, image.width());
    const int rows = std::min(kSampleGrid, image.height());
    QSet<QRgb> colours;
    colours.reserve(columns * rows);
    for (int row = 0; row < rows; ++row) {
        const int y = static_cast<int>(static_cast<qint64>(row) * image.height() / rows);
        for (int column = 0; column < columns; ++column) {
            const int x = static_cast<int>(static_cast<qint64>(column) * image.width() / columns);
            colours.insert(image.pixel(x, y) | 0xff000000u);
        }
    }
    return colours.size() * kScreenshotMaxShareOfDistinctColours < columns * rows;
}

PreparedImage prepareForUpload(const QImage& image, const QString& file_name, int max_dimension,
                               bool prefer_webp) {
    if (image.isNull()) {
        return failure(QStringLiteral("not an image"));
    }
    QImage scaled = image;
    if (max_dimension > 0 && (image.width() > max_dimension || image.height() > max_dimension)) {
        scaled = image.scaled(max_dimension, max_dimension, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    const ImageLimits limits;
    const bool transparent = hasTransparentPixels(scaled);
    PreparedImage prepared;
    prepared.size = scaled.size();
    if (looksLikeScreenshot(scaled)) {
        // Opaque images lose the alpha channel: a quarter fewer bytes to store.
        const QImage to_write =
            transparent ? scaled.convertToFormat(QImage::Format_ARGB32) : scaled.convertToFormat(QImage::Format_RGB32);
        prepared.bytes = encode(to_write, "png", -1);
        prepared.content_type = QStringLiteral("image/png");
        prepared.file_name = uploadFileName(file_name, QStringLiteral("png"));
        if (prepared.bytes.size() <= limits.max_encoded_bytes || transparent) {
            if (prepared.bytes.isEmpty()) {
                return failure(QStringLiteral("cannot encode the image as PNG"));
            }
            if (prepared.bytes.size() > limits.max_encoded_bytes) {
                return failure(QStringLiteral("prepared image too large"));
            }
            return prepared;
        }
        // An opaque "screenshot" too big as PNG goes out as a photo instead.
    }
    const QImage opaque = scaled.convertToFormat(QImage::Format_RGB32);
    prepared.bytes.clear();
    if (prefer_webp && QImageWriter::supportedImageFormats().contains("webp")) {
        prepared.bytes = encode(opaque, "webp", kWebPQuality);
        prepared.content_type = QStringLiteral("image/webp");
        prepared.file_name = uploadFileName(file_name, QStringLiteral("webp"));
    }
    if (prepared.bytes.isEmpty()) {
        prepared.bytes = encode(opaque, "jpeg", kJpegQuality);
        prepared.content_type = QStringLiteral("image/jpeg");
        prepared.file_name = uploadFileName(file_name, QStringLiteral("jpg"));
    }
    if (prepared.bytes.isEmpty()) {
        return failure(QStringLiteral("cannot encode the image"));
    }
    if (prepared.bytes.size() > limits.max_encoded_bytes) {
        return failure(QStringLiteral("prepared image too large"));
    }
    return prepared;
}

PreparedImage prepareForUpload(const QByteArray& bytes, const QString& file_name, int max_dimension,
                               bool prefer_webp) {
    // Decoding (with the limits) and re-encoding also drops every metadata
    // block, EXIF GPS position included; the pixels are already upright.
    const DecodedImage decoded = decodeImage(bytes);
    if (!decoded.ok()) {
        return failure(decoded.error);
    }
    return prepareForUpload(decoded.image, file_name, max_dimension, prefer_webp);
}

}  // namespace confab::client
