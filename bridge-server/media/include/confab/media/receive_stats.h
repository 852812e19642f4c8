// ReceiveStats: RFC 3550 receiver statistics for one incoming RTP stream.
//
//   - A.1 sequence validation: extended highest sequence with 16-bit wrap
//     (cycles), probation for a new source, MAX_DROPOUT / MAX_MISORDER resync.
//   - A.3 expected, cumulative lost, and fraction lost per report interval.
//   - A.8 interarrival jitter, arrival times converted to timestamp units.
//   - RTT from report blocks about our stream: each SR we send is remembered
//     (NTP middle 32 bits -> local send time, last 8), and a block's LSR/DLSR
//     gives RTT = arrival - sent - DLSR, all in our own MediaTime, so the
//     wall clock in the NTP field only has to be unique, not accurate.
//
// Thread contract: owned by the media thread; every member is called on it.
// quality() returns a copy to post elsewhere. No allocation.
#pragma once

#include <array>
#include <cstdint>

#include "confab/media/leg_quality.h"
#include "confab/media/media_format.h"
#include "confab/media/rtcp_packet.h"

namespace confab::media {

class ReceiveStats {
  public:
    // min_sequential: packets in sequence before a new source counts (A.1's
    // MIN_SEQUENTIAL). 1 accepts the first packet at once, which is right
    // behind RtpSourceFilter; 2 follows the RFC's example.
    explicit ReceiveStats(int clock_rate = kSampleRateHz, int min_sequential = 1);

    // One RTP packet that passed the source filter. Returns false while the
    // source is on probation or when the packet was judged a restart/too old.
    bool onPacket(uint16_t sequence, uint32_t rtp_timestamp, MediaTime arrival);

    // The block for our next SR/RR about `source_ssrc`; closes the A.3
    // interval (fraction lost is since the previous call).
    RtcpReportBlock makeReportBlock(uint32_t source_ssrc, MediaTime now);

    void onSenderReportSent(NtpTimestamp ntp, MediaTime sent_at);
    void onSenderReportReceived(NtpTimestamp ntp, MediaTime arrival);
    // A report block whose ssrc is our sending SSRC.
    void onReportBlockReceived(const RtcpReportBlock& block, MediaTime arrival);

    LegQuality quality() const;
    uint32_t extendedHighestSequence() const { return cycles_ + max_seq_; }
    void reset();

  private:
    void initSequence(uint16_t seq);
    bool updateSequence(uint16_t seq);

    int clock_rate_;
    int min_sequential_;
    bool started_ = false;
    // A.1
    uint16_t max_seq_ = 0;
    uint32_t cycles_ = 0;
    uint32_t base_seq_ = 0;
    uint32_t bad_seq_ = 0;
    int probation_ = 0;
    uint64_t received_ = 0;
    uint64_t expected_prior_ = 0;
    uint64_t received_prior_ = 0;
    uint8_t last_fraction_ = 0;
    // A.8, jitter scaled by 16 as in the RFC's integer form.
    bool have_transit_ = false;
    int64_t transit_ = 0;
    uint32_t jitter_q4_ = 0;
    // LSR/DLSR for our reports.
    uint32_t last_sr_compact_ = 0;
    MediaTime last_sr_arrival_{};
    bool have_sr_ = false;
    // Our SR history for RTT.
    struct SentReport {
        uint32_t compact = 0;
        MediaTime sent_at{};
        bool valid = false;
    };
    std::array<SentReport, 8> sent_reports_{};
    std::size_t sent_next_ = 0;
    bool rtt_known_ = false;
    double rtt_ms_ = 0.0;
    bool remote_known_ = false;
    RtcpReportBlock remote_block_{};
};

}  // namespace confab::media
