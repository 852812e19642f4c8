// RetiredObject: something the media thread is done with, travelling back to
// the control thread to be destroyed there (closed legs with their sockets
// and buffers, destroyed mixes, finished or replaced prompts, detached
// taps), so the media thread never frees memory or closes sockets. The slot
// fields tell the control thread which engine slot may be reused.
// Moved through an SpscQueue; special members are out of line because
// MediaLeg and MediaMix are incomplete here.
#pragma once

#include <cstdint>
#include <memory>

#include "confab/media/audio_tap.h"
#include "confab/media/prompt.h"

namespace confab::media {

class MediaLeg;
class MediaMix;

inline constexpr uint32_t kNoSlot = UINT32_MAX;

struct RetiredObject {
    RetiredObject();
    ~RetiredObject();
    RetiredObject(RetiredObject&& other) noexcept;
    RetiredObject& operator=(RetiredObject&& other) noexcept;

    uint32_t leg_slot = kNoSlot;  // free this leg slot once `leg` is destroyed
    uint32_t mix_slot = kNoSlot;  // free this mix slot once `mix` is destroyed
    std::unique_ptr<MediaLeg> leg;
    std::unique_ptr<MediaMix> mix;
    std::shared_ptr<const Prompt> prompt;
    std::shared_ptr<AudioTap> tap;
};

}  // namespace confab::media
