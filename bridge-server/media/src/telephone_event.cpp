#include "confab/media/telephone_event.h"

#include "byte_order.h"

namespace confab::media {
namespace {
constexpr char kDigits[] = "0123456789*#ABCD";
}

TelephoneEventError parseTelephoneEvent(std::span<const uint8_t> payload, TelephoneEvent& out) {
    if (payload.size() < kTelephoneEventSize) return TelephoneEventError::TooShort;
    out.event = payload[0];
    out.end = (payload[1] & 0x80) != 0;
    out.volume = payload[1] & 0x3F;
    out.duration = detail::load16(payload.data() + 2);
    return out.event <= 15 ? TelephoneEventError::None : TelephoneEventError::NotDtmf;
}

std::size_t buildTelephoneEvent(const TelephoneEvent& event, std::span<uint8_t> out) {
    if (out.size() < kTelephoneEventSize) return 0;
    out[0] = event.event;
    out[1] = static_cast<uint8_t>((event.end ? 0x80 : 0x00) | (event.volume & 0x3F));
    detail::store16(out.data() + 2, event.duration);
    return kTelephoneEventSize;
}

char dtmfDigit(uint8_t event) {
    return event <= 15 ? kDigits[event] : '\0';
}

std::optional<uint8_t> dtmfEvent(char digit) {
    if (digit >= 'a' && digit <= 'd') digit = static_cast<char>(digit - 'a' + 'A');
    for (uint8_t i = 0; i < 16; ++i) {
        if (kDigits[i] == digit) return i;
    }
    return std::nullopt;
}

}  // namespace confab::media
