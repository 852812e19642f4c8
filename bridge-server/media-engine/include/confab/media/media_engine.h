// MediaEngine: the bridge's media thread and the control thread's handle on it.
//
// WHAT RUNS WHERE
//   One media thread (started by start()) owns every RTP/RTCP socket after
//   it is opened, every jitter buffer, talk detector, receive statistics,
//   DTMF detector/generator, prompt player and the per-conference mixers. It
//   waits in epoll on the sockets and a timerfd (CLOCK_MONOTONIC, absolute
//   deadlines: the schedule never drifts). Between ticks it drains readable
//   sockets with recvmmsg (strict-source filter, receive stats, G.711 decode
//   into a stack buffer, jitter buffer put; RFC 4733 and RTCP handled there
//   too). The 20 ms frame is cut into `tick_phases` sub-ticks (default 4, one
//   every 5 ms) and each mix is assigned one of them when created (least
//   loaded by capacity), so every mix is mixed exactly once per 20 ms at a
//   fixed phase while each wake-up does a quarter of the work and outgoing
//   packets leave spread over the frame, not in one burst. On each sub-tick
//   it applies the queued commands, then per mix of that phase: each leg's
//   jitter buffer plays one frame into the mixer, the talk detector runs
//   where the frame arrives, the mixer sums contributors once (O(N)), and
//   every leg is sent its frame (plus prompt / DTMF), RTCP when due.
//   Sub-ticks missed by a stall are run back to back (max_catch_up_ticks
//   frames' worth) and the rest skipped; late and skipped sub-ticks and each
//   one's duration and CPU time are counted ("ticks" in the metrics). The media thread never
//   blocks, never allocates, never throws and never logs: a full queue or socket is counted and
//   skipped.
//
//   The control thread (whoever owns this object: the bridge's ControlLoop)
//   calls every public member below except metrics(), which any thread may
//   call. Each control call validates its ids against the control thread's
//   own tables, allocates whatever the media thread will need (sockets, a
//   leg's buffers, a mixer), moves it into a command on a bounded lock-free
//   SPSC queue, and returns at once. Commands carry ids and engine slots,
//   never pointers to control-thread objects; they are applied in order at
//   the start of the next tick (<= 20 ms later). Calls return QueueFull
//   instead of waiting when the media thread lags.
//
//   Events (talk started/stopped, DTMF, media timeout, leg stats, prompt
//   finished) travel back through a bounded SPSC queue; the media thread
//   counts an overflow and moves on. eventFd() becomes readable when events
//   are waiting; drainEvents() reads them. Objects the media thread is done
//   with (closed legs and their sockets, destroyed mixers, finished prompts,
//   detached taps) come back through a second queue and are destroyed by
//   drainEvents() (or any control call) on the control thread, so the media
//   thread frees nothing either. A closed leg's or destroyed mix's slot is
//   reused only after it came back.
//
// CONTRIBUTING RULE: a leg contributes to the mix this tick when its talk
// detector says Talking, or when this very frame is loud and voiced (the
// detector's own start criterion) so the first ~40 ms of an onset are not
// clipped while the detector waits for 3 of 5 frames. Sustained pure tones
// (300-3000 Hz at -20 dBov) are periodic, so the detector calls them
// talking indefinitely (checked in the engine tests), which is what the
// "three phones play three tones" test needs. Steady unvoiced noise never
// contributes: that is the point of the rule in a 100-leg conference.
//
// Thread contract summary: control thread: create(), start(), stop(), the
// destructor, every leg/mix/tap call, eventFd(), drainEvents(). Any thread:
// metrics(), config(). Media thread: internal only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "confab/media/audio_tap.h"
#include "confab/media/media_engine_config.h"
#include "confab/media/media_engine_metrics.h"
#include "confab/media/media_event.h"
#include "confab/media/prompt.h"
#include "confab/media/remote_media.h"

namespace confab::media {

class MediaWorker;

enum class MediaError : uint8_t {
    None,
    UnknownLeg,
    UnknownMix,
    DuplicateId,
    TooManyLegs,  // max_legs legs open (or closed ones not yet handed back)
    TooManyMixes,
    MixFull,     // the mix already holds `capacity` legs
    NotStarted,  // the leg is not in a mix
    NoFreePort,  // every port pair in the range is taken
    SocketError,
    QueueFull,  // the media thread lags; nothing was changed
    InvalidArgument,
};
std::string_view toString(MediaError error);

struct OpenLegResult {
    MediaError error = MediaError::None;
    uint16_t rtp_port = 0;   // for our SDP m= line
    uint16_t rtcp_port = 0;  // rtp_port + 1 (a=rtcp), unless the peer muxes
    bool ok() const { return error == MediaError::None; }
};

class MediaEngine {
  public:
    // Sizes every table and queue, creates the epoll set and clocks. nullptr
    // with a reason in `error` when the config or the system says no.
    static std::unique_ptr<MediaEngine> create(const MediaEngineConfig& config,
                                               std::string* error = nullptr);
    ~MediaEngine();  // stops the media thread
    MediaEngine(const MediaEngine&) = delete;
    MediaEngine& operator=(const MediaEngine&) = delete;

    // Starts the media thread (commands issued before are kept). Idempotent.
    void start();
    // Stops and joins it (<= one tick). Legs and mixes stay as they were.
    void stop();

    // Conferences. The Mixer (capacity legs + one slot for the mix prompt) is
    // built here, on the calling thread, and handed over.
    MediaError createMix(MixId mix, std::size_t capacity);
    // Legs still in it go idle (TalkStopped if talking; they keep their sockets).
    MediaError destroyMix(MixId mix);

    // Opens the leg's RTP/RTCP socket pair on the calling thread and builds
    // its buffers; the leg is idle (reads and drops) until startLeg().
    OpenLegResult openLeg(LegId leg);
    // Joins `mix` and starts media per the peer's SDP. On a started leg with
    // another mix, moves it there.
    MediaError startLeg(LegId leg, MixId mix, const RemoteMedia& remote);
    // Re-INVITE: new address, codec or direction (hold = SendOnly/Inactive).
    MediaError updateLeg(LegId leg, const RemoteMedia& remote);
    // Final TalkStopped if talking, RTCP BYE, final LegStats; sockets closed
    // when the leg comes back to this thread.
    MediaError closeLeg(LegId leg);

    MediaError setMuted(LegId leg, bool muted);
    MediaError setDeaf(LegId leg, bool deaf);
    // Up to 32 digits from 0-9 * # A-D; the rest of the string is refused.
    MediaError sendDtmf(LegId leg, std::string_view digits, DtmfMode mode = DtmfMode::Auto);
    // Played over what the leg hears (one prompt per leg; a new one replaces it).
    MediaError playPrompt(LegId leg, std::shared_ptr<const Prompt> prompt);
    // Played into the mix: every leg hears it.
    MediaError playMixPrompt(MixId mix, std::shared_ptr<const Prompt> prompt);

    // Recording hooks: attach replaces any previous tap; pass nullptr to detach.
    MediaError setLegTap(LegId leg, std::shared_ptr<AudioTap> tap);
    MediaError setMixTap(MixId mix, std::shared_ptr<AudioTap> tap);

    // Readable (level-triggered, it is an eventfd) while events may be waiting.
    int eventFd() const;
    // Calls `on_event` for each waiting event, oldest first, and destroys the
    // objects the media thread handed back. Returns the number of events.
    std::size_t drainEvents(const std::function<void(const MediaEvent&)>& on_event);

    MediaEngineMetricsSnapshot metrics() const;
    const MediaEngineConfig& config() const { return config_; }
    std::size_t openLegCount() const { return legs_.size(); }

  private:
    struct LegRecord {
        uint32_t slot = 0;
        MixId mix = kNoMix;  // kNoMix while idle
    };
    struct MixRecord {
        uint32_t slot = 0;
        std::size_t capacity = 0;
        std::size_t members = 0;
        uint8_t phase = 0;
    };

    explicit MediaEngine(const MediaEngineConfig& config);
    void reclaim();
    template <typename Fill>
    MediaError post(Fill&& fill);
    LegRecord* findLeg(LegId leg);
    MixRecord* findMix(MixId mix);
    void leaveMix(LegRecord& record);

    MediaEngineConfig config_;
    MediaEngineMetrics metrics_;
    std::unique_ptr<MediaWorker> worker_;
    // Control thread's tables.
    std::unordered_map<LegId, LegRecord> legs_;
    std::unordered_map<MixId, MixRecord> mixes_;
    std::vector<uint32_t> free_leg_slots_;
    std::vector<uint32_t> free_mix_slots_;
    std::vector<std::size_t> phase_capacity_;  // legs' worth of mixes per sub-tick
    uint32_t port_cursor_ = 0;
    uint64_t leg_seed_ = 0;
};

}  // namespace confab::media
