// MediaMix: one conference on the media thread: its Mixer, the legs in it,
// a prompt played into the whole mix, and the mix tap.
//
// The Mixer gets one extra slot, reserved at construction, through which a
// mix prompt enters as a contributor: talkers hear it like another talker,
// listeners in the shared mix, and nothing in Mixer had to change.
// The tap receives what a listener hears before limiting: every
// contributing, unmuted leg plus the prompt, summed in int32 and clamped.
//
// Thread contract: constructed on the control thread (createMix; the Mixer
// and the member list are allocated there), used only by the media thread,
// destroyed back on the control thread. Member pointers refer to legs the
// media thread owns; a leg leaves its mix before it is closed.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "confab/media/audio_tap.h"
#include "confab/media/mixer.h"
#include "confab/media/prompt.h"
#include "confab/media/prompt_player.h"
#include "confab/media/remote_media.h"
#include "media_context.h"

namespace confab::media {

class MediaLeg;

class MediaMix {
  public:
    MediaMix(MixId id, uint32_t slot, std::size_t capacity, uint8_t phase);  // control thread
    ~MediaMix();
    MediaMix(const MediaMix&) = delete;
    MediaMix& operator=(const MediaMix&) = delete;

    // --- media thread from here on ---
    MixId id() const { return id_; }
    uint32_t slot() const { return slot_; }
    Mixer& mixer() { return mixer_; }
    const std::vector<MediaLeg*>& members() const { return members_; }
    uint8_t phase() const { return phase_; }
    uint32_t liveIndex() const { return live_index_; }
    void setLiveIndex(uint32_t index) { live_index_ = index; }

    // Takes a mixer slot for `leg` and lists it; kNoLeg when full.
    LegId addMember(MediaLeg& leg, Codec codec);
    void removeMember(MediaLeg& leg);

    // One tick, around the legs' receiveTick()/sendTick():
    //   beginTick(); [per leg: receive, submit, addToTap]; submitPrompt();
    //   mixer().mixFrame(); endTick(); [per leg: send]
    void beginTick();
    void addToTap(ConstFrameSpan frame);
    void submitPrompt(MediaContext& ctx);
    void endTick(MediaContext& ctx);

    void playPrompt(std::shared_ptr<const Prompt> prompt, MediaContext& ctx);
    void setTap(std::shared_ptr<AudioTap> tap, MediaContext& ctx);

  private:
    const MixId id_;
    const uint32_t slot_;
    const uint8_t phase_;
    Mixer mixer_;
    LegId prompt_slot_;
    std::vector<MediaLeg*> members_;  // reserved to capacity
    uint32_t live_index_ = 0;
    std::shared_ptr<const Prompt> prompt_;
    PromptPlayer player_;
    std::shared_ptr<AudioTap> tap_;
    std::array<int32_t, kFrameSamples> tap_sum_{};
    bool tap_has_audio_ = false;
};

}  // namespace confab::media
