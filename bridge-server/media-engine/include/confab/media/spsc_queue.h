// SpscQueue: a bounded, lock-free, single-producer single-consumer ring.
//
// The media engine's threads talk only through these: control -> media
// (commands), media -> control (events, objects handed back for
// destruction), media -> a tap reader (audio copies). Every slot is
// allocated in the constructor; pushing and popping move-assign into and out
// of existing slots, so neither side allocates (as long as T's move
// assignment does not, true for PODs, unique_ptr and shared_ptr). A full
// queue refuses the push: the caller decides whether that is counted
// (media thread) or reported (control thread). Nobody ever waits.
//
// Thread contract: exactly one thread calls the producer side (tryPush,
// tryProduce) and exactly one thread calls the consumer side (tryPop,
// tryConsume) for the queue's lifetime. capacity() and sizeApprox() are
// safe anywhere. Lamport ring with cached indices (one acquire load per
// refill, not per operation).
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <utility>
#include <vector>

namespace confab::media {

template <typename T>
class SpscQueue {
  public:
    // Capacity is rounded up to a power of two (at least 2).
    explicit SpscQueue(std::size_t min_capacity)
        : slots_(std::bit_ceil(std::max<std::size_t>(min_capacity, 2))), mask_(slots_.size() - 1) {}
    SpscQueue(const SpscQueue&) = delete;
    SpscQueue& operator=(const SpscQueue&) = delete;

    // Producer: move `value` in; false (value untouched) when full.
    bool tryPush(T&& value) {
        return tryProduce([&](T& slot) { slot = std::move(value); });
    }
    // Producer: `fill(T& slot)` writes the element in place (no temporary).
    template <typename Fill>
    bool tryProduce(Fill&& fill) {
        const std::size_t head = head_.load(std::memory_order_relaxed);
        if (head - cached_tail_ == slots_.size()) {
            cached_tail_ = tail_.load(std::memory_order_acquire);
            if (head - cached_tail_ == slots_.size()) return false;
        }
        fill(slots_[head & mask_]);
        head_.store(head + 1, std::memory_order_release);
        return true;
    }

    // Consumer: move the oldest element out; false when empty.
    bool tryPop(T& out) {
        return tryConsume([&](T& slot) { out = std::move(slot); });
    }
    // Consumer: `take(T& slot)` reads (or moves from) the oldest element.
    template <typename Take>
    bool tryConsume(Take&& take) {
        const std::size_t tail = tail_.load(std::memory_order_relaxed);
        if (tail == cached_head_) {
            cached_head_ = head_.load(std::memory_order_acquire);
            if (tail == cached_head_) return false;
        }
        take(slots_[tail & mask_]);
        tail_.store(tail + 1, std::memory_order_release);
        return true;
    }

    std::size_t capacity() const { return slots_.size(); }
    std::size_t sizeApprox() const {
        const std::size_t head = head_.load(std::memory_order_acquire);
        const std::size_t tail = tail_.load(std::memory_order_acquire);
        return head - tail;
    }

  private:
    std::vector<T> slots_;
    const std::size_t mask_;
    // Producer's line: its index and its cached copy of the consumer's.
    alignas(64) std::atomic<std::size_t> head_{0};
    std::size_t cached_tail_ = 0;
    // Consumer's line.
    alignas(64) std::atomic<std::size_t> tail_{0};
    std::size_t cached_head_ = 0;
};

}  // namespace confab::media
