// DtmfPlayer: sends a number's scripted key presses, one digit at a time, as
// RFC 4733 events or as in-band tones, at the times the phonebook gives
// (relative to answer). An RFC 4733 digit on a call that did not negotiate
// telephone-event falls back to in-band, and says so.
//
// Thread contract: one per call, owned by the media thread. The spandsp
// generators are allocated in the constructor (SIP thread); step() does not
// allocate.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "confab/media/dtmf_generator.h"
#include "confab/media/telephone_event_sender.h"
#include "confab/pstnsim/phonebook.h"

namespace confab::pstnsim {

struct DtmfStep {
    enum class Output { None, InBandAudio, TelephoneEvent };
    Output output = Output::None;
    media::TelephoneEventPacket event;  // for TelephoneEvent: header fields; payload in the caller's span
    char started_digit = 0;             // non-zero on the tick a digit starts
    DtmfMode started_mode = DtmfMode::Rfc4733;
    bool fell_back_to_in_band = false;
};

class DtmfPlayer {
  public:
    explicit DtmfPlayer(const std::vector<DtmfSpec>& plan);

    // One 20 ms tick. InBandAudio: `audio` now holds the tone frame to send
    // instead of the source. TelephoneEvent: `event_payload` holds the 4-byte
    // event to send instead of audio.
    DtmfStep step(Milliseconds since_answer, bool events_negotiated, std::uint32_t rtp_timestamp,
                  media::FrameSpan audio, std::span<std::uint8_t> event_payload);

    bool finished() const { return spec_index_ >= plan_.size(); }

  private:
    enum class Phase { WaitingForSpec, SendingEvent, SendingInBand, Gap };
    void startDigit(DtmfStep& step, bool events_negotiated, std::uint32_t rtp_timestamp);

    const std::vector<DtmfSpec>& plan_;
    std::vector<std::unique_ptr<media::DtmfGenerator>> generators_;  // one per spec
    media::TelephoneEventSender sender_;
    std::size_t spec_index_ = 0;
    std::size_t digit_index_ = 0;
    Phase phase_ = Phase::WaitingForSpec;
    Milliseconds gap_until_{0};
};

}  // namespace confab::pstnsim
