// ImageTransfer's refusals that need no server: URL schemes other than http
// and https, answered through the event loop and never from inside the call.
#include <gtest/gtest.h>

#include <QSignalSpy>

#include "confab/client/image_transfer.h"

namespace confab::client {
namespace {

TEST(ImageTransferRefusalTest, FetchRefusesOtherSchemesAsynchronously) {
    ImageTransfer transfer;
    QSignalSpy ready(&transfer, &ImageTransfer::imageReady);
    for (const char* url : {"file:///etc/passwd", "ftp://127.0.0.1/x.png", "data:image/png;base64,AAAA", "x"}) {
        transfer.fetch(QUrl(QString::fromLatin1(url)), 128);
    }
    EXPECT_EQ(ready.count(), 0) << "signals come from the event loop, not from inside fetch()";
    ASSERT_TRUE(ready.wait(5000));
    while (ready.count() < 4 && ready.wait(1000)) {
    }
    ASSERT_EQ(ready.count(), 4);
    for (const auto& arguments : ready) {
        EXPECT_TRUE(arguments.at(1).value<QImage>().isNull());
        EXPECT_EQ(arguments.at(2).toString(), QStringLiteral("unsupported URL scheme"));
    }
    EXPECT_EQ(ready.at(0).at(0).toUrl(), QUrl(QStringLiteral("file:///etc/passwd")));
    EXPECT_TRUE(transfer.downloadedBytes(QUrl(QStringLiteral("file:///etc/passwd"))).isEmpty());
    EXPECT_FALSE(transfer.fullImage(QUrl(QStringLiteral("file:///etc/passwd"))).ok());
}

TEST(ImageTransferRefusalTest, UploadRefusesOtherSchemes) {
    ImageTransfer transfer;
    QSignalSpy failed(&transfer, &ImageTransfer::uploadFailed);
    transfer.upload(QStringLiteral("u1"), QUrl(QStringLiteral("file:///tmp/x")), QUrl(QStringLiteral("https://h/x")),
                    {}, QByteArray("x"), QStringLiteral("image/png"));
    EXPECT_EQ(failed.count(), 0);
    ASSERT_TRUE(failed.wait(5000));
    EXPECT_EQ(failed.at(0).at(0).toString(), QStringLiteral("u1"));
    EXPECT_EQ(failed.at(0).at(1).toString(), QStringLiteral("unsupported URL scheme"));
}

TEST(ImageTransferRefusalTest, ConnectionRefusedIsReportedAndNotCached) {
    ImageTransfer transfer;
    QSignalSpy ready(&transfer, &ImageTransfer::imageReady);
    // Port 1 on loopback: nothing listens there in a test environment.
    const QUrl url(QStringLiteral("http://127.0.0.1:1/x.png"));
    transfer.fetch(url, 64);
    ASSERT_TRUE(ready.wait(10000));
    EXPECT_TRUE(ready.at(0).at(2).toString().startsWith(QStringLiteral("download failed: ")))
        << ready.at(0).at(2).toString().toStdString();
    transfer.fetch(url, 64);  // tried again, not answered from a cache
    ASSERT_TRUE(ready.wait(10000));
    EXPECT_TRUE(ready.at(1).at(2).toString().startsWith(QStringLiteral("download failed: ")));
}

TEST(ImageTransferRefusalTest, BadCaFileChangesNothing) {
    ImageTransfer transfer;
    transfer.setCaFile(QStringLiteral("/nonexistent/ca.pem"));  // logged, no crash
    SUCCEED();
}

}  // namespace
}  // namespace confab::client
