#include "confab/media/mixer.h"

#include <algorithm>
#include <cassert>

#include "confab/media/g711_codec.h"

namespace confab::media {

Mixer::Mixer(std::size_t capacity)
    : legs_(capacity), inputs_(capacity * kFrameSamples), payloads_(capacity * kFrameSamples) {
    assert(capacity < kNoLeg);
    active_.reserve(capacity);
    contributors_.reserve(capacity);
    free_.reserve(capacity);
    for (std::size_t i = capacity; i > 0; --i) free_.push_back(static_cast<LegId>(i - 1));
    for (std::size_t c = 0; c < kCodecCount; ++c) {
        silence_payload_[c].fill(G711Codec::silenceByte(static_cast<Codec>(c)));
    }
}

LegId Mixer::addLeg(Codec codec) {
    if (free_.empty()) return kNoLeg;
    const LegId id = free_.back();
    free_.pop_back();
    Leg& leg = legs_[id];
    leg = Leg{};
    leg.active = true;
    leg.codec = codec;
    leg.active_index = static_cast<uint32_t>(active_.size());
    leg.output = MixOutput{silencePayload(codec), true, true};
    active_.push_back(id);
    return id;
}

void Mixer::removeLeg(LegId id) {
    if (id >= legs_.size() || !legs_[id].active) return;
    Leg& leg = legs_[id];
    // Swap-remove from the dense list.
    const LegId last = active_.back();
    active_[leg.active_index] = last;
    legs_[last].active_index = leg.active_index;
    active_.pop_back();
    leg.active = false;
    leg.output = MixOutput{};
    free_.push_back(id);
}

bool Mixer::isActive(LegId leg) const {
    return leg < legs_.size() && legs_[leg].active;
}

void Mixer::setCodec(LegId leg, Codec codec) {
    assert(isActive(leg));
    legs_[leg].codec = codec;
}
void Mixer::setMuted(LegId leg, bool muted) {
    assert(isActive(leg));
    legs_[leg].muted = muted;
}
void Mixer::setDeaf(LegId leg, bool deaf) {
    assert(isActive(leg));
    legs_[leg].deaf = deaf;
}

FrameSpan Mixer::inputFrame(LegId leg) {
    assert(isActive(leg));
    return FrameSpan{inputOf(leg), kFrameSamples};
}

void Mixer::submit(LegId id, bool contributing) {
    assert(isActive(id));
    Leg& leg = legs_[id];
    leg.has_audio = true;
    leg.contributing = contributing;
}

std::span<const uint8_t> Mixer::silencePayload(Codec codec) const {
    return silence_payload_[codecIndex(codec)];
}

std::span<const uint8_t> Mixer::sharedPayload(Codec codec) {
    const std::size_t c = codecIndex(codec);
    if (!shared_ready_[c]) {
        G711Codec::encode(codec, shared_pcm_, shared_payload_[c]);
        shared_ready_[c] = true;
        ++shared_encodes_;
    }
    return shared_payload_[c];
}

void Mixer::mixFrame() {
    // 1. Sum the contributors once.
    contributors_.clear();
    accumulator_.fill(0);
    for (const LegId id : active_) {
        Leg& leg = legs_[id];
        if (!leg.has_audio || !leg.contributing || leg.muted) continue;
        contributors_.push_back(id);
        const int16_t* in = inputOf(id);
        for (std::size_t n = 0; n < kFrameSamples; ++n) accumulator_[n] += in[n];
    }

    shared_ready_.fill(false);
    shared_encodes_ = 0;
    const bool anyone_talking = !contributors_.empty();
    if (anyone_talking) shared_limiter_.process(accumulator_.data(), nullptr, shared_pcm_.data());

    // 2-4. Every leg's output.
    for (const LegId id : active_) {
        Leg& leg = legs_[id];
        const bool is_contributor = leg.has_audio && leg.contributing && !leg.muted;
        leg.has_audio = false;
        leg.contributing = false;
        if (leg.deaf || !anyone_talking || (is_contributor && contributors_.size() == 1)) {
            leg.output = MixOutput{silencePayload(leg.codec), true, true};
        } else if (is_contributor) {
            if (!leg.was_contributor) leg.limiter.reset(shared_limiter_.gain());
            leg.limiter.process(accumulator_.data(), inputOf(id), scratch_pcm_.data());
            uint8_t* payload = payloadOf(id);
            G711Codec::encode(leg.codec, scratch_pcm_, std::span<uint8_t>(payload, kFrameSamples));
            leg.output = MixOutput{std::span<const uint8_t>(payload, kFrameSamples), false, false};
        } else {
            leg.output = MixOutput{sharedPayload(leg.codec), false, true};
        }
        leg.was_contributor = is_contributor;
    }
}

}  // namespace confab::media
