#include "confab/harness/https_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include <httplib.h>

#include "confab/harness/temporary_folder.h"
#include "confab/harness/test_certificates.h"

namespace confab::harness {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

std::string ReceivedRequest::header(const std::string& lower_case_name) const {
    const auto found = headers.find(lower_case_name);
    return found == headers.end() ? std::string() : found->second;
}

struct HttpsReceiver::Impl {
    std::optional<TemporaryFolder> temporary;
    std::filesystem::path folder;
    std::filesystem::path ca_file;
    CertificateFiles server_files;
    std::unique_ptr<httplib::SSLServer> server;
    std::thread thread;
    int port = 0;

    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    std::vector<ReceivedRequest> requests;
    int status = 200;
    int fail_count = 0;
    int fail_status = 500;
    std::chrono::milliseconds delay{0};
    bool stopping = false;

    void handle(const httplib::Request& request, httplib::Response& response) {
        ReceivedRequest received;
        received.method = request.method;
        received.path = request.path;
        for (const auto& [name, value] : request.headers) received.headers[lower(name)] = value;
        received.body = request.body;
        received.received = std::chrono::steady_clock::now();
        int answer = 200;
        std::chrono::milliseconds wait{0};
        {
            std::lock_guard lock(mutex);
            requests.push_back(std::move(received));
            if (fail_count > 0) {
                --fail_count;
                answer = fail_status;
            } else {
                answer = status;
            }
            wait = delay;
        }
        changed.notify_all();
        if (wait.count() > 0) {
            std::unique_lock lock(mutex);
            changed.wait_for(lock, wait, [this] { return stopping; });
        }
        response.status = answer;
        response.set_content(answer < 300 ? "ok\n" : "not ok\n", "text/plain");
    }
};

HttpsReceiver::HttpsReceiver() : HttpsReceiver(Options{}) {}

HttpsReceiver::HttpsReceiver(Options options) : impl_(std::make_unique<Impl>()) {
    if (options.folder.empty()) {
        impl_->temporary.emplace("confab-https-receiver");
        impl_->folder = impl_->temporary->path();
    } else {
        impl_->folder = options.folder;
    }
    const auto ca = TestCertificateAuthority::create(impl_->folder, "Confab receiver test CA",
                                                     "receiver-ca");
    impl_->ca_file = ca.certificateFile();
    impl_->server_files = ca.issueServerCertificate(impl_->folder, "receiver", options.dns_names,
                                                    options.ip_addresses);
    impl_->server = std::make_unique<httplib::SSLServer>(impl_->server_files.certificate.c_str(),
                                                         impl_->server_files.key.c_str());
    if (!impl_->server->is_valid()) throw std::runtime_error("HttpsReceiver: TLS setup failed");
    Impl* impl = impl_.get();
    impl_->server->set_keep_alive_timeout(2);
    const auto handler = [impl](const httplib::Request& request, httplib::Response& response) {
        impl->handle(request, response);
    };
    impl_->server->Post(".*", handler);
    impl_->server->Put(".*", handler);
    impl_->server->Get(".*", handler);
    impl_->port = impl_->server->bind_to_any_port("127.0.0.1");
    if (impl_->port <= 0) throw std::runtime_error("HttpsReceiver: cannot bind 127.0.0.1");
    impl_->thread = std::thread([impl] { impl->server->listen_after_bind(); });
    // httplib's stop() does nothing before listen_after_bind() marked the
    // server running, so a receiver destroyed at once would never be joined.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!impl_->server->is_running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

HttpsReceiver::~HttpsReceiver() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->changed.notify_all();
    impl_->server->stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

int HttpsReceiver::port() const { return impl_->port; }

std::string HttpsReceiver::url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(impl_->port) + path;
}

std::filesystem::path HttpsReceiver::caFile() const { return impl_->ca_file; }
std::filesystem::path HttpsReceiver::certificateFile() const {
    return impl_->server_files.certificate;
}

void HttpsReceiver::setStatus(int status) {
    std::lock_guard lock(impl_->mutex);
    impl_->status = status;
}

void HttpsReceiver::failNext(int count, int status) {
    std::lock_guard lock(impl_->mutex);
    impl_->fail_count = count;
    impl_->fail_status = status;
}

void HttpsReceiver::setDelay(std::chrono::milliseconds delay) {
    std::lock_guard lock(impl_->mutex);
    impl_->delay = delay;
}

std::vector<ReceivedRequest> HttpsReceiver::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests;
}

std::size_t HttpsReceiver::requestCount() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests.size();
}

bool HttpsReceiver::waitForRequests(std::size_t count, std::chrono::milliseconds deadline) const {
    std::unique_lock lock(impl_->mutex);
    return impl_->changed.wait_for(lock, deadline,
                                   [&] { return impl_->requests.size() >= count; });
}

SilentTcpListener::SilentTcpListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("SilentTcpListener: socket()");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    // The backlog lets the kernel complete handshakes that are never accept()ed.
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(fd_, 64) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd_);
        throw std::runtime_error("SilentTcpListener: cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
}

SilentTcpListener::~SilentTcpListener() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace confab::harness
