// The image viewer: fit, zoom steps and their bounds, and Save writing the
// original bytes untouched (no re-encoding, so no quality loss and no EXIF
// coming back).
#include <gtest/gtest.h>

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>

#include "confab/client/image_viewer.h"

namespace confab::client {
namespace {

QImage gradient(int width, int height) {
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) image.setPixel(x, y, qRgb(x % 256, y % 256, 128));
    }
    return image;
}

TEST(ImageViewerTest, ALargeImageIsFittedAndZoomStaysBounded) {
    ImageViewer viewer(gradient(2000, 1500), {}, QStringLiteral("big.png"));
    viewer.show();
    EXPECT_LT(viewer.zoom(), 1.0) << "a 2000x1500 image does not fit 800x600 at 100 %";
    const double fitted = viewer.zoom();
    viewer.zoomIn();
    EXPECT_NEAR(viewer.zoom(), fitted * 1.25, 1e-9);
    viewer.zoomOut();
    EXPECT_NEAR(viewer.zoom(), fitted, 1e-9);
    for (double before = 0; before != viewer.zoom();) {
        before = viewer.zoom();
        viewer.zoomOut();
    }
    const double smallest = viewer.zoom();
    EXPECT_GT(smallest, 0.0);
    viewer.zoomOut();
    EXPECT_EQ(viewer.zoom(), smallest) << "zoom has a lower bound";
    for (double before = 0; before != viewer.zoom();) {
        before = viewer.zoom();
        viewer.zoomIn();
    }
    const double largest = viewer.zoom();
    viewer.zoomIn();
    EXPECT_EQ(viewer.zoom(), largest) << "zoom has an upper bound";
    EXPECT_LE(largest * largest * 2000.0 * 1500.0, 16.0 * 1024 * 1024 * 1.01)
        << "the scaled copy of a large image stays within 16 Mpixel";
    viewer.fitToWindow();
    EXPECT_NEAR(viewer.zoom(), fitted, 0.05);
}

TEST(ImageViewerTest, ASmallImageIsShownAtFullSizeNotBlownUp) {
    ImageViewer viewer(gradient(64, 48), {}, QStringLiteral("small.png"));
    viewer.show();
    EXPECT_EQ(viewer.zoom(), 1.0);
}

TEST(ImageViewerTest, SaveWritesTheOriginalBytes) {
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    ASSERT_TRUE(gradient(120, 80).save(&buffer, "JPEG", 70));
    ImageViewer viewer(QImage::fromData(jpeg), jpeg, QStringLiteral("photo.jpg"));
    QTemporaryDir folder;
    ASSERT_TRUE(folder.isValid());
    const QString path = folder.filePath(QStringLiteral("saved.jpg"));
    ASSERT_TRUE(viewer.saveTo(path));
    QFile saved(path);
    ASSERT_TRUE(saved.open(QIODevice::ReadOnly));
    EXPECT_EQ(saved.readAll(), jpeg);
}

TEST(ImageViewerTest, SaveWithoutOriginalEncodesTheImage) {
    ImageViewer viewer(gradient(30, 20), {}, QStringLiteral("pasted.png"));
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("pasted.png"));
    ASSERT_TRUE(viewer.saveTo(path));
    EXPECT_EQ(QImage(path).size(), QSize(30, 20));
    EXPECT_FALSE(viewer.saveTo(folder.filePath(QStringLiteral("no/such/folder/x.png"))));
}

}  // namespace
}  // namespace confab::client
