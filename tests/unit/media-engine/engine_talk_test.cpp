// MediaEngine talk detection over real UDP: event timing against a
// talk/silence schedule, the final Stopped on close, and behaviour under
// 10 % packet loss.
#include <gtest/gtest.h>

#include <vector>

#include "engine_harness.h"
#include "signal_analysis.h"

namespace confab::media::test {
namespace {

using std::chrono::milliseconds;

MediaTime mediaTimeOf(Clock::time_point t) {
    return std::chrono::duration_cast<MediaTime>(t.time_since_epoch());
}

TEST(MediaEngineTalk, EventsFollowTheScheduleWithinBounds) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 10), MediaError::None);
    RtpPeer talker, listener;
    const LegId leg = h.addLeg(talker, 1);
    h.addLeg(listener, 1);

    // Bursts in harness ticks (20 ms): [30, 80), [155, 185), [260, ...).
    struct Burst {
        uint64_t begin, end;
    };
    const std::vector<Burst> bursts{{30, 80}, {155, 185}, {260, 100000}};
    const uint64_t origin = h.tick();
    std::vector<Clock::time_point> onsets, ends;
    ToneSource voice(300, -20);
    h.stream(talker, [&](FrameSpan out, uint64_t tick) {
        const uint64_t t = tick - origin;
        bool on = false;
        for (const Burst& b : bursts) on = on || (t >= b.begin && t < b.end);
        if (on) {
            voice.next(out);
        } else {
            std::fill(out.begin(), out.end(), int16_t{0});
        }
        for (const Burst& b : bursts) {
            if (t == b.begin) onsets.push_back(Clock::now());
            if (t == b.end) ends.push_back(Clock::now());
        }
        return true;
    });
    h.stream(listener, silence());
    h.run(milliseconds(20 * 290));  // into the third burst

    const auto closed_at = Clock::now();
    ASSERT_EQ(h.engine().closeLeg(leg), MediaError::None);
    h.run(milliseconds(300));

    const auto started = h.eventsOf(MediaEventKind::TalkStarted, leg);
    const auto stopped = h.eventsOf(MediaEventKind::TalkStopped, leg);
    ASSERT_EQ(onsets.size(), 3u);
    ASSERT_EQ(ends.size(), 2u);
    ASSERT_EQ(started.size(), 3u);
    ASSERT_EQ(stopped.size(), 3u);  // two by hangover, one at close
    for (std::size_t i = 0; i < 3; ++i) {
        const auto latency = started[i].event.time - mediaTimeOf(onsets[i]);
        EXPECT_GE(latency.count(), 0) << "burst " << i;
        EXPECT_LE(latency, milliseconds(250)) << "burst " << i << " start latency";
        RecordProperty("start_latency_ms_" + std::to_string(i),
                       static_cast<int>(std::chrono::duration_cast<milliseconds>(latency).count()));
    }
    for (std::size_t i = 0; i < 2; ++i) {
        const auto latency = stopped[i].event.time - mediaTimeOf(ends[i]);
        EXPECT_GE(latency.count(), 0) << "burst " << i;
        EXPECT_LE(latency, milliseconds(1000)) << "burst " << i << " stop latency";
    }
    // The third Stopped is the close: after the call, before the final stats.
    EXPECT_GE(stopped[2].event.time, mediaTimeOf(closed_at));
    EXPECT_LE(stopped[2].event.time - mediaTimeOf(closed_at), milliseconds(100));
    const auto stats = h.eventsOf(MediaEventKind::LegStats, leg);
    ASSERT_FALSE(stats.empty());
    EXPECT_TRUE(stats.back().event.stats.final);
    EXPECT_GE(stats.back().event.time, stopped[2].event.time);
}

TEST(MediaEngineTalk, TenPercentLossKeepsTalkersAndLeavesNoLongGaps) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 10), MediaError::None);
    RtpPeer listener, b, c;
    h.addLeg(listener, 1);
    const LegId leg_b = h.addLeg(b, 1);
    const LegId leg_c = h.addLeg(c, 1);
    h.stream(listener, silence());
    h.stream(b, tone(440, -20), 0.10);
    h.stream(c, tone(660, -20), 0.10);
    h.run(milliseconds(800));
    // Two seconds measured while the machine kept time (see runSteady).
    const auto from = h.runSteady(milliseconds(2400));
    ASSERT_TRUE(from) << unsteadyMessage(h);

    // Loss alone never stops a talker.
    for (const LegId leg : {leg_b, leg_c}) EXPECT_EQ(talkedThroughout(h, leg, *from), "");
    auto heard = listener.audioSince(*from);
    ASSERT_GT(heard.size(), 8000u * 2);
    heard.resize(heard.size() - 1600);  // the tail may still be in flight
    const double gap = longestGapMs(heard, -50.0);
    RecordProperty("longest_gap_ms", static_cast<int>(gap));
    EXPECT_LE(gap, 60.0);
    // Both talkers reach the listener.
    EXPECT_GT(relativeDb(toneAmplitude(heard, 440), sineAmplitude(-20)), -3.0);
    EXPECT_GT(relativeDb(toneAmplitude(heard, 660), sineAmplitude(-20)), -3.0);
    RecordProperty("late_ticks", static_cast<int>(h.engine().metrics().late_ticks));
}

TEST(MediaEngineTalk, HoldStopsSendingAndResumes) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 10), MediaError::None);
    RtpPeer a, b;
    const LegId leg_a = h.addLeg(a, 1);
    h.addLeg(b, 1);
    h.stream(a, tone(440, -20));
    h.stream(b, tone(660, -20));
    h.run(milliseconds(600));
    ASSERT_GT(a.audioPackets(), 10u);

    // The peer puts us on hold (a=sendonly): we stop sending to it.
    ASSERT_EQ(h.engine().updateLeg(leg_a, a.remoteMedia(MediaDirection::SendOnly)),
              MediaError::None);
    h.run(milliseconds(200));
    const std::size_t before = a.audioPackets();
    h.run(milliseconds(600));
    EXPECT_EQ(a.audioPackets(), before);

    ASSERT_EQ(h.engine().updateLeg(leg_a, a.remoteMedia(MediaDirection::SendRecv)),
              MediaError::None);
    h.run(milliseconds(600));
    EXPECT_GT(a.audioPackets(), before + 20);
    // The marker bit flags the new talkspurt.
    bool marker_after_hold = false;
    for (const auto& p : a.packets()) marker_after_hold = marker_after_hold || p.marker;
    EXPECT_TRUE(marker_after_hold);
}

}  // namespace
}  // namespace confab::media::test
