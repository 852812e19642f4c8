// HttpsReceiver: a small HTTPS server on 127.0.0.1 (port 0) that records
// every request, for webhook tests and the demo. It makes its own test CA
// (TestCertificateAuthority) and a server certificate for "localhost" and
// 127.0.0.1, so the client under test verifies TLS for real against
// caFile(). It can be told to answer slowly or with an error status.
//
// SilentTcpListener: a port that completes the TCP handshake (the kernel's
// listen backlog) and then never reads or answers: the "dead receiver" a
// client must time out on.
//
// Thread contract: the server answers on its own threads; every public
// function may be called from any thread (state behind one mutex).
// The destructor stops the server promptly, cutting a slow answer short.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace confab::harness {

struct ReceivedRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::chrono::steady_clock::time_point received;
    std::string header(const std::string& lower_case_name) const;  // "" when absent
};

class HttpsReceiver {
  public:
    struct Options {
        // Where the CA and certificate go; empty: a temporary folder removed
        // with the receiver.
        std::filesystem::path folder;
        // subjectAltName of the server certificate.
        std::vector<std::string> dns_names{"localhost"};
        std::vector<std::string> ip_addresses{"127.0.0.1"};
    };

    HttpsReceiver();
    explicit HttpsReceiver(Options options);  // throws std::runtime_error if it cannot serve
    ~HttpsReceiver();
    HttpsReceiver(const HttpsReceiver&) = delete;
    HttpsReceiver& operator=(const HttpsReceiver&) = delete;

    int port() const;
    // "https://127.0.0.1:<port><path>"
    std::string url(const std::string& path = "/hook") const;
    std::filesystem::path caFile() const;           // PEM of the CA that signed the server certificate
    std::filesystem::path certificateFile() const;  // the server's own certificate

    // Every later request is answered with `status` (default 200).
    void setStatus(int status);
    // The next `count` requests get `status`, later ones the setStatus() one.
    void failNext(int count, int status = 500);
    // Every later request is answered after `delay` (0: at once).
    void setDelay(std::chrono::milliseconds delay);

    std::vector<ReceivedRequest> requests() const;
    std::size_t requestCount() const;
    // True once at least `count` requests arrived.
    bool waitForRequests(std::size_t count, std::chrono::milliseconds deadline) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

class SilentTcpListener {
  public:
    SilentTcpListener();  // throws std::runtime_error when it cannot listen
    ~SilentTcpListener();
    SilentTcpListener(const SilentTcpListener&) = delete;
    SilentTcpListener& operator=(const SilentTcpListener&) = delete;
    int port() const { return port_; }

  private:
    int fd_ = -1;
    int port_ = 0;
};

}  // namespace confab::harness
