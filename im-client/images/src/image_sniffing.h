// Format detection by magic bytes and cheap completeness checks, done by us
// before any Qt image plugin sees the data. Deciding the format here (instead
// of letting QImageReader ask every installed plugin) means only the decoders
// we chose ever parse bytes from the network. Pure functions; any thread.
#pragma once

#include <QByteArray>
#include <QSize>

namespace confab::client::detail {

enum class SniffedFormat {
    Unknown,
    // Accepted from the network.
    Png,
    Jpeg,
    Gif,
    WebP,
    Bmp,
    // Recognised, and refused on purpose (see safe_image.h).
    Svg,
    Tiff,
    Ico,
};

SniffedFormat sniffFormat(const QByteArray& bytes);
bool isAcceptedFormat(SniffedFormat format);
// The Qt plugin key ("png", "jpeg", ...) or the name used in messages.
QByteArray formatName(SniffedFormat format);

// True when a JPEG's marker structure reaches EOI. libjpeg decodes a cut-off
// file "successfully" (the missing rows grey) and only logs a warning, so a
// truncated download would otherwise show as a half-grey picture. Walks the
// segments and the entropy-coded data; bytes after EOI are allowed (phones
// append metadata and motion-photo video there).
bool jpegReachesEndOfImage(const QByteArray& bytes);

// True when an uncompressed BMP holds all the rows its header announces
// (Qt's BMP reader fills missing rows silently). Compressed (RLE) BMPs are
// not checked here and pass.
bool bmpHasAllRows(const QByteArray& bytes, QSize size);

}  // namespace confab::client::detail
