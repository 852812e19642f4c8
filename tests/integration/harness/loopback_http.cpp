#include "loopback_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>

namespace confab::test {

LoopbackUrl parseLoopbackUrl(const std::string& url) {
    const std::string prefix = "http://127.0.0.1:";
    if (url.rfind(prefix, 0) != 0) {
        return {};
    }
    auto slash = url.find('/', prefix.size());
    if (slash == std::string::npos) {
        return {};
    }
    try {
        return {std::stoi(url.substr(prefix.size(), slash - prefix.size())), url.substr(slash)};
    } catch (const std::exception&) {
        return {};
    }
}

HttpResponse httpRequest(int port, const std::string& method, const std::string& path,
                         const std::string& body, const std::vector<std::string>& headers,
                         std::chrono::milliseconds deadline) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return {};
    }
    timeval timeout{};
    timeout.tv_sec = static_cast<time_t>(deadline.count() / 1000);
    timeout.tv_usec = static_cast<suseconds_t>((deadline.count() % 1000) * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        ::close(fd);
        return {};
    }
    std::string request = method + " " + path +
                          " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                          "\r\nConnection: close\r\n";
    for (const auto& header : headers) {
        request += header + "\r\n";
    }
    if (!body.empty() || method == "PUT" || method == "POST") {
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    for (std::size_t sent = 0; sent < request.size();) {
        ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            ::close(fd);
            return {};
        }
        sent += static_cast<std::size_t>(n);
    }
    std::string reply;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) {
        reply.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);

    HttpResponse response;
    auto header_end = reply.find("\r\n\r\n");
    if (reply.rfind("HTTP/1.", 0) != 0 || header_end == std::string::npos) {
        return response;
    }
    response.status = std::atoi(reply.c_str() + reply.find(' ') + 1);
    response.body = reply.substr(header_end + 4);
    return response;
}

}  // namespace confab::test
