// The audio codecs the bridge speaks on the wire, and their static RTP payload
// types (RFC 3551). Only G.711 for now; kCodecCount sizes per-codec tables such
// as the mixer's shared encode buffers. Pure values; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace confab::media {

enum class Codec : uint8_t {
    Pcmu = 0,  // G.711 mu-law, payload type 0
    Pcma = 1,  // G.711 A-law, payload type 8
};
inline constexpr std::size_t kCodecCount = 2;

inline constexpr uint8_t kPayloadTypePcmu = 0;
inline constexpr uint8_t kPayloadTypePcma = 8;
inline constexpr uint8_t kPayloadTypeComfortNoise = 13;  // RFC 3389

constexpr std::size_t codecIndex(Codec codec) {
    return static_cast<std::size_t>(codec);
}

constexpr uint8_t payloadType(Codec codec) {
    return codec == Codec::Pcmu ? kPayloadTypePcmu : kPayloadTypePcma;
}

constexpr std::optional<Codec> codecForPayloadType(uint8_t payload_type) {
    if (payload_type == kPayloadTypePcmu) return Codec::Pcmu;
    if (payload_type == kPayloadTypePcma) return Codec::Pcma;
    return std::nullopt;
}

constexpr std::string_view codecName(Codec codec) {
    return codec == Codec::Pcmu ? "PCMU" : "PCMA";
}

}  // namespace confab::media
