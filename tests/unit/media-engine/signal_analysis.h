// Signal helpers for the media engine tests: tone generation with phase
// continuity, Goertzel levels, and gap measurement on received audio.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "confab/media/media_format.h"

namespace confab::media::test {

// Amplitude of a sine at `dbov` (RMS relative to full scale, as TalkDetector measures).
double sineAmplitude(double dbov);

class ToneSource {
  public:
    ToneSource(double frequency_hz, double dbov)
        : frequency_(frequency_hz), amplitude_(sineAmplitude(dbov)) {}
    void next(FrameSpan out);
    double amplitude() const { return amplitude_; }

  private:
    double frequency_;
    double amplitude_;
    uint64_t position_ = 0;
};

// Amplitude of the `frequency_hz` component of `samples`: Goertzel power
// averaged over 100 ms blocks, so use multiples of 10 Hz.
double toneAmplitude(std::span<const int16_t> samples, double frequency_hz);
// 20 log10(measured / reference); -200 when measured is 0.
double relativeDb(double measured, double reference);
// Longest run (ms) of 5 ms blocks quieter than `threshold_dbov`.
double longestGapMs(std::span<const int16_t> samples, double threshold_dbov);
double rmsDbov(std::span<const int16_t> samples);

}  // namespace confab::media::test
