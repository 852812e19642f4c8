// DialRateLimiter: the sliding 60 s window and its memory bound.
#include "confab/policy/dial_rate_limiter.h"

#include <gtest/gtest.h>

namespace confab::policy {
namespace {

using namespace std::chrono_literals;
using Clock = DialRateLimiter::Clock;

const Clock::time_point kStart = Clock::time_point{} + 1000h;

TEST(PolicyRateLimiterTest, CountsDialsInTheWindowOnly) {
    DialRateLimiter limiter(3);
    limiter.record("a@x", kStart);
    limiter.record("a@x", kStart + 10s);
    EXPECT_EQ(limiter.dialsInWindow("a@x", kStart + 10s), 2U);
    EXPECT_EQ(limiter.dialsInWindow("b@x", kStart + 10s), 0U);
    EXPECT_EQ(limiter.dialsInWindow("a@x", kStart + 59s), 2U);
    EXPECT_EQ(limiter.dialsInWindow("a@x", kStart + 60s), 1U);
    EXPECT_EQ(limiter.dialsInWindow("a@x", kStart + 70s), 0U);
}

TEST(PolicyRateLimiterTest, WaitIsUntilTheOldestCountingDialLeaves) {
    DialRateLimiter limiter(2);
    limiter.record("a@x", kStart);
    EXPECT_EQ(limiter.waitBeforeNextDial("a@x", kStart + 1s), Clock::duration::zero());
    limiter.record("a@x", kStart + 20s);
    EXPECT_EQ(limiter.waitBeforeNextDial("a@x", kStart + 30s), 30s);
    EXPECT_EQ(limiter.waitBeforeNextDial("a@x", kStart + 60s), Clock::duration::zero());
}

TEST(PolicyRateLimiterTest, KeepsAtMostTheLimitPerUser) {
    DialRateLimiter limiter(5);
    for (int i = 0; i < 1000; ++i) {
        limiter.record("a@x", kStart + i * 1ms);
    }
    EXPECT_EQ(limiter.trackedDials(), 5U);
    EXPECT_EQ(limiter.dialsInWindow("a@x", kStart + 1s), 5U);
}

TEST(PolicyRateLimiterTest, ForgetsUsersWhoStoppedDialling) {
    DialRateLimiter limiter(3);
    for (int i = 0; i < 10000; ++i) {
        // Each user dials once, a second apart: at most ~60 are in the window.
        limiter.record("user" + std::to_string(i) + "@x", kStart + i * 1s);
    }
    EXPECT_LE(limiter.trackedUsers(), 2 * 64U + 60U);
    EXPECT_LE(limiter.trackedDials(), limiter.trackedUsers());
}

TEST(PolicyRateLimiterTest, DialsFromTheFutureCount) {
    DialRateLimiter limiter(1);
    limiter.record("a@x", kStart + 30s);
    EXPECT_EQ(limiter.dialsInWindow("a@x", kStart), 1U);
}

}  // namespace
}  // namespace confab::policy
