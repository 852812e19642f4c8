// HttpsTransport: POSTs to one https URL with cpp-httplib's SSLClient (the
// Debian library is built with OpenSSL). httplib verifies for real: the
// chain against ca_file or the system's default paths
// (SSL_CTX_set_default_verify_paths), then the host name or IP address
// against subjectAltName (verify_host), and fails the request otherwise.
// One keep-alive connection is reused between requests.
//
// Interrupting: httplib's own stop() waits on the mutex its send() holds
// while connecting and during the TLS handshake, so it cannot cut a stalled
// handshake short. Instead the socket-options hook keeps a dup() of each new
// socket; interrupt() shuts that socket down, which wakes whatever httplib
// is waiting in. A dup (not the number httplib owns) means we never touch a
// descriptor that httplib closed and the process reused.
// Thread contract: see delivery_transport.h.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "confab/webhook/delivery_transport.h"
#include "confab/webhook/webhook_settings.h"

namespace confab::webhook {

class HttpsTransport final : public DeliveryTransport {
public:
    HttpsTransport(const WebhookUrl& url, const std::string& ca_file,
                   std::chrono::milliseconds timeout);
    ~HttpsTransport() override;
    HttpsTransport(const HttpsTransport&) = delete;
    HttpsTransport& operator=(const HttpsTransport&) = delete;

    DeliveryOutcome post(const std::string& body, const HeaderList& headers) override;
    void interrupt() override;

private:
    std::string describe(int error_code) const;  // an httplib::Error, for log lines

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace confab::webhook
