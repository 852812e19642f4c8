// TelephoneEventReceiver: turns a leg's stream of RFC 4733 packets into one
// Began and one Ended per key press. The sender repeats each event every
// packet interval with a growing duration and sends the end packet three
// times; all packets of one event share its RTP timestamp. So: a new
// timestamp is a new event (closing the previous one if its end packets were
// lost), repeated end packets and stale timestamps are ignored.
//
// Thread contract: one per leg, owned by the media thread. No allocation.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "confab/media/telephone_event.h"

namespace confab::media {

struct DigitEvent {
    enum class Phase : uint8_t { Began, Ended };
    char digit = '\0';
    Phase phase = Phase::Began;
    uint16_t duration = 0;  // timestamp units; meaningful for Ended
};

struct TelephoneEventCounters {
    uint64_t packets = 0;
    uint64_t malformed = 0;
    uint64_t not_dtmf = 0;
    uint64_t duplicate_ends = 0;
    uint64_t stale = 0;
    uint64_t ends_lost = 0;  // an event closed by the next one's start
};

class TelephoneEventReceiver {
  public:
    // The digit events this packet produced (0 to 3); the span is valid until
    // the next call.
    std::span<const DigitEvent> onPacket(uint32_t rtp_timestamp, std::span<const uint8_t> payload);
    // Closes an event whose end never came (the caller's timeout, or the leg
    // is leaving). Empty when nothing is open.
    std::span<const DigitEvent> finish();

    bool eventOpen() const { return have_event_ && !ended_; }
    const TelephoneEventCounters& counters() const { return counters_; }

  private:
    void emit(char digit, DigitEvent::Phase phase, uint16_t duration);

    std::array<DigitEvent, 3> out_{};
    std::size_t out_count_ = 0;
    bool have_event_ = false;
    bool ended_ = false;
    uint32_t timestamp_ = 0;
    uint8_t event_ = 0;
    uint16_t duration_ = 0;
    TelephoneEventCounters counters_;
};

}  // namespace confab::media
