#include "confab/media/jitter_buffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
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

// spandsp 0.0.6's plc_fillin() writes a quarter pitch period (up to 30
// samples) at the start of a gap whatever length it is asked for, and get()
// conceals gaps as short as one sample at the end of a frame. get() must
// still write only its 160 samples: it plays here into a guarded buffer whose
// canaries after sample 160 must survive every loss pattern.
struct GuardedFrame {
    static constexpr std::size_t kGuard = 64;
    static constexpr int16_t kCanary = 0x5A5A;
    std::array<int16_t, kFrameSamples + kGuard> buffer;

    FrameKind play(JitterBuffer& jb) {
        buffer.fill(kCanary);
        return jb.get(FrameSpan(buffer.data(), kFrameSamples));
    }
    // One past the last sample written beyond the frame, or kFrameSamples.
    std::size_t furthestWrite() const {
        std::size_t furthest = kFrameSamples;
        for (std::size_t n = kFrameSamples; n < buffer.size(); ++n) {
            if (buffer[n] != kCanary) furthest = n + 1;
        }
        return furthest;
    }
};

// Low tones give long pitch periods, hence the longest PLC overlap.
int16_t toneAt(double freq, int64_t n) {
    return test::clampSample(
        6000 * std::sin(2 * std::numbers::pi * freq * static_cast<double>(n) / test::kRate));
}

TEST(JitterBuffer, ConcealmentNeverWritesPastTheFrame_OddPacketsRandomLoss) {
    for (const double freq : {70.0, 120.0, 200.0}) {
        for (const unsigned loss_one_in : {2u, 5u, 20u}) {
            SCOPED_TRACE(testing::Message() << freq << " Hz, loss 1/" << loss_one_in);
            JitterBuffer jb;
            std::mt19937 random(3);
            GuardedFrame frame;
            uint32_t timestamp = 1000;
            uint16_t sequence = 0;
            int64_t clock = 0;
            std::vector<int16_t> voice(320);
            for (int tick = 0; tick < 2000; ++tick) {
                // About 160 samples of packets per tick, in odd sizes, so that
                // losses leave gaps of every length at the end of frames.
                int32_t due = 160;
                while (due > 0) {
                    const auto length = static_cast<std::size_t>(100 + random() % 101);
                    for (std::size_t n = 0; n < length; ++n)
                        voice[n] = toneAt(freq, clock + static_cast<int64_t>(n));
                    if (random() % loss_one_in != 0) {
                        jb.put({sequence, timestamp, 7}, std::span(voice).first(length),
                               MediaTime(clock * 125));
                    }
                    ++sequence;
                    timestamp += static_cast<uint32_t>(length);
                    clock += static_cast<int64_t>(length);
                    due -= static_cast<int32_t>(length);
                }
                frame.play(jb);
                ASSERT_EQ(frame.furthestWrite(), kFrameSamples) << "tick " << tick;
            }
            EXPECT_GT(jb.counters().audio_frames, 1000u);
        }
    }
}

TEST(JitterBuffer, ConcealmentNeverWritesPastTheFrame_ShortTailGaps) {
    // Every frame is two packets, [0, 160 - gap) and [160 - gap, 160); the
    // second is lost every other frame, so each of those frames ends in a
    // fresh gap of exactly `gap` samples right after received audio.
    for (const double freq : {70.0, 200.0}) {
        for (std::size_t gap = 1; gap <= 40; ++gap) {
            SCOPED_TRACE(testing::Message() << freq << " Hz, gap " << gap);
            JitterBuffer jb(lowDelay());
            GuardedFrame frame;
            std::vector<int16_t> voice(kFrameSamples);
            uint16_t sequence = 0;
            for (int64_t f = 0; f < 100; ++f) {
                const int64_t start = f * static_cast<int64_t>(kFrameSamples);
                for (std::size_t n = 0; n < kFrameSamples; ++n)
                    voice[n] = toneAt(freq, start + static_cast<int64_t>(n));
                const std::size_t head = kFrameSamples - gap;
                const auto ts = static_cast<uint32_t>(start);
                jb.put({sequence++, ts, 7}, std::span(voice).first(head), MediaTime(start * 125));
                if (f % 2 == 0) {
                    jb.put({sequence, ts + static_cast<uint32_t>(head), 7},
                           std::span(voice).subspan(head), MediaTime(start * 125));
                }
                ++sequence;
                frame.play(jb);
                ASSERT_EQ(frame.furthestWrite(), kFrameSamples) << "frame " << f;
            }
            EXPECT_GE(jb.counters().audio_frames, 95u);
        }
    }
}

// Timestamps that jump by about half the 32-bit space, or exactly half, or
// across the wrap: relative transit times then span more than int32, and a
// timestamp jump can be INT32_MIN. In the sanitizer build UBSan aborts on any
// signed overflow; everywhere the delay must stay within its bounds and the
// stream must play again once timestamps settle.
TEST(JitterBuffer, ExtremeTimestampJumpsStayInRange) {
    struct Case {
        const char* name;
        std::vector<uint32_t> bases;  // packet k has timestamp bases[k % n] + 160 k
        uint16_t sequence_step;       // 1: continuous (rebase path), else resync path
    };
    const std::vector<Case> cases = {
        {"near-half-wrap, resync", {0, 0x7FFF0000u, 0x80010000u}, 1000},
        {"near-half-wrap, continuous", {0, 0x7FFF0000u, 0x80010000u}, 1},
        {"exact half wrap, continuous", {0, 0x80000000u}, 1},
        {"exact half wrap, resync", {0, 0x80000000u}, 1000},
        {"int32 edges", {0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 0}, 1000},
        {"uint32 wrap", {0xFFFFFF00u, 0xFFFFFFFFu, 0x100u}, 1},
        {"odd offsets", {0x12345677u, 0x92345677u, 0x0000FFFFu, 0xEDCBA987u}, 7},
    };
    const int32_t lo = 20, hi = 300;
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        JitterBuffer jb;
        const auto audio = test::sine(300, 8000, kFrameSamples);
        Frame frame{};
        uint16_t sequence = 0xFFF0;
        uint32_t ts = 0;
        int64_t k = 0;
        for (; k < 200; ++k) {
            ts = c.bases[static_cast<std::size_t>(k) % c.bases.size()] +
                 static_cast<uint32_t>(k * 160);
            jb.put({sequence, ts, 9}, audio, std::chrono::milliseconds(20 * k));
            sequence = static_cast<uint16_t>(sequence + c.sequence_step);
            jb.get(frame);
            ASSERT_GE(jb.targetDelayMs(), lo) << "packet " << k;
            ASSERT_LE(jb.targetDelayMs(), hi) << "packet " << k;
            ASSERT_GE(jb.bufferedMs(), 0) << "packet " << k;
            ASSERT_LE(jb.bufferedMs(), hi + 40) << "packet " << k;
        }
        // Then an ordinary stream: once the transit window forgot the jumps,
        // it plays at a normal delay again.
        std::size_t audio_frames = 0;
        for (int i = 0; i < 150; ++i, ++k) {
            ts += kFrameSamples;
            jb.put({sequence, ts, 9}, audio, std::chrono::milliseconds(20 * k));
            sequence = static_cast<uint16_t>(sequence + 1);
            if (jb.get(frame) == FrameKind::Audio && i >= 100) ++audio_frames;
        }
        EXPECT_EQ(audio_frames, 50u);
        EXPECT_LE(jb.targetDelayMs(), 40);
    }
}

// Configured delays that only just fit int32 samples: the sums with them
// (spread + margin, max_delay + a frame) must not wrap either.
TEST(JitterBuffer, HugeConfiguredDelaysDoNotOverflow) {
    JitterBufferConfig c;
    c.safety_margin = std::chrono::milliseconds(INT32_MAX / kSamplesPerMs);
    c.max_delay = std::chrono::milliseconds(INT32_MAX / kSamplesPerMs);
    JitterBuffer jb(c);
    Stream s(100);
    std::mt19937 rng(9);
    std::uniform_int_distribution<int> jitter(0, 50);
    for (auto& p : s.packets) p.arrival += std::chrono::milliseconds(jitter(rng));
    run(jb, s.packets, 110);
    EXPECT_GT(jb.targetDelayMs(), 0);
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
