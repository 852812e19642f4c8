#include "confab/media/talk_detector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "alloc_counter.h"
#include "confab/media/prompt.h"
#include "signals.h"

namespace confab::media {
namespace {

struct Detection {
    std::vector<int> started;  // frame indices with Started
    std::vector<int> stopped;
};

Detection detect(TalkDetector& d, const std::vector<int16_t>& signal) {
    Detection out;
    for (std::size_t f = 0; f + kFrameSamples <= signal.size(); f += kFrameSamples) {
        const auto r = d.process(ConstFrameSpan(signal.data() + f, kFrameSamples));
        const int frame = static_cast<int>(f / kFrameSamples);
        if (r.event == TalkEvent::Started) out.started.push_back(frame);
        if (r.event == TalkEvent::Stopped) out.stopped.push_back(frame);
    }
    return out;
}

// First and last 10 ms window of the clean signal above `dbov`, in ms.
std::pair<int, int> activeSpanMs(const std::vector<int16_t>& clean, double dbov) {
    int first = -1, last = -1;
    for (std::size_t w = 0; w + 80 <= clean.size(); w += 80) {
        if (test::rmsDbov(std::span(clean).subspan(w, 80)) > dbov) {
            if (first < 0) first = static_cast<int>(w / 8);
            last = static_cast<int>(w / 8) + 10;
        }
    }
    return {first, last};
}

int percentile95(std::vector<int> v) {
    std::sort(v.begin(), v.end());
    return v[(v.size() * 95 + 99) / 100 - 1];
}

// Runs speech embedded in noise; returns {start latency, stop latency} in ms
// measured from the clean signal's active span (detection time = end of the
// frame that raised the event).
struct Latency {
    int start_ms = -1;
    int stop_ms = -1;
    std::size_t starts = 0;
    std::size_t stops = 0;
};

Latency measure(const std::vector<int16_t>& speech, double noise_dbov, uint32_t seed,
                bool pink = false) {
    const std::size_t lead = 8000, tail = 2 * 8000;
    std::vector<int16_t> clean(lead + speech.size() + tail, 0);
    std::copy(speech.begin(), speech.end(), clean.begin() + static_cast<std::ptrdiff_t>(lead));
    auto noisy = pink ? test::pinkNoise(noise_dbov, clean.size(), seed)
                      : test::whiteNoise(noise_dbov, clean.size(), seed);
    test::addInto(noisy, clean, 0);
    TalkDetector d;
    const auto det = detect(d, noisy);
    const auto [on, off] = activeSpanMs(clean, -45.0);
    Latency l;
    l.starts = det.started.size();
    l.stops = det.stopped.size();
    if (!det.started.empty()) l.start_ms = (det.started.front() + 1) * kFrameMs - on;
    if (!det.stopped.empty()) l.stop_ms = (det.stopped.back() + 1) * kFrameMs - off;
    return l;
}

TEST(TalkDetector, SpeechLikeOnsetAndOffsetLatency) {
    std::vector<int> starts, stops;
    uint32_t seed = 1;
    for (double f0 : {95.0, 130.0, 180.0, 240.0}) {
        for (double level : {-36.0, -28.0, -20.0}) {
            for (double noise : {-65.0, -50.0}) {
                const auto speech = test::speechLike(f0, level, 3 * 8000, seed);
                const auto l = measure(speech, noise, seed + 100, seed % 2 == 0);
                ++seed;
                ASSERT_EQ(l.starts, 1u) << "f0 " << f0 << " level " << level << " noise " << noise;
                ASSERT_EQ(l.stops, 1u) << "f0 " << f0 << " level " << level << " noise " << noise;
                starts.push_back(l.start_ms);
                stops.push_back(l.stop_ms);
                EXPECT_LE(l.stop_ms, 1000);
                EXPECT_GE(l.start_ms, 0);
            }
        }
    }
    const int p95 = percentile95(starts);
    EXPECT_LE(p95, 250);
    std::printf("speech-like: start p95 %d ms, max %d ms; stop max %d ms (%zu runs)\n", p95,
                *std::max_element(starts.begin(), starts.end()),
                *std::max_element(stops.begin(), stops.end()), starts.size());
}

TEST(TalkDetector, TonesWithSyllableEnvelopeAreSpeech) {
    // A pure 440 Hz tone pulsed at a syllable rate.
    std::vector<int16_t> tone = test::sine(440, test::dbovToAmplitude(-23), 2 * 8000);
    for (std::size_t n = 0; n < tone.size(); ++n) {
        const double t = static_cast<double>(n % 2000) / 2000.0;  // 250 ms syllables
        tone[n] = static_cast<int16_t>(tone[n] * (t < 0.7 ? std::sin(3.14159 * t / 0.7) : 0.0));
    }
    const auto l = measure(tone, -60.0, 3);
    EXPECT_EQ(l.starts, 1u);
    EXPECT_LE(l.start_ms, 250);
    EXPECT_LE(l.stop_ms, 1000);
}

void expectNoStart(const std::vector<int16_t>& noise, const char* what) {
    TalkDetector d;
    const auto det = detect(d, noise);
    EXPECT_TRUE(det.started.empty()) << what << ": started at frame " << det.started.front();
}

TEST(TalkDetector, NoFalseStartOnSteadyNoise) {
    const std::size_t thirty_s = 30 * 8000;
    expectNoStart(test::whiteNoise(-50, thirty_s, 11), "white -50 dBov");
    expectNoStart(test::pinkNoise(-50, thirty_s, 12), "pink -50 dBov");
    // Louder than the absolute threshold: only the voicing gate stands between
    // these and a false start.
    expectNoStart(test::whiteNoise(-30, thirty_s, 13), "white -30 dBov");
    expectNoStart(test::pinkNoise(-30, thirty_s, 14), "pink -30 dBov");
}

TEST(TalkDetector, NoFalseStartOnComfortNoise) {
    const std::size_t thirty_s = 30 * 8000;
    expectNoStart(test::comfortNoise(-50, thirty_s, 21), "CN -50 dBov");
    expectNoStart(test::comfortNoise(-40, thirty_s, 22), "CN -40 dBov");
    // Comfort noise switching on abruptly after digital silence (DTX start).
    std::vector<int16_t> abrupt(thirty_s, 0);
    const auto cn = test::comfortNoise(-35, thirty_s / 2, 23);
    std::copy(cn.begin(), cn.end(), abrupt.begin() + static_cast<std::ptrdiff_t>(thirty_s / 2));
    expectNoStart(abrupt, "CN -35 dBov after silence");
}

TEST(TalkDetector, ForceStopEndsTalk) {
    TalkDetector d;
    EXPECT_EQ(d.forceStop(), TalkEvent::None);
    const auto speech = test::speechLike(150, -20, 8000, 4);
    detect(d, speech);
    ASSERT_EQ(d.state(), TalkState::Talking);
    EXPECT_EQ(d.forceStop(), TalkEvent::Stopped);
    EXPECT_EQ(d.state(), TalkState::Silent);
    EXPECT_EQ(d.forceStop(), TalkEvent::None);
}

TEST(TalkDetector, MissingAudioEndsTalkAfterHangover) {
    TalkDetector d;
    detect(d, test::speechLike(150, -20, 8000, 5));
    ASSERT_EQ(d.state(), TalkState::Talking);
    int frames = 0;
    while (d.processNoAudio().event != TalkEvent::Stopped) {
        ASSERT_LT(++frames, 50);
    }
    EXPECT_LE(frames * kFrameMs, 1000);
}

TEST(TalkDetector, ProcessDoesNotAllocate) {
    TalkDetector d;
    const auto speech = test::speechLike(150, -20, 2 * 8000, 6);
    test::AllocationScope scope;
    for (std::size_t f = 0; f + kFrameSamples <= speech.size(); f += kFrameSamples) {
        d.process(ConstFrameSpan(speech.data() + f, kFrameSamples));
    }
    EXPECT_EQ(scope.allocations(), 0u);
}

bool haveTool(const char* name) {
    const std::string cmd = std::string("command -v ") + name + " >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
}

TEST(TalkDetector, EspeakSpeech) {
    if (!haveTool("espeak-ng") || !haveTool("sox"))
        GTEST_SKIP() << "espeak-ng or sox not installed";
    const std::filesystem::path dir =
        std::filesystem::path(::testing::TempDir()) / "confab-talk-espeak";
    std::filesystem::create_directories(dir);
    const char* phrases[] = {
        "Hello everyone, can you hear me now?",
        "Let's start the meeting with the budget review.",
        "I think we should move the release to next Tuesday.",
        "Sorry, I was on mute. Could you repeat the question?",
        "Seven, three, nine, one. That is the access code.",
    };
    const char* voices[] = {"en", "en-us"};
    std::vector<int> starts, stops;
    int i = 0;
    for (const char* phrase : phrases) {
        for (const char* voice : voices) {
            const auto raw = dir / ("raw" + std::to_string(i) + ".wav");
            const auto wav8k = dir / ("s" + std::to_string(i) + ".wav");
            const std::string speak = "espeak-ng -v " + std::string(voice) + " -s " +
                                      std::to_string(150 + 15 * (i % 3)) + " -w '" + raw.string() +
                                      "' \"" + phrase + "\" >/dev/null 2>&1";
            const std::string resample = "sox '" + raw.string() + "' -r 8000 -c 1 -b 16 '" +
                                         wav8k.string() + "' norm -20 >/dev/null 2>&1";
            ASSERT_EQ(std::system(speak.c_str()), 0) << speak;
            ASSERT_EQ(std::system(resample.c_str()), 0) << resample;
            std::string error;
            auto prompt = Prompt::loadWav(wav8k.string(), &error);
            ASSERT_TRUE(prompt.has_value()) << error;
            const std::vector<int16_t> speech(prompt->samples().begin(), prompt->samples().end());
            const auto l = measure(speech, -55.0, static_cast<uint32_t>(40 + i));
            EXPECT_EQ(l.starts, 1u) << phrase;
            EXPECT_EQ(l.stops, 1u) << phrase;
            starts.push_back(l.start_ms);
            stops.push_back(l.stop_ms);
            EXPECT_LE(l.stop_ms, 1000) << phrase;
            ++i;
        }
    }
    const int p95 = percentile95(starts);
    EXPECT_LE(p95, 250);
    std::printf("espeak-ng: start p95 %d ms, max %d ms; stop max %d ms (%zu phrases)\n", p95,
                *std::max_element(starts.begin(), starts.end()),
                *std::max_element(stops.begin(), stops.end()), starts.size());
}

}  // namespace
}  // namespace confab::media
