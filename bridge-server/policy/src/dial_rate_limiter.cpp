#include "confab/policy/dial_rate_limiter.h"

#include <algorithm>
#include <vector>

namespace confab::policy {

namespace {

// Below this many users a sweep is not worth doing.
constexpr std::size_t kMinSweepUsers = 64;

}  // namespace

DialRateLimiter::DialRateLimiter(std::size_t max_per_window)
    : max_per_window_(std::max<std::size_t>(max_per_window, 1)),
      sweep_when_users_reach_(kMinSweepUsers) {}

void DialRateLimiter::setMaxPerWindow(std::size_t max_per_window) {
    max_per_window_ = std::max<std::size_t>(max_per_window, 1);
}

bool DialRateLimiter::inWindow(Clock::time_point dial, Clock::time_point now) {
    return now - dial < kWindow;
}

std::size_t DialRateLimiter::dialsInWindow(const std::string& user, Clock::time_point now) const {
    const auto found = dials_.find(user);
    if (found == dials_.end()) {
        return 0;
    }
    return static_cast<std::size_t>(
        std::count_if(found->second.begin(), found->second.end(),
                      [now](Clock::time_point dial) { return inWindow(dial, now); }));
}

DialRateLimiter::Clock::duration DialRateLimiter::waitBeforeNextDial(const std::string& user,
                                                                     Clock::time_point now) const {
    const auto found = dials_.find(user);
    if (found == dials_.end()) {
        return Clock::duration::zero();
    }
    std::vector<Clock::time_point> recent;
    for (const Clock::time_point dial : found->second) {
        if (inWindow(dial, now)) {
            recent.push_back(dial);
        }
    }
    if (recent.size() < max_per_window_) {
        return Clock::duration::zero();
    }
    // Once this one leaves the window, max_per_window_ - 1 remain.
    std::sort(recent.begin(), recent.end());
    const Clock::time_point leaving = recent[recent.size() - max_per_window_];
    return std::max(leaving + kWindow - now, Clock::duration::zero());
}

void DialRateLimiter::record(const std::string& user, Clock::time_point now) {
    auto& dials = dials_[user];
    dials.erase(std::remove_if(dials.begin(), dials.end(),
                               [now](Clock::time_point dial) { return !inWindow(dial, now); }),
                dials.end());
    dials.push_back(now);
    // Only whether there are max_per_window_ in the window matters, so older
    // ones beyond that carry no information.
    while (dials.size() > max_per_window_) {
        dials.pop_front();
    }
    if (dials_.size() >= sweep_when_users_reach_) {
        sweep(now);
        sweep_when_users_reach_ = std::max(kMinSweepUsers, 2 * dials_.size());
    }
}

void DialRateLimiter::sweep(Clock::time_point now) {
    for (auto it = dials_.begin(); it != dials_.end();) {
        auto& dials = it->second;
        dials.erase(std::remove_if(dials.begin(), dials.end(),
                                   [now](Clock::time_point dial) { return !inWindow(dial, now); }),
                    dials.end());
        it = dials.empty() ? dials_.erase(it) : std::next(it);
    }
}

std::size_t DialRateLimiter::trackedDials() const {
    std::size_t total = 0;
    for (const auto& [user, dials] : dials_) {
        total += dials.size();
    }
    return total;
}

}  // namespace confab::policy
