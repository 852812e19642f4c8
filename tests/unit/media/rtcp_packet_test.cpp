#include "confab/media/rtcp_packet.h"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <vector>

namespace confab::media {
namespace {

RtcpReportBlock sampleBlock() {
    RtcpReportBlock b;
    b.ssrc = 0x11223344;
    b.fraction_lost = 64;
    b.cumulative_lost = 1234;
    b.extended_highest_sequence = 0x00010005;
    b.jitter = 77;
    b.last_sr = 0xAABBCCDD;
    b.delay_since_last_sr = 65536;
    return b;
}

TEST(RtcpPacket, SenderReportSdesByeCompound) {
    std::array<uint8_t, 256> buf{};
    RtcpSenderInfo info{{3900000000u, 0x80000000u}, 160000, 1000, 160000};
    const auto block = sampleBlock();
    std::size_t len = buildSenderReport(0xCAFEBABE, info, &block, buf);
    ASSERT_EQ(len, 52u);
    const std::size_t sdes =
        buildSdesCname(0xCAFEBABE, "bridge@confab", std::span(buf).subspan(len));
    ASSERT_GT(sdes, 0u);
    EXPECT_EQ(sdes % 4, 0u);
    len += sdes;
    len += buildBye(0xCAFEBABE, std::span(buf).subspan(len));

    RtcpCompound c;
    ASSERT_EQ(parseRtcpCompound(std::span(buf.data(), len), c), RtcpParseError::None);
    EXPECT_EQ(c.packet_count, 3u);
    EXPECT_EQ(c.skipped_packet_count, 1u);  // SDES
    EXPECT_TRUE(c.has_sender_report);
    EXPECT_EQ(c.sender_ssrc, 0xCAFEBABEu);
    EXPECT_EQ(c.sender_info.ntp.seconds, 3900000000u);
    EXPECT_EQ(c.sender_info.ntp.fraction, 0x80000000u);
    EXPECT_EQ(c.sender_info.rtp_timestamp, 160000u);
    EXPECT_EQ(c.sender_info.packet_count, 1000u);
    ASSERT_EQ(c.report_block_count, 1u);
    const auto* b = c.findReportBlock(0x11223344);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->fraction_lost, 64);
    EXPECT_EQ(b->cumulative_lost, 1234);
    EXPECT_EQ(b->extended_highest_sequence, 0x00010005u);
    EXPECT_EQ(b->jitter, 77u);
    EXPECT_EQ(b->last_sr, 0xAABBCCDDu);
    EXPECT_EQ(b->delay_since_last_sr, 65536u);
    EXPECT_TRUE(c.has_bye);
    ASSERT_EQ(c.bye_ssrc_count, 1u);
    EXPECT_EQ(c.bye_ssrcs[0], 0xCAFEBABEu);
    EXPECT_EQ(c.findReportBlock(1), nullptr);
}

TEST(RtcpPacket, ReceiverReportWithNegativeLoss) {
    std::array<uint8_t, 64> buf{};
    auto block = sampleBlock();
    block.cumulative_lost = -5;  // duplicates
    const std::size_t len = buildReceiverReport(42, block, buf);
    ASSERT_EQ(len, 32u);
    RtcpCompound c;
    ASSERT_EQ(parseRtcpCompound(std::span(buf.data(), len), c), RtcpParseError::None);
    EXPECT_TRUE(c.has_receiver_report);
    EXPECT_FALSE(c.has_sender_report);
    EXPECT_EQ(c.sender_ssrc, 42u);
    ASSERT_EQ(c.report_block_count, 1u);
    EXPECT_EQ(c.report_blocks[0].cumulative_lost, -5);
}

TEST(RtcpPacket, CumulativeLostClampsTo24Bits) {
    std::array<uint8_t, 64> buf{};
    auto block = sampleBlock();
    block.cumulative_lost = 50'000'000;
    const std::size_t len = buildReceiverReport(1, block, buf);
    RtcpCompound c;
    ASSERT_EQ(parseRtcpCompound(std::span(buf.data(), len), c), RtcpParseError::None);
    EXPECT_EQ(c.report_blocks[0].cumulative_lost, 0x7FFFFF);
}

TEST(RtcpPacket, SenderReportWithoutBlock) {
    std::array<uint8_t, 64> buf{};
    const std::size_t len = buildSenderReport(7, RtcpSenderInfo{}, nullptr, buf);
    ASSERT_EQ(len, 28u);
    RtcpCompound c;
    ASSERT_EQ(parseRtcpCompound(std::span(buf.data(), len), c), RtcpParseError::None);
    EXPECT_EQ(c.report_block_count, 0u);
}

TEST(RtcpPacket, BuildersRefuseSmallBuffers) {
    std::array<uint8_t, 16> buf{};
    EXPECT_EQ(buildSenderReport(1, {}, nullptr, buf), 0u);
    EXPECT_EQ(buildReceiverReport(1, sampleBlock(), buf), 0u);
    EXPECT_EQ(buildSdesCname(1, "a-rather-long-cname@example", buf), 0u);
    EXPECT_EQ(buildBye(1, std::span(buf).first(4)), 0u);
}

std::vector<uint8_t> validRr() {
    std::vector<uint8_t> buf(32);
    buildReceiverReport(9, sampleBlock(), buf);
    return buf;
}

TEST(RtcpPacket, Truncated) {
    const auto rr = validRr();
    RtcpCompound c;
    for (std::size_t n = 0; n < 4; ++n) {
        EXPECT_EQ(parseRtcpCompound(std::span(rr.data(), n), c), RtcpParseError::TooShort);
    }
    for (std::size_t n = 4; n < rr.size(); ++n) {
        EXPECT_EQ(parseRtcpCompound(std::span(rr.data(), n), c), RtcpParseError::LengthBeyondPacket)
            << n;
    }
    auto trailing = rr;
    trailing.push_back(0x80);  // 1 stray byte after a valid packet
    EXPECT_EQ(parseRtcpCompound(trailing, c), RtcpParseError::TooShort);
}

TEST(RtcpPacket, BadVersion) {
    auto rr = validRr();
    rr[0] = static_cast<uint8_t>((rr[0] & 0x3F) | 0x40);
    RtcpCompound c;
    EXPECT_EQ(parseRtcpCompound(rr, c), RtcpParseError::BadVersion);
}

TEST(RtcpPacket, ReportCountBeyondLength) {
    auto rr = validRr();
    rr[0] = static_cast<uint8_t>(0x80 | 2);  // claims 2 blocks, length holds 1
    RtcpCompound c;
    EXPECT_EQ(parseRtcpCompound(rr, c), RtcpParseError::ReportBlocksBeyondLength);
}

TEST(RtcpPacket, ByeCountBeyondLength) {
    auto rr = validRr();
    std::array<uint8_t, 8> bye{};
    buildBye(9, bye);
    bye[0] = static_cast<uint8_t>(0x80 | 5);
    rr.insert(rr.end(), bye.begin(), bye.end());
    RtcpCompound c;
    EXPECT_EQ(parseRtcpCompound(rr, c), RtcpParseError::ByeBeyondLength);
}

TEST(RtcpPacket, PaddingRules) {
    // Padding on a non-last packet.
    auto two = validRr();
    const auto second = validRr();
    two.insert(two.end(), second.begin(), second.end());
    two[0] |= 0x20;
    RtcpCompound c;
    EXPECT_EQ(parseRtcpCompound(two, c), RtcpParseError::BadPadding);

    // Last packet: padding count 0, or larger than the packet.
    auto padded = validRr();
    padded[0] |= 0x20;
    padded.back() = 0;
    EXPECT_EQ(parseRtcpCompound(padded, c), RtcpParseError::BadPadding);
    padded.back() = 200;
    EXPECT_EQ(parseRtcpCompound(padded, c), RtcpParseError::BadPadding);
    // Padding eating into the report block.
    padded.back() = 8;
    EXPECT_EQ(parseRtcpCompound(padded, c), RtcpParseError::ReportBlocksBeyondLength);
}

TEST(RtcpPacket, MustStartWithReport) {
    std::array<uint8_t, 8> bye{};
    buildBye(9, bye);
    RtcpCompound c;
    EXPECT_EQ(parseRtcpCompound(bye, c), RtcpParseError::NotReportFirst);
}

TEST(RtcpPacket, RtcpMuxDemux) {
    const auto rr = validRr();
    EXPECT_TRUE(looksLikeRtcp(rr));
    const std::array<uint8_t, 12> rtp{0x80, 0x00};
    EXPECT_FALSE(looksLikeRtcp(rtp));
    const std::array<uint8_t, 12> rtp_marker{0x80, 0x88};  // marker + PT 8
    EXPECT_FALSE(looksLikeRtcp(rtp_marker));
}

TEST(RtcpPacket, RandomInputStaysInBounds) {
    std::mt19937 rng(99);
    std::uniform_int_distribution<int> byte(0, 255), len(0, 120);
    const auto base = validRr();
    for (int iter = 0; iter < 20000; ++iter) {
        std::vector<uint8_t> data;
        if (iter % 2) {
            data = base;
            for (int k = 0; k < 3; ++k)
                data[static_cast<std::size_t>(byte(rng)) % data.size()] =
                    static_cast<uint8_t>(byte(rng));
            data.resize(static_cast<std::size_t>(len(rng)) % 48);
        } else {
            data.resize(static_cast<std::size_t>(len(rng)));
            for (auto& b : data) b = static_cast<uint8_t>(byte(rng));
        }
        RtcpCompound c;
        (void)parseRtcpCompound(data, c);
        EXPECT_LE(c.report_block_count, RtcpCompound::kMaxReportBlocks);
        EXPECT_LE(c.bye_ssrc_count, RtcpCompound::kMaxByeSources);
    }
}

TEST(RtcpPacket, NtpCompact) {
    NtpTimestamp t{0x12345678, 0x9ABCDEF0};
    EXPECT_EQ(t.compact(), 0x56789ABCu);
}

}  // namespace
}  // namespace confab::media
