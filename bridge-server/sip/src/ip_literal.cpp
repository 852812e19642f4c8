#include "confab/sip/ip_literal.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>

namespace confab::sip {

namespace {

// Longest IPv6 text form (with an embedded IPv4 tail) is 45 characters.
constexpr std::size_t kMaxLiteralLength = INET6_ADDRSTRLEN - 1;

}  // namespace

std::optional<IpLiteral> IpLiteral::parse(std::string_view text) {
    if (text.empty() || text.size() > kMaxLiteralLength) return std::nullopt;
    const std::string terminated(text);  // inet_pton needs a C string
    std::array<std::uint8_t, 16> bytes{};
    if (inet_pton(AF_INET, terminated.c_str(), bytes.data()) == 1) {
        return IpLiteral(IpFamily::V4, bytes);
    }
    if (inet_pton(AF_INET6, terminated.c_str(), bytes.data()) == 1) {
        return IpLiteral(IpFamily::V6, bytes);
    }
    return std::nullopt;
}

bool IpLiteral::isV4OrMapped() const {
    if (family_ == IpFamily::V4) return true;
    // ::ffff:a.b.c.d
    return std::all_of(bytes_.begin(), bytes_.begin() + 10, [](auto b) { return b == 0; }) &&
           bytes_[10] == 0xff && bytes_[11] == 0xff;
}

const std::uint8_t* IpLiteral::v4Bytes() const {
    return family_ == IpFamily::V4 ? bytes_.data() : bytes_.data() + 12;
}

bool IpLiteral::isUnspecified() const {
    const std::size_t length = family_ == IpFamily::V4 ? 4 : 16;
    if (std::all_of(bytes_.begin(), bytes_.begin() + length, [](auto b) { return b == 0; })) {
        return true;
    }
    if (family_ == IpFamily::V6 && isV4OrMapped()) {
        const auto* v4 = v4Bytes();
        return v4[0] == 0 && v4[1] == 0 && v4[2] == 0 && v4[3] == 0;
    }
    return false;
}

bool IpLiteral::isMulticast() const {
    if (isV4OrMapped()) return (v4Bytes()[0] & 0xf0) == 0xe0;
    return bytes_[0] == 0xff;
}

bool IpLiteral::isBroadcast() const {
    if (!isV4OrMapped()) return false;
    const auto* v4 = v4Bytes();
    return v4[0] == 0xff && v4[1] == 0xff && v4[2] == 0xff && v4[3] == 0xff;
}

bool IpLiteral::isReserved() const {
    if (!isV4OrMapped() || isUnspecified() || isBroadcast()) return false;
    const auto first = v4Bytes()[0];
    return first == 0 || (first & 0xf0) == 0xf0;
}

std::string IpLiteral::toString() const {
    char text[INET6_ADDRSTRLEN] = {};
    const int af = family_ == IpFamily::V4 ? AF_INET : AF_INET6;
    if (inet_ntop(af, bytes_.data(), text, sizeof text) == nullptr) return {};
    return text;
}

}  // namespace confab::sip
