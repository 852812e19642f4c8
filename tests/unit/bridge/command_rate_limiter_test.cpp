#include "confab/bridge/command_rate_limiter.h"

#include <gtest/gtest.h>

namespace confab::bridge {
namespace {

using Verdict = CommandRateLimiter::Verdict;
using std::chrono::milliseconds;

TEST(CommandRateLimiterTest, BurstThenOneReplyThenSilence) {
    CommandRateLimiter limiter({.burst = 3, .per_second = 1, .max_senders = 100});
    const auto t0 = CommandRateLimiter::Clock::time_point{} + std::chrono::hours(1);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.admit("bob@example.com", t0), Verdict::Allowed) << i;
    EXPECT_EQ(limiter.admit("bob@example.com", t0), Verdict::RefusedWithReply);
    EXPECT_EQ(limiter.admit("bob@example.com", t0 + milliseconds(100)), Verdict::RefusedSilently);
    EXPECT_EQ(limiter.admit("bob@example.com", t0 + milliseconds(200)), Verdict::RefusedSilently);
    EXPECT_EQ(limiter.refused(), 3u);
    EXPECT_NEAR(limiter.secondsUntilAllowed("bob@example.com", t0 + milliseconds(200)), 0.8, 1e-6);
    // Another sender is not affected.
    EXPECT_EQ(limiter.admit("carol@example.com", t0), Verdict::Allowed);
}

TEST(CommandRateLimiterTest, RefillsAtTheConfiguredRateAndRepliesAgainAfterRecovering) {
    CommandRateLimiter limiter({.burst = 2, .per_second = 2, .max_senders = 100});
    const auto t0 = CommandRateLimiter::Clock::time_point{} + std::chrono::hours(1);
    EXPECT_EQ(limiter.admit("bob", t0), Verdict::Allowed);
    EXPECT_EQ(limiter.admit("bob", t0), Verdict::Allowed);
    EXPECT_EQ(limiter.admit("bob", t0), Verdict::RefusedWithReply);
    EXPECT_EQ(limiter.admit("bob", t0 + milliseconds(400)), Verdict::RefusedSilently);  // 0.8 tokens
    EXPECT_EQ(limiter.admit("bob", t0 + milliseconds(500)), Verdict::Allowed);          // 1.0
    // Refused again later: a new run of refusals gets one reply again.
    EXPECT_EQ(limiter.admit("bob", t0 + milliseconds(500)), Verdict::RefusedWithReply);
    // A long pause refills only up to the burst.
    const auto later = t0 + std::chrono::seconds(60);
    EXPECT_EQ(limiter.admit("bob", later), Verdict::Allowed);
    EXPECT_EQ(limiter.admit("bob", later), Verdict::Allowed);
    EXPECT_NE(limiter.admit("bob", later), Verdict::Allowed);
}

TEST(CommandRateLimiterTest, SenderTableIsBoundedAndIdleSendersMakeRoom) {
    CommandRateLimiter limiter({.burst = 2, .per_second = 1, .max_senders = 3});
    const auto t0 = CommandRateLimiter::Clock::time_point{} + std::chrono::hours(1);
    EXPECT_EQ(limiter.admit("a", t0), Verdict::Allowed);
    EXPECT_EQ(limiter.admit("b", t0), Verdict::Allowed);
    EXPECT_EQ(limiter.admit("c", t0), Verdict::Allowed);
    // Full, and nobody has refilled yet: a fourth sender is refused.
    EXPECT_EQ(limiter.admit("d", t0), Verdict::RefusedSilently);
    EXPECT_EQ(limiter.senders(), 3u);
    // A second later a, b and c are full again (idle) and make room.
    EXPECT_EQ(limiter.admit("d", t0 + std::chrono::seconds(1)), Verdict::Allowed);
    EXPECT_LE(limiter.senders(), 3u);
}

}  // namespace
}  // namespace confab::bridge
