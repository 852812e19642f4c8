// TrustedPeerFilter's kernel filter on a plain UDP socket: trusted IPv4 and
// IPv6 sources get through, others are dropped and counted by the kernel.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cstring>

#include <gtest/gtest.h>

#include "confab/harness/process.h"
#include "confab/sip/trusted_peer_filter.h"

namespace confab::sip {
namespace {

using namespace std::chrono_literals;

struct Socket {
    explicit Socket(int family) : fd(::socket(family, SOCK_DGRAM | SOCK_NONBLOCK, 0)) {}
    ~Socket() { ::close(fd); }
    int fd;
};

sockaddr_in v4(const char* ip, std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, ip, &address.sin_addr);
    return address;
}

sockaddr_in6 v6(const char* ip, std::uint16_t port) {
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_port = htons(port);
    ::inet_pton(AF_INET6, ip, &address.sin6_addr);
    return address;
}

template <typename Address>
void bindTo(const Socket& socket, const Address& address) {
    ASSERT_EQ(::bind(socket.fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
}

template <typename Address>
void sendFrom(const char* ip, const Address& to) {
    constexpr bool kV4 = std::is_same_v<Address, sockaddr_in>;
    Socket sender(kV4 ? AF_INET : AF_INET6);
    if constexpr (kV4) {
        bindTo(sender, v4(ip, 0));
    } else {
        bindTo(sender, v6(ip, 0));
    }
    ::sendto(sender.fd, ip, std::strlen(ip), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
}

std::vector<std::string> receivedTexts(const Socket& socket) {
    std::vector<std::string> texts;
    harness::waitUntil(
        [&] {
            char buffer[128];
            const auto n = ::recv(socket.fd, buffer, sizeof buffer, 0);
            if (n > 0) texts.emplace_back(buffer, static_cast<std::size_t>(n));
            return false;
        },
        300ms, 5ms);
    return texts;
}

TEST(TrustedPeerFilterTest, KernelDropsUntrustedIpv4Sources) {
    const auto port = static_cast<std::uint16_t>(harness::freeUdpPort());
    Socket listener(AF_INET);
    bindTo(listener, v4("127.0.0.1", port));
    auto filter = TrustedPeerFilter::create({"127.0.0.2", "::1", "127.0.0.3"});
    ASSERT_TRUE(filter.ok()) << filter.error();

    const auto found = TrustedPeerFilter::findBoundUdpSocket("127.0.0.1", port);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(*found, listener.fd);
    ASSERT_TRUE(filter.value().attachTo(listener.fd).ok());

    const auto to = v4("127.0.0.1", port);
    sendFrom("127.0.0.1", to);
    sendFrom("127.0.0.2", to);
    sendFrom("127.0.0.4", to);
    sendFrom("127.0.0.3", to);
    EXPECT_EQ(receivedTexts(listener), (std::vector<std::string>{"127.0.0.2", "127.0.0.3"}));
    EXPECT_EQ(TrustedPeerFilter::kernelDrops(listener.fd), 2u);
}

TEST(TrustedPeerFilterTest, KernelFiltersIpv6Sources) {
    const auto port = static_cast<std::uint16_t>(harness::freeUdpPort());
    Socket listener(AF_INET6);
    const int v6_only = 0;
    ::setsockopt(listener.fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6_only, sizeof v6_only);
    bindTo(listener, v6("::", port));
    auto filter = TrustedPeerFilter::create({"::1"});
    ASSERT_TRUE(filter.ok());
    ASSERT_TRUE(filter.value().attachTo(listener.fd).ok());

    sendFrom("::1", v6("::1", port));
    sendFrom("127.0.0.1", v4("127.0.0.1", port));  // IPv4 on a dual-stack socket
    EXPECT_EQ(receivedTexts(listener), (std::vector<std::string>{"::1"}));
    EXPECT_EQ(TrustedPeerFilter::kernelDrops(listener.fd), 1u);
}

}  // namespace
}  // namespace confab::sip
