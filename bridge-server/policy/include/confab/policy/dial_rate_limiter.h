// DialRateLimiter: at most N dials per user in any sliding 60 s window.
//
// Memory is bounded: a user keeps at most N timestamps, timestamps older than
// the window are dropped whenever that user dials, and users with nothing
// left in the window are swept out once the table has doubled since the last
// sweep. So it holds at most about 2 x (users who dialled in the last minute)
// entries of at most N timestamps each.
//
// Threads: control thread only. Pure: no I/O, no clock; time is passed in.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>

namespace confab::policy {

class DialRateLimiter {
  public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::seconds kWindow{60};

    // `max_per_window` of 0 is treated as 1.
    explicit DialRateLimiter(std::size_t max_per_window);

    // Dials `user` made in the window (now - 60 s, now]. Timestamps after
    // `now` (a caller whose clock went back) count too: fail closed.
    std::size_t dialsInWindow(const std::string& user, Clock::time_point now) const;

    // Zero when the user may dial now; otherwise how long until one of the
    // dials in the window leaves it.
    Clock::duration waitBeforeNextDial(const std::string& user, Clock::time_point now) const;

    // Counts one dial at `now`.
    void record(const std::string& user, Clock::time_point now);

    std::size_t maxPerWindow() const { return max_per_window_; }
    // A new limit for later checks; the recorded dials are kept. A user keeps
    // at most the new limit's number of timestamps from their next dial on.
    void setMaxPerWindow(std::size_t max_per_window);
    // For tests of the memory bound.
    std::size_t trackedUsers() const { return dials_.size(); }
    std::size_t trackedDials() const;

  private:
    static bool inWindow(Clock::time_point dial, Clock::time_point now);
    void sweep(Clock::time_point now);

    std::size_t max_per_window_;
    std::unordered_map<std::string, std::deque<Clock::time_point>> dials_;
    std::size_t sweep_when_users_reach_;
};

}  // namespace confab::policy
