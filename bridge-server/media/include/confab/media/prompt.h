// Prompt: an audio clip (join beep, announcement) held as 8 kHz mono int16.
// loadWav() reads any file libsndfile can (WAV of any rate, width and channel
// count), mixes it down to mono and resamples it to 8 kHz with speexdsp's
// resampler, all at load time, so playback is a plain copy.
//
// Thread contract: load on the control thread (it reads a file and
// allocates); once built a Prompt is immutable and may be read from any
// thread. Whoever loaded it keeps it alive while any PromptPlayer uses it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace confab::media {

class Prompt {
  public:
    // nullopt with a reason in `error` (if given) when the file cannot be read.
    static std::optional<Prompt> loadWav(const std::string& path, std::string* error = nullptr);
    static Prompt fromSamples(std::vector<int16_t> samples_8k);

    std::span<const int16_t> samples() const { return samples_; }
    std::chrono::milliseconds duration() const;

  private:
    explicit Prompt(std::vector<int16_t> samples) : samples_(std::move(samples)) {}
    std::vector<int16_t> samples_;
};

}  // namespace confab::media
