#include "confab/webhook/retry_policy.h"

namespace confab::webhook {

std::chrono::milliseconds RetryPolicy::delayBefore(int attempt) const {
    if (attempt <= 1) return std::chrono::milliseconds{0};
    std::chrono::milliseconds delay = initial;
    // Doubling stops at the cap, so a large attempt number cannot overflow.
    for (int i = 2; i < attempt && delay < max; ++i) delay *= 2;
    return delay < max ? delay : max;
}

DeliveryVerdict classifyOutcome(const DeliveryOutcome& outcome) {
    if (outcome.status >= 200 && outcome.status < 300) return DeliveryVerdict::Delivered;
    if (outcome.status == 0 || outcome.status >= 500) return DeliveryVerdict::Retry;
    return DeliveryVerdict::GiveUp;
}

}  // namespace confab::webhook
