// RetryPolicy: when a webhook delivery is tried again. Exponential backoff:
// the wait before attempt n (n >= 2) is initial * 2^(n-2), capped at `max`
// (0.5 s, 1 s, 2 s, 4 s ... 30 s by default); at most `max_attempts` tries.
// A connection error, a timeout (status 0) or a 5xx answer is retried; any
// other answer (2xx delivered, 3xx/4xx the receiver's decision) is final, so
// a misconfigured receiver answering 401 is not hammered. Plain values, no
// thread of its own.
#pragma once

#include <chrono>
#include <string>

namespace confab::webhook {

struct RetryPolicy {
    std::chrono::milliseconds initial{500};
    std::chrono::milliseconds max{30000};
    int max_attempts = 5;

    // The wait before attempt `attempt` (2 is the first retry); 0 for attempt <= 1.
    std::chrono::milliseconds delayBefore(int attempt) const;
};

// What one HTTP attempt came to. status 0: no HTTP answer (connect, TLS,
// certificate or timeout error, described in `error`).
struct DeliveryOutcome {
    int status = 0;
    std::string error;
};

enum class DeliveryVerdict { Delivered, Retry, GiveUp };

DeliveryVerdict classifyOutcome(const DeliveryOutcome& outcome);

}  // namespace confab::webhook
