// A transport address as plain bytes: IPv4 or IPv6 plus a port. The media
// thread converts from sockaddr at the socket; everything below works on this
// POD, so filters and tests need no sockets. Value type; any thread.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

namespace confab::media {

struct NetAddress {
    enum class Family : uint8_t { None, V4, V6 };

    Family family = Family::None;
    std::array<uint8_t, 16> bytes{};  // V4 uses the first 4
    uint16_t port = 0;                // host byte order

    static NetAddress v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port_number) {
        NetAddress addr;
        addr.family = Family::V4;
        addr.bytes[0] = a;
        addr.bytes[1] = b;
        addr.bytes[2] = c;
        addr.bytes[3] = d;
        addr.port = port_number;
        return addr;
    }
    static NetAddress v6(const std::array<uint8_t, 16>& address, uint16_t port_number) {
        NetAddress addr;
        addr.family = Family::V6;
        addr.bytes = address;
        addr.port = port_number;
        return addr;
    }

    // Same IP address, port not compared.
    bool sameHost(const NetAddress& other) const {
        if (family != other.family) return false;
        const std::size_t n = family == Family::V4 ? 4 : 16;
        return std::equal(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n),
                          other.bytes.begin());
    }
    bool operator==(const NetAddress& other) const { return sameHost(other) && port == other.port; }
};

}  // namespace confab::media
