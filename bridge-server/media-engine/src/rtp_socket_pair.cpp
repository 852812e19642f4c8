#include "rtp_socket_pair.h"

#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "socket_address.h"

namespace confab::media {
namespace {

// -1 and errno set on failure.
int bindUdp(const NetAddress& bind, uint16_t port, int dscp) {
    const int family = bind.family == NetAddress::Family::V6 ? AF_INET6 : AF_INET;
    const int fd = ::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (family == AF_INET6) {
        const int off = 0;  // "::" also takes IPv4 peers
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
    }
    if (dscp >= 0) {
        const int tos = dscp << 2;
        if (family == AF_INET6) {
            ::setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof tos);
        } else {
            ::setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
        }
    }
    NetAddress local = bind;
    local.port = port;
    sockaddr_storage address;
    const socklen_t length = toSockaddr(local, family, address);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), length) != 0) {
        const int saved = errno;
        ::close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

}  // namespace

RtpSocketPair::~RtpSocketPair() {
    close();
}

RtpSocketPair::RtpSocketPair(RtpSocketPair&& other) noexcept
    : rtp_fd_(std::exchange(other.rtp_fd_, -1)),
      rtcp_fd_(std::exchange(other.rtcp_fd_, -1)),
      rtp_port_(other.rtp_port_),
      family_(other.family_) {}

RtpSocketPair& RtpSocketPair::operator=(RtpSocketPair&& other) noexcept {
    if (this != &other) {
        close();
        rtp_fd_ = std::exchange(other.rtp_fd_, -1);
        rtcp_fd_ = std::exchange(other.rtcp_fd_, -1);
        rtp_port_ = other.rtp_port_;
        family_ = other.family_;
    }
    return *this;
}

void RtpSocketPair::close() {
    if (rtp_fd_ >= 0) ::close(rtp_fd_);
    if (rtcp_fd_ >= 0) ::close(rtcp_fd_);
    rtp_fd_ = rtcp_fd_ = -1;
}

MediaError RtpSocketPair::open(const NetAddress& bind, uint16_t port_min, uint16_t port_max,
                               int dscp, uint32_t& cursor, RtpSocketPair& out) {
    const uint32_t first = (uint32_t{port_min} + 1u) & ~1u;  // even
    if (first + 1 > port_max) return MediaError::InvalidArgument;
    const uint32_t pairs = (uint32_t{port_max} - first + 1) / 2;
    for (uint32_t attempt = 0; attempt < pairs; ++attempt) {
        const uint32_t index = (cursor + attempt) % pairs;
        const auto port = static_cast<uint16_t>(first + 2 * index);
        const int rtp = bindUdp(bind, port, dscp);
        if (rtp < 0) {
            if (errno == EADDRINUSE || errno == EACCES) continue;
            return MediaError::SocketError;
        }
        const int rtcp = bindUdp(bind, static_cast<uint16_t>(port + 1), dscp);
        if (rtcp < 0) {
            const int saved = errno;
            ::close(rtp);
            if (saved == EADDRINUSE || saved == EACCES) continue;
            return MediaError::SocketError;
        }
        out = RtpSocketPair{};
        out.rtp_fd_ = rtp;
        out.rtcp_fd_ = rtcp;
        out.rtp_port_ = port;
        out.family_ = bind.family == NetAddress::Family::V6 ? AF_INET6 : AF_INET;
        cursor = (index + 1) % pairs;
        return MediaError::None;
    }
    return MediaError::NoFreePort;
}

}  // namespace confab::media
