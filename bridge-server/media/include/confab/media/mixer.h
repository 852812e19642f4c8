// Mixer: the conference mix, one 20 ms frame per tick, for up to `capacity`
// legs fixed at construction (thousands are fine: ~0.7 KB per leg).
//
// Per tick the caller writes each leg's decoded frame into inputFrame(leg) and
// calls submit(leg, contributing), then mixFrame(), then reads output(leg).
// The algorithm (Asterisk bridge_softmix's, with a wide accumulator):
//   1. sum every contributing (talking, unmuted, with audio) leg once into an
//      int32 accumulator;
//   2. each contributor hears limit(sum - own) through its own SoftLimiter,
//      encoded into its own payload buffer;
//   3. every other leg hears the same limit(sum), encoded ONCE per codec into
//      a shared buffer whose span all of them receive;
//   4. deaf legs, and a lone talker, get a shared pre-encoded silence payload
//      with silence = true (the sender may skip or send comfort noise).
// Cost is O(talkers * 160 + codecs * 160 + legs). Muted legs never enter the
// sum but still hear it; mute and deaf are sticky, submit() is per tick.
//
// Leg ids passed in must come from addLeg() and not be removed (asserted).
// Thread contract: owned by the media thread; every member is called on it,
// including addLeg/removeLeg (the control thread posts those). Spans returned
// by output() stay valid until the next mixFrame() or removeLeg(). No
// allocation after construction, no exceptions.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "confab/media/codec.h"
#include "confab/media/media_format.h"
#include "confab/media/soft_limiter.h"

namespace confab::media {

using LegId = uint32_t;
inline constexpr LegId kNoLeg = UINT32_MAX;

struct MixOutput {
    std::span<const uint8_t> payload;  // kFrameSamples bytes in the leg's codec
    bool silence = true;               // nothing audible: no one else is talking, or deaf
    bool shared = false;               // payload is the per-codec buffer shared by listeners
};

class Mixer {
  public:
    explicit Mixer(std::size_t capacity);

    // kNoLeg when all `capacity` slots are taken.
    LegId addLeg(Codec codec);
    void removeLeg(LegId leg);
    void setCodec(LegId leg, Codec codec);
    void setMuted(LegId leg, bool muted);
    void setDeaf(LegId leg, bool deaf);

    // Where this tick's decoded audio for `leg` goes.
    FrameSpan inputFrame(LegId leg);
    // The frame in inputFrame(leg) is this tick's audio; `contributing` is
    // the talk detector's verdict. Legs not submitted have no audio this tick.
    void submit(LegId leg, bool contributing);

    void mixFrame();
    MixOutput output(LegId leg) const { return legs_[leg].output; }
    bool isActive(LegId leg) const;

    std::size_t capacity() const { return legs_.size(); }
    std::size_t legCount() const { return active_.size(); }
    std::size_t contributorCount() const { return contributors_.size(); }
    // How many shared (per-codec) encodes the last mixFrame() did.
    std::size_t sharedEncodeCount() const { return shared_encodes_; }
    // Gain of the shared mix's limiter (1 = untouched).
    float sharedGain() const { return shared_limiter_.gain(); }

  private:
    struct Leg {
        bool active = false;
        bool muted = false;
        bool deaf = false;
        bool has_audio = false;
        bool contributing = false;
        bool was_contributor = false;
        Codec codec = Codec::Pcmu;
        uint32_t active_index = 0;
        SoftLimiter limiter;
        MixOutput output;
    };

    int16_t* inputOf(LegId leg) { return inputs_.data() + std::size_t{leg} * kFrameSamples; }
    uint8_t* payloadOf(LegId leg) { return payloads_.data() + std::size_t{leg} * kFrameSamples; }
    std::span<const uint8_t> sharedPayload(Codec codec);
    std::span<const uint8_t> silencePayload(Codec codec) const;

    std::vector<Leg> legs_;
    std::vector<int16_t> inputs_;    // capacity * 160
    std::vector<uint8_t> payloads_;  // capacity * 160, a contributor's own encode
    std::vector<LegId> active_;      // dense list of active legs
    std::vector<LegId> free_;        // stack of free leg ids
    std::vector<LegId> contributors_;
    std::array<int32_t, kFrameSamples> accumulator_{};
    SoftLimiter shared_limiter_;
    Frame shared_pcm_{};
    Frame scratch_pcm_{};
    std::array<std::array<uint8_t, kFrameSamples>, kCodecCount> shared_payload_{};
    std::array<bool, kCodecCount> shared_ready_{};
    std::array<std::array<uint8_t, kFrameSamples>, kCodecCount> silence_payload_{};
    std::size_t shared_encodes_ = 0;
};

}  // namespace confab::media
