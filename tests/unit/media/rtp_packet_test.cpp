#include "confab/media/rtp_packet.h"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <vector>

namespace confab::media {
namespace {

std::vector<uint8_t> header(uint8_t b0, uint8_t b1 = 0x00) {
    return {b0, b1, 0x12, 0x34, 0x00, 0x00, 0x03, 0x20, 0xDE, 0xAD, 0xBE, 0xEF};
}

TEST(RtpPacket, BuildThenParse) {
    std::array<uint8_t, 160> payload{};
    payload.fill(0xAB);
    std::array<uint8_t, 200> buf{};
    const RtpHeaderFields fields{8, true, 65535, 0xFFFFFF00, 0x01020304};
    const std::size_t len = buildRtp(fields, payload, buf);
    ASSERT_EQ(len, 172u);
    RtpPacketView view;
    ASSERT_EQ(parseRtp(std::span(buf.data(), len), view), RtpParseError::None);
    EXPECT_EQ(view.payload_type, 8);
    EXPECT_TRUE(view.marker);
    EXPECT_EQ(view.sequence, 65535);
    EXPECT_EQ(view.timestamp, 0xFFFFFF00u);
    EXPECT_EQ(view.ssrc, 0x01020304u);
    EXPECT_EQ(view.payload.size(), 160u);
    EXPECT_EQ(view.payload[0], 0xAB);
    EXPECT_FALSE(view.has_extension);
    EXPECT_EQ(view.csrc_count, 0);
}

TEST(RtpPacket, BuildRefusesSmallBuffer) {
    std::array<uint8_t, 160> payload{};
    std::array<uint8_t, 171> buf{};
    EXPECT_EQ(buildRtp({}, payload, buf), 0u);
}

TEST(RtpPacket, TruncatedHeaders) {
    const auto full = header(0x80);
    for (std::size_t n = 0; n < kRtpHeaderSize; ++n) {
        RtpPacketView view;
        EXPECT_EQ(parseRtp(std::span(full.data(), n), view), RtpParseError::TooShort) << n;
    }
    RtpPacketView view;
    EXPECT_EQ(parseRtp(full, view), RtpParseError::None);  // header only, empty payload
    EXPECT_TRUE(view.payload.empty());
}

TEST(RtpPacket, BadVersion) {
    for (uint8_t v : {0x00, 0x40, 0xC0}) {
        RtpPacketView view;
        EXPECT_EQ(parseRtp(header(v), view), RtpParseError::BadVersion);
    }
}

TEST(RtpPacket, CsrcList) {
    auto p = header(0x82);  // CC = 2
    for (uint8_t b : {0, 0, 0, 1, 0, 0, 0, 2, 0xAA}) p.push_back(b);
    RtpPacketView view;
    ASSERT_EQ(parseRtp(p, view), RtpParseError::None);
    ASSERT_EQ(view.csrc_count, 2);
    EXPECT_EQ(view.csrc(0), 1u);
    EXPECT_EQ(view.csrc(1), 2u);
    ASSERT_EQ(view.payload.size(), 1u);
    EXPECT_EQ(view.payload[0], 0xAA);
}

TEST(RtpPacket, CsrcCountBeyondLength) {
    auto p = header(0x8F);  // CC = 15 needs 60 bytes
    p.resize(p.size() + 56);
    RtpPacketView view;
    EXPECT_EQ(parseRtp(p, view), RtpParseError::CsrcBeyondLength);
}

TEST(RtpPacket, HeaderExtension) {
    auto p = header(0x90);
    for (uint8_t b : {0xBE, 0xDE, 0x00, 0x01, 1, 2, 3, 4, 0x55}) p.push_back(b);
    RtpPacketView view;
    ASSERT_EQ(parseRtp(p, view), RtpParseError::None);
    EXPECT_EQ(view.extension_profile, 0xBEDE);
    ASSERT_EQ(view.extension_data.size(), 4u);
    EXPECT_EQ(view.extension_data[3], 4);
    ASSERT_EQ(view.payload.size(), 1u);
}

TEST(RtpPacket, ExtensionHeaderTruncated) {
    auto p = header(0x90);
    p.push_back(0xBE);
    p.push_back(0xDE);
    RtpPacketView view;
    EXPECT_EQ(parseRtp(p, view), RtpParseError::ExtensionBeyondLength);
}

TEST(RtpPacket, ExtensionLengthBeyondPacket) {
    auto p = header(0x90);
    for (uint8_t b : {0xBE, 0xDE, 0x00, 0x02, 1, 2, 3, 4}) p.push_back(b);  // says 8 bytes, has 4
    RtpPacketView view;
    EXPECT_EQ(parseRtp(p, view), RtpParseError::ExtensionBeyondLength);
    auto huge = header(0x90);
    for (uint8_t b : {0xBE, 0xDE, 0xFF, 0xFF}) huge.push_back(b);
    EXPECT_EQ(parseRtp(huge, view), RtpParseError::ExtensionBeyondLength);
}

TEST(RtpPacket, Padding) {
    auto p = header(0xA0);
    for (uint8_t b : {9, 9, 0, 0, 3}) p.push_back(b);  // 2 payload bytes, 3 padding
    RtpPacketView view;
    ASSERT_EQ(parseRtp(p, view), RtpParseError::None);
    EXPECT_EQ(view.payload.size(), 2u);

    auto all_padding = header(0xA0);
    for (uint8_t b : {0, 0, 3}) all_padding.push_back(b);
    ASSERT_EQ(parseRtp(all_padding, view), RtpParseError::None);
    EXPECT_TRUE(view.payload.empty());
}

TEST(RtpPacket, PaddingLargerThanPayload) {
    auto p = header(0xA0);
    for (uint8_t b : {9, 9, 200}) p.push_back(b);
    RtpPacketView view;
    EXPECT_EQ(parseRtp(p, view), RtpParseError::BadPadding);
}

TEST(RtpPacket, PaddingCountZeroOrMissing) {
    auto p = header(0xA0);
    p.push_back(0);
    RtpPacketView view;
    EXPECT_EQ(parseRtp(p, view), RtpParseError::BadPadding);
    // Padding bit set but no byte after the header: the last header byte must
    // not be read as a padding count.
    EXPECT_EQ(parseRtp(header(0xA0), view), RtpParseError::BadPadding);
}

TEST(RtpPacket, PaddingCannotEatExtension) {
    auto p = header(0xB0);
    for (uint8_t b : {0xBE, 0xDE, 0x00, 0x01, 1, 2, 3, 8}) p.push_back(b);  // pad 8 > 0 payload
    RtpPacketView view;
    EXPECT_EQ(parseRtp(p, view), RtpParseError::BadPadding);
}

// Random and mutated datagrams must never read out of bounds (run under ASan)
// and must keep every span inside the input.
TEST(RtpPacket, RandomInputStaysInBounds) {
    std::mt19937 rng(1234);
    std::uniform_int_distribution<int> byte(0, 255), len(0, 80);
    for (int iter = 0; iter < 20000; ++iter) {
        std::vector<uint8_t> data(static_cast<std::size_t>(len(rng)));
        for (auto& b : data) b = static_cast<uint8_t>(byte(rng));
        if (!data.empty() && iter % 2 == 0) data[0] = static_cast<uint8_t>(0x80 | (data[0] & 0x3F));
        RtpPacketView view;
        if (parseRtp(data, view) != RtpParseError::None) continue;
        const uint8_t* lo = data.data();
        const uint8_t* hi = data.data() + data.size();
        EXPECT_GE(view.payload.data(), lo);
        EXPECT_LE(view.payload.data() + view.payload.size(), hi);
        EXPECT_LE(view.extension_data.data() + view.extension_data.size(), hi);
        EXPECT_LE(view.csrc_bytes.data() + view.csrc_bytes.size(), hi);
    }
}

TEST(RtpPacket, ErrorNames) {
    EXPECT_EQ(toString(RtpParseError::BadPadding), "bad padding");
}

}  // namespace
}  // namespace confab::media
