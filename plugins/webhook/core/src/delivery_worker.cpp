#include "confab/webhook/delivery_worker.h"

#include "confab/webhook/signature.h"

namespace confab::webhook {

namespace {

std::int64_t systemUnixSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

DeliveryWorker::DeliveryWorker(Options options, std::unique_ptr<DeliveryTransport> transport,
                               LogFn log)
    : options_(std::move(options)),
      transport_(std::move(transport)),
      log_(std::move(log)),
      queue_(options_.queue_limit) {
    if (!options_.unix_seconds) options_.unix_seconds = systemUnixSeconds;
    thread_ = std::thread([this] { run(); });
}

DeliveryWorker::~DeliveryWorker() { stop(); }

void DeliveryWorker::enqueue(DeliveryPtr delivery) {
    std::uint64_t report = 0;
    std::uint64_t total = 0;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        const std::size_t dropped = queue_.push(std::move(delivery));
        if (dropped > 0) {
            drops_not_logged_ += dropped;
            const auto now = std::chrono::steady_clock::now();
            if (last_drop_log_ == std::chrono::steady_clock::time_point{} ||
                now - last_drop_log_ >= options_.drop_log_interval) {
                last_drop_log_ = now;
                report = drops_not_logged_;
                total = queue_.droppedTotal();
                drops_not_logged_ = 0;
            }
        }
    }
    wake_.notify_one();
    if (report > 0) {
        log_(CONFAB_LOG_WARN, options_.label + ": queue full (" +
                                  std::to_string(options_.queue_limit) + "), dropped the " +
                                  std::to_string(report) + " oldest event(s); " +
                                  std::to_string(total) + " dropped so far");
    }
}

void DeliveryWorker::requestStop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    transport_->interrupt();
}

void DeliveryWorker::stop() {
    requestStop();
    if (!thread_.joinable()) return;
    thread_.join();
    std::size_t discarded = 0;
    std::uint64_t unlogged = 0;
    {
        std::lock_guard lock(mutex_);
        discarded = queue_.clear();
        unlogged = drops_not_logged_;
        drops_not_logged_ = 0;
    }
    discarded_ += discarded;
    if (discarded > 0 || unlogged > 0) {
        log_(CONFAB_LOG_WARN, options_.label + ": stopped with " + std::to_string(discarded) +
                                  " event(s) undelivered; " + std::to_string(unlogged) +
                                  " more dropped from the full queue since the last report");
    }
}

DeliveryStats DeliveryWorker::stats() const {
    DeliveryStats stats;
    stats.delivered = delivered_;
    stats.failed = failed_;
    stats.retries = retries_;
    stats.discarded = discarded_;
    std::lock_guard lock(mutex_);
    stats.dropped = queue_.droppedTotal();
    return stats;
}

std::size_t DeliveryWorker::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void DeliveryWorker::run() {
    for (;;) {
        DeliveryPtr delivery;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            delivery = *queue_.pop();
        }
        deliver(*delivery);
    }
}

void DeliveryWorker::deliver(const Delivery& delivery) {
    const std::string what = delivery.event + " #" + std::to_string(delivery.sequence);
    for (int attempt = 1;; ++attempt) {
        if (attempt > 1) {
            ++retries_;
            if (!waitBeforeRetry(options_.retry.delayBefore(attempt))) {
                ++discarded_;
                return;
            }
        }
        const std::int64_t timestamp = options_.unix_seconds();
        const HeaderList headers{
            {"X-Confab-Timestamp", std::to_string(timestamp)},
            {"X-Confab-Signature", signatureHeaderValue(options_.secret, timestamp, delivery.body)},
            {"X-Confab-Delivery", delivery.id},
            {"User-Agent", "confab-webhook/1"}};
        const DeliveryOutcome outcome = transport_->post(delivery.body, headers);
        {
            std::lock_guard lock(mutex_);
            if (stopping_) {
                // Interrupted mid-request: not the receiver's failure.
                if (classifyOutcome(outcome) != DeliveryVerdict::Delivered) ++discarded_;
                else ++delivered_;
                return;
            }
        }
        const std::string result = outcome.status != 0
                                       ? "HTTP " + std::to_string(outcome.status)
                                       : outcome.error;
        switch (classifyOutcome(outcome)) {
            case DeliveryVerdict::Delivered:
                ++delivered_;
                if (attempt > 1) {
                    log_(CONFAB_LOG_INFO, options_.label + ": " + what + " delivered at attempt " +
                                              std::to_string(attempt));
                }
                return;
            case DeliveryVerdict::GiveUp:
                ++failed_;
                log_(CONFAB_LOG_WARN, options_.label + ": " + what + " refused (" + result +
                                          "), not retried");
                return;
            case DeliveryVerdict::Retry:
                if (attempt >= options_.retry.max_attempts) {
                    ++failed_;
                    log_(CONFAB_LOG_WARN, options_.label + ": " + what + " given up after " +
                                              std::to_string(attempt) + " attempt(s): " + result);
                    return;
                }
                log_(CONFAB_LOG_DEBUG, options_.label + ": " + what + " attempt " +
                                           std::to_string(attempt) + " failed (" + result +
                                           "), retrying in " +
                                           std::to_string(options_.retry.delayBefore(attempt + 1).count()) +
                                           " ms");
                break;
        }
    }
}

bool DeliveryWorker::waitBeforeRetry(std::chrono::milliseconds delay) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, delay, [this] { return stopping_; });
}

}  // namespace confab::webhook
