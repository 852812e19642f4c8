// CommandRateLimiter: how many chat commands one sender may give the bridge.
//
// Every command costs work on the control thread and may place a call, so a
// buggy script or a hostile account must not be able to flood it. Each sender
// (a bare JID) has a token bucket: `burst` commands at once, refilled at
// `per_second`. When the bucket is empty the command is refused; the first
// refusal of a run gets a reply (so a person knows why), the rest are dropped
// silently (so a flood does not turn into a flood of replies).
//
// Memory is bounded: at most `max_senders` buckets are kept; when a new sender
// arrives at the limit, buckets that have refilled completely (idle senders)
// are dropped first, and if none has, the new sender shares the refusal.
//
// Thread contract: not thread-safe; owned by the control thread, like the
// conference service that calls it.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

namespace confab::bridge {

struct CommandRateSettings {
    double burst = 30.0;        // commands allowed at once
    double per_second = 5.0;    // refill rate
    std::size_t max_senders = 10000;
};

class CommandRateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    enum class Verdict {
        Allowed,
        RefusedWithReply,  // tell the sender to slow down
        RefusedSilently,   // already told
    };

    explicit CommandRateLimiter(CommandRateSettings settings = {});

    Verdict admit(const std::string& sender, Clock::time_point now);
    // Seconds until `sender` may give one more command (0 if now).
    double secondsUntilAllowed(const std::string& sender, Clock::time_point now) const;

    std::size_t senders() const { return buckets_.size(); }
    std::size_t refused() const { return refused_; }

private:
    struct Bucket {
        double tokens = 0.0;
        Clock::time_point updated{};
        bool told = false;
    };

    double tokensAt(const Bucket& bucket, Clock::time_point now) const;
    void makeRoom(Clock::time_point now);

    CommandRateSettings settings_;
    std::unordered_map<std::string, Bucket> buckets_;
    std::size_t refused_ = 0;
};

}  // namespace confab::bridge
