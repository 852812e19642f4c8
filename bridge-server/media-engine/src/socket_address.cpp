#include "socket_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace confab::media {
namespace {
constexpr std::array<uint8_t, 12> kV4MappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
}  // namespace

NetAddress fromSockaddr(const sockaddr_storage& address) {
    NetAddress out;
    if (address.ss_family == AF_INET) {
        sockaddr_in v4;
        std::memcpy(&v4, &address, sizeof v4);
        out.family = NetAddress::Family::V4;
        std::memcpy(out.bytes.data(), &v4.sin_addr, 4);
        out.port = ntohs(v4.sin_port);
    } else if (address.ss_family == AF_INET6) {
        sockaddr_in6 v6;
        std::memcpy(&v6, &address, sizeof v6);
        const auto* raw = reinterpret_cast<const uint8_t*>(&v6.sin6_addr);
        if (std::memcmp(raw, kV4MappedPrefix.data(), kV4MappedPrefix.size()) == 0) {
            out.family = NetAddress::Family::V4;
            std::memcpy(out.bytes.data(), raw + 12, 4);
        } else {
            out.family = NetAddress::Family::V6;
            std::memcpy(out.bytes.data(), raw, 16);
        }
        out.port = ntohs(v6.sin6_port);
    }
    return out;
}

socklen_t toSockaddr(const NetAddress& address, int socket_family, sockaddr_storage& out) {
    std::memset(&out, 0, sizeof out);
    if (socket_family == AF_INET) {
        if (address.family != NetAddress::Family::V4) return 0;
        sockaddr_in v4{};
        v4.sin_family = AF_INET;
        v4.sin_port = htons(address.port);
        std::memcpy(&v4.sin_addr, address.bytes.data(), 4);
        std::memcpy(&out, &v4, sizeof v4);
        return sizeof v4;
    }
    if (socket_family == AF_INET6) {
        sockaddr_in6 v6{};
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(address.port);
        auto* raw = reinterpret_cast<uint8_t*>(&v6.sin6_addr);
        if (address.family == NetAddress::Family::V4) {
            std::memcpy(raw, kV4MappedPrefix.data(), kV4MappedPrefix.size());
            std::memcpy(raw + 12, address.bytes.data(), 4);
        } else if (address.family == NetAddress::Family::V6) {
            std::memcpy(raw, address.bytes.data(), 16);
        } else {
            return 0;
        }
        std::memcpy(&out, &v6, sizeof v6);
        return sizeof v6;
    }
    return 0;
}

std::optional<NetAddress> parseIpLiteral(const std::string& text) {
    in_addr v4;
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
        NetAddress out;
        out.family = NetAddress::Family::V4;
        std::memcpy(out.bytes.data(), &v4, 4);
        return out;
    }
    in6_addr v6;
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
        NetAddress out;
        out.family = NetAddress::Family::V6;
        std::memcpy(out.bytes.data(), &v6, 16);
        return out;
    }
    return std::nullopt;
}

}  // namespace confab::media
