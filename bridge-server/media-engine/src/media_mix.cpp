#include "media_mix.h"

#include <algorithm>
#include <cassert>

#include "media_leg.h"

namespace confab::media {

MediaMix::MediaMix(MixId id, uint32_t slot, std::size_t capacity, uint8_t phase)
    : id_(id),
      slot_(slot),
      phase_(phase),
      mixer_(capacity + 1),
      prompt_slot_(mixer_.addLeg(Codec::Pcmu)) {
    members_.reserve(capacity);
}

MediaMix::~MediaMix() = default;

LegId MediaMix::addMember(MediaLeg& leg, Codec codec) {
    if (members_.size() == members_.capacity()) return kNoLeg;  // never grow on this thread
    const LegId mixer_slot = mixer_.addLeg(codec);
    if (mixer_slot == kNoLeg) return kNoLeg;
    leg.setMemberIndex(static_cast<uint32_t>(members_.size()));
    members_.push_back(&leg);
    return mixer_slot;
}

void MediaMix::removeMember(MediaLeg& leg) {
    const uint32_t index = leg.memberIndex();
    assert(index < members_.size() && members_[index] == &leg);
    mixer_.removeLeg(leg.mixerSlot());
    MediaLeg* last = members_.back();
    members_[index] = last;
    last->setMemberIndex(index);
    members_.pop_back();
}

void MediaMix::beginTick() {
    if (!tap_) return;
    tap_sum_.fill(0);
    tap_has_audio_ = false;
}

void MediaMix::addToTap(ConstFrameSpan frame) {
    if (!tap_) return;
    for (std::size_t n = 0; n < kFrameSamples; ++n) tap_sum_[n] += frame[n];
    tap_has_audio_ = true;
}

void MediaMix::submitPrompt(MediaContext& ctx) {
    if (!prompt_) return;
    const FrameSpan input = mixer_.inputFrame(prompt_slot_);
    if (player_.nextFrame(input)) {
        mixer_.submit(prompt_slot_, true);
        addToTap(input);
        return;
    }
    ctx.emit(MediaEventKind::PromptFinished, kNoLeg, id_);
    ctx.retire(std::move(prompt_));
    prompt_.reset();
}

void MediaMix::endTick(MediaContext& ctx) {
    if (!tap_) return;
    Frame frame;
    for (std::size_t n = 0; n < kFrameSamples; ++n) {
        frame[n] = static_cast<int16_t>(std::clamp(tap_sum_[n], -32767, 32767));
    }
    tap_->write(TapFrame::Source::Mix, id_, ctx.tick, ctx.now, !tap_has_audio_, frame);
}

void MediaMix::playPrompt(std::shared_ptr<const Prompt> prompt, MediaContext& ctx) {
    if (prompt_) ctx.retire(std::move(prompt_));
    prompt_ = std::move(prompt);
    if (prompt_) {
        player_.start(*prompt_);
    } else {
        player_.stop();
    }
}

void MediaMix::setTap(std::shared_ptr<AudioTap> tap, MediaContext& ctx) {
    if (tap_) ctx.retire(std::move(tap_));
    tap_ = std::move(tap);
}

}  // namespace confab::media
