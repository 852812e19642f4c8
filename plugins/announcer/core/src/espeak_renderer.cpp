#include <algorithm>
#include <atomic>
#include <cmath>

#include <mutex>

#include <dlfcn.h>
#include <espeak-ng/speak_lib.h>
#include <speex/speex_resampler.h>

#include "confab/announcer/speech_renderer.h"

namespace confab::announcer {

namespace {

// espeak-ng keeps its state in globals: one renderer per process.
std::atomic<bool> g_espeak_in_use{false};

// espeak-ng is started once per process and never terminated: in 1.51,
// espeak_Terminate() followed by a second espeak_Initialize() leaves a
// later espeak_Terminate() waiting forever on its internal thread. That
// thread lives in libespeak-ng, so the library is pinned (RTLD_NODELETE):
// unloading announcer.so must not unmap code a live thread sits in.
std::mutex g_start_mutex;
int g_sample_rate = 0;  // 0: not started yet; < 0: espeak-ng could not start

int startEspeakOnce() {
    std::lock_guard lock(g_start_mutex);
    if (g_sample_rate != 0) return g_sample_rate;
    dlopen("libespeak-ng.so.1", RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    // DONT_EXIT: without it espeak-ng calls exit(1) when its data is missing.
    const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    g_sample_rate = rate > 0 ? rate : -1;
    return g_sample_rate;
}

int collectSamples(short* wav, int count, espeak_EVENT* events) {
    if (wav == nullptr || count <= 0 || events == nullptr || events->user_data == nullptr) return 0;
    auto* sink = static_cast<std::vector<std::int16_t>*>(events->user_data);
    // A runaway text must not grow without bound: at espeak-ng's 22050 Hz
    // this stops at about 3x the 60 s we keep.
    if (sink->size() > 8 * kMaxPromptSamples) return 1;  // non-zero: abort synthesis
    sink->insert(sink->end(), wav, wav + count);
    return 0;
}

class EspeakRenderer final : public SpeechRenderer {
public:
    explicit EspeakRenderer(std::uint32_t sample_rate) : sample_rate_(sample_rate) {}
    ~EspeakRenderer() override { g_espeak_in_use = false; }
    EspeakRenderer(const EspeakRenderer&) = delete;
    EspeakRenderer& operator=(const EspeakRenderer&) = delete;

    bool render(const std::string& text, std::vector<std::int16_t>& out, std::string& error) override {
        out.clear();
        std::vector<std::int16_t> raw;
        const espeak_ERROR rc = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                             espeakCHARS_UTF8, nullptr, &raw);
        if (rc != EE_OK) {
            error = "espeak_Synth failed (" + std::to_string(static_cast<int>(rc)) + ")";
            return false;
        }
        out = finishPrompt(raw, sample_rate_);
        if (out.empty()) {
            error = "espeak-ng rendered no audio";
            return false;
        }
        return true;
    }

private:
    std::uint32_t sample_rate_;
};

}  // namespace

std::unique_ptr<SpeechRenderer> createEspeakRenderer(const EspeakSettings& settings,
                                                     std::string& error) {
    if (g_espeak_in_use.exchange(true)) {
        error = "espeak-ng is already in use in this process";
        return nullptr;
    }
    const int rate = startEspeakOnce();
    if (rate <= 0) {
        g_espeak_in_use = false;
        error = "espeak-ng could not start (are espeak-ng-data's files installed?)";
        return nullptr;
    }
    // From here the renderer owns espeak-ng: its destructor releases it.
    auto renderer = std::make_unique<EspeakRenderer>(static_cast<std::uint32_t>(rate));
    espeak_SetSynthCallback(&collectSamples);
    if (espeak_SetVoiceByName(settings.voice.c_str()) != EE_OK) {
        error = "espeak-ng has no voice \"" + settings.voice + "\"";
        return nullptr;
    }
    if (espeak_SetParameter(espeakRATE, settings.rate_wpm, 0) != EE_OK) {
        error = "espeak-ng refused rate_wpm " + std::to_string(settings.rate_wpm);
        return nullptr;
    }
    return renderer;
}

std::vector<std::int16_t> finishPrompt(const std::vector<std::int16_t>& input,
                                       std::uint32_t input_rate) {
    if (input.empty() || input_rate == 0) return {};
    std::vector<std::int16_t> resampled;
    if (input_rate == kPromptSampleRate) {
        resampled = input;
    } else {
        int err = 0;
        SpeexResamplerState* st = speex_resampler_init(1, input_rate, kPromptSampleRate,
                                                       SPEEX_RESAMPLER_QUALITY_VOIP, &err);
        if (st == nullptr || err != RESAMPLER_ERR_SUCCESS) return {};
        const std::size_t latency = static_cast<std::size_t>(speex_resampler_get_input_latency(st));
        // The input plus zeros to flush the filter's delay line.
        std::vector<std::int16_t> padded(input);
        padded.resize(input.size() + latency, 0);
        resampled.resize(padded.size() * kPromptSampleRate / input_rate + 64);
        auto in_len = static_cast<spx_uint32_t>(padded.size());
        auto out_len = static_cast<spx_uint32_t>(resampled.size());
        speex_resampler_process_int(st, 0, padded.data(), &in_len, resampled.data(), &out_len);
        speex_resampler_destroy(st);
        resampled.resize(out_len);
        // The first output_latency samples are the filter's delay.
        const std::size_t skip = std::min<std::size_t>(latency * kPromptSampleRate / input_rate,
                                                       resampled.size());
        resampled.erase(resampled.begin(), resampled.begin() + static_cast<std::ptrdiff_t>(skip));
    }

    // Trim the quiet ends (below ~-50 dBFS), keeping a short margin.
    constexpr int kQuiet = 100;
    constexpr std::size_t kMargin = kPromptSampleRate * 60 / 1000;
    const auto loud = [](std::int16_t s) { return std::abs(static_cast<int>(s)) > kQuiet; };
    const auto first = std::find_if(resampled.begin(), resampled.end(), loud);
    if (first == resampled.end()) return {};
    const auto last = std::find_if(resampled.rbegin(), resampled.rend(), loud).base();
    std::size_t begin = static_cast<std::size_t>(first - resampled.begin());
    std::size_t end = static_cast<std::size_t>(last - resampled.begin());
    begin = begin > kMargin ? begin - kMargin : 0;
    end = std::min(resampled.size(), end + kMargin);
    end = std::min(end, begin + kMaxPromptSamples);
    std::vector<std::int16_t> out(resampled.begin() + static_cast<std::ptrdiff_t>(begin),
                                  resampled.begin() + static_cast<std::ptrdiff_t>(end));

    // Level: about -18 dBFS RMS like a talker, peaks limited to -1 dBFS.
    double sum = 0;
    int peak = 1;
    for (std::int16_t s : out) {
        sum += static_cast<double>(s) * s;
        peak = std::max(peak, std::abs(static_cast<int>(s)));
    }
    const double rms = std::sqrt(sum / static_cast<double>(out.size()));
    if (rms <= 0) return out;
    const double target_rms = 32767.0 * std::pow(10.0, -18.0 / 20.0);
    const double gain = std::min(target_rms / rms, 32767.0 * 0.89 / peak);
    for (std::int16_t& s : out) {
        s = static_cast<std::int16_t>(std::lround(s * gain));
    }
    return out;
}

}  // namespace confab::announcer
