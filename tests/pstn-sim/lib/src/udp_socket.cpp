#include "confab/pstnsim/udp_socket.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

namespace confab::pstnsim {

namespace {

socklen_t toSockaddr(const media::NetAddress& address, sockaddr_storage& storage) {
    std::memset(&storage, 0, sizeof storage);
    if (address.family == media::NetAddress::Family::V6) {
        sockaddr_in6 v6{};
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(address.port);
        std::memcpy(&v6.sin6_addr, address.bytes.data(), 16);
        std::memcpy(&storage, &v6, sizeof v6);
        return sizeof v6;
    }
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    v4.sin_port = htons(address.port);
    std::memcpy(&v4.sin_addr, address.bytes.data(), 4);
    std::memcpy(&storage, &v4, sizeof v4);
    return sizeof v4;
}

media::NetAddress fromSockaddr(const sockaddr_storage& storage) {
    media::NetAddress address;
    if (storage.ss_family == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, &storage, sizeof v6);
        address.family = media::NetAddress::Family::V6;
        std::memcpy(address.bytes.data(), &v6.sin6_addr, 16);
        address.port = ntohs(v6.sin6_port);
    } else if (storage.ss_family == AF_INET) {
        sockaddr_in v4{};
        std::memcpy(&v4, &storage, sizeof v4);
        address.family = media::NetAddress::Family::V4;
        std::memcpy(address.bytes.data(), &v4.sin_addr, 4);
        address.port = ntohs(v4.sin_port);
    }
    return address;
}

}  // namespace

std::optional<media::NetAddress> parseNetAddress(const std::string& ip, std::uint16_t port) {
    media::NetAddress address;
    address.port = port;
    if (inet_pton(AF_INET, ip.c_str(), address.bytes.data()) == 1) {
        address.family = media::NetAddress::Family::V4;
        return address;
    }
    if (inet_pton(AF_INET6, ip.c_str(), address.bytes.data()) == 1) {
        address.family = media::NetAddress::Family::V6;
        return address;
    }
    return std::nullopt;
}

std::string toString(const media::NetAddress& address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address.family == media::NetAddress::Family::V6) {
        inet_ntop(AF_INET6, address.bytes.data(), text, sizeof text);
        return fmt::format("[{}]:{}", text, address.port);
    }
    inet_ntop(AF_INET, address.bytes.data(), text, sizeof text);
    return fmt::format("{}:{}", text, address.port);
}

std::optional<UdpSocket> UdpSocket::bind(const std::string& local_ip, std::uint16_t port, std::string& error) {
    const auto local = parseNetAddress(local_ip, port);
    if (!local) {
        error = fmt::format("'{}' is not an IP literal", local_ip);
        return std::nullopt;
    }
    const int family = local->family == media::NetAddress::Family::V6 ? AF_INET6 : AF_INET;
    UdpSocket socket;
    socket.fd_ = ::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (socket.fd_ < 0) {
        error = fmt::format("socket(): {}", std::strerror(errno));
        return std::nullopt;
    }
    sockaddr_storage storage{};
    const socklen_t length = toSockaddr(*local, storage);
    if (::bind(socket.fd_, reinterpret_cast<const sockaddr*>(&storage), length) != 0) {
        error = fmt::format("bind({}): {}", toString(*local), std::strerror(errno));
        return std::nullopt;
    }
    socklen_t bound_length = sizeof storage;
    getsockname(socket.fd_, reinterpret_cast<sockaddr*>(&storage), &bound_length);
    socket.port_ = fromSockaddr(storage).port;
    return socket;
}

UdpSocket::~UdpSocket() {
    if (fd_ >= 0) ::close(fd_);
}

UdpSocket::UdpSocket(UdpSocket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), port_(std::exchange(other.port_, 0)) {}

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
        port_ = std::exchange(other.port_, 0);
    }
    return *this;
}

bool UdpSocket::sendTo(const media::NetAddress& to, std::span<const std::uint8_t> datagram) const {
    sockaddr_storage storage{};
    const socklen_t length = toSockaddr(to, storage);
    const ssize_t sent = ::sendto(fd_, datagram.data(), datagram.size(), MSG_DONTWAIT,
                                  reinterpret_cast<const sockaddr*>(&storage), length);
    return sent == static_cast<ssize_t>(datagram.size());
}

std::size_t UdpSocket::receive(std::span<std::uint8_t> buffer, media::NetAddress& from) const {
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    const ssize_t n = ::recvfrom(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT,
                                 reinterpret_cast<sockaddr*>(&storage), &length);
    if (n <= 0) return 0;
    from = fromSockaddr(storage);
    return static_cast<std::size_t>(n);
}

std::size_t UdpSocket::receiveBatch(ReceiveBatch& batch) const {
    std::array<sockaddr_storage, ReceiveBatch::kSize> sources{};
    std::array<iovec, ReceiveBatch::kSize> vectors{};
    std::array<mmsghdr, ReceiveBatch::kSize> messages{};
    for (std::size_t i = 0; i < ReceiveBatch::kSize; ++i) {
        vectors[i] = iovec{batch.buffers[i].data(), batch.buffers[i].size()};
        messages[i].msg_hdr.msg_name = &sources[i];
        messages[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
    }
    const int got = ::recvmmsg(fd_, messages.data(), ReceiveBatch::kSize, MSG_DONTWAIT, nullptr);
    if (got <= 0) return 0;
    const auto count = static_cast<std::size_t>(got);
    for (std::size_t i = 0; i < count; ++i) {
        const bool truncated = (messages[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
        batch.lengths[i] = truncated ? 0 : messages[i].msg_len;
        batch.from[i] = fromSockaddr(sources[i]);
    }
    return count;
}

}  // namespace confab::pstnsim
