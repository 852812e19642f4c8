#include "confab/webhook/https_transport.h"

#include <sys/socket.h>
#include <unistd.h>

#include <mutex>

#include <httplib.h>
#include <openssl/x509.h>

namespace confab::webhook {

struct HttpsTransport::Impl {
    WebhookUrl url;
    httplib::SSLClient client;

    std::mutex mutex;  // guards the two fields below; the hook and interrupt() meet here
    int socket_copy = -1;
    bool interrupted = false;

    Impl(const WebhookUrl& target, const std::string& ca_file, std::chrono::milliseconds timeout)
        : url(target), client(target.host, target.port) {
        client.enable_server_certificate_verification(true);
        if (!ca_file.empty()) client.set_ca_cert_path(ca_file);
        client.set_connection_timeout(timeout);
        client.set_read_timeout(timeout);
        client.set_write_timeout(timeout);
        client.set_keep_alive(true);
        client.set_follow_location(false);  // a redirect is the receiver's answer, not a hop
        client.set_socket_options([this](int sock) { adopt(sock); });
    }

    ~Impl() { forgetSocket(); }

    // Called by httplib on the worker thread for every new socket, before connect().
    void adopt(int sock) {
        std::lock_guard lock(mutex);
        if (socket_copy >= 0) ::close(socket_copy);
        socket_copy = ::dup(sock);
        if (interrupted) ::shutdown(sock, SHUT_RDWR);
    }

    void forgetSocket() {
        std::lock_guard lock(mutex);
        if (socket_copy >= 0) ::close(socket_copy);
        socket_copy = -1;
    }
};

std::string HttpsTransport::describe(int error_code) const {
    const auto error = static_cast<httplib::Error>(error_code);
    switch (error) {
        case httplib::Error::Connection: return "cannot connect";
        case httplib::Error::ConnectionTimeout: return "connect timed out";
        case httplib::Error::Read: return "no answer (read failed or timed out)";
        case httplib::Error::Write: return "sending failed";
        case httplib::Error::SSLConnection: return "TLS handshake failed or timed out";
        case httplib::Error::SSLLoadingCerts: return "cannot load the CA certificates";
        case httplib::Error::SSLServerVerification: {
            // httplib checks the chain first, then the name; a chain that
            // verified leaves X509_V_OK behind, so the name was wrong.
            const long verify = impl_->client.get_openssl_verify_result();
            if (verify != X509_V_OK) {
                return std::string("certificate not trusted: ") +
                       X509_verify_cert_error_string(verify);
            }
            return "certificate does not match host " + impl_->url.host;
        }
        default: return httplib::to_string(error);
    }
}

HttpsTransport::HttpsTransport(const WebhookUrl& url, const std::string& ca_file,
                               std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(url, ca_file, timeout)) {}

HttpsTransport::~HttpsTransport() = default;

DeliveryOutcome HttpsTransport::post(const std::string& body, const HeaderList& headers) {
    {
        std::lock_guard lock(impl_->mutex);
        if (impl_->interrupted) return {0, "stopped"};
    }
    httplib::Headers request_headers;
    for (const auto& [name, value] : headers) request_headers.emplace(name, value);
    DeliveryOutcome outcome;
    try {
        auto result = impl_->client.Post(impl_->url.path, request_headers, body, "application/json");
        if (result) {
            outcome.status = result->status;
        } else {
            outcome.error = describe(static_cast<int>(result.error()));
        }
    } catch (const std::exception& e) {
        // httplib does not promise not to throw (std::bad_alloc, regex); one
        // failed attempt, never an exception through the plugin boundary.
        outcome.status = 0;
        outcome.error = e.what();
    }
    // The connection is gone (error, or "Connection: close"): drop our copy
    // now so the peer sees the close, instead of at the next connect.
    if (!impl_->client.is_socket_open()) impl_->forgetSocket();
    return outcome;
}

void HttpsTransport::interrupt() {
    std::lock_guard lock(impl_->mutex);
    impl_->interrupted = true;
    if (impl_->socket_copy >= 0) ::shutdown(impl_->socket_copy, SHUT_RDWR);
}

}  // namespace confab::webhook
