// The backoff schedule and which outcomes are retried.
#include <gtest/gtest.h>

#include "confab/webhook/retry_policy.h"

namespace confab::webhook {
namespace {

using std::chrono::milliseconds;

TEST(WebhookRetryPolicy, DoublesFromHalfASecondUpToThirtySeconds) {
    const RetryPolicy policy;  // defaults: 500 ms, 30 s, 5 attempts
    EXPECT_EQ(policy.max_attempts, 5);
    EXPECT_EQ(policy.delayBefore(1), milliseconds(0));
    EXPECT_EQ(policy.delayBefore(2), milliseconds(500));
    EXPECT_EQ(policy.delayBefore(3), milliseconds(1000));
    EXPECT_EQ(policy.delayBefore(4), milliseconds(2000));
    EXPECT_EQ(policy.delayBefore(5), milliseconds(4000));
    EXPECT_EQ(policy.delayBefore(8), milliseconds(30000));
    EXPECT_EQ(policy.delayBefore(7), milliseconds(16000));
    EXPECT_EQ(policy.delayBefore(1000), milliseconds(30000)) << "capped, no overflow";
}

TEST(WebhookRetryPolicy, HonoursAConfiguredSchedule) {
    RetryPolicy policy;
    policy.initial = milliseconds(20);
    policy.max = milliseconds(50);
    EXPECT_EQ(policy.delayBefore(2), milliseconds(20));
    EXPECT_EQ(policy.delayBefore(3), milliseconds(40));
    EXPECT_EQ(policy.delayBefore(4), milliseconds(50));
}

TEST(WebhookRetryPolicy, RetriesConnectionErrorsAndServerErrorsOnly) {
    EXPECT_EQ(classifyOutcome({200, ""}), DeliveryVerdict::Delivered);
    EXPECT_EQ(classifyOutcome({204, ""}), DeliveryVerdict::Delivered);
    EXPECT_EQ(classifyOutcome({0, "Connection"}), DeliveryVerdict::Retry);
    EXPECT_EQ(classifyOutcome({0, "Read"}), DeliveryVerdict::Retry);
    EXPECT_EQ(classifyOutcome({500, ""}), DeliveryVerdict::Retry);
    EXPECT_EQ(classifyOutcome({503, ""}), DeliveryVerdict::Retry);
    EXPECT_EQ(classifyOutcome({400, ""}), DeliveryVerdict::GiveUp);
    EXPECT_EQ(classifyOutcome({401, ""}), DeliveryVerdict::GiveUp);
    EXPECT_EQ(classifyOutcome({404, ""}), DeliveryVerdict::GiveUp);
    EXPECT_EQ(classifyOutcome({301, ""}), DeliveryVerdict::GiveUp);
}

}  // namespace
}  // namespace confab::webhook
