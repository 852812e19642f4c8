// Test signals and measurements for the media tests: tones, noise, a
// speech-like generator, Goertzel levels. Test code only.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <span>
#include <vector>

namespace confab::media::test {

inline constexpr double kRate = 8000.0;

inline double dbovToAmplitude(double dbov) {
    return 32767.0 * std::pow(10.0, dbov / 20.0);
}

inline int16_t clampSample(double v) {
    return static_cast<int16_t>(std::lrint(std::clamp(v, -32768.0, 32767.0)));
}

inline std::vector<int16_t> sine(double freq, double amplitude, std::size_t count,
                                 double phase = 0.0) {
    std::vector<int16_t> out(count);
    for (std::size_t n = 0; n < count; ++n) {
        out[n] = clampSample(
            amplitude *
            std::sin(2 * std::numbers::pi * freq * static_cast<double>(n) / kRate + phase));
    }
    return out;
}

// RMS in dBov (a full-scale sine is -3 dBov).
inline double rmsDbov(std::span<const int16_t> x) {
    double e = 0;
    for (int16_t s : x) e += static_cast<double>(s) * s;
    e /= std::max<std::size_t>(x.size(), 1);
    return 10.0 * std::log10(e / (32767.0 * 32767.0) + 1e-12);
}

// Amplitude of the `freq` component (a sine of amplitude A reads ~A).
inline double goertzelAmplitude(std::span<const int16_t> x, double freq) {
    const double w = 2 * std::numbers::pi * freq / kRate;
    const double coeff = 2 * std::cos(w);
    double s1 = 0, s2 = 0;
    for (int16_t v : x) {
        const double s0 = v + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    const double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    return 2.0 * std::sqrt(std::max(power, 0.0)) / static_cast<double>(x.size());
}

inline std::vector<int16_t> whiteNoise(double dbov, std::size_t count, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> dist(0.0, dbovToAmplitude(dbov));
    std::vector<int16_t> out(count);
    for (auto& s : out) s = clampSample(dist(rng));
    return out;
}

// Pink noise (Paul Kellet's filter), scaled to `dbov` RMS.
inline std::vector<int16_t> pinkNoise(double dbov, std::size_t count, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> dist(0.0, 1.0);
    std::vector<double> y(count);
    double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
    for (auto& v : y) {
        const double w = dist(rng);
        b0 = 0.99886 * b0 + w * 0.0555179;
        b1 = 0.99332 * b1 + w * 0.0750759;
        b2 = 0.96900 * b2 + w * 0.1538520;
        b3 = 0.86650 * b3 + w * 0.3104856;
        b4 = 0.55000 * b4 + w * 0.5329522;
        b5 = -0.7616 * b5 - w * 0.0168980;
        v = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
        b6 = w * 0.115926;
    }
    double e = 0;
    for (double v : y) e += v * v;
    const double scale = dbovToAmplitude(dbov) / std::sqrt(e / static_cast<double>(count));
    std::vector<int16_t> out(count);
    for (std::size_t i = 0; i < count; ++i) out[i] = clampSample(y[i] * scale);
    return out;
}

// Comfort-noise-like: low-passed noise whose level wanders slowly by +-3 dB
// around `dbov`, as a CN decoder produces from RFC 3389 updates.
inline std::vector<int16_t> comfortNoise(double dbov, std::size_t count, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> dist(0.0, 1.0);
    std::vector<double> y(count);
    double lp1 = 0, lp2 = 0;
    for (std::size_t i = 0; i < count; ++i) {
        lp1 = 0.6 * lp1 + 0.4 * dist(rng);
        lp2 = 0.6 * lp2 + 0.4 * lp1;
        const double wander =
            std::pow(10.0, 3.0 * std::sin(2 * std::numbers::pi * 0.3 * i / kRate) / 20.0);
        y[i] = lp2 * wander;
    }
    double e = 0;
    for (double v : y) e += v * v;
    const double scale = dbovToAmplitude(dbov) / std::sqrt(e / static_cast<double>(count));
    std::vector<int16_t> out(count);
    for (std::size_t i = 0; i < count; ++i) out[i] = clampSample(y[i] * scale);
    return out;
}

// Speech-like: a harmonic complex (f0 with vibrato and a falling formant-ish
// tilt) gated by syllable envelopes (~4 per second, 120-250 ms each, with
// short gaps), at an active level of about `dbov`.
inline std::vector<int16_t> speechLike(double f0, double dbov, std::size_t count, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> syllable_len(0.12, 0.25), gap_len(0.03, 0.12);
    std::vector<double> env(count, 0.0);
    std::size_t pos = 0;
    while (pos < count) {
        const auto len = static_cast<std::size_t>(syllable_len(rng) * kRate);
        for (std::size_t i = 0; i < len && pos + i < count; ++i) {
            const double t = static_cast<double>(i) / static_cast<double>(len);
            env[pos + i] =
                std::sin(std::numbers::pi * t) * (0.6 + 0.4 * std::sin(std::numbers::pi * t));
        }
        pos += len + static_cast<std::size_t>(gap_len(rng) * kRate);
    }
    // Make the signal start at full syllable strength quickly: speech onsets
    // are abrupt compared with the 20 ms frame.
    std::vector<double> y(count);
    double phase = 0;
    for (std::size_t n = 0; n < count; ++n) {
        const double f = f0 * (1.0 + 0.03 * std::sin(2 * std::numbers::pi * 5.0 * n / kRate));
        phase += 2 * std::numbers::pi * f / kRate;
        double v = 0;
        for (int h = 1; h <= 12; ++h) {
            if (f * h > 3600) break;
            v += std::sin(h * phase) / (1.0 + 0.5 * h);
        }
        y[n] = v * env[n];
    }
    double e = 0, active = 0;
    for (std::size_t n = 0; n < count; ++n) {
        if (env[n] > 0.1) {
            e += y[n] * y[n];
            active += 1;
        }
    }
    const double scale = dbovToAmplitude(dbov) / std::sqrt(e / std::max(active, 1.0));
    std::vector<int16_t> out(count);
    for (std::size_t n = 0; n < count; ++n) out[n] = clampSample(y[n] * scale);
    return out;
}

inline void addInto(std::vector<int16_t>& dst, std::span<const int16_t> src, std::size_t at) {
    for (std::size_t i = 0; i < src.size() && at + i < dst.size(); ++i) {
        dst[at + i] = clampSample(static_cast<double>(dst[at + i]) + src[i]);
    }
}

}  // namespace confab::media::test
