// RTP (RFC 3550 section 5.1) parsing and building over caller-owned bytes.
//
// parseRtp() validates everything a hostile datagram can get wrong (version,
// CSRC list, header extension and padding lengths) and never reads outside the
// given span; each rejection is a typed RtpParseError so callers can count
// them. The view it fills points into the datagram: it is valid only while the
// datagram's buffer is. buildRtp() writes into a caller-provided buffer.
// Pure functions, no allocation, no exceptions; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace confab::media {

inline constexpr std::size_t kRtpHeaderSize = 12;

enum class RtpParseError : uint8_t {
    None,
    TooShort,               // shorter than the 12-byte fixed header
    BadVersion,             // version field is not 2
    CsrcBeyondLength,       // CSRC count needs more bytes than the datagram has
    ExtensionBeyondLength,  // header extension (or its 4-byte header) overruns
    BadPadding,             // padding count is 0 or larger than what follows the header
};

std::string_view toString(RtpParseError error);

// A parsed packet; spans point into the parsed datagram.
struct RtpPacketView {
    bool padding = false;
    bool has_extension = false;
    bool marker = false;
    uint8_t payload_type = 0;
    uint16_t sequence = 0;
    uint32_t timestamp = 0;
    uint32_t ssrc = 0;
    uint8_t csrc_count = 0;
    std::span<const uint8_t> csrc_bytes;  // csrc_count * 4 bytes, network order
    uint16_t extension_profile = 0;       // "defined by profile" field
    std::span<const uint8_t> extension_data;
    std::span<const uint8_t> payload;  // padding already removed

    uint32_t csrc(std::size_t index) const;  // index < csrc_count
};

// On success returns None and fills `out`; on failure `out` is unspecified.
RtpParseError parseRtp(std::span<const uint8_t> datagram, RtpPacketView& out);

// What buildRtp() writes: version 2, no padding, no extension, no CSRC.
struct RtpHeaderFields {
    uint8_t payload_type = 0;
    bool marker = false;
    uint16_t sequence = 0;
    uint32_t timestamp = 0;
    uint32_t ssrc = 0;
};

// Writes header + payload into `out`; returns the packet length, or 0 when
// `out` is too small (nothing useful written).
std::size_t buildRtp(const RtpHeaderFields& header, std::span<const uint8_t> payload,
                     std::span<uint8_t> out);

}  // namespace confab::media
