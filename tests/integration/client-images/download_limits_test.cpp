// ImageTransfer's download limits against a misbehaving loopback server:
// bodies that never end (with no length, chunked, or behind an honest but
// huge Content-Length) are cut at limits.max_encoded_bytes, a short lying
// Content-Length cannot smuggle more, redirects go only to http(s), and HTTP
// errors carry their status.
#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTest>
#include <cstdio>

#include "confab/client/image_transfer.h"
#include "loopback_http_server.h"
#include "test_images.h"

namespace confab::client {
namespace {

using test::httpResponse;
using test::LoopbackHttpServer;

constexpr qint64 kCap = 1024 * 1024;

struct Ready {
    QImage thumbnail;
    QString error;
};

Ready fetchAndWait(ImageTransfer& transfer, const QUrl& url, int dimension = 128) {
    QSignalSpy ready(&transfer, &ImageTransfer::imageReady);
    transfer.fetch(url, dimension);
    if (!QTest::qWaitFor([&] { return !ready.isEmpty(); }, 20000)) {
        return {QImage(), QStringLiteral("timeout")};
    }
    return {ready.at(0).at(1).value<QImage>(), ready.at(0).at(2).toString()};
}

class DownloadLimitsTest : public ::testing::Test {
  protected:
    DownloadLimitsTest() {
        ImageLimits limits;
        limits.max_encoded_bytes = kCap;
        transfer_.setLimits(limits);
    }

    void expectCutAtTheCap(LoopbackHttpServer& server, const char* what) {
        const Ready ready = fetchAndWait(transfer_, server.url(QStringLiteral("/endless.png")));
        EXPECT_TRUE(ready.thumbnail.isNull());
        EXPECT_EQ(ready.error, QStringLiteral("file too large: more than 1 MB (limit 1 MB)"));
        // The client hung up; the server saw it and stopped.
        EXPECT_TRUE(QTest::qWaitFor([&] { return server.clientClosed(); }, 10000));
        std::printf("[ limits ] %s: server had sent %lld bytes when the client hung up (cap %lld)\n", what,
                    static_cast<long long>(server.bytesSent()), static_cast<long long>(kCap));
        // Socket buffers let the server get ahead a little; not by much.
        EXPECT_LT(server.bytesSent(), 16 * kCap);
        EXPECT_TRUE(transfer_.downloadedBytes(server.url(QStringLiteral("/endless.png"))).isEmpty());
    }

    ImageTransfer transfer_;
};

TEST_F(DownloadLimitsTest, EndlessBodyWithoutLengthIsCut) {
    LoopbackHttpServer server(nullptr);
    server.setResponder(server.endlessBody("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n",
                                           QByteArray(64 * 1024, 'x')));
    QSignalSpy progress(&transfer_, &ImageTransfer::downloadProgress);
    expectCutAtTheCap(server, "no Content-Length");
    EXPECT_FALSE(progress.isEmpty());
}

TEST_F(DownloadLimitsTest, EndlessChunkedBodyIsCut) {
    LoopbackHttpServer server(nullptr);
    const QByteArray chunk = "10000\r\n" + QByteArray(0x10000, 'y') + "\r\n";
    server.setResponder(server.endlessBody(
        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n", chunk));
    expectCutAtTheCap(server, "chunked");
}

TEST_F(DownloadLimitsTest, HonestHugeContentLengthIsRefusedBeforeTheBody) {
    LoopbackHttpServer server(nullptr);
    server.setResponder(server.endlessBody(
        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 1073741824\r\n\r\n",
        QByteArray(64 * 1024, 'z')));
    expectCutAtTheCap(server, "Content-Length: 1 GB");
}

TEST_F(DownloadLimitsTest, ShortLyingContentLengthDeliversOnlyThatMuch) {
    LoopbackHttpServer server(nullptr);
    server.setResponder(server.endlessBody(
        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100\r\nConnection: close\r\n\r\n",
        QByteArray(64 * 1024, 'x')));
    const QUrl url = server.url(QStringLiteral("/short.png"));
    const Ready ready = fetchAndWait(transfer_, url);
    EXPECT_EQ(ready.error, QStringLiteral("not an image (unknown format)"));
    EXPECT_EQ(transfer_.downloadedBytes(url).size(), 100);
}

TEST_F(DownloadLimitsTest, ServerErrorCarriesTheStatus) {
    LoopbackHttpServer server([](QTcpSocket* socket, const QByteArray&) {
        socket->write(httpResponse(500, "Internal Server Error", "oops"));
        socket->disconnectFromHost();
    });
    const Ready ready = fetchAndWait(transfer_, server.url(QStringLiteral("/broken.png")));
    EXPECT_EQ(ready.error, QStringLiteral("HTTP 500 Internal Server Error"));
}

TEST_F(DownloadLimitsTest, RedirectToAnotherHttpUrlIsFollowed) {
    const QByteArray png = test::encodeImage(test::screenshotLikeImage(120, 60), "png");
    LoopbackHttpServer server(nullptr);
    server.setResponder([&server, png](QTcpSocket* socket, const QByteArray& head) {
        if (head.startsWith("GET /moved.png ")) {
            socket->write(httpResponse(302, "Found", {},
                                       "Location: " + server.url(QStringLiteral("/real.png")).toEncoded() + "\r\n"));
        } else {
            socket->write(httpResponse(200, "OK", png, "Content-Type: image/png\r\n"));
        }
        socket->disconnectFromHost();
    });
    const Ready ready = fetchAndWait(transfer_, server.url(QStringLiteral("/moved.png")), 60);
    ASSERT_TRUE(ready.error.isEmpty()) << ready.error.toStdString();
    EXPECT_EQ(ready.thumbnail.size(), QSize(60, 30));
    EXPECT_EQ(server.requests(), 2);
}

TEST_F(DownloadLimitsTest, RedirectToAFileUrlIsRefused) {
    LoopbackHttpServer server([](QTcpSocket* socket, const QByteArray&) {
        socket->write(httpResponse(302, "Found", {}, "Location: file:///etc/passwd\r\n"));
        socket->disconnectFromHost();
    });
    const QUrl url = server.url(QStringLiteral("/sneaky.png"));
    const Ready ready = fetchAndWait(transfer_, url);
    EXPECT_TRUE(ready.thumbnail.isNull());
    EXPECT_FALSE(ready.error.isEmpty());
    EXPECT_TRUE(transfer_.downloadedBytes(url).isEmpty());
    std::printf("[ redirect ] to file:// -> %s\n", qPrintable(ready.error));
}

TEST_F(DownloadLimitsTest, EndlessRedirectsStop) {
    LoopbackHttpServer server(nullptr);
    server.setResponder([&server](QTcpSocket* socket, const QByteArray&) {
        // Always somewhere new: /hop/1.png, /hop/2.png, ...
        const QUrl next = server.url(QStringLiteral("/hop/%1.png").arg(server.requests()));
        socket->write(httpResponse(302, "Found", {}, "Location: " + next.toEncoded() + "\r\n"));
        socket->disconnectFromHost();
    });
    const Ready ready = fetchAndWait(transfer_, server.url(QStringLiteral("/loop.png")));
    EXPECT_TRUE(ready.thumbnail.isNull());
    EXPECT_FALSE(ready.error.isEmpty());
    EXPECT_TRUE(ready.error.contains(QStringLiteral("redirects"), Qt::CaseInsensitive)) << ready.error.toStdString();
    EXPECT_LE(server.requests(), 6);  // the first request plus at most 5 redirects
    std::printf("[ redirect ] loop -> %s after %d requests\n", qPrintable(ready.error), server.requests());
}

}  // namespace
}  // namespace confab::client
