#include "loopback_http_server.h"

#include <QSslServer>
#include <stdexcept>

namespace confab::test {

LoopbackHttpServer::LoopbackHttpServer(Responder respond, const QSslConfiguration* tls)
    : respond_(std::move(respond)), tls_(tls != nullptr) {
    if (tls != nullptr) {
        auto ssl_server = std::make_unique<QSslServer>();
        ssl_server->setSslConfiguration(*tls);
        server_ = std::move(ssl_server);
    } else {
        server_ = std::make_unique<QTcpServer>();
    }
    if (!server_->listen(QHostAddress::LocalHost, 0)) {
        throw std::runtime_error("cannot listen on 127.0.0.1: " + server_->errorString().toStdString());
    }
    // Emitted by both kinds once a connection is ready (for TLS: after the
    // handshake).
    QObject::connect(server_.get(), &QTcpServer::pendingConnectionAvailable, server_.get(), [this] {
        while (QTcpSocket* socket = server_->nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            auto head = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, head] {
                if (head->endsWith("\r\n\r\n")) {
                    socket->readAll();  // a body we do not care about
                    return;
                }
                *head += socket->readAll();
                if (head->contains("\r\n\r\n")) {
                    *head = head->left(head->indexOf("\r\n\r\n") + 4);
                    ++requests_;
                    respond_(socket, *head);
                }
            });
        }
    });
}

LoopbackHttpServer::~LoopbackHttpServer() {
    server_->close();
}

QUrl LoopbackHttpServer::url(const QString& path) const {
    return QUrl(QStringLiteral("%1://127.0.0.1:%2%3")
                    .arg(tls_ ? QStringLiteral("https") : QStringLiteral("http"))
                    .arg(server_->serverPort())
                    .arg(path));
}

LoopbackHttpServer::Responder LoopbackHttpServer::endlessBody(const QByteArray& head, const QByteArray& chunk) {
    return [head, chunk, bytes_sent = bytes_sent_, client_closed = client_closed_](QTcpSocket* socket,
                                                                                   const QByteArray&) {
        socket->write(head);
        auto top_up = [socket, chunk, bytes_sent] {
            // Keep a few chunks queued, never an unbounded backlog.
            while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 4 * chunk.size()) {
                *bytes_sent += socket->write(chunk);
            }
        };
        QObject::connect(socket, &QTcpSocket::bytesWritten, socket, top_up);
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [client_closed] { *client_closed = true; });
        top_up();
    };
}

QByteArray httpResponse(int status, const QByteArray& reason, const QByteArray& body,
                        const QByteArray& extra_headers) {
    return "HTTP/1.1 " + QByteArray::number(status) + " " + reason + "\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n" + extra_headers + "\r\n" + body;
}

}  // namespace confab::test
