// The engine's socket plumbing (internal headers): address conversion and
// port-pair allocation.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <random>

#include "rtp_socket_pair.h"
#include "socket_address.h"

namespace confab::media {
namespace {

TEST(SocketAddress, RoundTripsV4AndUnmapsV4MappedV6) {
    const NetAddress v4 = NetAddress::v4(192, 0, 2, 7, 4000);
    sockaddr_storage storage;
    ASSERT_EQ(toSockaddr(v4, AF_INET, storage), sizeof(sockaddr_in));
    EXPECT_EQ(fromSockaddr(storage), v4);
    // A V4 peer seen through an IPv6 socket comes back as plain V4.
    ASSERT_EQ(toSockaddr(v4, AF_INET6, storage), sizeof(sockaddr_in6));
    const NetAddress back = fromSockaddr(storage);
    EXPECT_EQ(back.family, NetAddress::Family::V4);
    EXPECT_EQ(back, v4);
    // A V6 peer cannot be reached from a V4 socket.
    const NetAddress v6 = NetAddress::v6({0x20, 0x01, 0x0d, 0xb8}, 5000);
    EXPECT_EQ(toSockaddr(v6, AF_INET, storage), 0u);
    ASSERT_EQ(toSockaddr(v6, AF_INET6, storage), sizeof(sockaddr_in6));
    EXPECT_EQ(fromSockaddr(storage), v6);
}

TEST(SocketAddress, ParsesIpLiterals) {
    EXPECT_EQ(parseIpLiteral("127.0.0.1")->family, NetAddress::Family::V4);
    EXPECT_EQ(parseIpLiteral("::")->family, NetAddress::Family::V6);
    EXPECT_FALSE(parseIpLiteral("localhost"));
    EXPECT_FALSE(parseIpLiteral("127.0.0.1:5"));
}

TEST(RtpSocketPair, TakesEvenOddPairsAndRunsOutCleanly) {
    std::random_device random;
    const auto base = static_cast<uint16_t>(30000 + 2 * (random() % 1000));
    const NetAddress loopback = *parseIpLiteral("127.0.0.1");
    uint32_t cursor = 0;
    RtpSocketPair first, second, third;
    ASSERT_EQ(
        RtpSocketPair::open(loopback, base, static_cast<uint16_t>(base + 3), -1, cursor, first),
        MediaError::None);
    ASSERT_EQ(
        RtpSocketPair::open(loopback, base, static_cast<uint16_t>(base + 3), -1, cursor, second),
        MediaError::None);
    EXPECT_EQ(first.rtpPort() % 2, 0);
    EXPECT_EQ(first.rtcpPort(), first.rtpPort() + 1);
    EXPECT_NE(first.rtpPort(), second.rtpPort());
    EXPECT_EQ(
        RtpSocketPair::open(loopback, base, static_cast<uint16_t>(base + 3), -1, cursor, third),
        MediaError::NoFreePort);
    // Closing one frees its pair again.
    first = RtpSocketPair{};
    EXPECT_EQ(
        RtpSocketPair::open(loopback, base, static_cast<uint16_t>(base + 3), -1, cursor, third),
        MediaError::None);
}

}  // namespace
}  // namespace confab::media
