#include "confab/recorder/beep.h"

#include <algorithm>
#include <cmath>

namespace confab::recorder {
namespace {

constexpr int kRate = 8000;
constexpr int kToneSamples = kRate * 150 / 1000;
constexpr int kGapSamples = kRate * 50 / 1000;
constexpr int kRampSamples = kRate * 5 / 1000;
constexpr double kAmplitude = 0.25 * 32767.0;

void appendTone(std::vector<std::int16_t>& out, double frequency) {
    const double pi = std::acos(-1.0);
    for (int i = 0; i < kToneSamples; ++i) {
        const int edge = std::min(i, kToneSamples - 1 - i);
        const double ramp = edge < kRampSamples ? static_cast<double>(edge) / kRampSamples : 1.0;
        const double value = kAmplitude * ramp * std::sin(2.0 * pi * frequency * i / kRate);
        out.push_back(static_cast<std::int16_t>(std::lround(value)));
    }
}

}  // namespace

std::vector<std::int16_t> twoToneBeep(bool rising) {
    std::vector<std::int16_t> out;
    out.reserve(2 * kToneSamples + kGapSamples);
    appendTone(out, rising ? 440.0 : 660.0);
    out.insert(out.end(), kGapSamples, 0);
    appendTone(out, rising ? 660.0 : 440.0);
    return out;
}

}  // namespace confab::recorder
