#include "media_leg.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <ctime>

#include "confab/media/g711_codec.h"
#include "confab/media/rtcp_packet.h"
#include "confab/media/rtp_packet.h"
#include "confab/media/telephone_event.h"
#include "socket_address.h"

namespace confab::media {
namespace {

// Longest payload we decode (the jitter buffer rejects what exceeds its slots).
constexpr std::size_t kMaxDecodeSamples = 1024;
// In-band DTMF detection keeps running this many frames after the level
// drops, so the detector sees the gap between two equal digits.
constexpr int kInbandTailFrames = 3;
constexpr uint32_t kNtpUnixOffset = 2208988800u;

DropReason dropReasonOf(SourceVerdict verdict) {
    switch (verdict) {
        case SourceVerdict::WrongAddress:
            return DropReason::WrongAddress;
        case SourceVerdict::WrongPort:
            return DropReason::WrongPort;
        case SourceVerdict::WrongSsrc:
            return DropReason::WrongSsrc;
        case SourceVerdict::UnknownPayloadType:
            return DropReason::UnknownPayloadType;
        case SourceVerdict::Malformed:
        case SourceVerdict::Accepted:
            break;
    }
    return DropReason::Malformed;
}

NtpTimestamp ntpNow() {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    NtpTimestamp ntp;
    ntp.seconds = static_cast<uint32_t>(now.tv_sec) + kNtpUnixOffset;
    ntp.fraction =
        static_cast<uint32_t>((static_cast<uint64_t>(now.tv_nsec) << 32) / 1'000'000'000u);
    return ntp;
}

uint64_t splitmix(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace

MediaLeg::MediaLeg(LegId id, uint32_t slot, RtpSocketPair sockets, const MediaEngineConfig& config,
                   uint64_t seed)
    : id_(id),
      slot_(slot),
      sockets_(std::move(sockets)),
      config_(config),
      jitter_(config.jitter),
      talk_(config.talk),
      random_state_(seed) {
    ssrc_ = static_cast<uint32_t>(splitmix(random_state_));
    sequence_ = static_cast<uint16_t>(splitmix(random_state_));
    ts_base_ = static_cast<uint32_t>(splitmix(random_state_));
}

MediaLeg::~MediaLeg() = default;

uint64_t MediaLeg::nextRandom() {
    return splitmix(random_state_);
}

// ---------------------------------------------------------------- membership

void MediaLeg::join(MixId mix, uint32_t mix_slot, LegId mixer_slot, const RemoteMedia& remote,
                    MediaContext& ctx) {
    mix_id_ = mix;
    mix_slot_ = mix_slot;
    mixer_slot_ = mixer_slot;
    remote_ = remote;
    filter_.reset();
    stats_.reset();
    jitter_.reset();
    talk_.reset();
    configureRemote(remote, ctx);
    marker_next_ = true;
    last_receive_ = ctx.now;
    timed_out_ = false;
    // Spread periodic work over the ticks so 1000 legs do not report at once.
    const auto phase = std::chrono::milliseconds(kFrameMs * static_cast<int>(slot_ % 50));
    next_stats_ = ctx.now + config_.stats_interval + phase;
    next_rtcp_ = ctx.now + config_.rtcp_interval / 2 + phase;
}

bool MediaLeg::update(const RemoteMedia& remote, MediaContext& ctx) {
    const bool codec_changed = remote.codec != remote_.codec;
    const bool source_changed = !(remote.rtp == remote_.rtp) || codec_changed ||
                                remote.telephone_event_pt != remote_.telephone_event_pt;
    const bool was_sending = sending_;
    remote_ = remote;
    if (source_changed) {
        filter_.reset();
        stats_.reset();
    }
    configureRemote(remote, ctx);
    if (sending_ && !was_sending) marker_next_ = true;
    return codec_changed;
}

void MediaLeg::configureRemote(const RemoteMedia& remote, MediaContext& ctx) {
    if (!filter_) {
        SourceFilterConfig filter;
        filter.expected = remote.rtp;
        filter.payload_types.set(payloadType(remote.codec));
        filter.payload_types.set(kPayloadTypeComfortNoise);
        if (remote.telephone_event_pt && *remote.telephone_event_pt < 128) {
            filter.payload_types.set(*remote.telephone_event_pt);
        }
        filter.allow_learning = config_.symmetric_rtp_learning;
        filter.learning_packets = config_.learning_packets;
        filter.learning_window = config_.learning_window;
        filter_.emplace(filter, ctx.now);
    }
    const bool was_receiving = receiving_;
    receiving_ = peerSends(remote.direction);
    sending_ = peerReceives(remote.direction);
    if (!receiving_) jitter_.reset();
    if (receiving_ && !was_receiving) {
        last_receive_ = ctx.now;
        timed_out_ = false;
    }
    inband_detect_ = config_.inband_dtmf == InbandDtmfDetection::Always ||
                     (config_.inband_dtmf == InbandDtmfDetection::Auto &&
                      !remote.telephone_event_pt.has_value());
    refreshDestinations();
}

void MediaLeg::refreshDestinations() {
    rtp_to_ = filter_ ? filter_->remote() : remote_.rtp;
    rtp_to_length_ = toSockaddr(rtp_to_, sockets_.family(), rtp_to_address_);
    NetAddress rtcp_to = rtp_to_;
    const bool learned = filter_ && !(filter_->remote() == remote_.rtp);
    if (remote_.rtcp_mux) {
        // same address and port as RTP
    } else if (remote_.rtcp && !learned) {
        rtcp_to = *remote_.rtcp;
    } else {
        rtcp_to.port = static_cast<uint16_t>(rtp_to_.port + 1);
    }
    rtcp_to_length_ = toSockaddr(rtcp_to, sockets_.family(), rtcp_to_address_);
}

void MediaLeg::leave(MediaContext& ctx) {
    emitTalkEvent(talk_.forceStop(), ctx);
    telephone_rx_.finish();
    mix_id_ = kNoMix;
    mix_slot_ = kNoSlot;
    mixer_slot_ = kNoLeg;
    receiving_ = false;
    sending_ = false;
    jitter_.reset();
    talk_.reset();
}

void MediaLeg::close(MediaContext& ctx) {
    if (started()) {
        sendRtcp(true, ctx);
        leave(ctx);
    }
    emitStats(true, ctx);
}

// ------------------------------------------------------------------ receive

void MediaLeg::onDatagram(bool rtcp_socket, const NetAddress& from,
                          std::span<const uint8_t> datagram, MediaContext& ctx) {
    if (!started()) {
        ++dropped_idle_;
        ctx.metrics.drop(DropReason::LegIdle);
        return;
    }
    if (rtcp_socket || looksLikeRtcp(datagram)) {
        onRtcp(from, datagram, ctx);
    } else {
        onRtp(from, datagram, ctx);
    }
}

void MediaLeg::onRtp(const NetAddress& from, std::span<const uint8_t> datagram, MediaContext& ctx) {
    if (!receiving_) {
        ++dropped_idle_;
        ctx.metrics.drop(DropReason::LegIdle);
        return;
    }
    RtpPacketView packet;
    const SourceVerdict verdict = filter_->check(from, datagram, ctx.now, packet);
    if (verdict != SourceVerdict::Accepted) {
        ctx.metrics.drop(dropReasonOf(verdict));
        return;
    }
    if (!(filter_->remote() == rtp_to_)) refreshDestinations();  // learned a NATed source
    stats_.onPacket(packet.sequence, packet.timestamp, ctx.now);
    last_receive_ = ctx.now;
    if (timed_out_) {
        timed_out_ = false;
        ctx.emit(MediaEventKind::MediaResumed, id_, mix_id_);
    }

    if (remote_.telephone_event_pt && packet.payload_type == *remote_.telephone_event_pt) {
        for (const DigitEvent& digit : telephone_rx_.onPacket(packet.timestamp, packet.payload)) {
            if (digit.phase != DigitEvent::Phase::Began) continue;
            ctx.emit(MediaEventKind::Dtmf, id_, mix_id_, [&](MediaEvent& event) {
                event.digit = digit.digit;
                event.dtmf_source = DtmfSource::Rfc4733;
            });
        }
        return;
    }
    if (packet.payload_type != payloadType(remote_.codec)) return;  // comfort noise: play nothing

    std::array<int16_t, kMaxDecodeSamples> samples;
    const std::size_t count = std::min(packet.payload.size(), samples.size());
    G711Codec::decode(remote_.codec, packet.payload.first(count),
                      std::span<int16_t>(samples.data(), count));
    const JitterBufferCounters before = jitter_.counters();
    if (!jitter_.put(JitterPacket{packet.sequence, packet.timestamp, packet.ssrc},
                     std::span<const int16_t>(samples.data(), count), ctx.now)) {
        const JitterBufferCounters& after = jitter_.counters();
        if (after.late != before.late)
            ctx.metrics.drop(DropReason::JitterLate);
        else if (after.duplicate != before.duplicate)
            ctx.metrics.drop(DropReason::JitterDuplicate);
        else
            ctx.metrics.drop(DropReason::JitterRejected);
    } else if (jitter_.counters().overflow != before.overflow) {
        ctx.metrics.drop(DropReason::JitterOverflow);
    }
}

void MediaLeg::onRtcp(const NetAddress& from, std::span<const uint8_t> datagram,
                      MediaContext& ctx) {
    MediaEngineMetrics::bump(ctx.metrics.rtcp_in);
    if (!from.sameHost(filter_->remote()) && !from.sameHost(remote_.rtp)) {
        ++rtcp_dropped_;
        ctx.metrics.drop(DropReason::RtcpForeign);
        return;
    }
    RtcpCompound compound;
    if (parseRtcpCompound(datagram, compound) != RtcpParseError::None) {
        ++rtcp_dropped_;
        ctx.metrics.drop(DropReason::RtcpMalformed);
        return;
    }
    ++rtcp_received_;
    if (compound.has_sender_report)
        stats_.onSenderReportReceived(compound.sender_info.ntp, ctx.now);
    if (const RtcpReportBlock* block = compound.findReportBlock(ssrc_)) {
        stats_.onReportBlockReceived(*block, ctx.now);
    }
}

bool MediaLeg::onsetFrame(const TalkResult& result) const {
    const TalkDetectorConfig& talk = config_.talk;
    const float gate =
        std::max(talk.absolute_threshold_dbov, talk_.noiseFloorDbov() + talk.start_margin_db);
    return result.level_dbov > gate && talk_.lastVoicing() >= talk.start_voicing;
}

LegTickInput MediaLeg::receiveTick(FrameSpan input, MediaContext& ctx) {
    LegTickInput tick;
    FrameKind kind = FrameKind::Silence;
    if (receiving_) {
        kind = jitter_.get(input);
    }
    if (kind == FrameKind::Silence) {
        std::fill(input.begin(), input.end(), int16_t{0});
        emitTalkEvent(talk_.processNoAudio().event, ctx);
    } else {
        const TalkResult result = talk_.process(input);
        emitTalkEvent(result.event, ctx);
        tick.has_audio = true;
        tick.contributing = result.state == TalkState::Talking || onsetFrame(result);
        if (inband_detect_) detectInbandDtmf(input, result.level_dbov, ctx);
    }
    if (tap_) tap_->write(TapFrame::Source::Leg, id_, ctx.tick, ctx.now, !tick.has_audio, input);

    if (receiving_ && config_.media_timeout.count() > 0 && !timed_out_ &&
        ctx.now - last_receive_ >= config_.media_timeout) {
        timed_out_ = true;
        ctx.emit(MediaEventKind::MediaTimeout, id_, mix_id_);
    }
    return tick;
}

void MediaLeg::detectInbandDtmf(ConstFrameSpan frame, float level_dbov, MediaContext& ctx) {
    // spandsp's detector costs ~2 us a frame: run it only on frames loud
    // enough to hold a digit, plus a short tail so it sees the gap after one.
    if (level_dbov > config_.talk.absolute_threshold_dbov) {
        inband_tail_ = kInbandTailFrames;
    } else if (inband_tail_ > 0) {
        --inband_tail_;
    } else {
        return;
    }
    for (const char digit : inband_rx_.process(frame)) {
        ctx.emit(MediaEventKind::Dtmf, id_, mix_id_, [&](MediaEvent& event) {
            event.digit = digit;
            event.dtmf_source = DtmfSource::Inband;
        });
    }
}

void MediaLeg::emitTalkEvent(TalkEvent event, MediaContext& ctx) {
    if (event == TalkEvent::Started) ctx.emit(MediaEventKind::TalkStarted, id_, mix_id_);
    if (event == TalkEvent::Stopped) ctx.emit(MediaEventKind::TalkStopped, id_, mix_id_);
}

// --------------------------------------------------------------------- send

void MediaLeg::sendTick(const MixOutput& output, MediaContext& ctx) {
    if (config_.stats_interval.count() > 0 && ctx.now >= next_stats_) {
        next_stats_ += config_.stats_interval;
        if (next_stats_ <= ctx.now) next_stats_ = ctx.now + config_.stats_interval;
        emitStats(false, ctx);
    }
    if (ctx.now >= next_rtcp_) {
        // RFC 3550 6.3.1: randomise each interval to 0.5..1.5 of the nominal.
        const auto nominal = std::chrono::duration_cast<MediaTime>(config_.rtcp_interval);
        const auto spread = static_cast<int64_t>(nextRandom() % 1000);
        next_rtcp_ = ctx.now + nominal / 2 + nominal * spread / 1000;
        sendRtcp(false, ctx);
    }
    if (!sending_) return;

    const uint32_t timestamp = timestampAt(ctx.tick);
    if (sendTelephoneEvent(timestamp, ctx)) return;  // audio is held during an event

    std::span<const uint8_t> payload = output.payload;
    bool silence = output.silence || payload.size() != kFrameSamples;
    if (prompt_ || inband_tx_.busy()) {
        Frame pcm{};
        if (!silence) G711Codec::decode(remote_.codec, payload, pcm);
        if (prompt_) {
            Frame prompt_frame;
            if (player_.nextFrame(prompt_frame)) {
                for (std::size_t n = 0; n < kFrameSamples; ++n) {
                    pcm[n] = static_cast<int16_t>(
                        std::clamp(int32_t{pcm[n]} + int32_t{prompt_frame[n]}, -32767, 32767));
                }
            } else {
                ctx.emit(MediaEventKind::PromptFinished, id_, mix_id_);
                ctx.retire(std::move(prompt_));
                prompt_.reset();
            }
        }
        if (inband_tx_.busy()) inband_tx_.generate(pcm);  // the digit replaces the audio
        G711Codec::encode(remote_.codec, pcm, own_payload_);
        payload = own_payload_;
        silence = false;
    }
    if (silence && !config_.send_silence) {
        marker_next_ = true;  // the next audio starts a talkspurt
        return;
    }
    if (silence) payload = output.payload.size() == kFrameSamples ? output.payload : own_payload_;
    sendRtp(payloadType(remote_.codec), marker_next_, timestamp, payload, ctx);
    marker_next_ = false;
}

bool MediaLeg::sendTelephoneEvent(uint32_t timestamp, MediaContext& ctx) {
    if (dtmf_gap_ticks_ > 0) --dtmf_gap_ticks_;
    if (!telephone_tx_.busy() && dtmf_count_ > 0 && dtmf_gap_ticks_ == 0) {
        const char digit = dtmf_queue_[dtmf_head_];
        dtmf_head_ = static_cast<uint8_t>((dtmf_head_ + 1) % dtmf_queue_.size());
        --dtmf_count_;
        if (!remote_.telephone_event_pt) {
            const char one[1] = {digit};  // negotiation changed since it was queued
            inband_tx_.queue(std::string_view(one, 1));
        } else {
            telephone_tx_.start(digit, config_.dtmf_duration, timestamp);
        }
    }
    if (!telephone_tx_.busy() || !remote_.telephone_event_pt) return false;
    std::array<uint8_t, kTelephoneEventSize> event{};
    const auto packet = telephone_tx_.next(event);
    if (!packet) return false;
    sendRtp(*remote_.telephone_event_pt, packet->marker, packet->timestamp,
            std::span<const uint8_t>(event.data(), packet->length), ctx);
    if (!telephone_tx_.busy()) {
        dtmf_gap_ticks_ = std::max(1, static_cast<int>(config_.dtmf_gap.count() / kFrameMs));
    }
    return true;
}

void MediaLeg::sendRtp(uint8_t payload_type, bool marker, uint32_t timestamp,
                       std::span<const uint8_t> payload, MediaContext& ctx) {
    if (rtp_to_length_ == 0) return;
    std::array<uint8_t, kRtpHeaderSize + kFrameSamples> packet;
    const RtpHeaderFields header{payload_type, marker, sequence_, timestamp, ssrc_};
    const std::size_t length = buildRtp(header, payload, packet);
    if (length == 0) return;
    ++sequence_;
    sendDatagram(sockets_.rtpFd(), std::span<const uint8_t>(packet.data(), length), rtp_to_address_,
                 rtp_to_length_, ctx);
    ++packets_sent_;
    octets_sent_ += payload.size();
    MediaEngineMetrics::bump(ctx.metrics.packets_out);
}

void MediaLeg::sendRtcp(bool bye, MediaContext& ctx) {
    if (rtcp_to_length_ == 0 || !filter_) return;
    std::array<uint8_t, 512> buffer;
    std::size_t length = 0;
    const auto latched = filter_->latchedSsrc();
    RtcpReportBlock block{};
    const bool have_block = latched.has_value();
    if (have_block) block = stats_.makeReportBlock(*latched, ctx.now);
    if (packets_sent_ > 0) {
        RtcpSenderInfo info;
        info.ntp = ntpNow();
        info.rtp_timestamp = timestampAt(ctx.tick);
        info.packet_count = static_cast<uint32_t>(packets_sent_);
        info.octet_count = static_cast<uint32_t>(octets_sent_);
        length = buildSenderReport(ssrc_, info, have_block ? &block : nullptr, buffer);
        stats_.onSenderReportSent(info.ntp, ctx.now);
    } else if (have_block) {
        length = buildReceiverReport(ssrc_, block, buffer);
    } else {
        return;  // nothing sent, nothing received: nothing to report
    }
    const auto rest = [&] { return std::span<uint8_t>(buffer).subspan(length); };
    length += buildSdesCname(ssrc_, config_.cname, rest());
    if (bye) length += buildBye(ssrc_, rest());
    const int fd = remote_.rtcp_mux ? sockets_.rtpFd() : sockets_.rtcpFd();
    sendDatagram(fd, std::span<const uint8_t>(buffer.data(), length), rtcp_to_address_,
                 rtcp_to_length_, ctx);
    ++rtcp_sent_;
    MediaEngineMetrics::bump(ctx.metrics.rtcp_out);
}

void MediaLeg::sendDatagram(int fd, std::span<const uint8_t> bytes, const sockaddr_storage& to,
                            socklen_t to_length, MediaContext& ctx) {
    const ssize_t sent = ::sendto(fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr*>(&to), to_length);
    if (sent < 0) ctx.metrics.drop(DropReason::SendError);
}

void MediaLeg::emitStats(bool final, MediaContext& ctx) {
    ctx.emit(MediaEventKind::LegStats, id_, mix_id_, [&](MediaEvent& event) {
        LegStatsReport& report = event.stats;
        report.quality = stats_.quality();
        report.source = filter_ ? filter_->counters() : SourceFilterCounters{};
        report.dropped_idle = dropped_idle_;
        const JitterBufferCounters& jitter = jitter_.counters();
        report.jitter_late = jitter.late;
        report.jitter_duplicate = jitter.duplicate;
        report.jitter_overflow = jitter.overflow;
        report.concealed_frames = jitter.concealed_frames;
        report.silence_frames = jitter.silence_frames;
        report.jitter_delay_ms = jitter_.targetDelayMs();
        report.packets_sent = packets_sent_;
        report.rtcp_sent = rtcp_sent_;
        report.rtcp_received = rtcp_received_;
        report.rtcp_dropped = rtcp_dropped_;
        report.final = final;
    });
}

// ------------------------------------------------------------ control input

void MediaLeg::queueDtmf(std::span<const char> digits, DtmfMode mode) {
    const bool rfc4733 = mode == DtmfMode::Rfc4733 ||
                         (mode == DtmfMode::Auto && remote_.telephone_event_pt.has_value());
    if (rfc4733 && remote_.telephone_event_pt) {
        for (const char digit : digits) {
            if (dtmf_count_ == dtmf_queue_.size()) break;  // full: the rest is dropped
            dtmf_queue_[(dtmf_head_ + dtmf_count_) % dtmf_queue_.size()] = digit;
            ++dtmf_count_;
        }
    } else {
        // The peer cannot take RFC 4733 (or in-band was asked for): tones.
        inband_tx_.queue(std::string_view(digits.data(), digits.size()));
    }
}

void MediaLeg::playPrompt(std::shared_ptr<const Prompt> prompt, MediaContext& ctx) {
    if (prompt_) ctx.retire(std::move(prompt_));
    prompt_ = std::move(prompt);
    if (prompt_) {
        player_.start(*prompt_);
    } else {
        player_.stop();
    }
}

void MediaLeg::setTap(std::shared_ptr<AudioTap> tap, MediaContext& ctx) {
    if (tap_) ctx.retire(std::move(tap_));
    tap_ = std::move(tap);
}

}  // namespace confab::media
