// AudioSource: what one answered call plays, 20 ms at a time: a tone, a clip
// (WAV or speech), white noise or silence, gated by the number's talk schedule. It reports
// per frame whether the frame is part of a talk spurt, which is what the
// speech_start / speech_stop events are made from.
//
// Thread contract: one per call, owned by the media thread. No allocation;
// the clip is owned by the ClipLibrary.
#pragma once

#include <cstddef>
#include <cstdint>

#include "confab/media/media_format.h"
#include "confab/media/prompt.h"
#include "confab/pstnsim/phonebook.h"

namespace confab::pstnsim {

// A sine generator with a running phase, so frames join without clicks. It
// rotates a unit phasor (four multiplies a sample, no sin()), renormalised
// once a frame, because a thousand calls playing tones is the benchmark case.
class ToneGenerator {
  public:
    // `level_dbov`: RMS relative to full scale (a -3 dBov sine peaks at full scale).
    ToneGenerator(double frequency_hz, double level_dbov);
    void fill(media::FrameSpan out);

  private:
    double re_ = 1.0;
    double im_ = 0.0;
    double step_re_;
    double step_im_;
    double amplitude_;
};

// White noise, uniform in [-a, a] with a chosen RMS (a = sqrt(3) * RMS):
// a quiet line that is not digital silence, as most of a big conference's
// legs are. xorshift32, so a thousand calls of it cost next to nothing.
class NoiseGenerator {
  public:
    explicit NoiseGenerator(double level_dbov, std::uint32_t seed = 0x9E3779B9u);
    void fill(media::FrameSpan out);

  private:
    std::uint32_t state_;
    std::int64_t amplitude_;  // peak, in sample units
};

class AudioSource {
  public:
    AudioSource(const AudioSpec& spec, const media::Prompt* clip);

    // Writes the frame that starts `since_answer` after the 200 OK. Returns
    // true when the frame is audible by the schedule (a talk spurt).
    bool nextFrame(Milliseconds since_answer, media::FrameSpan out);

    // Whether the schedule says "talk" at this offset (ignores the signal).
    bool scheduledToTalk(Milliseconds since_answer) const;

  private:
    bool fillFromClip(media::FrameSpan out);

    const AudioSpec& spec_;
    const media::Prompt* clip_;
    ToneGenerator tone_;
    NoiseGenerator noise_;
    std::size_t clip_position_ = 0;
    bool clip_finished_ = false;  // a non-looping clip has played out
};

}  // namespace confab::pstnsim
