// SpeechSynthesizer: makes the speech clips numbers talk with, once, at start.
//
// espeak-ng renders the text to a WAV in a scratch folder (a child process,
// always waited for), which Prompt::loadWav brings to 8 kHz mono. When
// espeak-ng is not installed, or the phonebook asks for engine = "synthetic",
// a speech-like signal is made instead: a voiced harmonic series with a
// wandering pitch, shaped by moving formants and cut into syllables and
// words, so talk detectors treat it as speech. Voice names pick the
// synthetic pitch too, so different voices stay distinguishable.
// Either way the clip is trimmed of leading and trailing silence and scaled
// to the requested RMS level.
//
// Thread contract: main thread, before the simulator starts (it spawns
// processes, writes files and allocates).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "confab/media/prompt.h"
#include "confab/pstnsim/phonebook.h"

namespace confab::pstnsim {

class SpeechSynthesizer {
  public:
    explicit SpeechSynthesizer(std::filesystem::path scratch_folder);

    // Follows spec.engine; Auto falls back to synthetic when espeak-ng is
    // missing or fails. Throws PhonebookError when engine is Espeak and it fails.
    media::Prompt render(const AudioSpec& spec);

    // The espeak-ng path alone: nullopt with `error` set when it fails.
    std::optional<media::Prompt> renderWithEspeak(const AudioSpec& spec, std::string& error);
    static media::Prompt renderSynthetic(const AudioSpec& spec);

    // Drops leading/trailing samples under ~-50 dBov and scales the RMS of
    // the rest to `level_dbov` (relative to full scale, as TalkDetector measures).
    static media::Prompt trimAndNormalise(const media::Prompt& clip, double level_dbov);

    int espeakRuns() const { return espeak_runs_; }

  private:
    std::filesystem::path scratch_folder_;
    int espeak_runs_ = 0;
};

}  // namespace confab::pstnsim
