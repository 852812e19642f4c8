// MediaEngine over real UDP on 127.0.0.1: who hears whom. Each test phone
// (RtpPeer) streams a distinct tone; Goertzel on what each phone receives
// tells which tones reached it, at what level.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "engine_harness.h"
#include "signal_analysis.h"

namespace confab::media::test {
namespace {

constexpr double kToneDbov = -20.0;
const double kToneAmplitude = sineAmplitude(kToneDbov);

// One second of steady state: starts `skip` into `audio`.
std::vector<int16_t> second(const std::vector<int16_t>& audio, std::size_t skip = 0) {
    if (audio.size() < skip + 8000) return {};
    return std::vector<int16_t>(audio.begin() + static_cast<std::ptrdiff_t>(skip),
                                audio.begin() + static_cast<std::ptrdiff_t>(skip + 8000));
}
// Long enough for one second() of audio to arrive after the window starts.
constexpr auto kWindow = std::chrono::milliseconds(1200);

double levelDb(const std::vector<int16_t>& audio, double frequency) {
    return relativeDb(toneAmplitude(audio, frequency), kToneAmplitude);
}

void expectHears(const std::vector<int16_t>& audio, double frequency, const char* who) {
    const double db = levelDb(audio, frequency);
    EXPECT_NEAR(db, 0.0, 3.0) << who << " should hear " << frequency << " Hz";
}
void expectDoesNotHear(const std::vector<int16_t>& audio, double frequency, const char* who) {
    EXPECT_LT(levelDb(audio, frequency), -30.0) << who << " should not hear " << frequency << " Hz";
}

TEST(MediaEngineMix, ThreeTonesEachLegHearsTheOtherTwoNotItsOwn) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 10), MediaError::None);
    RtpPeer a, b, c;
    h.addLeg(a, 1);
    h.addLeg(b, 1);
    h.addLeg(c, 1);
    h.stream(a, tone(440, kToneDbov));
    h.stream(b, tone(660, kToneDbov));
    h.stream(c, tone(1000, kToneDbov));
    h.run(std::chrono::milliseconds(1200));
    const auto from = h.runSteady(kWindow);
    ASSERT_TRUE(from) << unsteadyMessage(h);

    const auto heard_a = second(a.audioSince(*from));
    const auto heard_b = second(b.audioSince(*from));
    const auto heard_c = second(c.audioSince(*from));
    ASSERT_FALSE(heard_a.empty());
    ASSERT_FALSE(heard_b.empty());
    ASSERT_FALSE(heard_c.empty());
    expectHears(heard_a, 660, "a");
    expectHears(heard_a, 1000, "a");
    expectDoesNotHear(heard_a, 440, "a");
    expectHears(heard_b, 440, "b");
    expectHears(heard_b, 1000, "b");
    expectDoesNotHear(heard_b, 660, "b");
    expectHears(heard_c, 440, "c");
    expectHears(heard_c, 660, "c");
    expectDoesNotHear(heard_c, 1000, "c");

    // Every tone is "talking" the whole time: one Started each, no Stopped.
    // (A stall of the whole machine is silence to the detector; then only
    // the steady window is judged.)
    for (LegId leg : {1u, 2u, 3u}) EXPECT_EQ(talkedThroughout(h, leg, *from), "");
    const auto metrics = h.engine().metrics();
    EXPECT_EQ(metrics.started_legs, 3u);
    EXPECT_GT(metrics.packets_out, 300u);
    EXPECT_EQ(metrics.drop(DropReason::WrongPort), 0u);
    EXPECT_EQ(metrics.event_overflows, 0u);
}

TEST(MediaEngineMix, MuteAndDeafTakeEffect) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 10), MediaError::None);
    RtpPeer a, b, c;
    const LegId leg_a = h.addLeg(a, 1);
    const LegId leg_b = h.addLeg(b, 1);
    h.addLeg(c, 1);
    h.stream(a, tone(440, kToneDbov));
    h.stream(b, tone(660, kToneDbov));
    h.stream(c, tone(1000, kToneDbov));
    h.run(std::chrono::milliseconds(1000));

    ASSERT_EQ(h.engine().setMuted(leg_a, true), MediaError::None);
    h.run(std::chrono::milliseconds(200));
    const auto muted_at = h.runSteady(kWindow);
    ASSERT_TRUE(muted_at) << unsteadyMessage(h);
    {
        const auto heard_a = second(a.audioSince(*muted_at));
        const auto heard_b = second(b.audioSince(*muted_at));
        const auto heard_c = second(c.audioSince(*muted_at));
        ASSERT_FALSE(heard_b.empty());
        expectDoesNotHear(heard_b, 440, "b (a muted)");
        expectDoesNotHear(heard_c, 440, "c (a muted)");
        expectHears(heard_b, 1000, "b");
        expectHears(heard_a, 660, "muted a");  // muted still hears
        expectHears(heard_a, 1000, "muted a");
    }

    ASSERT_EQ(h.engine().setDeaf(leg_b, true), MediaError::None);
    h.run(std::chrono::milliseconds(200));
    const auto deaf_at = h.runSteady(kWindow);
    ASSERT_TRUE(deaf_at) << unsteadyMessage(h);
    {
        const auto heard_b = second(b.audioSince(*deaf_at));
        const auto heard_c = second(c.audioSince(*deaf_at));
        ASSERT_FALSE(heard_b.empty());
        EXPECT_LT(rmsDbov(heard_b), -60.0) << "deaf b hears nothing";
        expectHears(heard_c, 660, "c hears deaf b");
    }

    ASSERT_EQ(h.engine().setMuted(leg_a, false), MediaError::None);
    h.run(std::chrono::milliseconds(300));
    const auto unmuted_at = h.runSteady(kWindow);
    ASSERT_TRUE(unmuted_at) << unsteadyMessage(h);
    expectHears(second(c.audioSince(*unmuted_at)), 440, "c (a unmuted)");
}

TEST(MediaEngineMix, ForeignPortAndWrongSsrcAreNotHeardAndAreCounted) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 10), MediaError::None);
    RtpPeer a, b, rogue;
    h.addLeg(a, 1);
    h.addLeg(b, 1);
    h.stream(a, tone(440, kToneDbov));
    h.stream(b, tone(660, kToneDbov));
    h.run(std::chrono::milliseconds(1000));  // learning window closed, SSRC latched

    rogue.setTarget(a.target());
    h.stream(rogue, tone(1000, kToneDbov));
    ToneSource intruder(1500, kToneDbov);
    h.onTick([&](uint64_t) {
        Frame frame;
        intruder.next(frame);
        a.sendFrameWithSsrc(frame, a.ssrc() ^ 0x5A5A5A5Au);
    });
    h.run(std::chrono::milliseconds(200));
    const auto from = h.runSteady(kWindow);
    ASSERT_TRUE(from) << unsteadyMessage(h);

    const auto heard_b = second(b.audioSince(*from));
    ASSERT_FALSE(heard_b.empty());
    expectHears(heard_b, 440, "b");
    expectDoesNotHear(heard_b, 1000, "b (foreign port)");
    expectDoesNotHear(heard_b, 1500, "b (wrong SSRC)");
    const auto metrics = h.engine().metrics();
    EXPECT_GE(metrics.drop(DropReason::WrongPort), 60u);
    EXPECT_GE(metrics.drop(DropReason::WrongSsrc), 60u);

    h.onTick(nullptr);
    h.engine().closeLeg(1);
    EXPECT_TRUE(h.runUntil(
        [&] {
            for (const auto& e : h.eventsOf(MediaEventKind::LegStats, 1)) {
                if (e.event.stats.final) return true;
            }
            return false;
        },
        std::chrono::milliseconds(1000)));
    const auto finals = h.eventsOf(MediaEventKind::LegStats, 1);
    const LegStatsReport& report = finals.back().event.stats;
    EXPECT_TRUE(report.final);
    EXPECT_GE(report.source.wrong_port, 60u);
    EXPECT_GE(report.source.wrong_ssrc, 60u);
    EXPECT_GE(report.source.accepted, 100u);
}

TEST(MediaEngineMix, MalformedRtpDoesNotDisturbOtherLegs) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 10), MediaError::None);
    RtpPeer a, b, c;
    h.addLeg(a, 1);
    h.addLeg(b, 1);
    h.addLeg(c, 1);
    h.stream(a, tone(440, kToneDbov));
    h.stream(b, tone(660, kToneDbov));
    h.stream(c, tone(1000, kToneDbov));
    h.run(std::chrono::milliseconds(800));

    std::mt19937 random(99);
    h.onTick([&](uint64_t tick) {
        std::vector<uint8_t> junk(1 + random() % 200);
        for (auto& byte : junk) byte = static_cast<uint8_t>(random());
        junk[0] =
            static_cast<uint8_t>((junk[0] & 0x3F) | (tick % 2 ? 0x00 : 0x40));  // version 0 or 1
        a.sendRaw(junk);
        const std::array<uint8_t, 5> short_header{0x80, 0x00, 0x00, 0x01, 0x00};
        a.sendRaw(short_header);
        std::array<uint8_t, 16> csrc_overrun{0x8F, 0x00, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0};
        a.sendRaw(csrc_overrun);
        std::vector<uint8_t> huge(4000, 0x80);  // truncated by the engine's receive buffer
        a.sendRaw(huge);
    });
    h.run(std::chrono::milliseconds(200));
    const auto from = h.runSteady(kWindow);
    ASSERT_TRUE(from) << unsteadyMessage(h);

    const auto heard_a = second(a.audioSince(*from));
    const auto heard_b = second(b.audioSince(*from));
    ASSERT_FALSE(heard_b.empty());
    expectHears(heard_b, 440, "b");
    expectHears(heard_b, 1000, "b");
    expectHears(heard_a, 660, "a");
    expectHears(heard_a, 1000, "a");
    EXPECT_GE(h.engine().metrics().drop(DropReason::Malformed), 3 * 60u);
}

TEST(MediaEngineMix, TwoMixesAreIsolated) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 4), MediaError::None);
    ASSERT_EQ(h.engine().createMix(2, 4), MediaError::None);
    RtpPeer a, b, c, d;
    h.addLeg(a, 1);
    h.addLeg(b, 1);
    h.addLeg(c, 2);
    h.addLeg(d, 2);
    h.stream(a, tone(440, kToneDbov));
    h.stream(b, tone(660, kToneDbov));
    h.stream(c, tone(1000, kToneDbov));
    h.stream(d, tone(1500, kToneDbov));
    h.run(std::chrono::milliseconds(1200));
    const auto from = h.runSteady(kWindow);
    ASSERT_TRUE(from) << unsteadyMessage(h);

    const auto heard_a = second(a.audioSince(*from));
    const auto heard_c = second(c.audioSince(*from));
    expectHears(heard_a, 660, "a");
    expectDoesNotHear(heard_a, 1000, "a");
    expectDoesNotHear(heard_a, 1500, "a");
    expectHears(heard_c, 1500, "c");
    expectDoesNotHear(heard_c, 440, "c");
    expectDoesNotHear(heard_c, 660, "c");
}

}  // namespace
}  // namespace confab::media::test
