#include "confab/media/soft_limiter.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace confab::media {
namespace {
constexpr std::size_t kAttackSamples = 32;  // 4 ms
constexpr float kReleasePerFrame = 0.08f;   // ~250 ms time constant at 20 ms frames

inline int16_t softKnee(float v) {
    const float mag = std::fabs(v);
    if (mag <= static_cast<float>(SoftLimiter::kKnee)) return static_cast<int16_t>(std::lrint(v));
    constexpr float range = static_cast<float>(kFullScale - SoftLimiter::kKnee);
    const float shaped =
        static_cast<float>(SoftLimiter::kKnee) +
        (range - 1.0f) * std::tanh((mag - static_cast<float>(SoftLimiter::kKnee)) / range);
    const auto s = static_cast<int16_t>(shaped);
    return v < 0 ? static_cast<int16_t>(-s) : s;
}
}  // namespace

void SoftLimiter::process(const int32_t* sum, const int16_t* own, int16_t* out) {
    int32_t peak = 0;
    if (own) {
        for (std::size_t n = 0; n < kFrameSamples; ++n) {
            peak = std::max(peak, std::abs(sum[n] - own[n]));
        }
    } else {
        for (std::size_t n = 0; n < kFrameSamples; ++n) peak = std::max(peak, std::abs(sum[n]));
    }

    const float target =
        peak > kCeiling ? static_cast<float>(kCeiling) / static_cast<float>(peak) : 1.0f;
    if (target >= 1.0f && gain_ >= 1.0f) {
        // Common case: quiet enough, nothing to do but narrow.
        for (std::size_t n = 0; n < kFrameSamples; ++n) {
            out[n] = static_cast<int16_t>(own ? sum[n] - own[n] : sum[n]);
        }
        return;
    }

    const float start = gain_;
    float end;
    std::size_t ramp;
    if (target < gain_) {
        end = target;
        ramp = kAttackSamples;
    } else {
        end = gain_ + (target - gain_) * kReleasePerFrame;
        if (end > 0.999f) end = 1.0f;
        ramp = kFrameSamples;
    }
    const float step = (end - start) / static_cast<float>(ramp);
    for (std::size_t n = 0; n < kFrameSamples; ++n) {
        const float g = n < ramp ? start + step * static_cast<float>(n + 1) : end;
        const int32_t x = own ? sum[n] - own[n] : sum[n];
        out[n] = softKnee(static_cast<float>(x) * g);
    }
    gain_ = end;
}

}  // namespace confab::media
