// ImageTransfer over https: the server's certificate must chain to the
// system store or to a CA added with setCaFile; a certificate nobody
// vouches for ends the download (TLS errors are never ignored).
#include <gtest/gtest.h>

#include <QFile>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QTest>
#include <cstdio>

#include "confab/client/image_transfer.h"
#include "confab/harness/temporary_folder.h"
#include "confab/harness/test_certificates.h"
#include "loopback_http_server.h"
#include "test_images.h"

namespace confab::client {
namespace {

using test::httpResponse;
using test::LoopbackHttpServer;

QByteArray readFile(const std::filesystem::path& path) {
    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::ReadOnly)) {
        ADD_FAILURE() << "cannot read " << path;
        return {};
    }
    return file.readAll();
}

class TlsDownloadTest : public ::testing::Test {
  protected:
    TlsDownloadTest()
        : folder_("confab-images-tls"),
          ca_(harness::TestCertificateAuthority::create(folder_.path(), "Confab images test CA")),
          server_files_(ca_.issueServerCertificate(folder_.path(), "server", {"localhost"}, {"127.0.0.1"})) {
        tls_ = QSslConfiguration::defaultConfiguration();
        tls_.setLocalCertificate(QSslCertificate(readFile(server_files_.certificate), QSsl::Pem));
        tls_.setPrivateKey(QSslKey(readFile(server_files_.key), QSsl::Ec, QSsl::Pem));
        tls_.setPeerVerifyMode(QSslSocket::VerifyNone);  // the server does not ask for client certificates
        png_ = test::encodeImage(test::screenshotLikeImage(90, 60), "png");
    }

    QString fetchError(ImageTransfer& transfer, const QUrl& url, QImage* thumbnail) {
        QSignalSpy ready(&transfer, &ImageTransfer::imageReady);
        transfer.fetch(url, 30);
        if (!QTest::qWaitFor([&] { return !ready.isEmpty(); }, 15000)) {
            return QStringLiteral("timeout");
        }
        *thumbnail = ready.at(0).at(1).value<QImage>();
        return ready.at(0).at(2).toString();
    }

    harness::TemporaryFolder folder_;
    harness::TestCertificateAuthority ca_;
    harness::CertificateFiles server_files_;
    QSslConfiguration tls_;
    QByteArray png_;
};

TEST_F(TlsDownloadTest, CertificateFromTheAddedCaIsTrusted) {
    ASSERT_FALSE(tls_.localCertificate().isNull());
    ASSERT_FALSE(tls_.privateKey().isNull());
    const QByteArray png = png_;
    LoopbackHttpServer server(
        [png](QTcpSocket* socket, const QByteArray&) {
            socket->write(httpResponse(200, "OK", png, "Content-Type: image/png\r\n"));
            socket->disconnectFromHost();
        },
        &tls_);
    ImageTransfer transfer;
    transfer.setCaFile(QString::fromStdString(ca_.certificateFile().string()));
    QImage thumbnail;
    const QString error = fetchError(transfer, server.url(QStringLiteral("/secure.png")), &thumbnail);
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    EXPECT_EQ(thumbnail.size(), QSize(30, 20));
}

TEST_F(TlsDownloadTest, UnknownCertificateAuthorityEndsTheDownload) {
    const QByteArray png = png_;
    LoopbackHttpServer server(
        [png](QTcpSocket* socket, const QByteArray&) {
            socket->write(httpResponse(200, "OK", png, "Content-Type: image/png\r\n"));
            socket->disconnectFromHost();
        },
        &tls_);
    ImageTransfer transfer;  // system store only: our test CA is not in it
    QImage thumbnail;
    const QString error = fetchError(transfer, server.url(QStringLiteral("/secure.png")), &thumbnail);
    EXPECT_TRUE(thumbnail.isNull());
    EXPECT_TRUE(error.startsWith(QStringLiteral("download failed: "))) << error.toStdString();
    EXPECT_EQ(server.requests(), 0) << "no request may be sent over an untrusted connection";
    std::printf("[ tls ] unknown CA -> %s\n", qPrintable(error));
}

}  // namespace
}  // namespace confab::client
