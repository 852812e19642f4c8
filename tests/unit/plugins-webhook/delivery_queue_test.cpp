// The bounded queue drops the oldest delivery when full and counts it.
#include <gtest/gtest.h>

#include "confab/webhook/delivery_queue.h"

namespace confab::webhook {
namespace {

DeliveryPtr delivery(std::uint64_t sequence) {
    auto d = std::make_shared<Delivery>();
    d->sequence = sequence;
    return d;
}

TEST(WebhookDeliveryQueue, KeepsOrderBelowTheLimit) {
    DeliveryQueue queue(3);
    EXPECT_EQ(queue.push(delivery(1)), 0u);
    EXPECT_EQ(queue.push(delivery(2)), 0u);
    EXPECT_EQ(queue.size(), 2u);
    EXPECT_EQ((*queue.pop())->sequence, 1u);
    EXPECT_EQ((*queue.pop())->sequence, 2u);
    EXPECT_FALSE(queue.pop());
    EXPECT_EQ(queue.droppedTotal(), 0u);
}

TEST(WebhookDeliveryQueue, DropsOldestFirstAndCountsDrops) {
    DeliveryQueue queue(3);
    for (std::uint64_t s = 1; s <= 3; ++s) EXPECT_EQ(queue.push(delivery(s)), 0u);
    EXPECT_EQ(queue.push(delivery(4)), 1u);
    EXPECT_EQ(queue.push(delivery(5)), 1u);
    EXPECT_EQ(queue.size(), 3u);
    EXPECT_EQ(queue.droppedTotal(), 2u);
    EXPECT_EQ((*queue.pop())->sequence, 3u);
    EXPECT_EQ((*queue.pop())->sequence, 4u);
    EXPECT_EQ((*queue.pop())->sequence, 5u);
    // Room again: no more drops.
    EXPECT_EQ(queue.push(delivery(6)), 0u);
    EXPECT_EQ(queue.droppedTotal(), 2u);
}

TEST(WebhookDeliveryQueue, ALimitOfOneKeepsTheNewest) {
    DeliveryQueue queue(1);
    for (std::uint64_t s = 1; s <= 10; ++s) queue.push(delivery(s));
    EXPECT_EQ(queue.droppedTotal(), 9u);
    EXPECT_EQ((*queue.pop())->sequence, 10u);
}

TEST(WebhookDeliveryQueue, ClearCountsWhatWasWaiting) {
    DeliveryQueue queue(5);
    queue.push(delivery(1));
    queue.push(delivery(2));
    EXPECT_EQ(queue.clear(), 2u);
    EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace confab::webhook
