// SoftLimiter: turns a wide (int32) mix into int16 without hard-clipping.
//
// Two stages, so a loud sum is turned down rather than squared off:
//   1. A gain envelope. Each frame's peak sets a target gain that brings it
//      to the ceiling (-3 dBov); the gain follows down within 4 ms (attack)
//      and recovers with a ~250 ms time constant (release), interpolated per
//      sample so gain changes never step.
//   2. A soft knee on what the envelope missed (a transient inside the attack
//      ramp): linear up to 0.75 FS, then a tanh curve that approaches but
//      never reaches full scale, so no sample ever sits on the rails.
// Signals whose peak stays under the ceiling pass bit-exact (gain 1).
//
// Thread contract: plain state owned by whoever runs the mix (the media
// thread, inside Mixer). No allocation.
#pragma once

#include <cstdint>

#include "confab/media/media_format.h"

namespace confab::media {

class SoftLimiter {
  public:
    static constexpr int32_t kCeiling = 22937;  // 0.7 FS, about -3 dBov
    static constexpr int32_t kKnee = 24575;     // 0.75 FS

    // out[n] = limit(sum[n] - own[n]); `own` may be null (nothing subtracted).
    void process(const int32_t* sum, const int16_t* own, int16_t* out);

    float gain() const { return gain_; }
    // Starts from a given gain, e.g. the shared mix's when a leg starts talking.
    void reset(float gain = 1.0f) { gain_ = gain; }

  private:
    float gain_ = 1.0f;
};

}  // namespace confab::media
