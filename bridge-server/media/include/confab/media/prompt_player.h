// PromptPlayer: plays a Prompt frame by frame into a leg's (or the mix's)
// linear input. A cursor and a pointer: no allocation, no copies beyond the
// frame itself.
//
// Thread contract: owned by the media thread. The Prompt must outlive the
// playback (prompts live in a cache owned by the control side).
#pragma once

#include "confab/media/media_format.h"
#include "confab/media/prompt.h"

namespace confab::media {

class PromptPlayer {
  public:
    void start(const Prompt& prompt) {
        prompt_ = &prompt;
        position_ = 0;
    }
    void stop() { prompt_ = nullptr; }
    bool playing() const { return prompt_ != nullptr; }

    // Writes the next 20 ms (zero-padded at the end). Returns false, writing
    // silence, when nothing is playing; the frame holding the last samples
    // returns true and the next call false.
    bool nextFrame(FrameSpan out);

  private:
    const Prompt* prompt_ = nullptr;
    std::size_t position_ = 0;
};

}  // namespace confab::media
