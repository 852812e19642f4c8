// RFC 4733 telephone-event payloads (DTMF over RTP): the 4-byte event format,
// parse and build, and the DTMF event code <-> digit mapping. Pure functions;
// any thread. Redundant multi-event payloads (RFC 2198) are not interpreted:
// the first event is read and the rest ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace confab::media {

inline constexpr std::size_t kTelephoneEventSize = 4;

struct TelephoneEvent {
    uint8_t event = 0;  // 0-9, 10 '*', 11 '#', 12-15 'A'-'D'
    bool end = false;
    uint8_t volume = 0;     // 0..63, -dBm0
    uint16_t duration = 0;  // timestamp units since the event's timestamp
};

enum class TelephoneEventError : uint8_t { None, TooShort, NotDtmf };

// NotDtmf: well-formed but an event code above 15 (flash, tones), which the
// bridge ignores.
TelephoneEventError parseTelephoneEvent(std::span<const uint8_t> payload, TelephoneEvent& out);
// Returns 4, or 0 when `out` is too small.
std::size_t buildTelephoneEvent(const TelephoneEvent& event, std::span<uint8_t> out);

// '0'-'9', '*', '#', 'A'-'D' for events 0-15; '\0' otherwise.
char dtmfDigit(uint8_t event);
std::optional<uint8_t> dtmfEvent(char digit);

}  // namespace confab::media
