// DeliveryWorker with a scripted transport: order, signing per attempt,
// backoff on 5xx/connection errors, no retry on 4xx, drop-oldest under
// load without blocking the caller, and a prompt stop.
#include <gtest/gtest.h>

#include <thread>

#include "confab/webhook/delivery_worker.h"
#include "confab/webhook/signature.h"
#include "scripted_transport.h"

namespace confab::webhook {
namespace {

using namespace std::chrono_literals;
using test::LogLines;
using test::Script;
using test::ScriptedTransport;

constexpr std::int64_t kNow = 1714564803;
const std::string kSecret = "a-test-secret-of-some-length";

DeliveryPtr delivery(std::uint64_t sequence) {
    auto d = std::make_shared<Delivery>();
    d->sequence = sequence;
    d->id = "id-" + std::to_string(sequence);
    d->event = "leg.state";
    d->body = R"({"sequence":)" + std::to_string(sequence) + "}";
    return d;
}

struct Fixture {
    std::shared_ptr<Script> script = std::make_shared<Script>();
    LogLines log;
    std::unique_ptr<DeliveryWorker> worker;

    explicit Fixture(RetryPolicy retry = fastRetry(), std::size_t queue_limit = 100) {
        DeliveryWorker::Options options;
        options.label = "https://receiver.test/hook";
        options.secret = kSecret;
        options.retry = retry;
        options.queue_limit = queue_limit;
        options.unix_seconds = [] { return kNow; };
        worker = std::make_unique<DeliveryWorker>(
            std::move(options), std::make_unique<ScriptedTransport>(script), log.fn());
    }
    static RetryPolicy fastRetry() {
        RetryPolicy retry;
        retry.initial = 20ms;
        retry.max = 40ms;
        retry.max_attempts = 4;
        return retry;
    }
};

TEST(WebhookDeliveryWorker, DeliversInOrderSignedAndIdentified) {
    Fixture f;
    for (std::uint64_t s = 1; s <= 3; ++s) f.worker->enqueue(delivery(s));
    ASSERT_TRUE(f.script->waitForCalls(3, 5s));
    const auto calls = f.script->snapshot();
    for (std::uint64_t s = 1; s <= 3; ++s) {
        const auto& call = calls[s - 1];
        EXPECT_EQ(call.body, delivery(s)->body);
        EXPECT_EQ(call.header("X-Confab-Timestamp"), std::to_string(kNow));
        EXPECT_EQ(call.header("X-Confab-Signature"),
                  "sha256=" + hmacSha256Hex(kSecret, std::to_string(kNow) + "." + call.body));
        EXPECT_EQ(call.header("X-Confab-Delivery"), "id-" + std::to_string(s));
    }
    f.worker->stop();
    EXPECT_EQ(f.worker->stats().delivered, 3u);
}

TEST(WebhookDeliveryWorker, RetriesServerErrorsWithGrowingBackoff) {
    Fixture f;
    f.script->outcomes = {{500, ""}, {0, "Connection"}, {503, ""}, {200, ""}};
    f.worker->enqueue(delivery(1));
    ASSERT_TRUE(f.script->waitForCalls(4, 5s)) << f.log.all();
    const auto calls = f.script->snapshot();
    EXPECT_GE(calls[1].at - calls[0].at, 20ms);
    EXPECT_GE(calls[2].at - calls[1].at, 40ms);
    EXPECT_GE(calls[3].at - calls[2].at, 40ms) << "capped at retry.max";
    for (const auto& call : calls) EXPECT_EQ(call.header("X-Confab-Delivery"), "id-1");
    // The 4th answer is handled after post() returned: wait for it, not for the call.
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (f.worker->stats().delivered == 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
    }
    f.worker->stop();
    const auto stats = f.worker->stats();
    EXPECT_EQ(stats.delivered, 1u);
    EXPECT_EQ(stats.retries, 3u);
    EXPECT_EQ(stats.failed, 0u);
    EXPECT_EQ(f.log.countContaining("delivered at attempt 4"), 1u) << f.log.all();
}

TEST(WebhookDeliveryWorker, ClientErrorsAreNotRetried) {
    Fixture f;
    f.script->outcomes = {{404, ""}};
    f.worker->enqueue(delivery(1));
    f.worker->enqueue(delivery(2));
    ASSERT_TRUE(f.script->waitForCalls(2, 5s));
    f.worker->stop();
    const auto calls = f.script->snapshot();
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[1].header("X-Confab-Delivery"), "id-2") << "the 404 was not tried again";
    EXPECT_EQ(f.worker->stats().failed, 1u);
    EXPECT_EQ(f.log.countContaining("HTTP 404"), 1u) << f.log.all();
    EXPECT_EQ(f.log.countContaining("not retried"), 1u) << f.log.all();
}

TEST(WebhookDeliveryWorker, GivesUpAfterMaxAttempts) {
    Fixture f;  // 4 attempts
    f.script->outcomes = {{500, ""}, {500, ""}, {500, ""}, {500, ""}};
    f.worker->enqueue(delivery(1));
    f.worker->enqueue(delivery(2));
    ASSERT_TRUE(f.script->waitForCalls(5, 5s));
    f.worker->stop();
    const auto calls = f.script->snapshot();
    ASSERT_EQ(calls.size(), 5u);
    EXPECT_EQ(calls[3].header("X-Confab-Delivery"), "id-1");
    EXPECT_EQ(calls[4].header("X-Confab-Delivery"), "id-2");
    const auto stats = f.worker->stats();
    EXPECT_EQ(stats.failed, 1u);
    EXPECT_EQ(stats.delivered, 1u);
    EXPECT_EQ(f.log.countContaining("given up after 4 attempt(s)"), 1u) << f.log.all();
}

TEST(WebhookDeliveryWorker, StopCutsABackoffWaitShort) {
    RetryPolicy slow;
    slow.initial = 20s;
    slow.max = 30s;
    Fixture f(slow);
    f.script->outcomes = {{500, ""}};
    f.worker->enqueue(delivery(1));
    ASSERT_TRUE(f.script->waitForCalls(1, 5s));
    const auto start = std::chrono::steady_clock::now();
    f.worker->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
    EXPECT_EQ(f.worker->stats().discarded, 1u);
}

TEST(WebhookDeliveryWorker, StopInterruptsARequestInProgress) {
    Fixture f;
    f.script->block = true;  // a receiver that never answers
    f.worker->enqueue(delivery(1));
    f.worker->enqueue(delivery(2));
    ASSERT_TRUE(f.script->waitForCalls(1, 5s));
    const auto start = std::chrono::steady_clock::now();
    f.worker->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
    EXPECT_EQ(f.worker->stats().discarded, 2u) << "the one in flight and the one queued";
    EXPECT_EQ(f.script->snapshot().size(), 1u) << "nothing sent after the interrupt";
    f.worker->stop();  // idempotent
}

TEST(WebhookDeliveryWorker, AStuckReceiverNeverBlocksEnqueueAndDropsOldestFirst) {
    Fixture f(Fixture::fastRetry(), 5);
    f.script->block = true;
    f.worker->enqueue(delivery(1));
    ASSERT_TRUE(f.script->waitForCalls(1, 5s));  // #1 is in flight, stuck
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t s = 2; s <= 1001; ++s) f.worker->enqueue(delivery(s));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms) << "1000 enqueues must not wait";
    EXPECT_EQ(f.worker->queued(), 5u);
    EXPECT_EQ(f.worker->stats().dropped, 995u);
    // Rate-limited: one line for the burst, not 995.
    EXPECT_EQ(f.log.countContaining("queue full"), 1u) << f.log.all();
    EXPECT_EQ(f.log.countContaining("dropped the 1 oldest"), 1u) << f.log.all();

    // The newest five survived: once the receiver answers they follow #1.
    f.script->release();
    ASSERT_TRUE(f.script->waitForCalls(6, 5s));
    const auto calls = f.script->snapshot();
    ASSERT_EQ(calls.size(), 6u);
    EXPECT_EQ(calls[0].header("X-Confab-Delivery"), "id-1");
    for (std::size_t i = 1; i < 6; ++i) {
        EXPECT_EQ(calls[i].header("X-Confab-Delivery"), "id-" + std::to_string(996 + i));
    }
    f.worker->stop();
    EXPECT_EQ(f.worker->stats().delivered, 6u);
    EXPECT_NE(f.log.all().find("994 more dropped"), std::string::npos) << f.log.all();
}

}  // namespace
}  // namespace confab::webhook
