// MediaEngine over real UDP: RTCP reports both ways (RTT), BYE at close,
// periodic LegStats, and the media timeout.
#include <gtest/gtest.h>

#include <vector>

#include "confab/media/rtcp_packet.h"
#include "engine_harness.h"

namespace confab::media::test {
namespace {

using std::chrono::milliseconds;

TEST(MediaEngineRtcp, ReportsBothWaysGiveRoundTripTime) {
    auto config = EngineHarness::testConfig();
    config.rtcp_interval = milliseconds(400);
    config.stats_interval = milliseconds(200);
    EngineHarness h(config);
    ASSERT_EQ(h.engine().createMix(1, 4), MediaError::None);
    RtpPeer a, b;
    const LegId leg_a = h.addLeg(a, 1);
    h.addLeg(b, 1);
    h.stream(a, tone(440, -20));
    h.stream(b, tone(660, -20));

    // Answer every SR from the engine with an RR whose LSR echoes it.
    std::size_t answered = 0;
    h.onTick([&](uint64_t) {
        while (answered < a.rtcp().size()) {
            const RtcpCompound& report = a.rtcp()[answered++];
            if (!report.has_sender_report) continue;
            RtcpReportBlock block;
            block.ssrc = report.sender_ssrc;
            block.last_sr = report.sender_info.ntp.compact();
            block.delay_since_last_sr = 0;
            std::array<uint8_t, 128> packet;
            const std::size_t length = buildReceiverReport(a.ssrc(), block, packet);
            a.sendRtcp(std::span<const uint8_t>(packet.data(), length));
        }
    });
    h.run(milliseconds(2500));

    ASSERT_GE(a.rtcp().size(), 2u);
    const RtcpCompound& first = a.rtcp().front();
    EXPECT_TRUE(first.has_sender_report);
    ASSERT_FALSE(a.packets().empty());
    EXPECT_EQ(first.sender_ssrc, a.packets().front().ssrc);  // same stream as the RTP
    const RtcpReportBlock* about_us = first.findReportBlock(a.ssrc());
    ASSERT_NE(about_us, nullptr);
    EXPECT_GT(about_us->extended_highest_sequence, 0u);
    EXPECT_EQ(first.skipped_packet_count, 1u);  // the SDES CNAME

    const auto stats = h.eventsOf(MediaEventKind::LegStats, leg_a);
    ASSERT_GE(stats.size(), 5u);
    const LegStatsReport& last = stats.back().event.stats;
    EXPECT_TRUE(last.quality.rtt_known);
    EXPECT_LT(last.quality.rtt_ms, 60.0);
    EXPECT_GT(last.quality.packets_received, 50u);
    EXPECT_GT(last.rtcp_received, 0u);
    EXPECT_GT(last.packets_sent, 50u);

    ASSERT_EQ(h.engine().closeLeg(leg_a), MediaError::None);
    h.onTick(nullptr);
    h.run(milliseconds(200));
    ASSERT_FALSE(a.rtcp().empty());
    EXPECT_TRUE(a.rtcp().back().has_bye);
}

TEST(MediaEngineRtcp, MediaTimeoutAndResume) {
    auto config = EngineHarness::testConfig();
    config.media_timeout = milliseconds(500);
    EngineHarness h(config);
    ASSERT_EQ(h.engine().createMix(1, 4), MediaError::None);
    RtpPeer a;
    const LegId leg = h.addLeg(a, 1);
    h.stream(a, tone(440, -20));
    h.run(milliseconds(600));
    EXPECT_TRUE(h.eventsOf(MediaEventKind::MediaTimeout, leg).empty());

    h.stopStream(a);
    const auto stopped = Clock::now();
    ASSERT_TRUE(h.runUntil([&] { return !h.eventsOf(MediaEventKind::MediaTimeout, leg).empty(); },
                           milliseconds(1500)));
    const auto waited = h.eventsOf(MediaEventKind::MediaTimeout, leg).front().received - stopped;
    EXPECT_GE(waited, milliseconds(450));
    EXPECT_LE(waited, milliseconds(800));

    h.stream(a, tone(440, -20));
    EXPECT_TRUE(h.runUntil([&] { return !h.eventsOf(MediaEventKind::MediaResumed, leg).empty(); },
                           milliseconds(500)));
    EXPECT_EQ(h.eventsOf(MediaEventKind::MediaTimeout, leg).size(), 1u);

    // On hold the peer sends nothing, and that is no timeout.
    ASSERT_EQ(h.engine().updateLeg(leg, a.remoteMedia(MediaDirection::RecvOnly)), MediaError::None);
    h.stopStream(a);
    h.run(milliseconds(1000));
    EXPECT_EQ(h.eventsOf(MediaEventKind::MediaTimeout, leg).size(), 1u);
}

}  // namespace
}  // namespace confab::media::test
