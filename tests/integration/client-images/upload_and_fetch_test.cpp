// ImageTransfer against the harness Prosody's XEP-0363 service: a slot is
// requested over XMPP (raw iq from a real client), the prepared image is PUT
// with the slot's headers, then fetched back and decoded on the worker
// thread into a thumbnail; a bomb uploaded the same way comes back refused;
// a missing file is an HTTP 404.
#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <cstdio>
#include <memory>
#include <regex>

#include "confab/client/image_transfer.h"
#include "confab/harness/prosody_server.h"
#include "confab/harness/xmpp_test_client.h"
#include "test_images.h"

namespace confab::client {
namespace {

using namespace std::chrono_literals;

struct UploadSlot {
    QUrl put_url;
    QUrl get_url;
    QMap<QString, QString> headers;
};

std::string unescapeXml(std::string text) {
    text = std::regex_replace(text, std::regex("&quot;"), "\"");
    text = std::regex_replace(text, std::regex("&apos;"), "'");
    text = std::regex_replace(text, std::regex("&lt;"), "<");
    text = std::regex_replace(text, std::regex("&gt;"), ">");
    return std::regex_replace(text, std::regex("&amp;"), "&");
}

std::string attribute(const std::string& xml, const std::string& element, const std::string& name) {
    std::smatch match;
    if (!std::regex_search(xml, match, std::regex("<" + element + "[^>]*\\s" + name + "=['\"]([^'\"]*)['\"]"))) {
        return {};
    }
    return unescapeXml(match[1].str());
}

class ImageUploadTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        server_ = std::make_unique<harness::ProsodyServer>();
        server_->start();
        harness::XmppClientOptions options;
        options.jid = "alice@" + server_->domain();
        options.password = server_->addUser("alice");
        options.port = server_->c2sPort();
        options.ca_file = server_->caFile();
        alice_ = std::make_unique<harness::XmppTestClient>(options);
        ASSERT_TRUE(alice_->connect(10s)) << alice_->lastError() << "\n" << server_->logTail();
    }
    static void TearDownTestSuite() {
        alice_.reset();
        server_.reset();
    }

    // A raw XEP-0363 slot request, as the client's XMPP side would send it.
    static UploadSlot requestSlot(const QString& file_name, qint64 size, const QString& content_type) {
        const auto answer = alice_->sendIq(
            "<iq type='get' to='" + server_->uploadService() + "'><request xmlns='urn:xmpp:http:upload:0' filename='" +
                file_name.toStdString() + "' size='" + std::to_string(size) + "' content-type='" +
                content_type.toStdString() + "'/></iq>",
            5s);
        UploadSlot slot;
        if (!answer || answer->type != "result") {
            ADD_FAILURE() << "no slot: " << (answer ? answer->xml : "timeout");
            return slot;
        }
        slot.put_url = QUrl(QString::fromStdString(attribute(answer->xml, "put", "url")));
        slot.get_url = QUrl(QString::fromStdString(attribute(answer->xml, "get", "url")));
        const std::regex header("<header name=['\"]([^'\"]+)['\"]>([^<]*)</header>");
        for (auto it = std::sregex_iterator(answer->xml.begin(), answer->xml.end(), header);
             it != std::sregex_iterator(); ++it) {
            slot.headers.insert(QString::fromStdString((*it)[1].str()),
                                QString::fromStdString(unescapeXml((*it)[2].str())));
        }
        return slot;
    }

    // Uploads through ImageTransfer and waits for the outcome.
    static QString upload(ImageTransfer& transfer, const UploadSlot& slot, const QByteArray& bytes,
                          const QString& content_type, const QString& id = QStringLiteral("upload-1")) {
        QSignalSpy finished(&transfer, &ImageTransfer::uploadFinished);
        QSignalSpy failed(&transfer, &ImageTransfer::uploadFailed);
        transfer.upload(id, slot.put_url, slot.get_url, slot.headers, bytes, content_type);
        if (!QTest::qWaitFor([&] { return finished.count() + failed.count() > 0; }, 15000)) {
            return QStringLiteral("timeout");
        }
        if (!failed.isEmpty()) {
            return failed.at(0).at(1).toString();
        }
        EXPECT_EQ(finished.at(0).at(0).toString(), id);
        EXPECT_EQ(finished.at(0).at(1).toUrl(), slot.get_url);
        return {};
    }

    struct Ready {
        QImage thumbnail;
        QString error;
        double elapsed_ms = -1;
    };
    static Ready fetch(ImageTransfer& transfer, const QUrl& url, int dimension) {
        QSignalSpy ready(&transfer, &ImageTransfer::imageReady);
        QElapsedTimer timer;
        timer.start();
        transfer.fetch(url, dimension);
        Ready result;
        if (!QTest::qWaitFor([&] { return !ready.isEmpty(); }, 15000)) {
            result.error = QStringLiteral("timeout");
            return result;
        }
        result.elapsed_ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        EXPECT_EQ(ready.count(), 1);
        EXPECT_EQ(ready.at(0).at(0).toUrl(), url);
        result.thumbnail = ready.at(0).at(1).value<QImage>();
        result.error = ready.at(0).at(2).toString();
        return result;
    }

    static inline std::unique_ptr<harness::ProsodyServer> server_;
    static inline std::unique_ptr<harness::XmppTestClient> alice_;
};

TEST_F(ImageUploadTest, UploadedScreenshotComesBackAsAThumbnail) {
    const PreparedImage prepared = prepareForUpload(test::screenshotLikeImage(800, 600), QStringLiteral("shot.bmp"));
    ASSERT_TRUE(prepared.error.isEmpty()) << prepared.error.toStdString();
    ASSERT_EQ(prepared.content_type, QStringLiteral("image/png"));
    const UploadSlot slot = requestSlot(prepared.file_name, prepared.bytes.size(), prepared.content_type);
    ASSERT_TRUE(slot.put_url.isValid() && slot.get_url.isValid());
    ASSERT_TRUE(slot.headers.contains(QStringLiteral("Authorization")));

    ImageTransfer transfer;
    QSignalSpy upload_progress(&transfer, &ImageTransfer::uploadProgress);
    ASSERT_EQ(upload(transfer, slot, prepared.bytes, prepared.content_type), QString()) << server_->logTail();
    // Qt ends with a (0, 0) report; before it, one says everything was sent.
    bool all_sent_reported = false;
    for (const auto& report : upload_progress) {
        EXPECT_EQ(report.at(0).toString(), QStringLiteral("upload-1"));
        all_sent_reported = all_sent_reported || (report.at(1).toLongLong() == prepared.bytes.size() &&
                                                  report.at(2).toLongLong() == prepared.bytes.size());
    }
    EXPECT_TRUE(all_sent_reported) << upload_progress.count() << " reports";

    QSignalSpy download_progress(&transfer, &ImageTransfer::downloadProgress);
    const Ready ready = fetch(transfer, slot.get_url, 200);
    std::printf("[ timing ] fetch + decode of a %lld-byte PNG: %.1f ms\n",
                static_cast<long long>(prepared.bytes.size()), ready.elapsed_ms);
    ASSERT_TRUE(ready.error.isEmpty()) << ready.error.toStdString();
    ASSERT_FALSE(ready.thumbnail.isNull());
    EXPECT_EQ(ready.thumbnail.size(), QSize(200, 150));
    ASSERT_FALSE(download_progress.isEmpty());
    EXPECT_EQ(download_progress.last().at(1).toLongLong(), prepared.bytes.size());
    EXPECT_EQ(transfer.downloadedBytes(slot.get_url), prepared.bytes);

    const DecodedImage full = transfer.fullImage(slot.get_url);
    ASSERT_TRUE(full.ok()) << full.error.toStdString();
    EXPECT_EQ(full.image.size(), QSize(800, 600));
    EXPECT_EQ(full.image.convertToFormat(QImage::Format_RGB32), test::screenshotLikeImage(800, 600));

    // A second fetch is answered from the cache: same thumbnail, no download.
    download_progress.clear();
    const Ready again = fetch(transfer, slot.get_url, 200);
    EXPECT_TRUE(again.error.isEmpty());
    EXPECT_EQ(again.thumbnail, ready.thumbnail);
    EXPECT_TRUE(download_progress.isEmpty());
    // Another size decodes the kept bytes again, still without a download.
    const Ready smaller = fetch(transfer, slot.get_url, 64);
    EXPECT_EQ(smaller.thumbnail.size(), QSize(64, 48));
    EXPECT_TRUE(download_progress.isEmpty());
}

TEST_F(ImageUploadTest, UploadedPhotoThumbnailKeepsItsAspectRatio) {
    const PreparedImage prepared = prepareForUpload(test::photoLikeImage(3000, 1500), QStringLiteral("wide.png"));
    ASSERT_EQ(prepared.content_type, QStringLiteral("image/jpeg"));
    ASSERT_EQ(prepared.size, QSize(2048, 1024));
    const UploadSlot slot = requestSlot(prepared.file_name, prepared.bytes.size(), prepared.content_type);
    ImageTransfer transfer;
    ASSERT_EQ(upload(transfer, slot, prepared.bytes, prepared.content_type), QString());
    const Ready ready = fetch(transfer, slot.get_url, 300);
    ASSERT_TRUE(ready.error.isEmpty()) << ready.error.toStdString();
    EXPECT_EQ(ready.thumbnail.size(), QSize(300, 150));
}

TEST_F(ImageUploadTest, UploadedBombIsRefusedOnFetch) {
    const QByteArray bomb = test::pngBomb(20000, 20000);
    const UploadSlot slot = requestSlot(QStringLiteral("innocent.png"), bomb.size(), QStringLiteral("image/png"));
    ImageTransfer transfer;
    ASSERT_EQ(upload(transfer, slot, bomb, QStringLiteral("image/png")), QString());
    const Ready ready = fetch(transfer, slot.get_url, 256);
    std::printf("[ timing ] fetch + refusal of a %lld-byte 20000x20000 PNG bomb: %.1f ms\n",
                static_cast<long long>(bomb.size()), ready.elapsed_ms);
    EXPECT_TRUE(ready.thumbnail.isNull());
    EXPECT_EQ(ready.error, QStringLiteral("image too large: 20000 x 20000 pixels (limit 8192 x 8192)"));
    EXPECT_FALSE(transfer.fullImage(slot.get_url).ok());
    EXPECT_EQ(transfer.fullImage(slot.get_url).error, ready.error);
}

TEST_F(ImageUploadTest, MissingFileIsHttp404) {
    ImageTransfer transfer;
    const QUrl missing(QStringLiteral("http://127.0.0.1:%1/no/such/image.png").arg(server_->httpPort()));
    const Ready ready = fetch(transfer, missing, 128);
    EXPECT_TRUE(ready.thumbnail.isNull());
    EXPECT_TRUE(ready.error.startsWith(QStringLiteral("HTTP 404"))) << ready.error.toStdString();
    EXPECT_TRUE(transfer.downloadedBytes(missing).isEmpty());
}

TEST_F(ImageUploadTest, SlotThatWasNeverFilledCarriesTheServersStatus) {
    const UploadSlot slot = requestSlot(QStringLiteral("never.png"), 100, QStringLiteral("image/png"));
    ImageTransfer transfer;
    const Ready ready = fetch(transfer, slot.get_url, 128);
    EXPECT_TRUE(ready.thumbnail.isNull());
    // Prosody's http_file_share answers 410 Gone for a slot with no file.
    EXPECT_TRUE(ready.error.startsWith(QStringLiteral("HTTP 4"))) << ready.error.toStdString();
}

TEST_F(ImageUploadTest, UploadWithoutTheSlotHeadersFailsWithTheHttpStatus) {
    const QByteArray png = test::encodeImage(test::screenshotLikeImage(40, 30), "png");
    UploadSlot slot = requestSlot(QStringLiteral("noauth.png"), png.size(), QStringLiteral("image/png"));
    slot.headers.clear();
    ImageTransfer transfer;
    const QString reason = upload(transfer, slot, png, QStringLiteral("image/png"));
    EXPECT_TRUE(reason.startsWith(QStringLiteral("HTTP 401"))) << reason.toStdString();
}

TEST_F(ImageUploadTest, UploadWithTheWrongSizeIsRefusedByTheServer) {
    const QByteArray png = test::encodeImage(test::screenshotLikeImage(40, 30), "png");
    const UploadSlot slot = requestSlot(QStringLiteral("size.png"), png.size() + 10, QStringLiteral("image/png"));
    ImageTransfer transfer;
    const QString reason = upload(transfer, slot, png, QStringLiteral("image/png"));
    EXPECT_TRUE(reason.startsWith(QStringLiteral("HTTP 4"))) << reason.toStdString();
}

}  // namespace
}  // namespace confab::client
