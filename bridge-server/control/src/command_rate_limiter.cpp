#include "confab/bridge/command_rate_limiter.h"

#include <algorithm>

namespace confab::bridge {

CommandRateLimiter::CommandRateLimiter(CommandRateSettings settings) : settings_(settings) {}

double CommandRateLimiter::tokensAt(const Bucket& bucket, Clock::time_point now) const {
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    return std::min(settings_.burst, bucket.tokens + std::max(0.0, elapsed) * settings_.per_second);
}

void CommandRateLimiter::makeRoom(Clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        if (tokensAt(it->second, now) >= settings_.burst) {
            it = buckets_.erase(it);
        } else {
            ++it;
        }
    }
}

CommandRateLimiter::Verdict CommandRateLimiter::admit(const std::string& sender, Clock::time_point now) {
    auto found = buckets_.find(sender);
    if (found == buckets_.end()) {
        if (buckets_.size() >= settings_.max_senders) makeRoom(now);
        if (buckets_.size() >= settings_.max_senders) {
            // Every known sender is busy: this is a flood from many accounts.
            ++refused_;
            return Verdict::RefusedSilently;
        }
        found = buckets_.emplace(sender, Bucket{settings_.burst, now, false}).first;
    }
    Bucket& bucket = found->second;
    bucket.tokens = tokensAt(bucket, now);
    bucket.updated = now;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        bucket.told = false;
        return Verdict::Allowed;
    }
    ++refused_;
    if (bucket.told) return Verdict::RefusedSilently;
    bucket.told = true;
    return Verdict::RefusedWithReply;
}

double CommandRateLimiter::secondsUntilAllowed(const std::string& sender, Clock::time_point now) const {
    const auto found = buckets_.find(sender);
    if (found == buckets_.end()) return 0.0;
    const double tokens = tokensAt(found->second, now);
    if (tokens >= 1.0 || settings_.per_second <= 0.0) return 0.0;
    return (1.0 - tokens) / settings_.per_second;
}

}  // namespace confab::bridge
