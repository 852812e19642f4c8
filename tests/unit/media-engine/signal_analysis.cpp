#include "signal_analysis.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace confab::media::test {

double sineAmplitude(double dbov) {
    return kFullScale * std::sqrt(2.0) * std::pow(10.0, dbov / 20.0);
}

void ToneSource::next(FrameSpan out) {
    for (auto& sample : out) {
        const double t = static_cast<double>(position_++) / kSampleRateHz;
        sample = static_cast<int16_t>(
            std::lround(amplitude_ * std::sin(2 * std::numbers::pi * frequency_ * t)));
    }
}

namespace {
double goertzel(std::span<const int16_t> samples, double frequency_hz) {
    const double w = 2 * std::numbers::pi * frequency_hz / kSampleRateHz;
    const double coeff = 2 * std::cos(w);
    double s1 = 0, s2 = 0;
    for (const int16_t x : samples) {
        const double s0 = x + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    const double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    return 2.0 * std::sqrt(std::max(power, 0.0)) / static_cast<double>(samples.size());
}
}  // namespace

double toneAmplitude(std::span<const int16_t> samples, double frequency_hz) {
    // Power averaged over 100 ms blocks (10 Hz bins): a phase jump where the
    // jitter buffer drops or conceals a frame costs one block, not the window.
    constexpr std::size_t kBlock = 800;
    if (samples.size() < kBlock) return goertzel(samples, frequency_hz);
    double power = 0;
    std::size_t blocks = 0;
    for (std::size_t start = 0; start + kBlock <= samples.size(); start += kBlock, ++blocks) {
        const double a = goertzel(samples.subspan(start, kBlock), frequency_hz);
        power += a * a;
    }
    return std::sqrt(power / static_cast<double>(blocks));
}

double relativeDb(double measured, double reference) {
    if (measured <= 0 || reference <= 0) return -200.0;
    return 20.0 * std::log10(measured / reference);
}

double rmsDbov(std::span<const int16_t> samples) {
    if (samples.empty()) return -200.0;
    double sum = 0;
    for (const int16_t x : samples) sum += static_cast<double>(x) * x;
    const double mean = sum / static_cast<double>(samples.size());
    return 10.0 * std::log10(mean / (double{kFullScale} * kFullScale) + 1e-20);
}

double longestGapMs(std::span<const int16_t> samples, double threshold_dbov) {
    constexpr std::size_t kBlock = 40;  // 5 ms
    double longest = 0, run = 0;
    for (std::size_t start = 0; start + kBlock <= samples.size(); start += kBlock) {
        if (rmsDbov(samples.subspan(start, kBlock)) < threshold_dbov) {
            run += 5.0;
            longest = std::max(longest, run);
        } else {
            run = 0;
        }
    }
    return longest;
}

}  // namespace confab::media::test
