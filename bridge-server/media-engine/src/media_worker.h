// MediaWorker: the media thread itself, its loop and the state it owns.
//
// Owns the three queues (commands in; events and handed-back objects out),
// the epoll set, the 20 ms timerfd, the slot tables of legs and mixes, and
// the receive batch buffers. run() is the thread: epoll_wait on the sockets,
// the timer and a wake eventfd; drain readable sockets with recvmmsg; on
// timer expirations apply queued commands and run the tick for every mix.
//
// Thread contract: constructed, init()ed, start()ed, stop()ped and destroyed
// on the control thread; the queues' producer/consumer sides are split as
// their names say (MediaEngine is the control side). Every other member
// runs on the media thread only, between start() and stop(). After stop()
// returns the control thread may touch the tables again (destruction).
#pragma once

#include <sys/epoll.h>
#include <sys/socket.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "confab/media/media_engine_config.h"
#include "confab/media/media_engine_metrics.h"
#include "confab/media/media_event.h"
#include "confab/media/spsc_queue.h"
#include "media_command.h"
#include "media_context.h"

namespace confab::media {

class MediaLeg;
class MediaMix;

class MediaWorker {
  public:
    MediaWorker(const MediaEngineConfig& config, MediaEngineMetrics& metrics);
    ~MediaWorker();
    MediaWorker(const MediaWorker&) = delete;
    MediaWorker& operator=(const MediaWorker&) = delete;

    // Control thread.
    bool init(std::string* error);
    void start();
    void stop();
    SpscQueue<MediaCommand>& commands() { return commands_; }
    SpscQueue<MediaEvent>& events() { return events_; }
    SpscQueue<RetiredObject>& retired() { return retired_; }
    int eventFd() const { return event_fd_; }

  private:
    static constexpr std::size_t kBatch = 16;            // datagrams per recvmmsg
    static constexpr std::size_t kDatagramBytes = 1500;  // larger ones are truncated and dropped
    static constexpr std::size_t kMaxCommandsPerTick = 512;

    void run();
    void drainSocket(uint32_t slot, bool rtcp);
    void runTicks(uint64_t expirations);
    void runTick(int phase);
    void tickMix(MediaMix& mix);
    void applyCommands();
    void apply(MediaCommand& command);
    void startLeg(MediaLeg& leg, MediaMix& mix, const RemoteMedia& remote);
    void removeFromMix(MediaLeg& leg);
    void destroyMix(uint32_t slot);
    void closeLeg(uint32_t slot);
    void watch(int fd, uint64_t tag);
    void signalEvents();

    const MediaEngineConfig& config_;
    MediaEngineMetrics& metrics_;
    SpscQueue<MediaCommand> commands_;
    SpscQueue<MediaEvent> events_;
    SpscQueue<RetiredObject> retired_;
    MediaContext ctx_;

    int epoll_fd_ = -1;
    int timer_fd_ = -1;
    int event_fd_ = -1;  // media -> control: events waiting
    int wake_fd_ = -1;   // control -> media: stop
    std::thread thread_;
    std::atomic<bool> stop_requested_{false};

    // Media thread state.
    std::vector<std::unique_ptr<MediaLeg>> legs_;     // by slot
    std::vector<std::unique_ptr<MediaMix>> mixes_;    // by slot
    std::vector<std::vector<MediaMix*>> live_mixes_;  // per phase, dense, reserved
    int phases_ = 1;
    std::chrono::nanoseconds sub_tick_{};
    MediaTime timer_origin_{};
    uint64_t deadlines_passed_ = 0;
    uint64_t frame_base_ = 0;  // frames run before the last start(): RTP time continues
    uint64_t cpu_origin_ns_ = 0;

    std::array<epoll_event, 256> ready_{};
    std::array<std::array<uint8_t, kDatagramBytes>, kBatch> buffers_{};
    std::array<sockaddr_storage, kBatch> sources_{};
    std::array<iovec, kBatch> iovecs_{};
    std::array<mmsghdr, kBatch> messages_{};
};

}  // namespace confab::media
