// prepareForUpload and looksLikeScreenshot: screenshots stay PNG, photos
// become JPEG (or WebP), big images shrink, names get the right extension.
#include <gtest/gtest.h>

#include <QImageWriter>

#include "confab/client/safe_image.h"
#include "test_images.h"

namespace confab::client {
namespace {

using test::encodeImage;
using test::photoLikeImage;
using test::screenshotLikeImage;

TEST(LooksLikeScreenshotTest, FewColoursIsAScreenshot) {
    EXPECT_TRUE(looksLikeScreenshot(screenshotLikeImage(800, 600)));
}

TEST(LooksLikeScreenshotTest, NoisyGradientIsAPhoto) {
    EXPECT_FALSE(looksLikeScreenshot(photoLikeImage(800, 600)));
}

TEST(LooksLikeScreenshotTest, TransparencyCountsAsScreenshot) {
    QImage image = photoLikeImage(100, 100).convertToFormat(QImage::Format_ARGB32);
    EXPECT_FALSE(looksLikeScreenshot(image)) << "an alpha channel that is all opaque does not count";
    image.setPixel(99, 99, qRgba(0, 0, 0, 0));
    EXPECT_TRUE(looksLikeScreenshot(image));
}

TEST(LooksLikeScreenshotTest, NullAndTinyImages) {
    EXPECT_FALSE(looksLikeScreenshot(QImage()));
    QImage one(1, 1, QImage::Format_RGB32);
    one.fill(Qt::red);
    EXPECT_FALSE(looksLikeScreenshot(one));  // one sample, one colour: no evidence either way
}

TEST(PrepareForUploadTest, ScreenshotStaysPng) {
    const QByteArray source = encodeImage(screenshotLikeImage(800, 600), "bmp");
    const PreparedImage prepared = prepareForUpload(source, QStringLiteral("/home/alice/Desktop/shot.bmp"));
    ASSERT_TRUE(prepared.error.isEmpty()) << prepared.error.toStdString();
    EXPECT_EQ(prepared.content_type, QStringLiteral("image/png"));
    EXPECT_EQ(prepared.file_name, QStringLiteral("shot.png"));
    EXPECT_EQ(prepared.size, QSize(800, 600));
    const DecodedImage back = decodeImage(prepared.bytes);
    ASSERT_TRUE(back.ok()) << back.error.toStdString();
    EXPECT_EQ(back.format, "png");
    // Lossless: the text stays sharp.
    EXPECT_EQ(back.image.convertToFormat(QImage::Format_RGB32), screenshotLikeImage(800, 600));
}

TEST(PrepareForUploadTest, PhotoBecomesJpeg) {
    const QByteArray source = encodeImage(photoLikeImage(640, 480), "png");
    const PreparedImage prepared = prepareForUpload(source, QStringLiteral("holiday.beach.png"));
    ASSERT_TRUE(prepared.error.isEmpty()) << prepared.error.toStdString();
    EXPECT_EQ(prepared.content_type, QStringLiteral("image/jpeg"));
    EXPECT_EQ(prepared.file_name, QStringLiteral("holiday.beach.jpg"));
    EXPECT_LT(prepared.bytes.size(), source.size());
    const DecodedImage back = decodeImage(prepared.bytes);
    ASSERT_TRUE(back.ok()) << back.error.toStdString();
    EXPECT_EQ(back.format, "jpeg");
    EXPECT_EQ(back.image.size(), QSize(640, 480));
}

TEST(PrepareForUploadTest, PhotoBecomesWebPWhenPreferred) {
    ASSERT_TRUE(QImageWriter::supportedImageFormats().contains("webp")) << "qt6-image-formats-plugins";
    const PreparedImage prepared =
        prepareForUpload(photoLikeImage(320, 240), QStringLiteral("cat.jpeg"), 2048, true);
    ASSERT_TRUE(prepared.error.isEmpty()) << prepared.error.toStdString();
    EXPECT_EQ(prepared.content_type, QStringLiteral("image/webp"));
    EXPECT_EQ(prepared.file_name, QStringLiteral("cat.webp"));
    EXPECT_EQ(decodeImage(prepared.bytes).format, "webp");
}

TEST(PrepareForUploadTest, DownscalesToTheMaximumDimension) {
    const PreparedImage prepared = prepareForUpload(photoLikeImage(4000, 3000), QStringLiteral("big.png"));
    ASSERT_TRUE(prepared.error.isEmpty()) << prepared.error.toStdString();
    EXPECT_EQ(prepared.size, QSize(2048, 1536));
    const DecodedImage back = decodeImage(prepared.bytes);
    ASSERT_TRUE(back.ok()) << back.error.toStdString();
    EXPECT_EQ(back.image.size(), QSize(2048, 1536));

    const PreparedImage portrait = prepareForUpload(screenshotLikeImage(1000, 3000), QStringLiteral("tall"), 600);
    ASSERT_TRUE(portrait.error.isEmpty());
    EXPECT_EQ(portrait.size, QSize(200, 600));
    EXPECT_EQ(portrait.file_name, QStringLiteral("tall.png"));
}

TEST(PrepareForUploadTest, SmallImagesAreNotEnlarged) {
    const PreparedImage prepared = prepareForUpload(screenshotLikeImage(300, 200), QStringLiteral("s.png"));
    EXPECT_EQ(prepared.size, QSize(300, 200));
}

TEST(PrepareForUploadTest, TransparencySurvives) {
    QImage image(64, 64, QImage::Format_ARGB32);
    image.fill(qRgba(255, 0, 0, 128));
    const PreparedImage prepared = prepareForUpload(image, QString());
    ASSERT_TRUE(prepared.error.isEmpty());
    EXPECT_EQ(prepared.content_type, QStringLiteral("image/png"));
    EXPECT_EQ(prepared.file_name, QStringLiteral("image.png"));
    const DecodedImage back = decodeImage(prepared.bytes);
    ASSERT_TRUE(back.ok());
    EXPECT_TRUE(back.image.hasAlphaChannel());
    EXPECT_EQ(qAlpha(back.image.pixel(10, 10)), 128);
}

TEST(PrepareForUploadTest, AppliesExifOrientationSoTheUploadIsUpright) {
    const QByteArray jpeg = test::jpegWithExifOrientation(photoLikeImage(80, 40), 6);
    const PreparedImage prepared = prepareForUpload(jpeg, QStringLiteral("phone.jpg"));
    ASSERT_TRUE(prepared.error.isEmpty()) << prepared.error.toStdString();
    EXPECT_EQ(prepared.size, QSize(40, 80));
}

TEST(PrepareForUploadTest, RefusesWhatDecodeImageRefuses) {
    EXPECT_EQ(prepareForUpload(test::pngBomb(20000, 20000), QStringLiteral("bomb.png")).error,
              QStringLiteral("image too large: 20000 x 20000 pixels (limit 8192 x 8192)"));
    const PreparedImage html = prepareForUpload(QByteArray("<html></html>"), QStringLiteral("x.html"));
    EXPECT_EQ(html.error, QStringLiteral("not an image (unknown format)"));
    EXPECT_TRUE(html.bytes.isEmpty());
    EXPECT_FALSE(prepareForUpload(QImage(), QStringLiteral("none")).error.isEmpty());
}

}  // namespace
}  // namespace confab::client
