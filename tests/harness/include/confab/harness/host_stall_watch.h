// HostStallWatch: tells a real-time test when the machine itself stopped.
//
// A shared VM's host throttles it: on the 2-core machines this project runs
// on, a whole process can stand still for 100-190 ms every few seconds while
// the VM's "steal" counter (/proc/stat) climbs. Audio recorded across such a
// stall has a gap that no code made. The watch runs one thread that sleeps
// 10 ms at a time; a wake-up more than 50 ms late is a stall, and it counts
// as the host's only when the steal counter grew by at least half the stall
// in the meantime (summed over the CPUs). A stall caused by work inside the
// VM (a starved thread, a flood) has no steal and is never excused: on a
// machine without steal accounting the watch excuses nothing.
//
// Thread contract: construct and destroy on one thread; the query members
// may be called from any thread while the watch runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace confab::harness {

class HostStallWatch {
  public:
    using Clock = std::chrono::steady_clock;
    struct Stall {
        Clock::time_point start;  // when the watch should have woken
        Clock::time_point end;    // when it did
        std::chrono::milliseconds stolen{0};  // steal time over all CPUs meanwhile
    };

    HostStallWatch();
    ~HostStallWatch();
    HostStallWatch(const HostStallWatch&) = delete;
    HostStallWatch& operator=(const HostStallWatch&) = delete;

    // Every stall over 50 ms that overlaps [from, to), the host's or not.
    std::vector<Stall> stalls(Clock::time_point from, Clock::time_point to) const;
    // Host stalls (see above) that overlap [from, to).
    std::vector<Stall> hostStalls(Clock::time_point from, Clock::time_point to) const;
    // The longest of them, 0 when none.
    std::chrono::milliseconds longestHostStall(Clock::time_point from, Clock::time_point to) const;
    // Their total length.
    std::chrono::milliseconds hostStalled(Clock::time_point from, Clock::time_point to) const;
    // "host stalls: 120 ms at +1.52 s (steal 230 ms), ..." relative to `from`; for messages.
    std::string describe(Clock::time_point from, Clock::time_point to) const;

  private:
    void run();

    mutable std::mutex mutex_;
    std::vector<Stall> stalls_;
    bool stop_ = false;
    std::thread thread_;
};

// The machine's steal time over all CPUs so far, in milliseconds (0 when the
// kernel does not account it).
uint64_t machineStealMs();

}  // namespace confab::harness
