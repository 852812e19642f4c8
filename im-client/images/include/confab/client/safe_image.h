// Decoding images from untrusted sources (other people's uploads, pasted
// data) with hard limits, and preparing our own images for upload. Pure
// functions over bytes: any thread (call them off the GUI thread for large
// inputs, e.g. through QtConcurrent).
#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

namespace confab::client {

struct ImageLimits {
    qint64 max_encoded_bytes = 20 * 1024 * 1024;
    int max_width = 8192;
    int max_height = 8192;
    qint64 max_pixels = 40'000'000;  // width * height, checked from the header before decoding
};

struct DecodedImage {
    QImage image;  // null on failure
    QString error;  // on failure, for the placeholder: "image too large: 30000 x 30000 pixels"
    QByteArray format;  // "png", "jpeg", "webp", "gif", ...
    QSize original_size;
    bool ok() const { return !image.isNull(); }
};

// Reads the header first and refuses, before any pixel is decoded: too many
// bytes, unknown or unsupported formats, dimensions above the limits (a
// decompression bomb announces its size), truncated or corrupt data.
// `max_dimension` > 0 scales the result on decode (QImageReader::setScaledSize)
// so a thumbnail never holds the full bitmap; it keeps the aspect ratio and
// never enlarges. EXIF orientation is applied (original_size is the upright
// size).
//
// Formats: we decide the format from the magic bytes ourselves and hand the
// data only to that Qt plugin (format auto-detection off), so no other
// installed plugin ever parses network bytes.
// - Accepted: png, jpeg, gif (first frame), webp (first frame), bmp.
// - Refused with "unsupported image format: <name>": svg (a document with
//   external references and unbounded rendering cost, not a picture), tiff
//   (a large parser surface, multi-page, nobody shares it in chat), ico/cur.
// - Anything else: "not an image (unknown format)" (tga, xpm, pbm, mng, icns,
//   wbmp are not recognised on purpose: their signatures are weak or absent).
//
// Error strings (shown on the placeholder):
//   "not an image (empty file)", "not an image (unknown format)",
//   "unsupported image format: svg",
//   "file too large: 25 MB (limit 20 MB)",
//   "image too large: 30000 x 30000 pixels (limit 8192 x 8192)",
//   "image too large: 8000 x 8000 pixels (limit 40 megapixels)",
//   "corrupt image: <reader error>" (also "corrupt image: truncated data").
//
// Second guard: the process-wide QImageReader::setAllocationLimit is raised
// once (to 320 MB, what 40 megapixels at 64 bits per pixel need) so that a
// header that lies about its size still cannot make a plugin allocate more.
DecodedImage decodeImage(const QByteArray& bytes, const ImageLimits& limits = {},
                         int max_dimension = 0);

// "20 MB", "512 KB" or "1000 bytes": a limit as the refusal messages say it.
QString describeByteLimit(qint64 bytes);

struct PreparedImage {
    QByteArray bytes;
    QString content_type;  // "image/png", "image/jpeg" or "image/webp"
    QString file_name;  // the original base name with the new extension
    QSize size;
    QString error;  // set (and bytes empty) on failure
};

// For upload: decodes with limits, scales down so neither side exceeds
// `max_dimension`, and re-encodes. Screenshots and images with few colours
// or an alpha channel stay PNG (text stays sharp); photos become JPEG
// (quality 85), or WebP when `prefer_webp` and the plugin is installed.
PreparedImage prepareForUpload(const QByteArray& bytes, const QString& file_name,
                               int max_dimension = 2048, bool prefer_webp = false);
PreparedImage prepareForUpload(const QImage& image, const QString& file_name,
                               int max_dimension = 2048, bool prefer_webp = false);

// True when the image looks like a screenshot or drawing (few distinct
// colours in a sample, or alpha) rather than a photo.
bool looksLikeScreenshot(const QImage& image);

}  // namespace confab::client
