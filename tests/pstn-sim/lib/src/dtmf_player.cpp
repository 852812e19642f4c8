#include "confab/pstnsim/dtmf_player.h"

namespace confab::pstnsim {

DtmfPlayer::DtmfPlayer(const std::vector<DtmfSpec>& plan) : plan_(plan) {
    for (const auto& spec : plan_) {
        media::DtmfGeneratorConfig config;
        config.on_time = spec.duration;
        config.off_time = spec.gap;
        generators_.push_back(std::make_unique<media::DtmfGenerator>(config));
    }
}

void DtmfPlayer::startDigit(DtmfStep& step, bool events_negotiated, std::uint32_t rtp_timestamp) {
    const DtmfSpec& spec = plan_[spec_index_];
    const char digit = spec.digits[digit_index_];
    step.started_digit = digit;
    step.started_mode = spec.mode;
    if (spec.mode == DtmfMode::Rfc4733 && events_negotiated) {
        sender_.start(digit, spec.duration, rtp_timestamp);
        phase_ = Phase::SendingEvent;
        return;
    }
    if (spec.mode == DtmfMode::Rfc4733) {
        step.fell_back_to_in_band = true;
        step.started_mode = DtmfMode::InBand;
    }
    const char digits[2] = {digit, '\0'};
    generators_[spec_index_]->queue(digits);
    phase_ = Phase::SendingInBand;
}

DtmfStep DtmfPlayer::step(Milliseconds since_answer, bool events_negotiated, std::uint32_t rtp_timestamp,
                          media::FrameSpan audio, std::span<std::uint8_t> event_payload) {
    DtmfStep step;
    if (phase_ == Phase::Gap && since_answer >= gap_until_) {
        if (++digit_index_ < plan_[spec_index_].digits.size()) {
            startDigit(step, events_negotiated, rtp_timestamp);
        } else {
            ++spec_index_;
            digit_index_ = 0;
            phase_ = Phase::WaitingForSpec;
        }
    }
    if (phase_ == Phase::WaitingForSpec) {
        if (finished() || since_answer < plan_[spec_index_].at) return step;
        startDigit(step, events_negotiated, rtp_timestamp);
    }
    if (phase_ == Phase::SendingEvent) {
        if (const auto packet = sender_.next(event_payload)) {
            step.output = DtmfStep::Output::TelephoneEvent;
            step.event = *packet;
        }
        if (!sender_.busy()) {
            phase_ = Phase::Gap;
            gap_until_ = since_answer + plan_[spec_index_].gap;
        }
    } else if (phase_ == Phase::SendingInBand) {
        auto& generator = *generators_[spec_index_];
        generator.generate(audio);
        step.output = DtmfStep::Output::InBandAudio;
        if (!generator.busy()) {
            // The generator's off_time already was the gap.
            phase_ = Phase::Gap;
            gap_until_ = since_answer;
        }
    }
    return step;
}

}  // namespace confab::pstnsim
