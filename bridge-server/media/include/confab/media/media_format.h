// The one audio format the bridge mixes in, and the time type every media
// class takes. Confab mixes 8 kHz mono signed 16-bit linear audio in 20 ms
// frames; codecs convert at the edges. No class here reads a clock: callers
// pass MediaTime in, so tests drive time by hand.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

namespace confab::media {

inline constexpr int kSampleRateHz = 8000;
inline constexpr int kFrameMs = 20;
inline constexpr int kSamplesPerMs = kSampleRateHz / 1000;
inline constexpr std::size_t kFrameSamples = kFrameMs * kSamplesPerMs;  // 160

// Largest magnitude of a linear sample ("full scale"); dBov is relative to it.
inline constexpr int kFullScale = 32767;

using Frame = std::array<int16_t, kFrameSamples>;
using FrameSpan = std::span<int16_t, kFrameSamples>;
using ConstFrameSpan = std::span<const int16_t, kFrameSamples>;

// Time since an arbitrary epoch chosen by the caller; the media thread passes
// steady_clock::now().time_since_epoch(). Only differences are meaningful.
using MediaTime = std::chrono::microseconds;

// RTP timestamp units (samples at 8 kHz) for a duration.
constexpr int64_t toSamples(std::chrono::microseconds d) {
    return d.count() * kSampleRateHz / 1'000'000;
}

}  // namespace confab::media
