#include "login_throttle.h"

#include <gtest/gtest.h>

namespace confab::web {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
    std::chrono::steady_clock::time_point now{};
    LoginThrottle::Clock function() {
        return [this] { return now; };
    }
};

LoginThrottle::Limits limits(int per_user, int per_ip, std::chrono::seconds lockout) {
    return LoginThrottle::Limits{per_user, per_ip, lockout};
}

TEST(LoginThrottleTest, LocksAUserAfterTooManyFailuresFromAnyAddress) {
    FakeClock clock;
    LoginThrottle throttle(limits(3, 100, 15min), clock.function());
    throttle.recordFailure("alice", "10.0.0.1");
    throttle.recordFailure("alice", "10.0.0.2");
    EXPECT_FALSE(throttle.check("alice", "10.0.0.3").locked);
    throttle.recordFailure("alice", "10.0.0.3");
    auto verdict = throttle.check("alice", "10.0.0.9");
    EXPECT_TRUE(verdict.locked);
    EXPECT_EQ(verdict.retry_after, 15min);
    EXPECT_NE(verdict.reason.find("user"), std::string::npos);
    EXPECT_FALSE(throttle.check("bob", "10.0.0.9").locked);  // other users are not affected
}

TEST(LoginThrottleTest, LocksAnAddressThatTriesManyNames) {
    FakeClock clock;
    LoginThrottle throttle(limits(5, 4, 10min), clock.function());
    for (const char* name : {"a", "b", "c", "d"}) throttle.recordFailure(name, "192.0.2.7");
    auto verdict = throttle.check("e", "192.0.2.7");
    EXPECT_TRUE(verdict.locked);
    EXPECT_NE(verdict.reason.find("address"), std::string::npos);
    EXPECT_FALSE(throttle.check("e", "192.0.2.8").locked);
}

TEST(LoginThrottleTest, UnlocksWhenTheLockoutHasPassed) {
    FakeClock clock;
    LoginThrottle throttle(limits(2, 100, 60s), clock.function());
    throttle.recordFailure("alice", "ip");
    throttle.recordFailure("alice", "ip");
    ASSERT_TRUE(throttle.check("alice", "ip").locked);
    clock.now += 59s;
    auto verdict = throttle.check("alice", "ip");
    EXPECT_TRUE(verdict.locked);
    EXPECT_EQ(verdict.retry_after, 1s);
    // Failures while locked do not make the lockout longer.
    throttle.recordFailure("alice", "ip");
    clock.now += 1s;
    EXPECT_FALSE(throttle.check("alice", "ip").locked);
    // And the count starts afresh.
    throttle.recordFailure("alice", "ip");
    EXPECT_FALSE(throttle.check("alice", "ip").locked);
}

TEST(LoginThrottleTest, FailuresOlderThanTheWindowAreForgotten) {
    FakeClock clock;
    LoginThrottle throttle(limits(3, 100, 60s), clock.function());
    throttle.recordFailure("alice", "ip");
    throttle.recordFailure("alice", "ip");
    clock.now += 61s;
    throttle.recordFailure("alice", "ip");
    EXPECT_FALSE(throttle.check("alice", "ip").locked);
    throttle.recordFailure("alice", "ip");
    throttle.recordFailure("alice", "ip");
    EXPECT_TRUE(throttle.check("alice", "ip").locked);
}

TEST(LoginThrottleTest, SuccessClearsTheUserButNotTheAddress) {
    FakeClock clock;
    LoginThrottle throttle(limits(3, 3, 60s), clock.function());
    throttle.recordFailure("alice", "ip");
    throttle.recordFailure("alice", "ip");
    throttle.recordSuccess("alice");
    throttle.recordFailure("alice", "other-ip");
    throttle.recordFailure("alice", "other-ip");
    EXPECT_FALSE(throttle.check("alice", "third-ip").locked);
    // "ip" has 2 failures left over from before the success.
    throttle.recordFailure("mallory", "ip");
    EXPECT_TRUE(throttle.check("carol", "ip").locked);
}

}  // namespace
}  // namespace confab::web
