#include "confab/media/rtp_source_filter.h"

namespace confab::media {

RtpSourceFilter::RtpSourceFilter(const SourceFilterConfig& config, MediaTime start)
    : config_(config), remote_(config.expected), start_(start) {}

void RtpSourceFilter::updateRemote(const NetAddress& expected, MediaTime now) {
    config_.expected = expected;
    remote_ = expected;
    start_ = now;
    datagrams_seen_ = 0;
    ssrc_latched_ = false;
    candidate_count_ = 0;
    remote_confirmed_ = false;
}

std::optional<uint32_t> RtpSourceFilter::latchedSsrc() const {
    if (!ssrc_latched_) return std::nullopt;
    return ssrc_;
}

bool RtpSourceFilter::learningOpen(MediaTime now) const {
    // Symmetric RTP (a peer behind NAT sending from another port) is learned
    // only while the negotiated source has sent nothing, and only once.
    return config_.allow_learning && !remote_confirmed_ && counters_.sources_learned == 0 &&
           datagrams_seen_ <= config_.learning_packets && now - start_ < config_.learning_window;
}

SourceVerdict RtpSourceFilter::record(SourceVerdict verdict) {
    switch (verdict) {
        case SourceVerdict::Accepted:
            ++counters_.accepted;
            break;
        case SourceVerdict::WrongAddress:
            ++counters_.wrong_address;
            break;
        case SourceVerdict::WrongPort:
            ++counters_.wrong_port;
            break;
        case SourceVerdict::WrongSsrc:
            ++counters_.wrong_ssrc;
            break;
        case SourceVerdict::Malformed:
            ++counters_.malformed;
            break;
        case SourceVerdict::UnknownPayloadType:
            ++counters_.unknown_payload_type;
            break;
    }
    return verdict;
}

bool RtpSourceFilter::tryLearn(const NetAddress& from, const RtpPacketView& packet) {
    const bool continues = candidate_count_ > 0 && candidate_ == from &&
                           candidate_ssrc_ == packet.ssrc &&
                           packet.sequence == static_cast<uint16_t>(candidate_sequence_ + 1);
    if (!continues) {
        candidate_ = from;
        candidate_ssrc_ = packet.ssrc;
        candidate_count_ = 0;
    }
    candidate_sequence_ = packet.sequence;
    ++candidate_count_;
    if (candidate_count_ < config_.learning_probation) return false;

    remote_ = from;
    ssrc_latched_ = true;
    ssrc_ = packet.ssrc;
    candidate_count_ = 0;
    ++counters_.sources_learned;
    return true;
}

SourceVerdict RtpSourceFilter::check(const NetAddress& from, std::span<const uint8_t> datagram,
                                     MediaTime now, RtpPacketView& packet) {
    ++datagrams_seen_;
    const bool from_remote = from == remote_;
    if (!from_remote && !learningOpen(now)) {
        return record(from.sameHost(remote_) ? SourceVerdict::WrongPort
                                             : SourceVerdict::WrongAddress);
    }
    if (parseRtp(datagram, packet) != RtpParseError::None) {
        return record(SourceVerdict::Malformed);
    }
    if (!config_.payload_types.test(packet.payload_type)) {
        return record(SourceVerdict::UnknownPayloadType);
    }
    if (!from_remote) {
        if (!tryLearn(from, packet)) {
            return record(from.sameHost(remote_) ? SourceVerdict::WrongPort
                                                 : SourceVerdict::WrongAddress);
        }
        last_accepted_ = now;
        return record(SourceVerdict::Accepted);
    }
    if (!ssrc_latched_) {
        ssrc_latched_ = true;
        ssrc_ = packet.ssrc;
    } else if (packet.ssrc != ssrc_) {
        const auto silence = config_.ssrc_change_after_silence;
        if (silence.count() == 0 || now - last_accepted_ < silence) {
            return record(SourceVerdict::WrongSsrc);
        }
        ssrc_ = packet.ssrc;
        ++counters_.ssrc_changes;
    }
    last_accepted_ = now;
    remote_confirmed_ = true;
    return record(SourceVerdict::Accepted);
}

}  // namespace confab::media
