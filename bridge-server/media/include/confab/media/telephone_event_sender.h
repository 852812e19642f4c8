// TelephoneEventSender: the RFC 4733 packet sequence for one key press, one
// packet per 20 ms tick: the first with the marker bit, then repeats with a
// growing duration, then the end packet three times. All carry the event's
// start timestamp. The caller builds the RTP header (its own sequence
// numbers, the negotiated telephone-event payload type) around each payload,
// holds its audio while busy(), and afterwards advances its RTP timestamp by
// the event's duration.
//
// Thread contract: one per leg, owned by the media thread. No allocation.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>

#include "confab/media/telephone_event.h"

namespace confab::media {

struct TelephoneEventPacket {
    std::size_t length = 0;  // payload bytes written
    bool marker = false;
    uint32_t timestamp = 0;
    bool end = false;
};

class TelephoneEventSender {
  public:
    // False for a non-DTMF character or while a previous event is running.
    bool start(char digit, std::chrono::milliseconds duration, uint32_t start_timestamp,
               uint8_t volume = 10);
    // The next packet's payload into `out` (>= 4 bytes); nullopt when idle.
    std::optional<TelephoneEventPacket> next(std::span<uint8_t> out);

    bool busy() const { return busy_; }
    // Total duration in timestamp units of the current/last event.
    uint16_t totalDuration() const { return total_; }

  private:
    bool busy_ = false;
    uint8_t event_ = 0;
    uint8_t volume_ = 0;
    uint32_t timestamp_ = 0;
    uint16_t total_ = 0;
    uint16_t sent_ = 0;
    int ends_left_ = 0;
    bool first_ = false;
};

}  // namespace confab::media
