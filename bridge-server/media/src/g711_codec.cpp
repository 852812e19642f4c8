#include "confab/media/g711_codec.h"

#include <algorithm>
#include <array>

// spandsp headers are not self-contained: keep this order.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/bit_operations.h>
#include <spandsp/g711.h>
// clang-format on

namespace confab::media {
namespace {

struct G711Tables {
    std::array<uint8_t, 4096> alaw_encode{};  // indexed by uint16(linear) >> 4
    std::array<int16_t, 256> ulaw_decode{};
    std::array<int16_t, 256> alaw_decode{};

    G711Tables() {
        for (std::size_t i = 0; i < alaw_encode.size(); ++i) {
            const auto linear = static_cast<int16_t>(static_cast<uint16_t>(i << 4));
            alaw_encode[i] = linear_to_alaw(linear);
        }
        for (std::size_t i = 0; i < 256; ++i) {
            ulaw_decode[i] = ulaw_to_linear(static_cast<uint8_t>(i));
            alaw_decode[i] = alaw_to_linear(static_cast<uint8_t>(i));
        }
    }
};

const G711Tables kTables;

// mu-law adds its bias to the magnitude, so every input bit matters: no small
// table; spandsp's branch-light version is used directly.
inline uint8_t encodeUlaw(int16_t s) {
    return linear_to_ulaw(s);
}
inline uint8_t encodeAlaw(int16_t s) {
    return kTables.alaw_encode[static_cast<uint16_t>(s) >> 4];
}

}  // namespace

void G711Codec::encode(Codec codec, std::span<const int16_t> in, std::span<uint8_t> out) {
    const std::size_t n = std::min(in.size(), out.size());
    const int16_t* src = in.data();
    uint8_t* dst = out.data();
    if (codec == Codec::Pcmu) {
        for (std::size_t i = 0; i < n; ++i) dst[i] = encodeUlaw(src[i]);
    } else {
        for (std::size_t i = 0; i < n; ++i) dst[i] = encodeAlaw(src[i]);
    }
}

void G711Codec::decode(Codec codec, std::span<const uint8_t> in, std::span<int16_t> out) {
    const std::size_t n = std::min(in.size(), out.size());
    const auto& table = codec == Codec::Pcmu ? kTables.ulaw_decode : kTables.alaw_decode;
    for (std::size_t i = 0; i < n; ++i) out[i] = table[in[i]];
}

uint8_t G711Codec::encodeSample(Codec codec, int16_t sample) {
    return codec == Codec::Pcmu ? encodeUlaw(sample) : encodeAlaw(sample);
}

int16_t G711Codec::decodeSample(Codec codec, uint8_t byte) {
    return codec == Codec::Pcmu ? kTables.ulaw_decode[byte] : kTables.alaw_decode[byte];
}

}  // namespace confab::media
