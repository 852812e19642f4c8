// Service discovery and XEP-0363 upload against the harness's Prosody: the
// upload service is found with its size limit, a slot is obtained, the bytes
// are PUT and read back over HTTP; a too large file gets a reason.
#include <gtest/gtest.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include "session_probe.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;

class SessionServicesTest : public ProsodySuite {};

// Runs one request to completion; returns {status, body}.
std::pair<int, QByteArray> http(QNetworkAccessManager& network, QNetworkReply* reply) {
    waitFor([&] { return reply->isFinished(); }, 10s);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    (void)network;
    return {status, body};
}

TEST_F(SessionServicesTest, UploadsThroughADiscoveredService) {
    SessionProbe alice;
    ASSERT_TRUE(alice.login(account("alice")));
    ASSERT_TRUE(waitFor([&] { return !alice.upload_services.isEmpty(); }));
    EXPECT_EQ(alice.upload_services.first().first.toStdString(), server().uploadService());
    EXPECT_EQ(alice.upload_services.first().second, 10 * 1024 * 1024);
    EXPECT_EQ(alice->uploadService().toStdString(), server().uploadService());
    EXPECT_EQ(alice->uploadMaxBytes(), 10 * 1024 * 1024);
    EXPECT_TRUE(alice.bridges.isEmpty());  // no bridge component is connected here

    const QByteArray content("confab upload test \x01\x02\xff", 23);
    alice->requestUploadSlot(QStringLiteral("r1"), QStringLiteral("notes.bin"), content.size(),
                             QStringLiteral("application/octet-stream"));
    ASSERT_TRUE(waitFor([&] { return !alice.upload_slots.isEmpty(); }));
    const SlotAnswer slot = alice.upload_slots.first();
    ASSERT_TRUE(slot.ok) << slot.reason.toStdString();
    EXPECT_EQ(slot.request_id.toStdString(), "r1");

    QNetworkAccessManager network;
    QNetworkRequest put(slot.put_url);
    put.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/octet-stream"));
    for (auto it = slot.headers.begin(); it != slot.headers.end(); ++it) {
        put.setRawHeader(it.key().toUtf8(), it.value().toUtf8());
    }
    const auto [put_status, put_body] = http(network, network.put(put, content));
    EXPECT_TRUE(put_status == 201 || put_status == 200) << put_status << " " << put_body.toStdString();
    const auto [get_status, get_body] = http(network, network.get(QNetworkRequest(slot.get_url)));
    EXPECT_EQ(get_status, 200);
    EXPECT_EQ(get_body, content);

    alice->requestUploadSlot(QStringLiteral("r2"), QStringLiteral("huge.bin"), 50LL * 1024 * 1024,
                             QStringLiteral("application/octet-stream"));
    ASSERT_TRUE(waitFor([&] { return alice.upload_slots.size() == 2; }));
    EXPECT_FALSE(alice.upload_slots.last().ok);
    EXPECT_EQ(alice.upload_slots.last().request_id.toStdString(), "r2");
    EXPECT_FALSE(alice.upload_slots.last().reason.isEmpty());
}

}  // namespace
}  // namespace confab::test
