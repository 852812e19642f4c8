#include "confab/pstnsim/audio_source.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace confab::pstnsim {

ToneGenerator::ToneGenerator(double frequency_hz, double level_dbov)
    : step_re_(std::cos(2.0 * std::numbers::pi * frequency_hz / media::kSampleRateHz)),
      step_im_(std::sin(2.0 * std::numbers::pi * frequency_hz / media::kSampleRateHz)),
      amplitude_(std::min(static_cast<double>(media::kFullScale),
                          media::kFullScale * std::numbers::sqrt2 * std::pow(10.0, level_dbov / 20.0))) {}

void ToneGenerator::fill(media::FrameSpan out) {
    for (auto& sample : out) {
        // Round half away from zero without lround(), a library call per
        // sample that was a tenth of the simulator's time at 2000 calls.
        const double value = amplitude_ * im_;
        sample = static_cast<int16_t>(value + std::copysign(0.5, value));
        const double re = re_ * step_re_ - im_ * step_im_;
        im_ = re_ * step_im_ + im_ * step_re_;
        re_ = re;
    }
    const double magnitude = std::sqrt(re_ * re_ + im_ * im_);
    re_ /= magnitude;
    im_ /= magnitude;
}

NoiseGenerator::NoiseGenerator(double level_dbov, std::uint32_t seed)
    : state_(seed == 0 ? 1 : seed),
      amplitude_(static_cast<std::int64_t>(
          std::lround(std::min(static_cast<double>(media::kFullScale),
                               media::kFullScale * std::numbers::sqrt3 * std::pow(10.0, level_dbov / 20.0))))) {}

void NoiseGenerator::fill(media::FrameSpan out) {
    for (auto& sample : out) {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 17;
        state_ ^= state_ << 5;
        // The state as a signed 32-bit value is uniform in [-2^31, 2^31):
        // scaled by the amplitude in integers, no floating point per sample.
        const auto unit = static_cast<std::int64_t>(static_cast<std::int32_t>(state_));
        sample = static_cast<int16_t>((unit * amplitude_) >> 31);
    }
}

AudioSource::AudioSource(const AudioSpec& spec, const media::Prompt* clip)
    : spec_(spec), clip_(clip), tone_(spec.tone_hz, spec.level_dbov), noise_(spec.level_dbov) {}

bool AudioSource::scheduledToTalk(Milliseconds since_answer) const {
    if (spec_.kind == AudioKind::Silence) return false;
    if (spec_.talk.empty()) return true;
    Milliseconds t = since_answer;
    if (spec_.talk_repeat.count() > 0) t = t % spec_.talk_repeat;
    return std::any_of(spec_.talk.begin(), spec_.talk.end(), [t](const TalkInterval& interval) {
        return t >= interval.start && t < interval.start + interval.duration;
    });
}

bool AudioSource::nextFrame(Milliseconds since_answer, media::FrameSpan out) {
    if (!scheduledToTalk(since_answer)) {
        std::fill(out.begin(), out.end(), int16_t{0});
        return false;
    }
    if (spec_.kind == AudioKind::Tone) {
        tone_.fill(out);
        return true;
    }
    if (spec_.kind == AudioKind::Noise) {
        noise_.fill(out);
        return true;
    }
    return fillFromClip(out);
}

bool AudioSource::fillFromClip(media::FrameSpan out) {
    std::fill(out.begin(), out.end(), int16_t{0});
    if (clip_ == nullptr || clip_finished_) return false;
    const auto samples = clip_->samples();
    if (samples.empty()) return false;
    std::size_t written = 0;
    while (written < out.size()) {
        if (clip_position_ >= samples.size()) {
            if (!spec_.loop) {
                clip_finished_ = true;
                break;
            }
            clip_position_ = 0;
        }
        const std::size_t n = std::min(out.size() - written, samples.size() - clip_position_);
        std::copy_n(samples.begin() + static_cast<std::ptrdiff_t>(clip_position_), n,
                    out.begin() + static_cast<std::ptrdiff_t>(written));
        written += n;
        clip_position_ += n;
    }
    return written > 0;
}

}  // namespace confab::pstnsim
