// ClipLibrary: the audio each number plays, decoded once at start: WAV files
// through Prompt::loadWav (any rate/width/channels -> 8 kHz mono), speech
// through SpeechSynthesizer. Numbers with the same speech settings share one
// clip, and a range has one clip for all its numbers. Tone, noise and
// silence need no clip.
//
// Thread contract: built on the main thread before the simulator starts;
// immutable afterwards, so the media thread reads clips without locks. It
// must outlive the MediaEngine.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "confab/media/prompt.h"
#include "confab/pstnsim/phonebook.h"

namespace confab::pstnsim {

class ClipLibrary {
  public:
    // Throws PhonebookError for an unreadable WAV or a failed espeak-ng
    // (engine = "espeak"). `scratch_folder` holds espeak-ng's temporary output.
    static ClipLibrary prepare(const Phonebook& book, const std::filesystem::path& scratch_folder);

    // nullptr for numbers that play a tone, noise or silence. `number` is
    // NumberBehaviour::number ("first..last" for a range's calls).
    const media::Prompt* clipFor(const std::string& number) const;
    int espeakRuns() const { return espeak_runs_; }

  private:
    std::map<std::string, std::shared_ptr<const media::Prompt>> by_number_;
    int espeak_runs_ = 0;
};

}  // namespace confab::pstnsim
