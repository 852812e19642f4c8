#include "confab/media/prompt.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include <sndfile.h>
#include <speex/speex_resampler.h>

#include "confab/media/media_format.h"

namespace confab::media {
namespace {

void setError(std::string* error, std::string message) {
    if (error) *error = std::move(message);
}

struct SndfileCloser {
    void operator()(SNDFILE* f) const { sf_close(f); }
};
struct ResamplerDestroyer {
    void operator()(SpeexResamplerState* r) const { speex_resampler_destroy(r); }
};

constexpr sf_count_t kMaxFrames = sf_count_t{10} * 60 * 192000;  // 10 minutes at 192 kHz

}  // namespace

Prompt Prompt::fromSamples(std::vector<int16_t> samples_8k) {
    return Prompt(std::move(samples_8k));
}

std::chrono::milliseconds Prompt::duration() const {
    return std::chrono::milliseconds(static_cast<int64_t>(samples_.size()) / kSamplesPerMs);
}

std::optional<Prompt> Prompt::loadWav(const std::string& path, std::string* error) {
    SF_INFO info{};
    std::unique_ptr<SNDFILE, SndfileCloser> file(sf_open(path.c_str(), SFM_READ, &info));
    if (!file) {
        setError(error, "cannot open " + path + ": " + sf_strerror(nullptr));
        return std::nullopt;
    }
    if (info.channels <= 0 || info.samplerate <= 0 || info.frames < 0 || info.frames > kMaxFrames) {
        setError(error, path + ": unsupported channel count, rate or length");
        return std::nullopt;
    }
    const auto channels = static_cast<std::size_t>(info.channels);
    std::vector<float> interleaved(static_cast<std::size_t>(info.frames) * channels);
    const sf_count_t got = sf_readf_float(file.get(), interleaved.data(), info.frames);
    const auto frames = static_cast<std::size_t>(std::max<sf_count_t>(got, 0));

    std::vector<float> mono(frames);
    for (std::size_t i = 0; i < frames; ++i) {
        float sum = 0.0f;
        for (std::size_t c = 0; c < channels; ++c) sum += interleaved[i * channels + c];
        mono[i] = sum / static_cast<float>(channels) * 32767.0f;
    }

    std::vector<float> resampled;
    if (info.samplerate == kSampleRateHz) {
        resampled = std::move(mono);
    } else {
        int err = 0;
        std::unique_ptr<SpeexResamplerState, ResamplerDestroyer> resampler(speex_resampler_init(
            1, static_cast<spx_uint32_t>(info.samplerate), kSampleRateHz, 8, &err));
        if (!resampler || err != RESAMPLER_ERR_SUCCESS) {
            setError(error,
                     path + ": cannot resample from " + std::to_string(info.samplerate) + " Hz");
            return std::nullopt;
        }
        const std::size_t latency =
            static_cast<std::size_t>(speex_resampler_get_input_latency(resampler.get()));
        mono.resize(mono.size() + latency, 0.0f);  // flush the filter's tail
        resampled.resize(mono.size() * kSampleRateHz / static_cast<std::size_t>(info.samplerate) +
                         16);
        spx_uint32_t in_len = static_cast<spx_uint32_t>(mono.size());
        spx_uint32_t out_len = static_cast<spx_uint32_t>(resampled.size());
        speex_resampler_process_float(resampler.get(), 0, mono.data(), &in_len, resampled.data(),
                                      &out_len);
        const std::size_t skip = std::min<std::size_t>(
            static_cast<std::size_t>(speex_resampler_get_output_latency(resampler.get())), out_len);
        resampled.erase(resampled.begin(), resampled.begin() + static_cast<std::ptrdiff_t>(skip));
        resampled.resize(out_len - skip);
    }

    std::vector<int16_t> samples(resampled.size());
    std::transform(resampled.begin(), resampled.end(), samples.begin(), [](float v) {
        return static_cast<int16_t>(std::lrint(std::clamp(v, -32768.0f, 32767.0f)));
    });
    return Prompt(std::move(samples));
}

}  // namespace confab::media
