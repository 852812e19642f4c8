// decodeImage on valid images: formats, thumbnails (aspect ratio, never
// enlarged), EXIF orientation, and the limits at their edges.
#include <gtest/gtest.h>

#include "confab/client/safe_image.h"
#include "test_images.h"

namespace confab::client {
namespace {

using test::encodeImage;
using test::photoLikeImage;

TEST(SafeImageTest, DecodesPng) {
    const DecodedImage decoded = decodeImage(encodeImage(photoLikeImage(40, 30), "png"));
    ASSERT_TRUE(decoded.ok()) << decoded.error.toStdString();
    EXPECT_EQ(decoded.image.size(), QSize(40, 30));
    EXPECT_EQ(decoded.original_size, QSize(40, 30));
    EXPECT_EQ(decoded.format, "png");
    EXPECT_TRUE(decoded.error.isEmpty());
    // Lossless: the pixels survive.
    EXPECT_EQ(decoded.image.convertToFormat(QImage::Format_RGB32), photoLikeImage(40, 30));
}

TEST(SafeImageTest, DecodesJpeg) {
    const DecodedImage decoded = decodeImage(encodeImage(photoLikeImage(64, 48), "jpeg", 85));
    ASSERT_TRUE(decoded.ok()) << decoded.error.toStdString();
    EXPECT_EQ(decoded.image.size(), QSize(64, 48));
    EXPECT_EQ(decoded.format, "jpeg");
}

TEST(SafeImageTest, DecodesWebP) {
    const DecodedImage decoded = decodeImage(encodeImage(photoLikeImage(50, 20), "webp", 80));
    ASSERT_TRUE(decoded.ok()) << decoded.error.toStdString();
    EXPECT_EQ(decoded.image.size(), QSize(50, 20));
    EXPECT_EQ(decoded.format, "webp");
}

TEST(SafeImageTest, DecodesGifAndBmp) {
    const DecodedImage gif = decodeImage(test::tinyGif());
    ASSERT_TRUE(gif.ok()) << gif.error.toStdString();
    EXPECT_EQ(gif.image.size(), QSize(1, 1));
    EXPECT_EQ(gif.format, "gif");

    const DecodedImage bmp = decodeImage(encodeImage(photoLikeImage(33, 17), "bmp"));
    ASSERT_TRUE(bmp.ok()) << bmp.error.toStdString();
    EXPECT_EQ(bmp.image.size(), QSize(33, 17));
    EXPECT_EQ(bmp.format, "bmp");
}

TEST(SafeImageTest, ThumbnailKeepsTheAspectRatio) {
    const QByteArray landscape = encodeImage(photoLikeImage(400, 300), "png");
    const DecodedImage wide = decodeImage(landscape, {}, 100);
    ASSERT_TRUE(wide.ok()) << wide.error.toStdString();
    EXPECT_EQ(wide.image.size(), QSize(100, 75));
    EXPECT_EQ(wide.original_size, QSize(400, 300));

    const DecodedImage tall = decodeImage(encodeImage(photoLikeImage(300, 400), "jpeg", 85), {}, 100);
    ASSERT_TRUE(tall.ok()) << tall.error.toStdString();
    EXPECT_EQ(tall.image.size(), QSize(75, 100));
}

TEST(SafeImageTest, ThumbnailNeverEnlarges) {
    const DecodedImage decoded = decodeImage(encodeImage(photoLikeImage(40, 30), "png"), {}, 256);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded.image.size(), QSize(40, 30));
}

TEST(SafeImageTest, ThumbnailOfAVeryLongImageKeepsOnePixel) {
    const DecodedImage decoded = decodeImage(encodeImage(photoLikeImage(2000, 2), "png"), {}, 100);
    ASSERT_TRUE(decoded.ok()) << decoded.error.toStdString();
    EXPECT_EQ(decoded.image.size(), QSize(100, 1));
}

TEST(SafeImageTest, AppliesExifOrientation) {
    // Orientation 6: stored landscape, shown rotated 90 degrees clockwise.
    const QByteArray jpeg = test::jpegWithExifOrientation(photoLikeImage(80, 40), 6);
    const DecodedImage decoded = decodeImage(jpeg);
    ASSERT_TRUE(decoded.ok()) << decoded.error.toStdString();
    EXPECT_EQ(decoded.image.size(), QSize(40, 80));
    EXPECT_EQ(decoded.original_size, QSize(40, 80));

    const DecodedImage thumbnail = decodeImage(jpeg, {}, 20);
    ASSERT_TRUE(thumbnail.ok()) << thumbnail.error.toStdString();
    EXPECT_EQ(thumbnail.image.size(), QSize(10, 20));
}

TEST(SafeImageTest, AcceptsAnImageExactlyAtTheLimits) {
    ImageLimits limits;
    limits.max_width = 64;
    limits.max_height = 32;
    limits.max_pixels = 64 * 32;
    const QByteArray png = encodeImage(photoLikeImage(64, 32), "png");
    limits.max_encoded_bytes = png.size();
    const DecodedImage decoded = decodeImage(png, limits);
    EXPECT_TRUE(decoded.ok()) << decoded.error.toStdString();
}

TEST(SafeImageTest, JpegWithBytesAfterTheEndIsFine) {
    // Phones append metadata (and motion-photo video) after EOI.
    QByteArray jpeg = encodeImage(photoLikeImage(32, 32), "jpeg", 85);
    jpeg += QByteArray("\xFF\xDA\x00\x08", 4) + "trailer with a fake SOS";
    const DecodedImage decoded = decodeImage(jpeg);
    EXPECT_TRUE(decoded.ok()) << decoded.error.toStdString();
}

}  // namespace
}  // namespace confab::client
