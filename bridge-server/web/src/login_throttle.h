// LoginThrottle: slows password guessing on the admin login. Failures are
// counted per user name and per client address; once a name reaches
// max_failures_per_user (or an address max_failures_per_ip) within `lockout`,
// that name (or address) is locked for `lockout`, whatever password comes.
// A successful login clears the name's count but not the address's, so one
// valid account cannot be used to keep guessing others from one address.
//
// Thread contract: every member may be called from any web thread at once;
// one mutex guards the counters.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace confab::web {

class LoginThrottle {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    struct Limits {
        int max_failures_per_user = 5;
        int max_failures_per_ip = 20;
        std::chrono::seconds lockout{15 * 60};
    };

    // Counters are kept for at most this many names and addresses each; the
    // oldest are forgotten first, so a flood of made-up names cannot grow
    // memory without bound.
    static constexpr std::size_t kMaxTracked = 10000;

    explicit LoginThrottle(Limits limits, Clock clock = [] { return std::chrono::steady_clock::now(); });

    struct Verdict {
        bool locked = false;
        std::chrono::seconds retry_after{0};  // while locked: how long until it unlocks
        std::string reason;                   // "too many failed logins for this user", ...
    };
    // Whether an attempt for `user` from `ip` may be checked at all.
    Verdict check(const std::string& user, const std::string& ip);
    // Counts one failed attempt; may start a lockout.
    void recordFailure(const std::string& user, const std::string& ip);
    void recordSuccess(const std::string& user);

  private:
    struct Counter {
        std::deque<std::chrono::steady_clock::time_point> failures;  // within the window
        std::chrono::steady_clock::time_point locked_until{};
        std::chrono::steady_clock::time_point last_seen{};
    };
    using Counters = std::map<std::string, Counter>;

    void count(Counters& counters, const std::string& key, int max_failures,
               std::chrono::steady_clock::time_point now);
    std::chrono::seconds lockedFor(const Counters& counters, const std::string& key,
                                   std::chrono::steady_clock::time_point now) const;

    const Limits limits_;
    const Clock clock_;
    std::mutex mutex_;
    Counters by_user_;
    Counters by_ip_;
};

}  // namespace confab::web
