// DeliveryWorker: one webhook URL's queue and the thread that empties it.
//
// Thread contract:
//   enqueue() runs on the bridge's control thread (any thread is fine): it
//     takes the mutex only to push onto the bounded queue and notify, never
//     waits for the network, so a slow or dead receiver cannot delay the
//     bridge. A full queue drops its oldest delivery; drops are counted and
//     logged at most once per 10 s.
//   The worker thread (started by the constructor) pops deliveries in order
//     and sends each, signed afresh per attempt, through its transport;
//     failures are retried per RetryPolicy, waiting on the condition
//     variable so stop() cuts a backoff short. Events to one URL are
//     delivered in order: a delivery being retried holds back later ones.
//   stop() (any thread but the worker's; the destructor calls it) sets the
//     stop flag, wakes the worker, interrupts a request in progress and joins.
//     It returns within about one poll of the transport, not after
//     timeout_ms. What was still queued is discarded (counted, logged).
// Data guarded by mutex_: queue_, stopping_, the drop-log state. Counters are atomics.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "confab/plugin.h"
#include "confab/webhook/delivery_queue.h"
#include "confab/webhook/delivery_transport.h"
#include "confab/webhook/retry_policy.h"

namespace confab::webhook {

using LogFn = std::function<void(confab_log_level, const std::string&)>;

struct DeliveryStats {
    std::uint64_t delivered = 0;   // answered 2xx
    std::uint64_t failed = 0;      // given up: 4xx, or every attempt failed
    std::uint64_t retries = 0;     // attempts after the first
    std::uint64_t dropped = 0;     // pushed out of a full queue
    std::uint64_t discarded = 0;   // still queued at stop()
};

class DeliveryWorker {
public:
    struct Options {
        std::string label;  // the URL, for log lines
        std::string secret;
        RetryPolicy retry;
        std::size_t queue_limit = 1000;
        std::chrono::seconds drop_log_interval{10};
        // Unix seconds for X-Confab-Timestamp; the system clock by default.
        std::function<std::int64_t()> unix_seconds;
    };

    DeliveryWorker(Options options, std::unique_ptr<DeliveryTransport> transport, LogFn log);
    ~DeliveryWorker();
    DeliveryWorker(const DeliveryWorker&) = delete;
    DeliveryWorker& operator=(const DeliveryWorker&) = delete;

    void enqueue(DeliveryPtr delivery);
    // Sets the stop flag, wakes the worker and interrupts its request, without
    // waiting: WebhookService calls it on every worker before joining any.
    void requestStop();
    void stop();  // requestStop(), then join

    DeliveryStats stats() const;
    std::size_t queued() const;

private:
    void run();
    void deliver(const Delivery& delivery);
    bool waitBeforeRetry(std::chrono::milliseconds delay);  // false when stopping

    Options options_;
    std::unique_ptr<DeliveryTransport> transport_;
    LogFn log_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    DeliveryQueue queue_;
    bool stopping_ = false;
    std::chrono::steady_clock::time_point last_drop_log_{};
    std::uint64_t drops_not_logged_ = 0;

    std::atomic<std::uint64_t> delivered_{0};
    std::atomic<std::uint64_t> failed_{0};
    std::atomic<std::uint64_t> retries_{0};
    std::atomic<std::uint64_t> discarded_{0};
    std::thread thread_;  // last: started once everything above exists
};

}  // namespace confab::webhook
