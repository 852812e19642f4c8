// RtpSourceFilter: the "strict RTP" gate in front of one leg's receive path.
//
// Accepts a datagram only when it comes from the address:port negotiated in
// SDP, parses as RTP, carries a payload type the leg negotiated, and has the
// SSRC latched from the first accepted packet. Every drop is counted by reason.
//
// Symmetric-RTP learning (optional): while the learning window is open (the
// first `learning_packets` datagrams and the first `learning_window` after
// start), a different source that sends `learning_probation` consecutive,
// well-formed packets replaces the SDP address (a NAT rewrote it). The new
// source is where replies should go: see remote().
//
// An SSRC change is refused (counted WrongSsrc) unless
// `ssrc_change_after_silence` is non-zero and the latched SSRC has been silent
// that long; then the new SSRC is latched (a phone that restarted its stream).
// updateRemote() re-arms everything after a re-INVITE.
//
// Thread contract: owned by the media thread; every member is called on it.
// No allocation, no exceptions.
#pragma once

#include <bitset>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>

#include "confab/media/media_format.h"
#include "confab/media/net_address.h"
#include "confab/media/rtp_packet.h"

namespace confab::media {

enum class SourceVerdict : uint8_t {
    Accepted,
    WrongAddress,
    WrongPort,
    WrongSsrc,
    Malformed,
    UnknownPayloadType,
};

struct SourceFilterConfig {
    NetAddress expected;             // from the SDP c= and m= lines
    std::bitset<128> payload_types;  // negotiated PTs (audio, telephone-event, CN)
    bool allow_learning = false;
    uint32_t learning_packets = 50;                   // window closes after this many datagrams
    std::chrono::milliseconds learning_window{2000};  // ... or after this long
    uint32_t learning_probation = 2;                  // consecutive packets before switching
    std::chrono::milliseconds ssrc_change_after_silence{0};  // 0: never relatch
};

struct SourceFilterCounters {
    uint64_t accepted = 0;
    uint64_t wrong_address = 0;
    uint64_t wrong_port = 0;
    uint64_t wrong_ssrc = 0;
    uint64_t malformed = 0;
    uint64_t unknown_payload_type = 0;
    uint64_t sources_learned = 0;
    uint64_t ssrc_changes = 0;

    uint64_t dropped() const {
        return wrong_address + wrong_port + wrong_ssrc + malformed + unknown_payload_type;
    }
};

class RtpSourceFilter {
  public:
    RtpSourceFilter(const SourceFilterConfig& config, MediaTime start);

    // Classifies one datagram from `from`. On Accepted, `packet` holds the
    // parsed view (pointing into `datagram`).
    SourceVerdict check(const NetAddress& from, std::span<const uint8_t> datagram, MediaTime now,
                        RtpPacketView& packet);

    // New SDP remote (re-INVITE): resets the latch and reopens learning.
    void updateRemote(const NetAddress& expected, MediaTime now);

    // Where to send RTP: the SDP address, or the learned one.
    const NetAddress& remote() const { return remote_; }
    std::optional<uint32_t> latchedSsrc() const;
    bool learningOpen(MediaTime now) const;
    const SourceFilterCounters& counters() const { return counters_; }

  private:
    SourceVerdict record(SourceVerdict verdict);
    bool tryLearn(const NetAddress& from, const RtpPacketView& packet);

    SourceFilterConfig config_;
    NetAddress remote_;
    MediaTime start_;
    uint64_t datagrams_seen_ = 0;
    // The SDP address has delivered: learning another source is then never
    // allowed (a rogue sender must not take over a working leg).
    bool remote_confirmed_ = false;
    bool ssrc_latched_ = false;
    uint32_t ssrc_ = 0;
    MediaTime last_accepted_{};
    // Learning candidate: a different source on probation.
    NetAddress candidate_;
    uint32_t candidate_ssrc_ = 0;
    uint16_t candidate_sequence_ = 0;
    uint32_t candidate_count_ = 0;
    SourceFilterCounters counters_;
};

}  // namespace confab::media
