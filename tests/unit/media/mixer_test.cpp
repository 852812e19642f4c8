#include "confab/media/mixer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "alloc_counter.h"
#include "confab/media/g711_codec.h"
#include "confab/media/soft_limiter.h"
#include "signals.h"

namespace confab::media {
namespace {

constexpr double kToneAmp = 3277;  // -20 dBov peak

struct Talker {
    LegId id;
    double freq;
    std::vector<int16_t> tone;
};

// Runs `ticks` frames: each talker feeds its tone and is contributing; returns
// every leg's decoded output, concatenated.
std::map<LegId, std::vector<int16_t>> runTicks(Mixer& mixer, const std::vector<Talker>& talkers,
                                               const std::vector<LegId>& all,
                                               const std::map<LegId, Codec>& codecs, int ticks) {
    std::map<LegId, std::vector<int16_t>> out;
    for (int t = 0; t < ticks; ++t) {
        for (const auto& talker : talkers) {
            auto in = mixer.inputFrame(talker.id);
            std::copy_n(talker.tone.begin() + t * static_cast<int>(kFrameSamples), kFrameSamples,
                        in.begin());
            mixer.submit(talker.id, true);
        }
        mixer.mixFrame();
        for (LegId id : all) {
            const auto o = mixer.output(id);
            EXPECT_EQ(o.payload.size(), kFrameSamples);
            Frame decoded{};
            G711Codec::decode(codecs.at(id), o.payload, decoded);
            out[id].insert(out[id].end(), decoded.begin(), decoded.end());
        }
    }
    return out;
}

double amp(const std::vector<int16_t>& x, double freq) {
    // The last 800 samples: whole periods of every test tone (10 Hz bins).
    return test::goertzelAmplitude(std::span(x).last(800), freq);
}

double db(double ratio) {
    return 20 * std::log10(ratio);
}

class ThreeTalkers : public ::testing::Test {
  protected:
    void SetUp() override {
        a = mixer.addLeg(Codec::Pcmu);
        b = mixer.addLeg(Codec::Pcma);
        c = mixer.addLeg(Codec::Pcmu);
        listener = mixer.addLeg(Codec::Pcma);
        codecs = {{a, Codec::Pcmu}, {b, Codec::Pcma}, {c, Codec::Pcmu}, {listener, Codec::Pcma}};
        talkers = {{a, 400, test::sine(400, kToneAmp, 20 * kFrameSamples)},
                   {b, 1000, test::sine(1000, kToneAmp, 20 * kFrameSamples)},
                   {c, 1700, test::sine(1700, kToneAmp, 20 * kFrameSamples)}};
    }
    Mixer mixer{16};
    LegId a{}, b{}, c{}, listener{};
    std::map<LegId, Codec> codecs;
    std::vector<Talker> talkers;
};

TEST_F(ThreeTalkers, EachHearsTheOthersButNotItself) {
    const auto out = runTicks(mixer, talkers, {a, b, c, listener}, codecs, 20);
    for (const auto& self : talkers) {
        const auto& heard = out.at(self.id);
        EXPECT_LT(db(amp(heard, self.freq) / kToneAmp), -40.0)
            << "leg hears itself at " << self.freq;
        for (const auto& other : talkers) {
            if (other.id == self.id) continue;
            EXPECT_NEAR(db(amp(heard, other.freq) / kToneAmp), 0.0, 3.0)
                << self.freq << " hears " << other.freq;
        }
        EXPECT_FALSE(mixer.output(self.id).silence);
        EXPECT_FALSE(mixer.output(self.id).shared);
    }
    for (const auto& other : talkers) {
        EXPECT_NEAR(db(amp(out.at(listener), other.freq) / kToneAmp), 0.0, 3.0);
    }
    EXPECT_TRUE(mixer.output(listener).shared);
    EXPECT_EQ(mixer.contributorCount(), 3u);
}

TEST_F(ThreeTalkers, MutedLegLeavesTheMixButStillHears) {
    mixer.setMuted(b, true);
    const auto out = runTicks(mixer, talkers, {a, b, c, listener}, codecs, 20);
    EXPECT_LT(db(amp(out.at(a), 1000) / kToneAmp), -40.0);
    EXPECT_LT(db(amp(out.at(listener), 1000) / kToneAmp), -40.0);
    EXPECT_NEAR(db(amp(out.at(a), 1700) / kToneAmp), 0.0, 3.0);
    // b hears everyone talking (a and c), not itself.
    EXPECT_NEAR(db(amp(out.at(b), 400) / kToneAmp), 0.0, 3.0);
    EXPECT_NEAR(db(amp(out.at(b), 1700) / kToneAmp), 0.0, 3.0);
    EXPECT_LT(db(amp(out.at(b), 1000) / kToneAmp), -40.0);
    EXPECT_TRUE(mixer.output(b).shared);
}

TEST_F(ThreeTalkers, DeafLegHearsSilenceButIsHeard) {
    mixer.setDeaf(c, true);
    const auto out = runTicks(mixer, talkers, {a, b, c, listener}, codecs, 20);
    EXPECT_TRUE(mixer.output(c).silence);
    EXPECT_LT(test::rmsDbov(out.at(c)), -70.0);
    EXPECT_NEAR(db(amp(out.at(a), 1700) / kToneAmp), 0.0, 3.0);
}

TEST_F(ThreeTalkers, LoneTalkerAndNoTalkersGetSilence) {
    talkers.resize(1);
    runTicks(mixer, talkers, {a, b, c, listener}, codecs, 3);
    EXPECT_TRUE(mixer.output(a).silence);
    EXPECT_FALSE(mixer.output(b).silence);
    talkers.clear();
    runTicks(mixer, talkers, {a, b, c, listener}, codecs, 1);
    for (LegId id : {a, b, c, listener}) EXPECT_TRUE(mixer.output(id).silence);
}

TEST_F(ThreeTalkers, NotContributingAudioIsNotMixed) {
    // b has audio but the talk detector says it is not talking: noise gate.
    for (int t = 0; t < 5; ++t) {
        for (const auto& talker : talkers) {
            std::copy_n(talker.tone.begin() + t * static_cast<int>(kFrameSamples), kFrameSamples,
                        mixer.inputFrame(talker.id).begin());
            mixer.submit(talker.id, talker.id != b);
        }
        mixer.mixFrame();
    }
    EXPECT_EQ(mixer.contributorCount(), 2u);
    EXPECT_TRUE(mixer.output(b).shared);
}

TEST(Mixer, EncodesOncePerCodecForAllListeners) {
    Mixer mixer(200);
    std::vector<LegId> talkers, pcmu, pcma;
    for (int i = 0; i < 3; ++i) talkers.push_back(mixer.addLeg(i == 1 ? Codec::Pcma : Codec::Pcmu));
    for (int i = 0; i < 100; ++i)
        (i % 3 ? pcmu : pcma).push_back(mixer.addLeg(i % 3 ? Codec::Pcmu : Codec::Pcma));
    const auto tone = test::sine(500, 3000, kFrameSamples);
    for (LegId t : talkers) {
        std::copy(tone.begin(), tone.end(), mixer.inputFrame(t).begin());
        mixer.submit(t, true);
    }
    mixer.mixFrame();
    EXPECT_EQ(mixer.sharedEncodeCount(), 2u);
    const uint8_t* u = mixer.output(pcmu.front()).payload.data();
    const uint8_t* a = mixer.output(pcma.front()).payload.data();
    EXPECT_NE(u, a);
    for (LegId id : pcmu) EXPECT_EQ(mixer.output(id).payload.data(), u);
    for (LegId id : pcma) EXPECT_EQ(mixer.output(id).payload.data(), a);
    for (LegId t : talkers) {
        EXPECT_NE(mixer.output(t).payload.data(), u);
        EXPECT_NE(mixer.output(t).payload.data(), a);
    }
}

TEST(Mixer, OnlyCodecsInUseAreEncoded) {
    Mixer mixer(8);
    const LegId t1 = mixer.addLeg(Codec::Pcmu);
    const LegId t2 = mixer.addLeg(Codec::Pcmu);
    mixer.addLeg(Codec::Pcmu);
    for (LegId t : {t1, t2}) mixer.submit(t, true);
    mixer.mixFrame();
    EXPECT_EQ(mixer.sharedEncodeCount(), 1u);
}

TEST(Mixer, CapacityAndLegReuse) {
    Mixer mixer(2);
    const LegId x = mixer.addLeg(Codec::Pcmu);
    const LegId y = mixer.addLeg(Codec::Pcma);
    EXPECT_EQ(mixer.addLeg(Codec::Pcmu), kNoLeg);
    mixer.removeLeg(x);
    EXPECT_EQ(mixer.legCount(), 1u);
    const LegId z = mixer.addLeg(Codec::Pcmu);
    EXPECT_EQ(z, x);
    mixer.removeLeg(y);
    mixer.removeLeg(y);  // twice is harmless
    EXPECT_EQ(mixer.legCount(), 1u);
}

TEST(Mixer, MixFrameDoesNotAllocate) {
    Mixer mixer(1000);
    std::vector<LegId> legs;
    for (int i = 0; i < 1000; ++i) legs.push_back(mixer.addLeg(i % 2 ? Codec::Pcma : Codec::Pcmu));
    const auto tone = test::sine(300, 5000, kFrameSamples);
    test::AllocationScope scope;
    for (int t = 0; t < 50; ++t) {
        for (int k = 0; k < 3; ++k) {
            const LegId id = legs[static_cast<std::size_t>((t / 10 + k * 7) % 1000)];
            std::copy(tone.begin(), tone.end(), mixer.inputFrame(id).begin());
            mixer.submit(id, true);
        }
        mixer.mixFrame();
    }
    EXPECT_EQ(scope.allocations(), 0u);
}

TEST(Mixer, LoudSumNeverHitsTheRails) {
    Mixer mixer(8);
    std::vector<LegId> talkers;
    std::vector<std::vector<int16_t>> tones;
    for (int i = 0; i < 4; ++i) {
        talkers.push_back(mixer.addLeg(Codec::Pcmu));
        tones.push_back(test::sine(300 + 200 * i, 16000, 100 * kFrameSamples));
    }
    const LegId listener = mixer.addLeg(Codec::Pcmu);
    std::size_t at_rail = 0;
    for (int t = 0; t < 100; ++t) {
        for (std::size_t i = 0; i < talkers.size(); ++i) {
            std::copy_n(tones[i].begin() + t * static_cast<int>(kFrameSamples), kFrameSamples,
                        mixer.inputFrame(talkers[i]).begin());
            mixer.submit(talkers[i], true);
        }
        mixer.mixFrame();
        if (t < 2) continue;  // the onset frame's attack ramp may touch the top code
        for (LegId id : {listener, talkers[0]}) {
            for (uint8_t byte : mixer.output(id).payload) {
                // 0x00/0x80 are mu-law's largest codes (+-32124): the rails.
                if ((byte & 0x7F) == 0) ++at_rail;
            }
        }
    }
    EXPECT_EQ(at_rail, 0u);
    EXPECT_LT(mixer.sharedGain(), 0.5f);
}

// --- SoftLimiter --------------------------------------------------------

std::vector<int16_t> limitStream(const std::vector<int32_t>& sum) {
    SoftLimiter limiter;
    std::vector<int16_t> out(sum.size());
    for (std::size_t f = 0; f + kFrameSamples <= sum.size(); f += kFrameSamples) {
        limiter.process(sum.data() + f, nullptr, out.data() + f);
    }
    return out;
}

double distortion(const std::vector<int16_t>& y, std::size_t from) {
    const std::span<const int16_t> tail = std::span(y).subspan(from, 4000);
    double wanted = 0, products = 0;
    for (double f : {440.0, 600.0}) wanted += std::pow(test::goertzelAmplitude(tail, f), 2);
    for (double f : {120.0, 280.0, 760.0, 920.0, 1320.0, 1800.0, 1480.0, 1640.0}) {
        products += std::pow(test::goertzelAmplitude(tail, f), 2);
    }
    return 10 * std::log10(products / wanted);
}

TEST(SoftLimiter, QuietSignalPassesBitExact) {
    std::vector<int32_t> sum(kFrameSamples * 10);
    for (std::size_t i = 0; i < sum.size(); ++i)
        sum[i] = static_cast<int32_t>(i % 400) * 50 - 10000;
    const auto out = limitStream(sum);
    for (std::size_t i = 0; i < sum.size(); ++i) ASSERT_EQ(out[i], sum[i]);
}

TEST(SoftLimiter, ClippingSumStaysSmoothAndOffTheRails) {
    const std::size_t n = 8000 * 2;
    const auto t1 = test::sine(440, 20000, n);
    const auto t2 = test::sine(600, 20000, n);
    std::vector<int32_t> sum(n);
    std::vector<int16_t> naive(n);
    for (std::size_t i = 0; i < n; ++i) {
        sum[i] = int32_t{t1[i]} + t2[i];
        naive[i] = static_cast<int16_t>(std::clamp(sum[i], -32768, 32767));
    }
    const auto limited = limitStream(sum);
    const auto peak = [](std::span<const int16_t> x) {
        int m = 0;
        for (int16_t s : x) m = std::max(m, std::abs(int{s}));
        return m;
    };
    EXPECT_LT(peak(limited), 32767);  // never on the rails
    EXPECT_LE(peak(std::span(limited).subspan(1600)),
              SoftLimiter::kKnee);  // settled: linear region
    const double d_naive = distortion(naive, 8000);
    const double d_limited = distortion(limited, 8000);
    std::printf("intermodulation: naive clip %.1f dB, limiter %.1f dB\n", d_naive, d_limited);
    EXPECT_LT(d_limited, -50.0);
    EXPECT_LT(d_limited, d_naive - 25.0);
}

TEST(SoftLimiter, SuddenBurstIsCaughtByTheKnee) {
    std::vector<int32_t> sum(kFrameSamples * 20, 0);
    for (std::size_t i = kFrameSamples * 5; i < sum.size(); ++i)
        sum[i] = (i % 16 < 8) ? 90000 : -90000;
    const auto out = limitStream(sum);
    for (int16_t s : out) ASSERT_LT(std::abs(int{s}), 32767);
}

TEST(SoftLimiter, GainRecoversAfterLoudPassage) {
    SoftLimiter limiter;
    std::array<int32_t, kFrameSamples> loud{}, quiet{};
    std::array<int16_t, kFrameSamples> out{};
    for (std::size_t i = 0; i < kFrameSamples; ++i) {
        loud[i] = (i % 2) ? 60000 : -60000;
        quiet[i] = (i % 2) ? 1000 : -1000;
    }
    for (int i = 0; i < 10; ++i) limiter.process(loud.data(), nullptr, out.data());
    EXPECT_LT(limiter.gain(), 0.5f);
    for (int i = 0; i < 100; ++i) limiter.process(quiet.data(), nullptr, out.data());
    EXPECT_FLOAT_EQ(limiter.gain(), 1.0f);
    EXPECT_EQ(out[1], 1000);
}

}  // namespace
}  // namespace confab::media
