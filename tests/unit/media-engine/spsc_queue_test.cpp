#include "confab/media/spsc_queue.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

namespace confab::media {
namespace {

TEST(SpscQueue, RoundsCapacityUpAndRefusesWhenFull) {
    SpscQueue<int> queue(5);
    EXPECT_EQ(queue.capacity(), 8u);
    for (int i = 0; i < 8; ++i) EXPECT_TRUE(queue.tryPush(int{i}));
    EXPECT_FALSE(queue.tryPush(99));
    EXPECT_EQ(queue.sizeApprox(), 8u);
    int out = -1;
    for (int i = 0; i < 8; ++i) {
        ASSERT_TRUE(queue.tryPop(out));
        EXPECT_EQ(out, i);
    }
    EXPECT_FALSE(queue.tryPop(out));
    EXPECT_TRUE(queue.tryPush(42));  // wraps around
    ASSERT_TRUE(queue.tryPop(out));
    EXPECT_EQ(out, 42);
}

TEST(SpscQueue, MovesOwnershipThroughWithoutLeavingReferencesBehind) {
    SpscQueue<std::shared_ptr<int>> queue(2);
    auto value = std::make_shared<int>(7);
    EXPECT_TRUE(queue.tryPush(std::shared_ptr<int>(value)));
    EXPECT_EQ(value.use_count(), 2);
    std::shared_ptr<int> out;
    ASSERT_TRUE(queue.tryPop(out));
    out.reset();
    EXPECT_EQ(value.use_count(), 1);  // the slot holds nothing after the pop
}

TEST(SpscQueue, InPlaceProduceAndConsume) {
    SpscQueue<std::array<int, 4>> queue(4);
    EXPECT_TRUE(queue.tryProduce([](std::array<int, 4>& slot) { slot = {1, 2, 3, 4}; }));
    int sum = 0;
    EXPECT_TRUE(queue.tryConsume([&](std::array<int, 4>& slot) {
        for (int v : slot) sum += v;
    }));
    EXPECT_EQ(sum, 10);
}

TEST(SpscQueue, TwoThreadsKeepOrderAndLoseNothing) {
    SpscQueue<uint64_t> queue(64);
    constexpr uint64_t kCount = 200000;
    std::thread producer([&] {
        for (uint64_t i = 0; i < kCount;) {
            if (queue.tryPush(uint64_t{i})) ++i;
        }
    });
    uint64_t expected = 0;
    while (expected < kCount) {
        uint64_t value = 0;
        if (queue.tryPop(value)) {
            ASSERT_EQ(value, expected);
            ++expected;
        }
    }
    producer.join();
    EXPECT_EQ(queue.sizeApprox(), 0u);
}

}  // namespace
}  // namespace confab::media
