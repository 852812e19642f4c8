// Images made in memory for the image tests (unit, integration, and the
// fuzz corpus generator): valid ones written by Qt's encoders, and hostile
// ones written byte by byte (PNG chunks with our own IHDR, a decompression
// bomb streamed through zlib so the huge bitmap never exists anywhere).
#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>

namespace confab::test {

// A PNG chunk: length, type, data, CRC.
QByteArray pngChunk(const char* type, const QByteArray& data);
// An IHDR chunk for a width x height image of `bit_depth` and `colour_type`.
QByteArray pngHeaderChunk(quint32 width, quint32 height, int bit_depth = 8, int colour_type = 2);
// Signature + IHDR + one IDAT holding `idat` + IEND.
QByteArray pngFile(quint32 width, quint32 height, const QByteArray& idat, int bit_depth = 8,
                   int colour_type = 2);
// zlib-compresses `rows` rows of `row_bytes` zero bytes each (every row with
// filter byte 0) without ever holding the uncompressed data.
QByteArray compressedZeroRows(quint32 rows, quint32 row_bytes);
// A real decompression bomb: a width x height 1-bit greyscale PNG of one
// colour whose IDAT is complete (a few tens of KB for 20000 x 20000).
QByteArray pngBomb(quint32 width, quint32 height);

// Photo-like: a gradient with per-pixel noise (fixed seed), opaque.
QImage photoLikeImage(int width, int height);
// Screenshot-like: a few flat rectangles and "text" lines in a few colours.
QImage screenshotLikeImage(int width, int height);

// Encodes with Qt's writer ("png", "jpeg", "webp", "bmp", "tiff").
QByteArray encodeImage(const QImage& image, const char* format, int quality = -1);
// The classic 1 x 1 GIF89a.
QByteArray tinyGif();
// A JPEG of `image` with an EXIF APP1 segment carrying `orientation` (1..8).
QByteArray jpegWithExifOrientation(const QImage& image, int orientation);

}  // namespace confab::test
