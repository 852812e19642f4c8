// MediaEvent: what the media thread reports to the control thread through
// the engine's bounded event queue (MediaEngine::drainEvents). Fixed-size
// plain values, so the media thread writes them into preallocated slots.
// When the queue is full the media thread drops the event and counts it
// (MediaEngineMetricsSnapshot::event_overflows); it never waits.
#pragma once

#include <cstdint>

#include "confab/media/leg_quality.h"
#include "confab/media/media_format.h"
#include "confab/media/remote_media.h"
#include "confab/media/rtp_source_filter.h"

namespace confab::media {

enum class MediaEventKind : uint8_t {
    TalkStarted,     // leg: talk detector's onset (time = the tick that decided)
    TalkStopped,     // leg: hangover ran out, or the leg left while talking
    Dtmf,            // leg: one key press began (digit, dtmf_source)
    MediaTimeout,    // leg: no RTP for media_timeout while the peer should send
    MediaResumed,    // leg: RTP came back after a MediaTimeout
    LegStats,        // leg: periodic (stats_interval) and once at close (stats.final)
    PromptFinished,  // leg, or mix when `mix` is set and `leg` is kNoLeg
};

enum class DtmfSource : uint8_t { Rfc4733, Inband };

// Per-leg figures: RTCP-style quality plus what was dropped, and why.
struct LegStatsReport {
    LegQuality quality;
    SourceFilterCounters source;  // accepted, and drops by the strict-source gate's reason
    uint64_t dropped_idle = 0;    // arrived before startLeg or while the peer should not send
    uint64_t jitter_late = 0;
    uint64_t jitter_duplicate = 0;
    uint64_t jitter_overflow = 0;
    uint64_t concealed_frames = 0;
    uint64_t silence_frames = 0;
    int jitter_delay_ms = 0;
    uint64_t packets_sent = 0;
    uint64_t rtcp_sent = 0;
    uint64_t rtcp_received = 0;
    uint64_t rtcp_dropped = 0;
    bool final = false;  // the leg was closed; no more events for it
};

struct MediaEvent {
    MediaEventKind kind = MediaEventKind::LegStats;
    LegId leg = kNoLeg;
    MixId mix = kNoMix;  // the leg's mix when it has one
    MediaTime time{};    // steady_clock time of the media tick or packet
    char digit = '\0';   // Dtmf
    DtmfSource dtmf_source = DtmfSource::Rfc4733;
    LegStatsReport stats;  // LegStats
};

}  // namespace confab::media
