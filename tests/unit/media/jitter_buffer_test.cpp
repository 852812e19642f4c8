#include "confab/media/jitter_buffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "alloc_counter.h"
#include "signals.h"

namespace confab::media {
namespace {

using namespace std::chrono_literals;

struct Sent {
    JitterPacket packet;
    std::vector<int16_t> samples;
    MediaTime arrival;
};

// A 20 ms packet stream of a 300 Hz tone, packet i at 20*i ms + delay_ms[i].
struct Stream {
    std::vector<int16_t> audio;
    std::vector<Sent> packets;

    explicit Stream(std::size_t count, uint32_t ts0 = 1000, uint16_t seq0 = 7,
                    uint32_t ssrc = 0x55) {
        audio = test::sine(300, 8000, count * kFrameSamples);
        for (std::size_t i = 0; i < count; ++i) {
            Sent s;
            s.packet = {static_cast<uint16_t>(seq0 + i),
                        ts0 + static_cast<uint32_t>(i * kFrameSamples), ssrc};
            s.samples.assign(audio.begin() + static_cast<std::ptrdiff_t>(i * kFrameSamples),
                             audio.begin() + static_cast<std::ptrdiff_t>((i + 1) * kFrameSamples));
            s.arrival = std::chrono::milliseconds(20 * static_cast<int64_t>(i));
            packets.push_back(std::move(s));
        }
    }
};

struct Played {
    std::vector<FrameKind> kinds;
    std::vector<int16_t> samples;

    std::size_t count(FrameKind k) const {
        return static_cast<std::size_t>(std::count(kinds.begin(), kinds.end(), k));
    }
    // Concealed frames before the last Audio frame (the stream's end is
    // always concealed, then silent).
    std::size_t concealedInside() const {
        const auto last = std::find(kinds.rbegin(), kinds.rend(), FrameKind::Audio);
        return static_cast<std::size_t>(
            std::count(kinds.begin(), last.base(), FrameKind::Concealed));
    }
    std::string str() const {
        std::string out;
        for (auto k : kinds)
            out.push_back(k == FrameKind::Audio ? 'A' : k == FrameKind::Concealed ? 'c' : '.');
        return out;
    }
    // The concatenated Audio frames.
    std::vector<int16_t> audio() const {
        std::vector<int16_t> out;
        for (std::size_t f = 0; f < kinds.size(); ++f) {
            if (kinds[f] != FrameKind::Audio) continue;
            out.insert(out.end(), samples.begin() + static_cast<std::ptrdiff_t>(f * kFrameSamples),
                       samples.begin() + static_cast<std::ptrdiff_t>((f + 1) * kFrameSamples));
        }
        return out;
    }
};

// Delivers packets in arrival order and ticks every 20 ms (ticks at 20k+10 ms,
// so on-time packets arrive mid-interval) until `ticks` frames were played.
Played run(JitterBuffer& jb, std::vector<Sent> packets, std::size_t ticks) {
    std::stable_sort(packets.begin(), packets.end(),
                     [](const Sent& a, const Sent& b) { return a.arrival < b.arrival; });
    Played played;
    std::size_t next = 0;
    Frame frame{};
    for (std::size_t t = 0; t < ticks; ++t) {
        const MediaTime now = std::chrono::milliseconds(20 * static_cast<int64_t>(t) + 10);
        while (next < packets.size() && packets[next].arrival <= now) {
            jb.put(packets[next].packet, packets[next].samples, packets[next].arrival);
            ++next;
        }
        played.kinds.push_back(jb.get(frame));
        played.samples.insert(played.samples.end(), frame.begin(), frame.end());
    }
    return played;
}

JitterBufferConfig lowDelay() {
    JitterBufferConfig c;
    c.initial_delay = 20ms;  // = min_delay: nothing to shrink
    return c;
}

TEST(JitterBuffer, InOrderStreamPlaysBitExact) {
    JitterBuffer jb(lowDelay());
    Stream s(100);
    const auto played = run(jb, s.packets, 110);
    EXPECT_EQ(played.count(FrameKind::Audio), 100u) << played.str();
    EXPECT_EQ(played.concealedInside(), 0u) << played.str();
    EXPECT_EQ(played.audio(), s.audio);
    EXPECT_EQ(played.kinds.front(), FrameKind::Silence);  // before the first packet is due
}

TEST(JitterBuffer, ReorderingIsAbsorbed) {
    JitterBuffer jb(lowDelay());
    Stream s(100);
    for (std::size_t i = 0; i + 1 < s.packets.size(); i += 2) {
        // Odd packets overtake even ones by 5 ms.
        s.packets[i].arrival += 15ms;
        s.packets[i + 1].arrival += 0ms;
    }
    const auto played = run(jb, s.packets, 110);
    EXPECT_EQ(played.concealedInside(), 0u) << played.str();
    EXPECT_EQ(played.audio(), s.audio);
    EXPECT_EQ(jb.counters().late, 0u);
}

TEST(JitterBuffer, DuplicatesAreDropped) {
    JitterBuffer jb(lowDelay());
    Stream s(50);
    auto packets = s.packets;
    for (const auto& p : s.packets) {
        auto dup = p;
        dup.arrival += 3ms;
        packets.push_back(dup);
    }
    auto late_dup = s.packets[10];
    late_dup.arrival += 500ms;  // long after it was played
    packets.push_back(late_dup);
    const auto played = run(jb, packets, 60);
    EXPECT_EQ(jb.counters().duplicate, 51u);
    EXPECT_EQ(played.audio(), s.audio);
}

TEST(JitterBuffer, SingleLossIsConcealedWithPlc) {
    JitterBuffer jb(lowDelay());
    Stream s(60);
    s.packets.erase(s.packets.begin() + 30);
    const auto played = run(jb, s.packets, 70);
    EXPECT_EQ(played.concealedInside(), 1u) << played.str();
    EXPECT_EQ(played.count(FrameKind::Audio), 59u);
    const auto it = std::find(played.kinds.begin(), played.kinds.end(), FrameKind::Concealed);
    const auto f = static_cast<std::size_t>(it - played.kinds.begin());
    const std::span<const int16_t> concealed(played.samples.data() + f * kFrameSamples,
                                             kFrameSamples);
    // PLC repeats the pitch period: a 300 Hz tone at a similar level, not silence.
    EXPECT_GT(test::rmsDbov(concealed),
              test::rmsDbov(std::span(s.audio).first(kFrameSamples)) - 6.0);
}

TEST(JitterBuffer, SustainedLossFadesToSilence) {
    JitterBuffer jb(lowDelay());
    Stream s(60);
    s.packets.erase(s.packets.begin() + 20, s.packets.begin() + 35);
    const auto played = run(jb, s.packets, 70);
    EXPECT_EQ(played.concealedInside(), 3u) << played.str();
    // The first concealed frame carries sound, the third has faded out.
    const auto it = std::find(played.kinds.begin(), played.kinds.end(), FrameKind::Concealed);
    const auto f = static_cast<std::size_t>(it - played.kinds.begin());
    const auto frameDb = [&](std::size_t k) {
        return test::rmsDbov(
            std::span<const int16_t>(played.samples.data() + k * kFrameSamples, kFrameSamples));
    };
    EXPECT_GT(frameDb(f), -20.0) << played.str();
    EXPECT_LT(frameDb(f + 2), frameDb(f) - 15.0) << frameDb(f - 1) << " " << frameDb(f + 1);
    EXPECT_EQ(played.kinds[f + 3], FrameKind::Silence);
    EXPECT_LT(frameDb(f + 3), -90.0);
    // Audio comes back after the gap.
    EXPECT_GE(played.count(FrameKind::Audio), 45u);
}

TEST(JitterBuffer, AdaptsToJitter) {
    JitterBuffer jb;
    Stream s(500);
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> jitter(0, 50);
    for (auto& p : s.packets) p.arrival += std::chrono::milliseconds(jitter(rng));
    const auto played = run(jb, s.packets, 520);
    EXPECT_GE(jb.targetDelayMs(), 45);
    EXPECT_LE(jb.targetDelayMs(), 80);
    // After adapting, (almost) nothing is lost to lateness.
    EXPECT_LT(played.concealedInside(), 25u) << "late " << jb.counters().late;
    EXPECT_GE(played.count(FrameKind::Audio), 470u);
}

TEST(JitterBuffer, ShrinksAnExcessiveDelay) {
    JitterBufferConfig c;
    c.initial_delay = 200ms;
    JitterBuffer jb(c);
    Stream s(400);
    run(jb, s.packets, 380);  // still receiving: the buffer level is the delay
    EXPECT_GE(jb.counters().shrinks, 3u);
    EXPECT_LE(jb.bufferedMs(), 80);
    EXPECT_EQ(jb.targetDelayMs(), 20);
}

TEST(JitterBuffer, TimestampJumpForwardResyncs) {
    JitterBuffer jb;
    Stream s(100);
    for (std::size_t i = 50; i < 100; ++i) s.packets[i].packet.timestamp += 800000;
    const auto played = run(jb, s.packets, 110);
    EXPECT_EQ(jb.counters().resyncs, 1u);
    EXPECT_GE(played.count(FrameKind::Audio), 98u) << played.str();
}

TEST(JitterBuffer, TimestampJumpBackResyncs) {
    JitterBuffer jb;
    Stream s(100);
    for (std::size_t i = 50; i < 100; ++i) s.packets[i].packet.timestamp -= 400000;
    const auto played = run(jb, s.packets, 110);
    EXPECT_EQ(jb.counters().resyncs, 1u);
    EXPECT_GE(played.count(FrameKind::Audio), 98u) << played.str();
    EXPECT_LE(jb.counters().late, 1u);
}

TEST(JitterBuffer, SsrcRestartContinuesSeamlessly) {
    JitterBuffer jb(lowDelay());
    Stream a(50);
    Stream b(50, 777777, 30000, 0x99);
    for (auto& p : b.packets) p.arrival += 1000ms;
    auto packets = a.packets;
    packets.insert(packets.end(), b.packets.begin(), b.packets.end());
    const auto played = run(jb, packets, 110);
    EXPECT_EQ(jb.counters().ssrc_restarts, 1u);
    EXPECT_EQ(played.count(FrameKind::Audio), 100u) << played.str();
}

TEST(JitterBuffer, TalkspurtAfterDtxReanchors) {
    JitterBuffer jb(lowDelay());
    Stream s(150);
    // Packets 50..99 never sent (silence suppression); timestamps keep running.
    s.packets.erase(s.packets.begin() + 50, s.packets.begin() + 100);
    const auto played = run(jb, s.packets, 160);
    EXPECT_EQ(played.count(FrameKind::Audio), 100u) << played.str();
    EXPECT_GE(played.count(FrameKind::Silence), 45u);
}

TEST(JitterBuffer, RejectsEmptyAndOversizedPackets) {
    JitterBuffer jb;
    std::vector<int16_t> big(1000);
    EXPECT_FALSE(jb.put({1, 0, 1}, big, MediaTime{0}));
    EXPECT_FALSE(jb.put({1, 0, 1}, std::span<const int16_t>{}, MediaTime{0}));
    EXPECT_EQ(jb.counters().rejected, 2u);
}

TEST(JitterBuffer, Accepts10And30MsPackets) {
    JitterBuffer jb(lowDelay());
    const auto audio = test::sine(300, 8000, 200 * 80);
    std::vector<Sent> packets;
    for (std::size_t i = 0; i < 200; ++i) {
        Sent p;
        p.packet = {static_cast<uint16_t>(i), static_cast<uint32_t>(i * 80), 1};
        p.samples.assign(audio.begin() + static_cast<std::ptrdiff_t>(i * 80),
                         audio.begin() + static_cast<std::ptrdiff_t>((i + 1) * 80));
        p.arrival = std::chrono::milliseconds(10 * static_cast<int64_t>(i));
        packets.push_back(std::move(p));
    }
    const auto played = run(jb, packets, 110);
    EXPECT_EQ(played.concealedInside(), 0u) << played.str();
    EXPECT_EQ(played.audio(), audio);
}

TEST(JitterBuffer, PutAndGetDoNotAllocate) {
    JitterBuffer jb;
    Stream s(200);
    std::mt19937 rng(1);
    std::uniform_int_distribution<int> jitter(0, 30);
    for (auto& p : s.packets) p.arrival += std::chrono::milliseconds(jitter(rng));
    std::stable_sort(s.packets.begin(), s.packets.end(),
                     [](const Sent& a, const Sent& b) { return a.arrival < b.arrival; });
    Frame frame{};
    std::size_t next = 0;
    test::AllocationScope scope;
    for (int t = 0; t < 220; ++t) {
        const MediaTime now = std::chrono::milliseconds(20 * t + 10);
        while (next < s.packets.size() && s.packets[next].arrival <= now) {
            jb.put(s.packets[next].packet, s.packets[next].samples, s.packets[next].arrival);
            ++next;
        }
        jb.get(frame);
    }
    EXPECT_EQ(scope.allocations(), 0u);
}

}  // namespace
}  // namespace confab::media
