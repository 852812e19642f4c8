#include "confab/webhook/delivery_queue.h"

namespace confab::webhook {

DeliveryQueue::DeliveryQueue(std::size_t limit) : limit_(limit == 0 ? 1 : limit) {}

std::size_t DeliveryQueue::push(DeliveryPtr delivery) {
    std::size_t dropped = 0;
    while (items_.size() >= limit_) {
        items_.pop_front();
        ++dropped;
    }
    dropped_total_ += dropped;
    items_.push_back(std::move(delivery));
    return dropped;
}

std::optional<DeliveryPtr> DeliveryQueue::pop() {
    if (items_.empty()) return std::nullopt;
    DeliveryPtr front = std::move(items_.front());
    items_.pop_front();
    return front;
}

std::size_t DeliveryQueue::clear() {
    const std::size_t count = items_.size();
    items_.clear();
    return count;
}

}  // namespace confab::webhook
