#include "confab/media/telephone_event_sender.h"

#include <algorithm>

#include "confab/media/media_format.h"

namespace confab::media {

bool TelephoneEventSender::start(char digit, std::chrono::milliseconds duration,
                                 uint32_t start_timestamp, uint8_t volume) {
    const auto event = dtmfEvent(digit);
    if (busy_ || !event) return false;
    busy_ = true;
    event_ = *event;
    volume_ = std::min<uint8_t>(volume, 63);
    timestamp_ = start_timestamp;
    const int64_t samples = std::clamp<int64_t>(toSamples(duration), kFrameSamples, 0xFFFF);
    total_ = static_cast<uint16_t>(samples);
    sent_ = 0;
    ends_left_ = 3;
    first_ = true;
    return true;
}

std::optional<TelephoneEventPacket> TelephoneEventSender::next(std::span<uint8_t> out) {
    if (!busy_ || out.size() < kTelephoneEventSize) return std::nullopt;
    TelephoneEventPacket packet;
    packet.timestamp = timestamp_;
    packet.marker = first_;
    first_ = false;
    sent_ = static_cast<uint16_t>(std::min<uint32_t>(uint32_t{sent_} + kFrameSamples, total_));
    packet.end = sent_ >= total_;
    if (packet.end && --ends_left_ == 0) busy_ = false;
    packet.length = buildTelephoneEvent(TelephoneEvent{event_, packet.end, volume_, sent_}, out);
    return packet;
}

}  // namespace confab::media
