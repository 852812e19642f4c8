// LoopbackHttpServer: a deliberately misbehaving HTTP/1.1 server on
// 127.0.0.1 (port 0) for the download-limit tests, living on the test
// thread and served while the test waits in the event loop. Each request's
// head is handed to `respond`, which writes whatever it likes on the socket.
// The server counts what it sent, so a test can show the client stopped it.
// Given a QSslConfiguration it speaks HTTPS (QSslServer) instead.
#pragma once

#include <QByteArray>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <functional>
#include <memory>

namespace confab::test {

class LoopbackHttpServer {
  public:
    using Responder = std::function<void(QTcpSocket* socket, const QByteArray& request_head)>;

    explicit LoopbackHttpServer(Responder respond, const QSslConfiguration* tls = nullptr);
    ~LoopbackHttpServer();

    QUrl url(const QString& path) const;  // http(s)://127.0.0.1:<port><path>
    qint64 bytesSent() const { return *bytes_sent_; }
    int requests() const { return requests_; }
    bool clientClosed() const { return *client_closed_; }

    // A responder that sends `head` and then `chunk` over and over for as
    // long as the client keeps the connection open (never ending on its own),
    // counted in bytesSent().
    Responder endlessBody(const QByteArray& head, const QByteArray& chunk);

    // Replaces the responder (tests that need the server's URL in the answer).
    void setResponder(Responder respond) { respond_ = std::move(respond); }

  private:
    Responder respond_;
    bool tls_ = false;
    std::unique_ptr<QTcpServer> server_;
    int requests_ = 0;
    std::shared_ptr<qint64> bytes_sent_ = std::make_shared<qint64>(0);
    std::shared_ptr<bool> client_closed_ = std::make_shared<bool>(false);
};

// A complete response with Content-Length and Connection: close.
QByteArray httpResponse(int status, const QByteArray& reason, const QByteArray& body,
                        const QByteArray& extra_headers = {});

}  // namespace confab::test
