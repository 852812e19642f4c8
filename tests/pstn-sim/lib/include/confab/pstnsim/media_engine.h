// MediaEngine: the simulator's one media thread. It drives every answered
// call's MediaStream from a single epoll loop: a 20 ms timerfd ticks all
// streams (each sends one packet), a second timerfd wakes it for packets held
// back by scripted jitter, and each call's non-blocking socket is read when
// readable. One thread serves a thousand calls at 50 packets a second each.
//
// The SIP thread talks to it only by posting commands (add, update, remove),
// which wake the loop through an eventfd; the streams are never touched by
// two threads.
//
// Thread contract: start()/stop() on the main thread; add/update/remove from
// any thread (the SIP thread); everything else runs on the media thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "confab/pstnsim/event_log.h"
#include "confab/pstnsim/media_stream.h"

namespace confab::pstnsim {

class MediaEngine {
  public:
    explicit MediaEngine(EventLog& events);
    ~MediaEngine();  // stop()
    MediaEngine(const MediaEngine&) = delete;
    MediaEngine& operator=(const MediaEngine&) = delete;

    // Throws std::runtime_error when the epoll/timer descriptors cannot be made.
    void start();
    // Finishes every remaining stream (rtp_stats, WAV closed) and joins.
    void stop();

    void addStream(std::unique_ptr<MediaStream> stream);
    void updateStream(std::uint64_t key, const RemoteMedia& remote);
    // Finishes the stream with `reason` (in its rtp_stats event) and drops it.
    void removeStream(std::uint64_t key, std::string reason);

    // Streams the media thread is running (for logs and tests).
    std::size_t activeStreams() const { return active_streams_.load(); }
    // Ticks where the thread woke more than one period late and caught up.
    std::uint64_t lateTicks() const { return late_ticks_.load(); }

  private:
    struct Add { std::unique_ptr<MediaStream> stream; };
    struct Update { std::uint64_t key; RemoteMedia remote; };
    struct Remove { std::uint64_t key; std::string reason; };
    using Command = std::variant<Add, Update, Remove>;

    // What an epoll event points at.
    struct Registration {
        MediaStream* stream;
        MediaStream::SocketRole role;
    };
    struct Entry {
        std::unique_ptr<MediaStream> stream;
        std::unique_ptr<Registration> main;
        std::unique_ptr<Registration> rogue;
    };
    struct DelayedWake {
        Clock::time_point due;
        std::uint64_t key;
        bool operator>(const DelayedWake& other) const { return due > other.due; }
    };

    void post(Command command);
    void run();
    void drainCommands();
    void apply(Command& command);
    void tickAll(std::uint64_t expirations);
    void sendDelayedPackets();
    void scheduleDelayed(Clock::time_point due, std::uint64_t key);
    void armDelayTimer();
    void finishAll(const std::string& reason);

    EventLog& events_;
    int epoll_fd_ = -1;
    int tick_timer_fd_ = -1;
    int delay_timer_fd_ = -1;
    int wake_fd_ = -1;
    std::thread thread_;
    std::atomic<bool> stopping_{false};

    std::mutex commands_mutex_;
    std::vector<Command> commands_;  // guarded by commands_mutex_

    // Media thread only.
    std::unordered_map<std::uint64_t, Entry> streams_;
    std::vector<MediaStream*> tick_order_;  // same streams, contiguous for the tick loop
    std::priority_queue<DelayedWake, std::vector<DelayedWake>, std::greater<>> delayed_;
    std::optional<Clock::time_point> delay_timer_armed_for_;
    ReceiveBatch receive_batch_;  // every stream's receive scratch (16 KiB)

    std::atomic<std::size_t> active_streams_{0};
    std::atomic<std::uint64_t> late_ticks_{0};
};

}  // namespace confab::pstnsim
