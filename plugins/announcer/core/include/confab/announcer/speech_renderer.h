// SpeechRenderer: text in, 8 kHz mono 16-bit PCM out. The prompt worker
// owns one and calls it on its own thread; the espeak-ng implementation is
// createEspeakRenderer(), tests of the worker's queue use their own.
//
// Thread contract: a renderer is created, used and destroyed on one thread
// (espeak-ng's API is global and not thread-safe: at most one espeak-ng
// renderer exists in the process at a time, and creating a second fails).
// espeak-ng itself is started by the first renderer and stays up until the
// process exits (see espeak_renderer.cpp for why it is never terminated).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace confab::announcer {

inline constexpr std::uint32_t kPromptSampleRate = 8000;
// host->play_audio() takes at most 60 s; longer renderings are cut.
inline constexpr std::size_t kMaxPromptSamples = 60 * kPromptSampleRate;

class SpeechRenderer {
public:
    virtual ~SpeechRenderer() = default;
    // Renders `text` (UTF-8, plain text) into `out` (replaced): 8 kHz mono.
    // False with `error` set when it could not.
    virtual bool render(const std::string& text, std::vector<std::int16_t>& out,
                        std::string& error) = 0;
};

struct EspeakSettings {
    std::string voice = "en-us";  // an espeak-ng voice name, "en-us", "en-gb+f2"
    int rate_wpm = 160;           // 80..450
};

// Starts espeak-ng with `settings`: nullptr and `error` set when espeak-ng
// cannot start (no data files), the voice is unknown, or another espeak-ng
// renderer is alive in this process. Call on the thread that will render.
std::unique_ptr<SpeechRenderer> createEspeakRenderer(const EspeakSettings& settings,
                                                     std::string& error);

// Converts `input` at `input_rate` to 8 kHz (speexdsp), drops the quiet
// before and after the speech (keeping 60 ms), scales it to about -18 dBFS
// RMS (peaks limited), and cuts it to kMaxPromptSamples.
std::vector<std::int16_t> finishPrompt(const std::vector<std::int16_t>& input,
                                       std::uint32_t input_rate);

}  // namespace confab::announcer
