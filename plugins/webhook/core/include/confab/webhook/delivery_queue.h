// DeliveryQueue: the bounded FIFO of one webhook URL. When it is full the
// OLDEST waiting delivery is dropped to make room: a CRM screen pop about a
// call that started a minute ago is worth less than the newest event, and
// the receiver sees the gap in `sequence`. Drops are counted.
// Not thread-safe on its own: DeliveryWorker guards it with its mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace confab::webhook {

// One event's payload, shared by the queues of every URL.
struct Delivery {
    std::string body;         // JSON
    std::string id;           // X-Confab-Delivery
    std::uint64_t sequence = 0;
    std::string event;        // "leg.state", for log lines
};
using DeliveryPtr = std::shared_ptr<const Delivery>;

class DeliveryQueue {
public:
    explicit DeliveryQueue(std::size_t limit);  // limit >= 1

    // Appends; returns how many deliveries were dropped to make room (0 or 1).
    std::size_t push(DeliveryPtr delivery);
    std::optional<DeliveryPtr> pop();
    // Empties the queue; returns how many were waiting.
    std::size_t clear();

    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    std::size_t limit() const { return limit_; }
    std::uint64_t droppedTotal() const { return dropped_total_; }

private:
    std::size_t limit_;
    std::deque<DeliveryPtr> items_;
    std::uint64_t dropped_total_ = 0;
};

}  // namespace confab::webhook
