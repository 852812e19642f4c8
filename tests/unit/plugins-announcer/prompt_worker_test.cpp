#include <cmath>
#include <condition_variable>
#include <mutex>

#include <gtest/gtest.h>

#include "confab/announcer/prompt_worker.h"

namespace confab::announcer {
namespace {

using namespace std::chrono_literals;

// What the worker delivered, collected from its thread.
struct Delivered {
    std::mutex mutex;
    std::vector<std::pair<PromptJob, PromptAudio>> prompts;
    std::vector<std::string> problems;

    PromptWorker::Sink sink() {
        return [this](const PromptJob& job, const PromptAudio& audio) {
            std::lock_guard lock(mutex);
            prompts.emplace_back(job, audio);
        };
    }
    PromptWorker::Problem problem() {
        return [this](const std::string& message) {
            std::lock_guard lock(mutex);
            problems.push_back(message);
        };
    }
};

PromptWorker::RendererFactory espeak(EspeakSettings settings = {}) {
    return [settings](std::string& error) { return createEspeakRenderer(settings, error); };
}

// 20 ms frames whose RMS is above -40 dBFS: speech, not silence or noise.
int loudFrames(const std::vector<std::int16_t>& samples) {
    int loud = 0;
    for (std::size_t at = 0; at + 160 <= samples.size(); at += 160) {
        double sum = 0;
        for (std::size_t i = at; i < at + 160; ++i) sum += static_cast<double>(samples[i]) * samples[i];
        const double dbfs = 10 * std::log10(sum / 160 / (32768.0 * 32768.0) + 1e-12);
        if (dbfs > -40) ++loud;
    }
    return loud;
}

TEST(PromptWorker, RendersSpeechAt8kHz) {
    Delivered delivered;
    PromptWorker worker(espeak(), delivered.sink(), delivered.problem());
    std::string error;
    ASSERT_TRUE(worker.start(error)) << error;
    ASSERT_TRUE(worker.enqueue({5, 2, "Bob has joined."}));
    ASSERT_TRUE(worker.waitIdle(20s));
    worker.stop();
    ASSERT_EQ(delivered.prompts.size(), 1U) << (delivered.problems.empty() ? "" : delivered.problems[0]);
    const auto& [job, audio] = delivered.prompts[0];
    EXPECT_EQ(job.conference, 5);
    EXPECT_EQ(job.participant, 2U);
    ASSERT_NE(audio, nullptr);
    // "Bob has joined." at 160 wpm: about a second at 8000 samples/s.
    EXPECT_GT(audio->size(), 4000U);
    EXPECT_LT(audio->size(), 3U * 8000U);  // ~2.8x more if it were still 22050 Hz
    // Most of it is voiced: at 8 kHz, 20 ms frames.
    const int frames = static_cast<int>(audio->size() / 160);
    EXPECT_GT(loudFrames(*audio), frames / 2) << "of " << frames << " frames";
    // At 22050 Hz the same clip would be ~2.8x longer; check the rate by
    // the voice's energy below 4 kHz being kept (no aliasing silence) and
    // the length above. The peak is limited, never clipped.
    std::int16_t peak = 0;
    for (std::int16_t s : *audio) peak = std::max<std::int16_t>(peak, static_cast<std::int16_t>(std::abs(s)));
    EXPECT_LT(peak, 32000);
    EXPECT_GT(peak, 3000);
}

TEST(PromptWorker, TheCacheServesRepeatedTextWithoutSynthesis) {
    Delivered delivered;
    PromptWorker worker(espeak(), delivered.sink(), delivered.problem());
    std::string error;
    ASSERT_TRUE(worker.start(error)) << error;
    ASSERT_TRUE(worker.enqueue({1, 0, "There are 3 participants."}));
    ASSERT_TRUE(worker.enqueue({2, 4, "There are 3 participants."}));
    ASSERT_TRUE(worker.enqueue({1, 0, "There are 4 participants."}));
    ASSERT_TRUE(worker.waitIdle(20s));
    const PromptWorkerStats stats = worker.stats();
    worker.stop();
    EXPECT_EQ(stats.queued, 3U);
    EXPECT_EQ(stats.synthesized, 2U);
    EXPECT_EQ(stats.cache_hits, 1U);
    EXPECT_EQ(stats.delivered, 3U);
    ASSERT_EQ(delivered.prompts.size(), 3U);
    // The very same buffer, not a second rendering of the same text.
    EXPECT_EQ(delivered.prompts[0].second, delivered.prompts[1].second);
    EXPECT_NE(delivered.prompts[0].second, delivered.prompts[2].second);
    EXPECT_EQ(delivered.prompts[1].first.participant, 4U);
}

TEST(PromptWorker, AnUnknownVoiceFailsToStart) {
    Delivered delivered;
    PromptWorker worker(espeak({"xx-no-such-voice", 160}), delivered.sink(), delivered.problem());
    std::string error;
    EXPECT_FALSE(worker.start(error));
    EXPECT_NE(error.find("no voice \"xx-no-such-voice\""), std::string::npos) << error;
    EXPECT_FALSE(worker.enqueue({1, 0, "x"}));
    // espeak-ng was released: a good voice starts afterwards.
    PromptWorker good(espeak(), delivered.sink(), delivered.problem());
    EXPECT_TRUE(good.start(error)) << error;
}

TEST(PromptWorker, OnlyOneEspeakRendererAtATime) {
    Delivered delivered;
    PromptWorker first(espeak(), delivered.sink(), delivered.problem());
    PromptWorker second(espeak(), delivered.sink(), delivered.problem());
    std::string error;
    ASSERT_TRUE(first.start(error)) << error;
    EXPECT_FALSE(second.start(error));
    EXPECT_NE(error.find("already in use"), std::string::npos) << error;
}

// A renderer that waits for the test before it returns, to fill the queue.
class GatedRenderer final : public SpeechRenderer {
public:
    struct Gate {
        std::mutex mutex;
        std::condition_variable cv;
        bool open = false;
        int entered = 0;
    };
    explicit GatedRenderer(Gate& gate) : gate_(gate) {}
    bool render(const std::string& text, std::vector<std::int16_t>& out, std::string& error) override {
        std::unique_lock lock(gate_.mutex);
        ++gate_.entered;
        gate_.cv.notify_all();
        gate_.cv.wait(lock, [&] { return gate_.open; });
        if (text == "fail") {
            error = "cannot say that";
            return false;
        }
        out.assign(800, 1000);
        return true;
    }

private:
    Gate& gate_;
};

TEST(PromptWorker, AFullQueueDropsAndCounts) {
    GatedRenderer::Gate gate;
    Delivered delivered;
    PromptWorker::Limits limits;
    limits.queue_capacity = 2;
    PromptWorker worker([&](std::string&) { return std::make_unique<GatedRenderer>(gate); },
                        delivered.sink(), delivered.problem(), limits);
    std::string error;
    ASSERT_TRUE(worker.start(error)) << error;
    ASSERT_TRUE(worker.enqueue({1, 0, "one"}));
    {
        // "one" is being rendered: the queue itself is empty again.
        std::unique_lock lock(gate.mutex);
        ASSERT_TRUE(gate.cv.wait_for(lock, 10s, [&] { return gate.entered == 1; }));
    }
    EXPECT_TRUE(worker.enqueue({1, 0, "two"}));
    EXPECT_TRUE(worker.enqueue({1, 0, "fail"}));
    EXPECT_FALSE(worker.enqueue({1, 0, "four"}));
    EXPECT_FALSE(worker.enqueue({1, 0, "five"}));
    {
        std::lock_guard lock(gate.mutex);
        gate.open = true;
    }
    gate.cv.notify_all();
    ASSERT_TRUE(worker.waitIdle(10s));
    const PromptWorkerStats stats = worker.stats();
    EXPECT_EQ(stats.queued, 3U);
    EXPECT_EQ(stats.dropped, 2U);
    EXPECT_EQ(stats.synthesized, 2U);
    EXPECT_EQ(stats.failed, 1U);
    EXPECT_EQ(stats.delivered, 2U);
    worker.stop();
    ASSERT_EQ(delivered.problems.size(), 1U);
    EXPECT_NE(delivered.problems[0].find("cannot say that"), std::string::npos);
}

TEST(PromptWorker, StopDiscardsQueuedWorkAndJoins) {
    GatedRenderer::Gate gate;
    Delivered delivered;
    auto worker = std::make_unique<PromptWorker>(
        [&](std::string&) { return std::make_unique<GatedRenderer>(gate); }, delivered.sink(),
        delivered.problem());
    std::string error;
    ASSERT_TRUE(worker->start(error)) << error;
    ASSERT_TRUE(worker->enqueue({1, 0, "one"}));
    ASSERT_TRUE(worker->enqueue({1, 0, "two"}));
    {
        std::unique_lock lock(gate.mutex);
        ASSERT_TRUE(gate.cv.wait_for(lock, 10s, [&] { return gate.entered == 1; }));
        gate.open = true;  // "one" finishes once stop() has been asked for... or before
    }
    gate.cv.notify_all();
    worker->stop();
    const std::size_t after_stop = delivered.prompts.size();
    EXPECT_LE(after_stop, 1U);  // "two" was discarded (or never started)
    EXPECT_FALSE(worker->enqueue({1, 0, "three"}));
    worker.reset();
    EXPECT_EQ(delivered.prompts.size(), after_stop);
}

TEST(PromptWorker, AFactoryThatFailsIsReported) {
    Delivered delivered;
    PromptWorker worker([](std::string& error) -> std::unique_ptr<SpeechRenderer> {
        error = "no synthesizer here";
        return nullptr;
    }, delivered.sink(), delivered.problem());
    std::string error;
    EXPECT_FALSE(worker.start(error));
    EXPECT_EQ(error, "no synthesizer here");
}

TEST(FinishPrompt, ResamplesTo8kHzAndTrimsSilence) {
    // 1 s of 22050 Hz: 0.2 s silence, 0.5 s of a 300 Hz tone, 0.3 s silence.
    std::vector<std::int16_t> input(22050, 0);
    for (std::size_t i = 4410; i < 4410 + 11025; ++i) {
        input[i] = static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * 300 * static_cast<double>(i) / 22050));
    }
    const std::vector<std::int16_t> out = finishPrompt(input, 22050);
    // 0.5 s at 8 kHz plus two 60 ms margins, give or take the filter's edges.
    EXPECT_NEAR(static_cast<double>(out.size()), 4000 + 960, 200);
    EXPECT_TRUE(finishPrompt(std::vector<std::int16_t>(1000, 0), 22050).empty());
    EXPECT_TRUE(finishPrompt({}, 22050).empty());
}

}  // namespace
}  // namespace confab::announcer
