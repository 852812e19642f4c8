#include "confab/media/telephone_event_receiver.h"

namespace confab::media {

void TelephoneEventReceiver::emit(char digit, DigitEvent::Phase phase, uint16_t duration) {
    if (out_count_ < out_.size()) out_[out_count_++] = DigitEvent{digit, phase, duration};
}

std::span<const DigitEvent> TelephoneEventReceiver::onPacket(uint32_t rtp_timestamp,
                                                             std::span<const uint8_t> payload) {
    out_count_ = 0;
    ++counters_.packets;
    TelephoneEvent ev;
    switch (parseTelephoneEvent(payload, ev)) {
        case TelephoneEventError::None:
            break;
        case TelephoneEventError::TooShort:
            ++counters_.malformed;
            return {};
        case TelephoneEventError::NotDtmf:
            ++counters_.not_dtmf;
            return {};
    }

    if (have_event_ && rtp_timestamp == timestamp_) {
        if (ended_) {
            ++counters_.duplicate_ends;
        } else if (ev.end) {
            ended_ = true;
            duration_ = ev.duration;
            emit(dtmfDigit(event_), DigitEvent::Phase::Ended, ev.duration);
        } else {
            duration_ = ev.duration;
        }
        return {out_.data(), out_count_};
    }
    if (have_event_ && static_cast<int32_t>(rtp_timestamp - timestamp_) < 0) {
        ++counters_.stale;  // a late repeat of an older event
        return {};
    }
    if (have_event_ && !ended_) {
        ++counters_.ends_lost;
        emit(dtmfDigit(event_), DigitEvent::Phase::Ended, duration_);
    }
    have_event_ = true;
    timestamp_ = rtp_timestamp;
    event_ = ev.event;
    duration_ = ev.duration;
    ended_ = ev.end;
    emit(dtmfDigit(ev.event), DigitEvent::Phase::Began, 0);
    if (ev.end) emit(dtmfDigit(ev.event), DigitEvent::Phase::Ended, ev.duration);
    return {out_.data(), out_count_};
}

std::span<const DigitEvent> TelephoneEventReceiver::finish() {
    out_count_ = 0;
    if (have_event_ && !ended_) {
        ended_ = true;
        emit(dtmfDigit(event_), DigitEvent::Phase::Ended, duration_);
    }
    return {out_.data(), out_count_};
}

}  // namespace confab::media
