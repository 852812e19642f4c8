// WebhookService: what the plugin is once configured: a filter, a sequence
// counter and one DeliveryWorker per URL.
//
// Thread contract: construct, onEvent() and close() on the bridge's control
// thread. onEvent() serialises the event once (a few microseconds), then
// hands the same payload to every worker's enqueue(), which never blocks on
// the network. close() stops every worker (all interrupted first, then
// joined, so the wait is not multiplied by the number of URLs) and logs a
// summary; idempotent, also run by the destructor.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "confab/plugin.h"
#include "confab/webhook/delivery_worker.h"
#include "confab/webhook/webhook_settings.h"

namespace confab::webhook {

using TransportFactory = std::function<std::unique_ptr<DeliveryTransport>(
    const WebhookUrl& url, const WebhookSettings& settings)>;

// Makes an HttpsTransport.
TransportFactory httpsTransportFactory();

class WebhookService {
public:
    WebhookService(WebhookSettings settings, LogFn log,
                   TransportFactory factory = httpsTransportFactory());
    ~WebhookService();
    WebhookService(const WebhookService&) = delete;
    WebhookService& operator=(const WebhookService&) = delete;

    void onEvent(const confab_event& event);
    void close();

    std::uint64_t lastSequence() const { return sequence_; }
    std::uint64_t ignoredEvents() const { return ignored_; }  // unknown kind or too small
    std::vector<DeliveryStats> stats() const;

private:
    WebhookSettings settings_;
    LogFn log_;
    std::vector<std::unique_ptr<DeliveryWorker>> workers_;
    std::uint64_t sequence_ = 0;
    std::uint64_t ignored_ = 0;
    bool closed_ = false;
};

}  // namespace confab::webhook
