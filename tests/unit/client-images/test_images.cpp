#include "test_images.h"

#include <zlib.h>

#include <QBuffer>
#include <QImageWriter>
#include <QPainter>
#include <QRandomGenerator>
#include <QtEndian>
#include <stdexcept>
#include <vector>

namespace confab::test {
namespace {

QByteArray bigEndian32(quint32 value) {
    QByteArray bytes(4, '\0');
    qToBigEndian(value, bytes.data());
    return bytes;
}

QByteArray bigEndian16(quint16 value) {
    QByteArray bytes(2, '\0');
    qToBigEndian(value, bytes.data());
    return bytes;
}

}  // namespace

QByteArray pngChunk(const char* type, const QByteArray& data) {
    const QByteArray type_and_data = QByteArray(type, 4) + data;
    const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(type_and_data.constData()),
                           static_cast<uInt>(type_and_data.size()));
    return bigEndian32(static_cast<quint32>(data.size())) + type_and_data + bigEndian32(static_cast<quint32>(crc));
}

QByteArray pngHeaderChunk(quint32 width, quint32 height, int bit_depth, int colour_type) {
    QByteArray data = bigEndian32(width) + bigEndian32(height);
    data.append(static_cast<char>(bit_depth));
    data.append(static_cast<char>(colour_type));
    data.append(3, '\0');  // compression, filter, interlace
    return pngChunk("IHDR", data);
}

QByteArray pngFile(quint32 width, quint32 height, const QByteArray& idat, int bit_depth, int colour_type) {
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngHeaderChunk(width, height, bit_depth, colour_type) +
           pngChunk("IDAT", idat) + pngChunk("IEND", {});
}

QByteArray compressedZeroRows(quint32 rows, quint32 row_bytes) {
    z_stream stream{};
    if (deflateInit(&stream, Z_BEST_COMPRESSION) != Z_OK) {
        throw std::runtime_error("deflateInit failed");
    }
    const std::vector<Bytef> row(row_bytes + 1, 0);  // filter byte 0 + zero pixels
    std::vector<Bytef> out(64 * 1024);
    QByteArray compressed;
    for (quint32 r = 0; r <= rows; ++r) {
        const bool last = r == rows;
        stream.next_in = const_cast<Bytef*>(row.data());
        stream.avail_in = last ? 0 : static_cast<uInt>(row.size());
        int status = Z_OK;
        do {
            stream.next_out = out.data();
            stream.avail_out = static_cast<uInt>(out.size());
            status = deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH);
            compressed.append(reinterpret_cast<const char*>(out.data()),
                              static_cast<qsizetype>(out.size() - stream.avail_out));
        } while (stream.avail_out == 0 || (last && status != Z_STREAM_END));
    }
    deflateEnd(&stream);
    return compressed;
}

QByteArray pngBomb(quint32 width, quint32 height) {
    return pngFile(width, height, compressedZeroRows(height, (width + 7) / 8), 1, 0);
}

QImage photoLikeImage(int width, int height) {
    QImage image(width, height, QImage::Format_RGB32);
    QRandomGenerator random(42);
    for (int y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const int noise = static_cast<int>(random.bounded(48));
            line[x] = qRgb((x * 200 / width + noise) % 256, (y * 200 / height + noise) % 256,
                           (100 + noise * 2) % 256);
        }
    }
    return image;
}

QImage screenshotLikeImage(int width, int height) {
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor(240, 240, 240));
    QPainter painter(&image);
    painter.fillRect(0, 0, width, height / 10, QColor(40, 60, 120));
    painter.fillRect(0, height / 10, width / 4, height, QColor(220, 220, 225));
    for (int y = height / 5; y < height - 10; y += 14) {
        painter.fillRect(width / 3, y, width / 2, 6, QColor(30, 30, 30));  // a "line of text"
    }
    painter.end();
    return image;
}

QByteArray encodeImage(const QImage& image, const char* format, int quality) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    if (!writer.write(image)) {
        throw std::runtime_error(std::string("cannot encode ") + format + ": " +
                                 writer.errorString().toStdString());
    }
    return bytes;
}

QByteArray tinyGif() {
    return QByteArray(
        "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
        ",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02" "D\x01\x00;",
        43);
}

QByteArray jpegWithExifOrientation(const QImage& image, int orientation) {
    const QByteArray jpeg = encodeImage(image, "jpeg", 90);
    // TIFF header (big endian), one IFD entry: Orientation (0x0112), SHORT, 1.
    QByteArray tiff("MM\0*", 4);
    tiff += bigEndian32(8);
    tiff += bigEndian16(1);
    tiff += bigEndian16(0x0112) + bigEndian16(3) + bigEndian32(1) + bigEndian16(static_cast<quint16>(orientation)) +
            bigEndian16(0);
    tiff += bigEndian32(0);  // no next IFD
    const QByteArray payload = QByteArray("Exif\0\0", 6) + tiff;
    const QByteArray app1 = QByteArray("\xFF\xE1", 2) + bigEndian16(static_cast<quint16>(payload.size() + 2)) + payload;
    return jpeg.left(2) + app1 + jpeg.mid(2);
}

}  // namespace confab::test
