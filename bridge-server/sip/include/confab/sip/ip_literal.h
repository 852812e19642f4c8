// IpLiteral: a numeric IPv4 or IPv6 address taken from untrusted text (SDP c=),
// with the classifications the SDP checks need. Never resolves names: text
// that is not a literal is simply not an IpLiteral.
//
// Thread contract: a plain value; callable from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "confab/sip/negotiated_media.h"

namespace confab::sip {

class IpLiteral {
  public:
    // Dotted-quad IPv4 (exactly four decimal parts) or RFC 4291 IPv6 text
    // without brackets or zone id. nullopt for anything else.
    static std::optional<IpLiteral> parse(std::string_view text);

    IpFamily family() const { return family_; }
    // 0.0.0.0 or ::, the old "on hold" address.
    bool isUnspecified() const;
    // 224.0.0.0/4 or ff00::/8.
    bool isMulticast() const;
    // 255.255.255.255.
    bool isBroadcast() const;
    // 0.0.0.0/8 other than 0.0.0.0 itself, and 240.0.0.0/4 other than the
    // broadcast address: not usable as a peer's unicast address.
    bool isReserved() const;
    // Canonical text (inet_ntop), e.g. "2001:db8::1".
    std::string toString() const;

  private:
    IpLiteral(IpFamily family, const std::array<std::uint8_t, 16>& bytes)
        : family_(family), bytes_(bytes) {}
    // For IPv4 and IPv4-mapped IPv6: the four IPv4 bytes start here.
    const std::uint8_t* v4Bytes() const;
    bool isV4OrMapped() const;

    IpFamily family_;
    std::array<std::uint8_t, 16> bytes_;  // IPv4 uses the first four
};

}  // namespace confab::sip
