#include "image_sniffing.h"

#include <cstring>

namespace confab::client::detail {
namespace {

quint32 byteAt(const QByteArray& bytes, qsizetype index) {
    return static_cast<unsigned char>(bytes[index]);
}

quint32 littleEndian16(const QByteArray& bytes, qsizetype index) {
    return byteAt(bytes, index) | byteAt(bytes, index + 1) << 8;
}

quint32 littleEndian32(const QByteArray& bytes, qsizetype index) {
    return littleEndian16(bytes, index) | littleEndian16(bytes, index + 2) << 16;
}

bool looksLikeSvg(const QByteArray& bytes) {
    QByteArray head = bytes.left(4096);
    if (head.startsWith("\xEF\xBB\xBF")) {
        head.remove(0, 3);
    }
    head = head.trimmed();
    if (head.startsWith("<svg")) {
        return true;
    }
    return (head.startsWith("<?xml") || head.startsWith("<!DOCTYPE svg")) && head.contains("<svg");
}

bool isBmpInfoHeaderSize(quint32 size) {
    // BITMAPCOREHEADER, BITMAPINFOHEADER, the two Adobe variants, OS/2 2.x,
    // BITMAPV4HEADER and BITMAPV5HEADER.
    for (const quint32 known : {12u, 40u, 52u, 56u, 64u, 108u, 124u}) {
        if (size == known) {
            return true;
        }
    }
    return false;
}

}  // namespace

SniffedFormat sniffFormat(const QByteArray& bytes) {
    if (bytes.startsWith("\x89PNG\r\n\x1a\n")) {
        return SniffedFormat::Png;
    }
    if (bytes.startsWith("\xFF\xD8\xFF")) {
        return SniffedFormat::Jpeg;
    }
    if (bytes.startsWith("GIF87a") || bytes.startsWith("GIF89a")) {
        return SniffedFormat::Gif;
    }
    if (bytes.size() >= 12 && bytes.startsWith("RIFF") && bytes.mid(8, 4) == "WEBP") {
        return SniffedFormat::WebP;
    }
    if (bytes.size() >= 18 && bytes.startsWith("BM") && isBmpInfoHeaderSize(littleEndian32(bytes, 14))) {
        return SniffedFormat::Bmp;
    }
    if (bytes.startsWith(QByteArray("II*\0", 4)) || bytes.startsWith(QByteArray("MM\0*", 4))) {
        return SniffedFormat::Tiff;
    }
    if (bytes.startsWith(QByteArray("\0\0\1\0", 4)) || bytes.startsWith(QByteArray("\0\0\2\0", 4))) {
        return SniffedFormat::Ico;
    }
    if (looksLikeSvg(bytes)) {
        return SniffedFormat::Svg;
    }
    return SniffedFormat::Unknown;
}

bool isAcceptedFormat(SniffedFormat format) {
    switch (format) {
        case SniffedFormat::Png:
        case SniffedFormat::Jpeg:
        case SniffedFormat::Gif:
        case SniffedFormat::WebP:
        case SniffedFormat::Bmp:
            return true;
        case SniffedFormat::Unknown:
        case SniffedFormat::Svg:
        case SniffedFormat::Tiff:
        case SniffedFormat::Ico:
            return false;
    }
    return false;
}

QByteArray formatName(SniffedFormat format) {
    switch (format) {
        case SniffedFormat::Png:
            return "png";
        case SniffedFormat::Jpeg:
            return "jpeg";
        case SniffedFormat::Gif:
            return "gif";
        case SniffedFormat::WebP:
            return "webp";
        case SniffedFormat::Bmp:
            return "bmp";
        case SniffedFormat::Svg:
            return "svg";
        case SniffedFormat::Tiff:
            return "tiff";
        case SniffedFormat::Ico:
            return "ico";
        case SniffedFormat::Unknown:
            break;
    }
    return "unknown";
}

bool jpegReachesEndOfImage(const QByteArray& bytes) {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype size = bytes.size();
    qsizetype pos = 2;  // after SOI
    while (pos < size) {
        // libjpeg skips stray bytes before a marker (with a warning); so do we.
        const void* next_ff = std::memchr(data + pos, 0xFF, static_cast<std::size_t>(size - pos));
        if (next_ff == nullptr) {
            return false;
        }
        pos = static_cast<const unsigned char*>(next_ff) - data;
        while (pos < size && data[pos] == 0xFF) {
            ++pos;  // fill bytes
        }
        if (pos >= size) {
            return false;
        }
        const unsigned char marker = data[pos++];
        if (marker == 0xD9) {
            return true;  // EOI
        }
        const bool standalone = marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
        if (standalone) {
            continue;
        }
        if (pos + 2 > size) {
            return false;
        }
        const qsizetype length = data[pos] << 8 | data[pos + 1];
        if (length < 2) {
            return false;
        }
        pos += length;
        if (marker != 0xDA) {
            continue;
        }
        // SOS: entropy-coded data follows until the next marker. Inside it an
        // 0xFF is always followed by 0x00 (stuffing) or a restart marker.
        while (pos < size) {
            const void* ff = std::memchr(data + pos, 0xFF, static_cast<std::size_t>(size - pos));
            if (ff == nullptr) {
                return false;
            }
            pos = static_cast<const unsigned char*>(ff) - data;
            if (pos + 1 >= size) {
                return false;
            }
            const unsigned char following = data[pos + 1];
            if (following == 0x00 || (following >= 0xD0 && following <= 0xD7)) {
                pos += 2;
            } else if (following == 0xFF) {
                pos += 1;
            } else {
                break;  // a real marker: the outer loop reads it
            }
        }
    }
    return false;
}

bool bmpHasAllRows(const QByteArray& bytes, QSize size) {
    if (bytes.size() < 26 || size.isEmpty()) {
        return false;
    }
    const quint32 pixel_offset = littleEndian32(bytes, 10);
    const quint32 info_size = littleEndian32(bytes, 14);
    quint32 bits_per_pixel = 0;
    if (info_size == 12) {
        bits_per_pixel = littleEndian16(bytes, 24);
    } else {
        if (bytes.size() < 34) {
            return false;
        }
        bits_per_pixel = littleEndian16(bytes, 28);
        const quint32 compression = littleEndian32(bytes, 30);
        const bool uncompressed = compression == 0 || compression == 3 || compression == 6;
        if (!uncompressed) {
            return true;  // RLE: the row count is only known after decoding
        }
    }
    if (bits_per_pixel == 0) {
        return true;  // Qt refuses these itself
    }
    const qint64 stride = (static_cast<qint64>(size.width()) * bits_per_pixel + 31) / 32 * 4;
    return static_cast<qint64>(pixel_offset) + stride * size.height() <= bytes.size();
}

}  // namespace confab::client::detail
