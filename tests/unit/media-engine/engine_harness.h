// EngineHarness: a real MediaEngine on 127.0.0.1 and a real-time loop that
// plays test RtpPeers into it. Every 20 ms (absolute deadlines) each stream's
// source writes a frame that its peer sends (or loses), then every peer
// reads what came back and the engine's events are drained with their
// arrival time. Single-threaded apart from the engine's own media thread.
//
// Steadiness: a shared 2-core VM can stop the whole process for 100 ms and
// more (CPU steal, a writeback storm). Audio measured across such a stall
// shows gaps the engine did not make. The harness notes every disturbance it
// can see: its own loop waking more than 50 ms late, or the engine skipping
// ticks (a stall longer than its catch-up). runSteady() runs until a stretch with neither has
// passed, so a test measures the engine on a machine that kept time.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "confab/media/media_engine.h"
#include "rtp_peer.h"

namespace confab::media::test {

using Clock = std::chrono::steady_clock;

struct ReceivedEvent {
    MediaEvent event;
    Clock::time_point received;
};

// Writes the frame to send at harness tick `tick`; false sends nothing.
using FrameSource = std::function<bool(FrameSpan out, uint64_t tick)>;

FrameSource tone(double frequency_hz, double dbov);
FrameSource silence();

class EngineHarness {
  public:
    static MediaEngineConfig testConfig();
    explicit EngineHarness(const MediaEngineConfig& config = testConfig());
    ~EngineHarness();

    MediaEngine& engine() { return *engine_; }

    // Opens a leg, aims `peer` at it, and (when mix is set) starts it there.
    LegId addLeg(RtpPeer& peer, std::optional<MixId> mix,
                 std::optional<RemoteMedia> remote = std::nullopt);
    // `peer` sends `source` every tick, losing `loss` of the packets at random.
    void stream(RtpPeer& peer, FrameSource source, double loss = 0.0);
    void stopStream(RtpPeer& peer);
    // Extra per-tick work (sending events, raw datagrams ...).
    void onTick(std::function<void(uint64_t tick)> hook) { hook_ = std::move(hook); }

    void run(std::chrono::milliseconds duration);
    // Runs until `done()` or `timeout`; true when done.
    bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout);
    // Runs until the last `window` (after 200 ms of settling) passed with no
    // disturbance, and returns the window's start: the time to measure
    // audioSince(). Nothing when the machine never kept still for that long
    // within 20 s (the message says how often it stalled).
    std::optional<Clock::time_point> runSteady(std::chrono::milliseconds window);
    // Disturbances seen so far (late harness wake-ups, steps with skipped engine ticks).
    uint64_t disturbances() const { return disturbances_; }
    Clock::time_point now() const { return Clock::now(); }
    uint64_t tick() const { return tick_; }

    const std::vector<ReceivedEvent>& events() const { return events_; }
    std::vector<ReceivedEvent> eventsOf(MediaEventKind kind, LegId leg) const;
    void drain();

  private:
    struct Stream {
        RtpPeer* peer;
        FrameSource source;
        double loss;
    };
    void step();

    std::unique_ptr<MediaEngine> engine_;
    std::vector<Stream> streams_;
    std::vector<RtpPeer*> peers_;
    std::function<void(uint64_t)> hook_;
    std::vector<ReceivedEvent> events_;
    std::mt19937 random_{12345};
    uint64_t tick_ = 0;
    Clock::time_point next_{};
    Clock::time_point last_disturbance_{};
    uint64_t disturbances_ = 0;
    uint64_t engine_skipped_ticks_ = 0;
    LegId next_leg_ = 1;
};

// "" when `leg` talked throughout: one TalkStarted and no TalkStopped, or,
// when the machine stalled (a stall is silence to the detector), no stop
// inside the steady window that began at `steady_from` and the leg still
// talking at the end. Otherwise what was wrong.
std::string talkedThroughout(const EngineHarness& h, LegId leg, Clock::time_point steady_from);

// For a failed runSteady(): what the harness saw.
std::string unsteadyMessage(const EngineHarness& h);

}  // namespace confab::media::test
