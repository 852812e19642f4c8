// EngineHarness: a real MediaEngine on 127.0.0.1 and a real-time loop that
// plays test RtpPeers into it. Every 20 ms (absolute deadlines) each stream's
// source writes a frame that its peer sends (or loses), then every peer
// reads what came back and the engine's events are drained with their
// arrival time. Single-threaded apart from the engine's own media thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <random>
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
    // Tick at which the most recent frame of `peer` was sent, and its time.
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
    LegId next_leg_ = 1;
};

}  // namespace confab::media::test
