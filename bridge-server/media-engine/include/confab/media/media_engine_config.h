// MediaEngineConfig: everything the media engine needs to know up front.
// Tables, queues and per-leg buffers are sized from it when the engine is
// created, so nothing on the media thread grows later. Read on the control
// thread at MediaEngine::create(); the media thread keeps its own copy.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "confab/media/jitter_buffer.h"
#include "confab/media/talk_detector.h"

namespace confab::media {

enum class InbandDtmfDetection : uint8_t {
    Auto,    // only on legs whose peer did not negotiate telephone-event
    Always,  // every leg (costs ~2 us per loud frame)
    Never,
};

struct MediaEngineConfig {
    // Sockets. RTP takes even ports, RTCP the odd port above; a pair in use
    // by someone else is skipped.
    std::string bind_address = "127.0.0.1";  // IPv4 or IPv6 literal ("::" for any)
    uint16_t rtp_port_min = 16384;
    uint16_t rtp_port_max = 32767;
    int dscp = 46;  // EF on RTP and RTCP; -1 leaves the socket default

    // Capacity (tables are allocated once).
    std::size_t max_legs = 4096;
    std::size_t max_mixes = 1024;
    std::size_t command_queue_capacity = 4096;
    std::size_t event_queue_capacity = 16384;

    // Receive path.
    bool symmetric_rtp_learning = true;  // see RtpSourceFilter
    uint32_t learning_packets = 50;
    std::chrono::milliseconds learning_window{2000};
    std::chrono::milliseconds media_timeout{30000};  // 0 disables MediaTimeout
    JitterBufferConfig jitter;
    TalkDetectorConfig talk;
    InbandDtmfDetection inband_dtmf = InbandDtmfDetection::Auto;

    // Send path.
    bool send_silence = true;  // keep RTP flowing when a leg hears nobody (NATs, peers' timeouts)
    std::chrono::milliseconds rtcp_interval{5000};   // randomised 0.5x..1.5x per report
    std::chrono::milliseconds stats_interval{1000};  // LegStats events; 0 disables periodic ones
    std::string cname = "confab@bridge";             // SDES CNAME
    std::chrono::milliseconds dtmf_duration{100};    // RFC 4733 event length
    std::chrono::milliseconds dtmf_gap{60};          // between RFC 4733 digits

    // The 20 ms frame is run as this many sub-ticks (4: one every 5 ms); each
    // mix is mixed once per frame, always in the same sub-tick, and mixes are
    // spread over the sub-ticks by capacity. This keeps each wake-up short and
    // spreads the outgoing packets over the frame instead of one burst.
    // 1 mixes everything on one 20 ms tick.
    int tick_phases = 4;

    // Tick accounting (per sub-tick): one that starts later than this after its deadline
    // counts as late (as does every tick skipped outright).
    std::chrono::microseconds late_tick_threshold{10000};
    int max_catch_up_ticks = 3;  // frames run back to back after a stall; the rest are skipped

    // SCHED_FIFO priority (1-99) for the media thread, 0 for the default
    // scheduler. Needs CAP_SYS_NICE (or an rtprio limit); when refused the
    // thread runs normally and metrics say so (realtime_scheduling = 0).
    int realtime_priority = 0;
};

}  // namespace confab::media
