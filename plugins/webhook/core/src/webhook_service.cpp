#include "confab/webhook/webhook_service.h"

#include "confab/webhook/https_transport.h"
#include "confab/webhook/signature.h"
#include "confab/webhook/webhook_payload.h"

namespace confab::webhook {

TransportFactory httpsTransportFactory() {
    return [](const WebhookUrl& url, const WebhookSettings& settings) {
        return std::make_unique<HttpsTransport>(url, settings.ca_file, settings.timeout);
    };
}

WebhookService::WebhookService(WebhookSettings settings, LogFn log, TransportFactory factory)
    : settings_(std::move(settings)), log_(std::move(log)) {
    for (const auto& url : settings_.urls) {
        DeliveryWorker::Options options;
        options.label = url.text;
        options.secret = settings_.secret;
        options.retry = settings_.retry;
        options.queue_limit = settings_.queue_limit;
        workers_.push_back(
            std::make_unique<DeliveryWorker>(std::move(options), factory(url, settings_), log_));
    }
}

WebhookService::~WebhookService() { close(); }

void WebhookService::onEvent(const confab_event& event) {
    const int kind = eventKind(event);
    if (closed_ || !settings_.events.accepts(kind)) return;
    auto body = payloadJson(event, sequence_ + 1);
    if (!body) {
        // A newer host's event kind, or a struct from a host too old: counted,
        // logged once, never guessed at.
        if (ignored_++ == 0) {
            log_(CONFAB_LOG_WARN, "ignoring an event of unknown kind " + std::to_string(kind) +
                                      " or size " + std::to_string(event.struct_size) +
                                      " (logged once)");
        }
        return;
    }
    ++sequence_;
    auto delivery = std::make_shared<Delivery>();
    delivery->body = std::move(*body);
    delivery->id = newDeliveryId();
    delivery->sequence = sequence_;
    delivery->event = std::string(*eventName(kind));
    const DeliveryPtr shared = std::move(delivery);
    for (auto& worker : workers_) worker->enqueue(shared);
}

void WebhookService::close() {
    if (closed_) return;
    closed_ = true;
    for (auto& worker : workers_) worker->requestStop();
    for (auto& worker : workers_) worker->stop();
    for (std::size_t i = 0; i < workers_.size(); ++i) {
        const DeliveryStats stats = workers_[i]->stats();
        log_(CONFAB_LOG_INFO, settings_.urls[i].text + ": " + std::to_string(stats.delivered) +
                                  " delivered, " + std::to_string(stats.failed) + " failed, " +
                                  std::to_string(stats.retries) + " retries, " +
                                  std::to_string(stats.dropped) + " dropped, " +
                                  std::to_string(stats.discarded) + " discarded at close");
    }
}

std::vector<DeliveryStats> WebhookService::stats() const {
    std::vector<DeliveryStats> all;
    for (const auto& worker : workers_) all.push_back(worker->stats());
    return all;
}

}  // namespace confab::webhook
