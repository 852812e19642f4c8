// LegQuality: a snapshot of one leg's media quality, for logs, the control
// thread and the XMPP status the users see. Plain values; copy it across
// threads by posting it.
#pragma once

#include <cstdint>

namespace confab::media {

struct LegQuality {
    // What we receive from the leg (RFC 3550 A.3 and A.8).
    uint64_t packets_received = 0;
    uint64_t packets_expected = 0;
    int64_t packets_lost = 0;    // cumulative; negative when duplicates outnumber losses
    double fraction_lost = 0.0;  // 0..1, over the last report interval
    double jitter_ms = 0.0;      // interarrival jitter
    // Round trip from the leg's RR (LSR/DLSR) against our SR send times.
    bool rtt_known = false;
    double rtt_ms = 0.0;
    // What the leg says about the stream we send (its last report block).
    bool remote_report_known = false;
    double remote_fraction_lost = 0.0;
    int64_t remote_packets_lost = 0;
    double remote_jitter_ms = 0.0;
};

}  // namespace confab::media
