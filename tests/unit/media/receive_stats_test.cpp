#include "confab/media/receive_stats.h"

#include <gtest/gtest.h>

namespace confab::media {
namespace {

using namespace std::chrono_literals;

MediaTime at(int ms) {
    return std::chrono::milliseconds(ms);
}

TEST(ReceiveStats, NoLoss) {
    ReceiveStats s;
    for (int i = 0; i < 10; ++i) s.onPacket(static_cast<uint16_t>(100 + i), 160u * i, at(20 * i));
    const auto q = s.quality();
    EXPECT_EQ(q.packets_received, 10u);
    EXPECT_EQ(q.packets_expected, 10u);
    EXPECT_EQ(q.packets_lost, 0);
    EXPECT_DOUBLE_EQ(q.jitter_ms, 0.0);
    const auto block = s.makeReportBlock(0xABC, at(200));
    EXPECT_EQ(block.ssrc, 0xABCu);
    EXPECT_EQ(block.fraction_lost, 0);
    EXPECT_EQ(block.cumulative_lost, 0);
    EXPECT_EQ(block.extended_highest_sequence, 109u);
}

TEST(ReceiveStats, LossAndFractionHandComputed) {
    ReceiveStats s;
    for (int i = 0; i < 20; ++i) {
        if (i == 5 || i == 6 || i == 10) continue;
        s.onPacket(static_cast<uint16_t>(1000 + i), 160u * i, at(20 * i));
    }
    const auto block = s.makeReportBlock(1, at(400));
    EXPECT_EQ(block.cumulative_lost, 3);
    EXPECT_EQ(block.fraction_lost, (3 << 8) / 20);  // 38
    EXPECT_EQ(block.extended_highest_sequence, 1019u);
    auto q = s.quality();
    EXPECT_EQ(q.packets_received, 17u);
    EXPECT_EQ(q.packets_expected, 20u);
    EXPECT_EQ(q.packets_lost, 3);
    EXPECT_NEAR(q.fraction_lost, 38.0 / 256.0, 1e-9);

    // Next interval: 10 more, 1 lost -> fraction 1/10.
    for (int i = 20; i < 30; ++i) {
        if (i == 25) continue;
        s.onPacket(static_cast<uint16_t>(1000 + i), 160u * i, at(20 * i));
    }
    const auto block2 = s.makeReportBlock(1, at(600));
    EXPECT_EQ(block2.cumulative_lost, 4);
    EXPECT_EQ(block2.fraction_lost, (1 << 8) / 10);  // 25
}

TEST(ReceiveStats, SequenceWrapExtendsHighest) {
    ReceiveStats s;
    int i = 0;
    for (uint16_t seq = 65530; seq != 6; ++seq, ++i) s.onPacket(seq, 160u * i, at(20 * i));
    EXPECT_EQ(s.extendedHighestSequence(), 65536u + 5u);
    const auto q = s.quality();
    EXPECT_EQ(q.packets_expected, 12u);
    EXPECT_EQ(q.packets_received, 12u);
    EXPECT_EQ(q.packets_lost, 0);
}

TEST(ReceiveStats, ReorderedAcrossWrapDoesNotAddCycle) {
    ReceiveStats s;
    s.onPacket(65534, 0, at(0));
    s.onPacket(0, 320, at(40));
    s.onPacket(65535, 160, at(41));  // late, before the wrap
    s.onPacket(1, 480, at(60));
    EXPECT_EQ(s.extendedHighestSequence(), 65536u + 1u);
    EXPECT_EQ(s.quality().packets_lost, 0);
}

TEST(ReceiveStats, DuplicatesMakeLossNegative) {
    ReceiveStats s;
    s.onPacket(1, 0, at(0));
    s.onPacket(2, 160, at(20));
    s.onPacket(3, 320, at(40));
    s.onPacket(3, 320, at(41));
    s.onPacket(3, 320, at(42));
    EXPECT_EQ(s.quality().packets_lost, -2);
    EXPECT_EQ(s.makeReportBlock(1, at(50)).cumulative_lost, -2);
}

TEST(ReceiveStats, JitterHandComputed) {
    ReceiveStats s;
    s.onPacket(1, 0, at(0));
    s.onPacket(2, 160, at(20));
    s.onPacket(3, 320, at(50));  // 10 ms late: D = 80 units, J = 80/16 = 5
    EXPECT_EQ(s.makeReportBlock(1, at(50)).jitter, 5u);
    s.onPacket(4, 480, at(60));  // back on time: D = 80, J = 5 + 75/16 = 9.6875
    EXPECT_EQ(s.makeReportBlock(1, at(60)).jitter, 9u);
    EXPECT_NEAR(s.quality().jitter_ms, 9.6875 / 8.0, 1e-9);
}

TEST(ReceiveStats, LargeJumpNeedsTwoSequentialPackets) {
    ReceiveStats s;
    for (int i = 0; i < 5; ++i) s.onPacket(static_cast<uint16_t>(10 + i), 160u * i, at(20 * i));
    EXPECT_FALSE(s.onPacket(40000, 0, at(200)));  // stray
    EXPECT_EQ(s.extendedHighestSequence(), 14u);
    EXPECT_TRUE(s.onPacket(40001, 160, at(220)));  // the source restarted: resync
    EXPECT_EQ(s.extendedHighestSequence(), 40001u);
}

TEST(ReceiveStats, ProbationWithMinSequentialTwo) {
    ReceiveStats s(kSampleRateHz, 2);
    EXPECT_FALSE(s.onPacket(500, 0, at(0)));
    EXPECT_TRUE(s.onPacket(501, 160, at(20)));
    EXPECT_EQ(s.quality().packets_received, 1u);  // the RFC does not count the first
}

TEST(ReceiveStats, RoundTripFromReportBlock) {
    ReceiveStats s;
    const NtpTimestamp sent{100, 0x80000000};
    s.onSenderReportSent(NtpTimestamp{99, 0}, at(0));
    s.onSenderReportSent(sent, at(1000));
    RtcpReportBlock rb;
    rb.last_sr = sent.compact();
    rb.delay_since_last_sr = 13107;  // 0.2 s
    rb.fraction_lost = 128;
    rb.cumulative_lost = 7;
    rb.jitter = 80;
    s.onReportBlockReceived(rb, at(1300));
    const auto q = s.quality();
    ASSERT_TRUE(q.rtt_known);
    EXPECT_NEAR(q.rtt_ms, 100.0, 0.01);
    EXPECT_TRUE(q.remote_report_known);
    EXPECT_DOUBLE_EQ(q.remote_fraction_lost, 0.5);
    EXPECT_EQ(q.remote_packets_lost, 7);
    EXPECT_DOUBLE_EQ(q.remote_jitter_ms, 10.0);
}

TEST(ReceiveStats, UnknownLsrGivesNoRtt) {
    ReceiveStats s;
    s.onSenderReportSent(NtpTimestamp{1, 0}, at(0));
    RtcpReportBlock rb;
    rb.last_sr = 0x12345678;
    s.onReportBlockReceived(rb, at(100));
    EXPECT_FALSE(s.quality().rtt_known);
    rb.last_sr = 0;
    s.onReportBlockReceived(rb, at(100));
    EXPECT_FALSE(s.quality().rtt_known);
}

TEST(ReceiveStats, OurBlockCarriesLsrAndDlsr) {
    ReceiveStats s;
    s.onPacket(1, 0, at(0));
    s.onSenderReportReceived(NtpTimestamp{5, 0x00010000}, at(2000));
    const auto block = s.makeReportBlock(1, at(2500));
    EXPECT_EQ(block.last_sr, (5u << 16) | 1u);
    EXPECT_EQ(block.delay_since_last_sr, 32768u);
}

}  // namespace
}  // namespace confab::media
