#include "confab/media/receive_stats.h"

#include <algorithm>

namespace confab::media {
namespace {
constexpr uint32_t kRtpSeqMod = 1u << 16;
constexpr uint16_t kMaxDropout = 3000;
constexpr uint16_t kMaxMisorder = 100;
}  // namespace

ReceiveStats::ReceiveStats(int clock_rate, int min_sequential)
    : clock_rate_(clock_rate), min_sequential_(std::max(1, min_sequential)) {}

void ReceiveStats::reset() {
    *this = ReceiveStats(clock_rate_, min_sequential_);
}

void ReceiveStats::initSequence(uint16_t seq) {
    base_seq_ = seq;
    max_seq_ = seq;
    bad_seq_ = kRtpSeqMod + 1;  // so seq == bad_seq is false
    cycles_ = 0;
    received_ = 0;
    received_prior_ = 0;
    expected_prior_ = 0;
}

// RFC 3550 A.1 update_seq().
bool ReceiveStats::updateSequence(uint16_t seq) {
    const uint16_t udelta = static_cast<uint16_t>(seq - max_seq_);
    if (probation_ > 0) {
        if (seq == static_cast<uint16_t>(max_seq_ + 1)) {
            --probation_;
            max_seq_ = seq;
            if (probation_ == 0) {
                initSequence(seq);
                ++received_;
                return true;
            }
        } else {
            probation_ = min_sequential_ - 1;
            max_seq_ = seq;
        }
        return false;
    }
    if (udelta < kMaxDropout) {
        if (seq < max_seq_) cycles_ += kRtpSeqMod;  // wrapped
        max_seq_ = seq;
    } else if (udelta <= kRtpSeqMod - kMaxMisorder) {
        // A very large jump: resync only if the next packet follows this one.
        if (seq == bad_seq_) {
            initSequence(seq);
        } else {
            bad_seq_ = (static_cast<uint32_t>(seq) + 1) & (kRtpSeqMod - 1);
            return false;
        }
    }
    // else: duplicate or reordered packet; counted as received.
    ++received_;
    return true;
}

bool ReceiveStats::onPacket(uint16_t sequence, uint32_t rtp_timestamp, MediaTime arrival) {
    if (!started_) {
        started_ = true;
        initSequence(sequence);
        max_seq_ = static_cast<uint16_t>(sequence - 1);
        probation_ = min_sequential_;
    }
    if (!updateSequence(sequence)) return false;

    // A.8: transit in timestamp units; arrival converted at clock_rate.
    const int64_t arrival_units = arrival.count() * clock_rate_ / 1'000'000;
    const int64_t transit = arrival_units - static_cast<int64_t>(rtp_timestamp);
    if (have_transit_) {
        // Timestamps wrap at 2^32; the difference of two transits is small.
        int64_t d = static_cast<int32_t>(static_cast<uint32_t>(transit - transit_));
        if (d < 0) d = -d;
        const int64_t j = static_cast<int64_t>(jitter_q4_) + d - ((jitter_q4_ + 8) >> 4);
        jitter_q4_ = static_cast<uint32_t>(std::clamp<int64_t>(j, 0, UINT32_MAX));
    }
    transit_ = transit;
    have_transit_ = true;
    return true;
}

RtcpReportBlock ReceiveStats::makeReportBlock(uint32_t source_ssrc, MediaTime now) {
    RtcpReportBlock block;
    block.ssrc = source_ssrc;
    const uint64_t extended_max = cycles_ + max_seq_;
    const uint64_t expected = started_ && probation_ == 0 ? extended_max - base_seq_ + 1 : 0;
    const int64_t lost = static_cast<int64_t>(expected) - static_cast<int64_t>(received_);
    block.cumulative_lost = static_cast<int32_t>(std::clamp<int64_t>(lost, -0x800000, 0x7FFFFF));

    // A.3 interval.
    const int64_t expected_interval = static_cast<int64_t>(expected - expected_prior_);
    const int64_t received_interval = static_cast<int64_t>(received_ - received_prior_);
    expected_prior_ = expected;
    received_prior_ = received_;
    const int64_t lost_interval = expected_interval - received_interval;
    if (expected_interval == 0 || lost_interval <= 0) {
        last_fraction_ = 0;
    } else {
        last_fraction_ = static_cast<uint8_t>((lost_interval << 8) / expected_interval);
    }
    block.fraction_lost = last_fraction_;
    block.extended_highest_sequence = static_cast<uint32_t>(extended_max);
    block.jitter = jitter_q4_ >> 4;
    if (have_sr_) {
        block.last_sr = last_sr_compact_;
        const auto delay = std::max(MediaTime{0}, now - last_sr_arrival_);
        block.delay_since_last_sr = static_cast<uint32_t>(delay.count() * 65536 / 1'000'000);
    }
    return block;
}

void ReceiveStats::onSenderReportSent(NtpTimestamp ntp, MediaTime sent_at) {
    sent_reports_[sent_next_] = SentReport{ntp.compact(), sent_at, true};
    sent_next_ = (sent_next_ + 1) % sent_reports_.size();
}

void ReceiveStats::onSenderReportReceived(NtpTimestamp ntp, MediaTime arrival) {
    last_sr_compact_ = ntp.compact();
    last_sr_arrival_ = arrival;
    have_sr_ = true;
}

void ReceiveStats::onReportBlockReceived(const RtcpReportBlock& block, MediaTime arrival) {
    remote_known_ = true;
    remote_block_ = block;
    if (block.last_sr == 0) return;  // peer has not received an SR from us yet
    for (const auto& sent : sent_reports_) {
        if (!sent.valid || sent.compact != block.last_sr) continue;
        const double dlsr_us = static_cast<double>(block.delay_since_last_sr) * 1e6 / 65536.0;
        const double rtt_us = static_cast<double>((arrival - sent.sent_at).count()) - dlsr_us;
        rtt_ms_ = std::max(0.0, rtt_us / 1000.0);
        rtt_known_ = true;
        return;
    }
}

LegQuality ReceiveStats::quality() const {
    LegQuality q;
    q.packets_received = received_;
    if (started_ && probation_ == 0) {
        q.packets_expected = cycles_ + max_seq_ - base_seq_ + 1;
    }
    q.packets_lost = static_cast<int64_t>(q.packets_expected) - static_cast<int64_t>(received_);
    q.fraction_lost = last_fraction_ / 256.0;
    q.jitter_ms = static_cast<double>(jitter_q4_) / 16.0 * 1000.0 / clock_rate_;
    q.rtt_known = rtt_known_;
    q.rtt_ms = rtt_ms_;
    q.remote_report_known = remote_known_;
    if (remote_known_) {
        q.remote_fraction_lost = remote_block_.fraction_lost / 256.0;
        q.remote_packets_lost = remote_block_.cumulative_lost;
        q.remote_jitter_ms = static_cast<double>(remote_block_.jitter) * 1000.0 / clock_rate_;
    }
    return q;
}

}  // namespace confab::media
