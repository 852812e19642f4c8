// The simulator's synthetic speech (engine = "synthetic", and the fallback
// when espeak-ng is missing) must be speech to the bridge's talk detector:
// voiced, with syllables and word gaps, at the requested level. A negative
// peak once made the renderer's scale overflow int16 and the "speech" came out
// as white noise at a constant level, which the detector rightly ignored.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "confab/media/talk_detector.h"
#include "confab/pstnsim/speech_synthesizer.h"

namespace confab::pstnsim {
namespace {

double frameLevelDbov(std::span<const int16_t> frame) {
    double sum = 0.0;
    for (const int16_t s : frame) sum += static_cast<double>(s) * s;
    return 10.0 * std::log10(sum / static_cast<double>(frame.size()) / (32767.0 * 32767.0) + 1e-12);
}

class SyntheticSpeechTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SyntheticSpeechTest, IsSpeechToTheTalkDetector) {
    AudioSpec spec;
    spec.kind = AudioKind::Speech;
    spec.engine = SpeechEngine::Synthetic;
    spec.voice = GetParam();
    spec.level_dbov = -20.0;
    SpeechSynthesizer synthesizer(std::filesystem::temp_directory_path());
    const media::Prompt clip = synthesizer.render(spec);
    const auto samples = clip.samples();
    ASSERT_GE(samples.size(), 20u * media::kFrameSamples);

    // Level: the requested RMS, and syllables make the frame level move.
    double sum = 0.0;
    for (const int16_t s : samples) sum += static_cast<double>(s) * s;
    const double rms_dbov = 10.0 * std::log10(sum / static_cast<double>(samples.size()) / (32767.0 * 32767.0));
    EXPECT_NEAR(rms_dbov, -20.0, 0.5);
    std::vector<double> levels;
    for (std::size_t at = 0; at + media::kFrameSamples <= samples.size(); at += media::kFrameSamples) {
        levels.push_back(frameLevelDbov(samples.subspan(at, media::kFrameSamples)));
    }
    const auto [quietest, loudest] = std::minmax_element(levels.begin(), levels.end());
    EXPECT_GT(*loudest - *quietest, 10.0) << "no syllable envelope: the clip is at one level";

    // The detector, after a second of silence, starts within 250 ms and stays
    // talking through the clip (word gaps are shorter than its hangover).
    media::TalkDetector detector;
    const std::array<int16_t, media::kFrameSamples> silence{};
    for (int i = 0; i < 50; ++i) detector.process(silence);
    int started_at_frame = -1;
    int talking_frames = 0;
    int frame_index = 0;
    for (std::size_t at = 0; at + media::kFrameSamples <= samples.size(); at += media::kFrameSamples) {
        const auto result = detector.process(samples.subspan(at).first<media::kFrameSamples>());
        if (result.event == media::TalkEvent::Started && started_at_frame < 0) started_at_frame = frame_index;
        if (result.state == media::TalkState::Talking) ++talking_frames;
        ++frame_index;
    }
    ASSERT_GE(started_at_frame, 0) << "synthetic speech was never detected as talk";
    EXPECT_LE(started_at_frame * media::kFrameMs, 250);
    EXPECT_GE(talking_frames, frame_index - started_at_frame - 1) << "talk dropped inside the clip";
}

INSTANTIATE_TEST_SUITE_P(Voices, SyntheticSpeechTest,
                         ::testing::Values("en-us", "en-gb+f2", "de", "fr+m3", "bob", "carol"),
                         [](const ::testing::TestParamInfo<std::string>& voice) {
                             std::string name = voice.param;
                             std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                             return name;
                         });

}  // namespace
}  // namespace confab::pstnsim
