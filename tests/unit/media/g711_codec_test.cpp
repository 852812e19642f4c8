#include "confab/media/g711_codec.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <vector>

// spandsp headers are not self-contained: keep this order.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/bit_operations.h>
#include <spandsp/g711.h>
// clang-format on

namespace confab::media {
namespace {

TEST(G711Codec, EncodeMatchesSpandspForEveryInput) {
    for (int v = -32768; v <= 32767; ++v) {
        const auto s = static_cast<int16_t>(v);
        ASSERT_EQ(G711Codec::encodeSample(Codec::Pcmu, s), linear_to_ulaw(s)) << v;
        ASSERT_EQ(G711Codec::encodeSample(Codec::Pcma, s), linear_to_alaw(s)) << v;
    }
}

TEST(G711Codec, DecodeMatchesSpandspForEveryByte) {
    for (int b = 0; b < 256; ++b) {
        const auto byte = static_cast<uint8_t>(b);
        EXPECT_EQ(G711Codec::decodeSample(Codec::Pcmu, byte), ulaw_to_linear(byte));
        EXPECT_EQ(G711Codec::decodeSample(Codec::Pcma, byte), alaw_to_linear(byte));
    }
}

TEST(G711Codec, FrameRoundTripErrorIsWithinQuantisation) {
    std::vector<int16_t> in(160);
    for (std::size_t i = 0; i < in.size(); ++i)
        in[i] = static_cast<int16_t>((static_cast<int>(i) - 80) * 400);
    for (Codec c : {Codec::Pcmu, Codec::Pcma}) {
        std::array<uint8_t, 160> encoded{};
        std::array<int16_t, 160> decoded{};
        G711Codec::encode(c, in, encoded);
        G711Codec::decode(c, encoded, decoded);
        for (std::size_t i = 0; i < in.size(); ++i) {
            // Logarithmic quantisation: error under ~1/16 of the magnitude + a step.
            EXPECT_LE(std::abs(decoded[i] - in[i]), std::abs(in[i]) / 16 + 40) << codecName(c) << i;
        }
    }
}

TEST(G711Codec, SilenceBytesDecodeToNearZero) {
    EXPECT_LE(std::abs(G711Codec::decodeSample(Codec::Pcmu, G711Codec::silenceByte(Codec::Pcmu))),
              8);
    EXPECT_LE(std::abs(G711Codec::decodeSample(Codec::Pcma, G711Codec::silenceByte(Codec::Pcma))),
              8);
    EXPECT_EQ(G711Codec::encodeSample(Codec::Pcmu, 0), G711Codec::silenceByte(Codec::Pcmu));
    EXPECT_EQ(G711Codec::encodeSample(Codec::Pcma, 0), G711Codec::silenceByte(Codec::Pcma));
}

TEST(G711Codec, PayloadTypes) {
    EXPECT_EQ(payloadType(Codec::Pcmu), 0);
    EXPECT_EQ(payloadType(Codec::Pcma), 8);
    EXPECT_EQ(codecForPayloadType(0), Codec::Pcmu);
    EXPECT_EQ(codecForPayloadType(8), Codec::Pcma);
    EXPECT_FALSE(codecForPayloadType(101).has_value());
}

}  // namespace
}  // namespace confab::media
