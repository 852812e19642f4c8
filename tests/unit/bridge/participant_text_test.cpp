// The /list line and its quality verdict, from plain values.
#include "participant_text.h"

#include <gtest/gtest.h>

namespace confab::bridge {
namespace {

TEST(ParticipantTextTest, ConnectedTalkingMutedWithQuality) {
    ParticipantLine line;
    line.index = 2;
    line.name = "Bob Baker (+15551230002)";
    line.state = "connected";
    line.talking = true;
    line.muted = true;
    line.has_quality = true;
    line.quality.fraction_lost = 0.004;
    line.quality.jitter_ms = 3.2;
    line.quality.rtt_known = true;
    line.quality.rtt_ms = 41.0;
    EXPECT_EQ(formatParticipantLine(line),
              "2. Bob Baker (+15551230002): connected, talking, muted; quality good "
              "(loss 0.4%, jitter 3 ms, round trip 41 ms)");
}

TEST(ParticipantTextTest, LegsWithoutMediaHaveNoQuality) {
    ParticipantLine line;
    line.index = 3;
    line.name = "+15551230005";
    line.state = "left: busy (SIP 486 Busy Here)";
    EXPECT_EQ(formatParticipantLine(line), "3. +15551230005: left: busy (SIP 486 Busy Here)");
}

TEST(ParticipantTextTest, VerdictBoundaries) {
    media::LegQuality quality;
    EXPECT_EQ(qualityVerdict(quality), "good");
    quality.fraction_lost = 0.02;
    EXPECT_EQ(qualityVerdict(quality), "fair");
    quality.fraction_lost = 0.06;
    EXPECT_EQ(qualityVerdict(quality), "poor");
    quality = {};
    quality.jitter_ms = 31;
    EXPECT_EQ(qualityVerdict(quality), "fair");
    quality = {};
    // What the far end reports about our stream counts too.
    quality.remote_report_known = true;
    quality.remote_fraction_lost = 0.10;
    EXPECT_EQ(qualityVerdict(quality), "poor");
}

}  // namespace
}  // namespace confab::bridge
