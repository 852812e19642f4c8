#include "confab/harness/audio_analysis.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

#include "confab/harness/process.h"

namespace confab::harness {

namespace {
constexpr std::size_t kHeaderBytes = 44;
}

std::vector<float> readSimulatorWav(const std::filesystem::path& wav) {
    const std::string bytes = readFile(wav);
    std::vector<float> samples;
    if (bytes.size() > kHeaderBytes) samples.reserve((bytes.size() - kHeaderBytes) / 2);
    for (std::size_t i = kHeaderBytes; i + 1 < bytes.size(); i += 2) {
        const auto low = static_cast<unsigned char>(bytes[i]);
        const auto high = static_cast<unsigned char>(bytes[i + 1]);
        const auto value = static_cast<std::int16_t>(static_cast<std::uint16_t>(low | (high << 8U)));
        samples.push_back(static_cast<float>(value) / 32768.0F);
    }
    return samples;
}

std::size_t simulatorWavSampleCount(const std::filesystem::path& wav) {
    std::error_code error;
    const auto size = std::filesystem::file_size(wav, error);
    return error || size < kHeaderBytes ? 0 : static_cast<std::size_t>((size - kHeaderBytes) / 2);
}

double toneLevelDb(std::span<const float> samples, double frequency, double sample_rate) {
    if (samples.empty()) return -200;
    const double coefficient = 2 * std::cos(2 * std::numbers::pi * frequency / sample_rate);
    double s1 = 0;
    double s2 = 0;
    for (const float x : samples) {
        const double s0 = x + coefficient * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    const double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    const double amplitude = 2 * std::sqrt(std::max(power, 0.0)) / static_cast<double>(samples.size());
    return 20 * std::log10(std::max(amplitude, 1e-10));
}

}  // namespace confab::harness
