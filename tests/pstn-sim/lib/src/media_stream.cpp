#include "confab/pstnsim/media_stream.h"

#include <algorithm>

#include "confab/media/g711_codec.h"
#include "confab/media/rtcp_packet.h"
#include "confab/media/telephone_event.h"

namespace confab::pstnsim {

namespace {

constexpr std::uint32_t kRogueSsrcFlip = 0x5EED5EEDu;
constexpr std::size_t kMaxDatagramsPerWake = 32;
// A gap in what arrived longer than this is not filled with silence in the
// recording (a caller restarting its timestamps, or a hostile jump).
constexpr std::uint32_t kMaxRecordedGapSamples = 5 * media::kSampleRateHz;

}  // namespace

MediaStream::MediaStream(StreamSetup setup, EventLog& events)
    : setup_(std::move(setup)),
      events_(events),
      source_(setup_.behaviour->audio, setup_.clip),
      dtmf_(setup_.behaviour->dtmf),
      rogue_tone_(setup_.behaviour->rogue.tone_hz, -20.0),
      random_(setup_.behaviour->impairment.seed * 7919u + static_cast<std::uint32_t>(setup_.call.index)) {
    std::random_device entropy;
    ssrc_ = entropy();
    sequence_ = static_cast<std::uint16_t>(entropy());
    timestamp_ = entropy();
    rogue_sequence_ = static_cast<std::uint16_t>(entropy());
    rogue_timestamp_ = entropy();
}

Milliseconds MediaStream::sinceAnswer(Clock::time_point now) const {
    return std::chrono::duration_cast<Milliseconds>(now - setup_.answered_at);
}

std::optional<Clock::time_point> MediaStream::tick(Clock::time_point now) {
    if (finished_) return std::nullopt;
    const Milliseconds since_answer = sinceAnswer(now);
    const bool sending = setup_.send_audio && setup_.remote.we_send;

    media::Frame frame;
    const bool audible = source_.nextFrame(since_answer, frame);
    std::array<std::uint8_t, media::kTelephoneEventSize> event_payload{};
    const DtmfStep dtmf = sending ? dtmf_.step(since_answer, setup_.remote.telephone_event_pt.has_value(),
                                               timestamp_, frame, event_payload)
                                  : DtmfStep{};
    noteTalking(sending && audible, since_answer);
    noteDigitSent(dtmf);

    std::optional<Clock::time_point> delayed_due;
    if (sending) {
        std::array<std::uint8_t, media::kRtpHeaderSize + media::kFrameSamples> packet{};
        std::size_t length = 0;
        if (dtmf.output == DtmfStep::Output::TelephoneEvent) {
            media::RtpHeaderFields header{*setup_.remote.telephone_event_pt, dtmf.event.marker, sequence_++,
                                          dtmf.event.timestamp, ssrc_};
            length = media::buildRtp(header, std::span(event_payload).first(dtmf.event.length), packet);
        } else {
            std::array<std::uint8_t, media::kFrameSamples> encoded{};
            media::G711Codec::encode(setup_.remote.codec, frame, encoded);
            media::RtpHeaderFields header{setup_.remote.payload_type, first_packet_, sequence_++, timestamp_,
                                          ssrc_};
            length = media::buildRtp(header, encoded, packet);
            first_packet_ = false;
        }
        delayed_due = sendImpaired(now, std::span(packet).first(length));
        sendRogue(since_answer);
    }
    // The clock runs on while on hold, as a phone's would.
    timestamp_ += static_cast<std::uint32_t>(media::kFrameSamples);
    return delayed_due;
}

std::optional<Clock::time_point> MediaStream::sendImpaired(Clock::time_point now,
                                                           std::span<const std::uint8_t> packet) {
    const ImpairmentSpec& impairment = setup_.behaviour->impairment;
    if (impairment.loss_percent > 0.0) {
        std::uniform_real_distribution<double> percent(0.0, 100.0);
        if (percent(random_) < impairment.loss_percent) {
            ++stats_.packets_dropped_by_loss;
            return std::nullopt;
        }
    }
    if (impairment.jitter.count() > 0) {
        std::uniform_int_distribution<int> delay_ms(0, static_cast<int>(impairment.jitter.count()));
        const int delay = delay_ms(random_);
        auto slot = std::find_if(delayed_.begin(), delayed_.end(), [](const DelayedPacket& p) { return p.length == 0; });
        if (delay > 0 && slot != delayed_.end() && packet.size() <= slot->bytes.size()) {
            slot->due = now + Milliseconds(delay);
            slot->length = static_cast<std::uint16_t>(packet.size());
            std::copy(packet.begin(), packet.end(), slot->bytes.begin());
            ++stats_.packets_delayed;
            return slot->due;
        }
    }
    if (setup_.socket.sendTo(setup_.remote.address, packet)) {
        ++stats_.packets_sent;
    } else {
        ++stats_.send_failures;
    }
    return std::nullopt;
}

std::optional<Clock::time_point> MediaStream::sendDelayed(Clock::time_point now) {
    std::optional<Clock::time_point> next_due;
    for (auto& slot : delayed_) {
        if (slot.length == 0) continue;
        if (slot.due <= now) {
            if (!finished_ && setup_.socket.sendTo(setup_.remote.address, std::span(slot.bytes).first(slot.length))) {
                ++stats_.packets_sent;
            } else {
                ++stats_.send_failures;
            }
            slot.length = 0;
        } else if (!next_due || slot.due < *next_due) {
            next_due = slot.due;
        }
    }
    return next_due;
}

void MediaStream::sendRogue(Milliseconds since_answer) {
    const RogueRtpSpec& rogue = setup_.behaviour->rogue;
    if (!rogue.enabled() || since_answer < rogue.start) return;
    media::Frame frame;
    rogue_tone_.fill(frame);
    std::array<std::uint8_t, media::kFrameSamples> encoded{};
    media::G711Codec::encode(setup_.remote.codec, frame, encoded);
    const std::uint32_t ssrc = rogue.second_ssrc ? ssrc_ ^ kRogueSsrcFlip : ssrc_;
    media::RtpHeaderFields header{setup_.remote.payload_type, false, rogue_sequence_++, rogue_timestamp_, ssrc};
    rogue_timestamp_ += static_cast<std::uint32_t>(media::kFrameSamples);
    std::array<std::uint8_t, media::kRtpHeaderSize + media::kFrameSamples> packet{};
    const std::size_t length = media::buildRtp(header, encoded, packet);
    const UdpSocket& from = rogue.from_foreign_port ? setup_.rogue_socket : setup_.socket;
    if (from.valid() && from.sendTo(setup_.remote.address, std::span(packet).first(length))) {
        ++stats_.rogue_packets_sent;
    }
}

void MediaStream::noteTalking(bool talking, Milliseconds since_answer) {
    if (talking == talking_) return;
    talking_ = talking;
    events_.callEvent(setup_.call, talking ? "speech_start" : "speech_stop",
                      {{"offset_ms", since_answer.count()},
                       {"source", toString(setup_.behaviour->audio.kind)}});
}

void MediaStream::noteDigitSent(const DtmfStep& step) {
    if (step.started_digit == 0) return;
    nlohmann::json fields = {{"digit", std::string(1, step.started_digit)},
                             {"mode", toString(step.started_mode)}};
    if (step.fell_back_to_in_band) fields["fallback"] = "no telephone-event negotiated";
    events_.callEvent(setup_.call, "digit_sent", std::move(fields));
}

void MediaStream::receive(SocketRole role, ReceiveBatch& batch) {
    const UdpSocket& socket = role == SocketRole::Main ? setup_.socket : setup_.rogue_socket;
    for (std::size_t read = 0; read < kMaxDatagramsPerWake;) {
        const std::size_t got = socket.receiveBatch(batch);
        for (std::size_t i = 0; i < got; ++i) {
            // The rogue socket only sends; anything arriving there is just drained.
            if (role == SocketRole::Main && !finished_ && batch.lengths[i] > 0) {
                handlePacket(std::span(batch.buffers[i]).first(batch.lengths[i]), batch.from[i]);
            }
        }
        // Fewer than a full batch: the socket is empty (level-triggered
        // epoll reports it again if more arrived meanwhile).
        if (got < ReceiveBatch::kSize) return;
        read += got;
    }
}

void MediaStream::handlePacket(std::span<const std::uint8_t> datagram, const media::NetAddress& from) {
    if (!(from == setup_.remote.address)) ++stats_.unexpected_source_received;
    if (media::looksLikeRtcp(datagram)) {
        ++stats_.rtcp_received;
        return;
    }
    media::RtpPacketView packet;
    if (media::parseRtp(datagram, packet) != media::RtpParseError::None) {
        ++stats_.invalid_received;
        return;
    }
    ++stats_.packets_received;
    if (setup_.remote.telephone_event_pt && packet.payload_type == *setup_.remote.telephone_event_pt) {
        ++stats_.telephone_events_received;
        media::TelephoneEvent event;
        if (media::parseTelephoneEvent(packet.payload, event) == media::TelephoneEventError::None && event.end &&
            last_received_event_timestamp_ != packet.timestamp) {
            last_received_event_timestamp_ = packet.timestamp;
            events_.callEvent(setup_.call, "digit_received",
                              {{"digit", std::string(1, media::dtmfDigit(event.event))},
                               {"duration_ms", event.duration / media::kSamplesPerMs}});
        }
        return;
    }
    const auto codec = media::codecForPayloadType(packet.payload_type);
    if (!codec) {
        ++stats_.unknown_payload_received;
        return;
    }
    record(packet, *codec);
}

void MediaStream::record(const media::RtpPacketView& packet, media::Codec codec) {
    if (!setup_.recorder) return;
    if (recorded_ssrc_ == packet.ssrc) {
        const auto ahead = static_cast<std::int32_t>(packet.timestamp - expected_timestamp_);
        if (ahead < 0) {
            ++stats_.late_received;
            return;
        }
        if (ahead > 0 && static_cast<std::uint32_t>(ahead) <= kMaxRecordedGapSamples) {
            setup_.recorder->appendSilence(static_cast<std::size_t>(ahead));
        }
    }
    recorded_ssrc_ = packet.ssrc;
    auto payload = packet.payload.first(std::min(packet.payload.size(), decoded_.size()));
    media::G711Codec::decode(codec, payload, decoded_);
    setup_.recorder->append(std::span(decoded_).first(payload.size()));
    expected_timestamp_ = packet.timestamp + static_cast<std::uint32_t>(payload.size());
}

void MediaStream::update(const RemoteMedia& remote) {
    const bool codec_changed = remote.codec != setup_.remote.codec;
    setup_.remote = remote;
    if (codec_changed) first_packet_ = true;
}

void MediaStream::finish(const std::string& reason) {
    if (finished_) return;
    const Milliseconds since_answer = sinceAnswer(Clock::now());
    noteTalking(false, since_answer);
    finished_ = true;
    nlohmann::json fields = {
        {"reason", reason},
        {"duration_ms", since_answer.count()},
        {"packets_sent", stats_.packets_sent},
        {"packets_received", stats_.packets_received},
        {"packets_dropped_by_loss", stats_.packets_dropped_by_loss},
        {"packets_delayed", stats_.packets_delayed},
        {"send_failures", stats_.send_failures},
        {"rogue_packets_sent", stats_.rogue_packets_sent},
        {"rtcp_received", stats_.rtcp_received},
        {"invalid_received", stats_.invalid_received},
        {"unexpected_source_received", stats_.unexpected_source_received},
        {"unknown_payload_received", stats_.unknown_payload_received},
        {"telephone_events_received", stats_.telephone_events_received},
    };
    if (setup_.recorder) {
        setup_.recorder->close();
        fields["recording"] = setup_.recorder->file().string();
        fields["recorded_ms"] = setup_.recorder->samplesWritten() / media::kSamplesPerMs;
    }
    events_.callEvent(setup_.call, "rtp_stats", std::move(fields));
}

}  // namespace confab::pstnsim
