#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include <sndfile.h>

#include "alloc_counter.h"
#include "confab/media/prompt.h"
#include "confab/media/prompt_player.h"
#include "signals.h"

namespace confab::media {
namespace {

std::string writeWav(const std::string& name, int rate, int channels,
                     const std::vector<int16_t>& interleaved) {
    const auto path = (std::filesystem::path(::testing::TempDir()) / name).string();
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    EXPECT_NE(f, nullptr);
    sf_writef_short(f, interleaved.data(), static_cast<sf_count_t>(interleaved.size()) / channels);
    sf_close(f);
    return path;
}

TEST(Prompt, Loads8kMonoExactly) {
    const auto tone = test::sine(1000, 10000, 4000);
    const auto path = writeWav("p8k.wav", 8000, 1, tone);
    auto prompt = Prompt::loadWav(path);
    ASSERT_TRUE(prompt.has_value());
    ASSERT_EQ(prompt->samples().size(), tone.size());
    for (std::size_t i = 0; i < tone.size(); ++i) ASSERT_NEAR(prompt->samples()[i], tone[i], 1);
    EXPECT_EQ(prompt->duration().count(), 500);
}

TEST(Prompt, ResamplesAndMixesDownAtLoad) {
    // 16 kHz stereo, 1 kHz tone on the left only, 0.5 s.
    const std::size_t frames = 8000;
    std::vector<int16_t> interleaved(frames * 2, 0);
    for (std::size_t i = 0; i < frames; ++i) {
        interleaved[2 * i] =
            static_cast<int16_t>(10000 * std::sin(2 * 3.14159265358979 * 1000 * i / 16000.0));
    }
    const auto path = writeWav("p16k.wav", 16000, 2, interleaved);
    auto prompt = Prompt::loadWav(path);
    ASSERT_TRUE(prompt.has_value());
    EXPECT_NEAR(static_cast<double>(prompt->samples().size()), 4000.0, 20.0);
    const auto mid = prompt->samples().subspan(1000, 2000);
    EXPECT_NEAR(test::goertzelAmplitude(mid, 1000), 5000.0, 300.0);  // averaged with silence
    EXPECT_LT(test::goertzelAmplitude(mid, 3000), 50.0);
}

TEST(Prompt, MissingFileReportsError) {
    std::string error;
    EXPECT_FALSE(Prompt::loadWav("/nonexistent/beep.wav", &error).has_value());
    EXPECT_NE(error.find("/nonexistent/beep.wav"), std::string::npos);
}

TEST(PromptPlayer, PlaysFrameByFrameWithoutAllocating) {
    std::vector<int16_t> samples(400);
    for (std::size_t i = 0; i < samples.size(); ++i) samples[i] = static_cast<int16_t>(i + 1);
    const auto prompt = Prompt::fromSamples(samples);
    PromptPlayer player;
    Frame frame{};
    EXPECT_FALSE(player.nextFrame(frame));
    player.start(prompt);
    test::AllocationScope scope;
    EXPECT_TRUE(player.nextFrame(frame));
    EXPECT_EQ(frame[0], 1);
    EXPECT_TRUE(player.nextFrame(frame));
    EXPECT_EQ(frame[0], 161);
    EXPECT_TRUE(player.nextFrame(frame));
    EXPECT_EQ(frame[79], 400);
    EXPECT_EQ(frame[80], 0);
    EXPECT_FALSE(player.nextFrame(frame));
    EXPECT_FALSE(player.playing());
    EXPECT_EQ(scope.allocations(), 0u);
}

}  // namespace
}  // namespace confab::media
