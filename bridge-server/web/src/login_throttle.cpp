#include "login_throttle.h"

#include <algorithm>

namespace confab::web {

LoginThrottle::LoginThrottle(Limits limits, Clock clock) : limits_(limits), clock_(std::move(clock)) {}

std::chrono::seconds LoginThrottle::lockedFor(const Counters& counters, const std::string& key,
                                              std::chrono::steady_clock::time_point now) const {
    auto found = counters.find(key);
    if (found == counters.end() || found->second.locked_until <= now) return std::chrono::seconds(0);
    // Round up, so "retry after 0 s" is never said while still locked.
    return std::chrono::ceil<std::chrono::seconds>(found->second.locked_until - now);
}

LoginThrottle::Verdict LoginThrottle::check(const std::string& user, const std::string& ip) {
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    Verdict verdict;
    if (auto wait = lockedFor(by_user_, user, now); wait.count() > 0) {
        verdict = {true, wait, "too many failed logins for this user"};
    }
    if (auto wait = lockedFor(by_ip_, ip, now); wait.count() > 0) {
        if (!verdict.locked || wait > verdict.retry_after) {
            verdict = {true, wait, "too many failed logins from this address"};
        }
    }
    return verdict;
}

void LoginThrottle::count(Counters& counters, const std::string& key, int max_failures,
                          std::chrono::steady_clock::time_point now) {
    if (counters.size() >= kMaxTracked && counters.find(key) == counters.end()) {
        auto oldest = std::min_element(counters.begin(), counters.end(), [](const auto& a, const auto& b) {
            return a.second.last_seen < b.second.last_seen;
        });
        counters.erase(oldest);
    }
    Counter& counter = counters[key];
    counter.last_seen = now;
    if (counter.locked_until > now) return;  // already locked: the lockout does not grow
    while (!counter.failures.empty() && now - counter.failures.front() >= limits_.lockout) {
        counter.failures.pop_front();
    }
    counter.failures.push_back(now);
    if (static_cast<int>(counter.failures.size()) >= std::max(1, max_failures)) {
        counter.locked_until = now + limits_.lockout;
        counter.failures.clear();
    }
}

void LoginThrottle::recordFailure(const std::string& user, const std::string& ip) {
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    count(by_user_, user, limits_.max_failures_per_user, now);
    count(by_ip_, ip, limits_.max_failures_per_ip, now);
}

void LoginThrottle::recordSuccess(const std::string& user) {
    std::lock_guard lock(mutex_);
    by_user_.erase(user);
}

}  // namespace confab::web
