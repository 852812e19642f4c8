// webhook: posts conference events as signed JSON to HTTPS URLs, for CRM
// screen pops and chat-ops (confab-webhook-core does the work; the settings,
// payload and signature are documented in its headers webhook_settings.h,
// webhook_payload.h and signature.h).
//
//   [plugins.webhook]
//   urls = ["https://crm.example.com/confab"]
//   secret_file = "/etc/confab/webhook.secret"
//   # ca_file, events, timeout_ms, max_attempts, queue_limit: see webhook_settings.h
//
// Thread contract: init, close and the event listener run on the bridge's
// control thread; the listener only serialises and enqueues. Deliveries run
// on one thread per URL, owned by the service, all joined by close().
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "confab/plugin.h"
#include "confab/webhook/webhook_service.h"
#include "confab/webhook/webhook_settings.h"

namespace {

using confab::webhook::RawWebhookConfig;
using confab::webhook::WebhookService;

const confab_host* g_host = nullptr;
std::unique_ptr<WebhookService> g_service;
std::int64_t g_listener = 0;
bool g_listener_failed_logged = false;

void hostLog(confab_log_level level, const std::string& message) {
    if (g_host != nullptr) g_host->log(g_host, level, message.c_str());
}

// Reads the [plugins.webhook] table; false (after setting `error`) on a key
// of the wrong type.
bool readConfig(const confab_host* host, RawWebhookConfig& raw, std::string& error) {
    const auto array = [&](const char* key) -> std::optional<std::vector<std::string>> {
        const int size = host->config_array_size(host, key);
        if (size == CONFAB_ERR_UNKNOWN) return std::nullopt;
        if (size < 0) {
            error = std::string(key) + " must be an array of strings";
            return std::nullopt;
        }
        std::vector<std::string> items;
        for (int i = 0; i < size; ++i) {
            const char* item = host->config_array_string(host, key, static_cast<std::size_t>(i));
            items.emplace_back(item != nullptr ? item : "");
        }
        return items;
    };
    const auto integer = [&](const char* key) -> std::optional<std::int64_t> {
        std::int64_t value = 0;
        const int result = host->config_int(host, key, &value);
        if (result == CONFAB_OK) return value;
        if (result != CONFAB_ERR_UNKNOWN) error = std::string(key) + " must be an integer";
        return std::nullopt;
    };
    const auto string = [&](const char* key) -> std::optional<std::string> {
        const char* value = host->config_string(host, key);
        if (value != nullptr) return std::string(value);
        // NULL is "absent" or "not a string": an array or a number here is a mistake.
        std::int64_t number = 0;
        if (host->config_int(host, key, &number) != CONFAB_ERR_UNKNOWN) {
            error = std::string(key) + " must be a string";
        }
        return std::nullopt;
    };
    raw.urls = array("urls");
    raw.events = array("events");
    raw.secret_file = string("secret_file");
    raw.ca_file = string("ca_file");
    raw.timeout_ms = integer("timeout_ms");
    raw.max_attempts = integer("max_attempts");
    raw.retry_initial_ms = integer("retry_initial_ms");
    raw.retry_max_ms = integer("retry_max_ms");
    raw.queue_limit = integer("queue_limit");
    return error.empty();
}

void onEvent(void* /*user*/, const confab_event* event) {
    if (event == nullptr || !g_service) return;
    try {
        g_service->onEvent(*event);
    } catch (const std::exception& e) {
        // bad_alloc at worst: lose this event, keep the plugin (and the bridge) going.
        if (!g_listener_failed_logged) {
            g_listener_failed_logged = true;
            hostLog(CONFAB_LOG_ERROR, std::string("event lost: ") + e.what());
        }
    }
}

void closePlugin() noexcept {
    try {
        if (g_host != nullptr && g_listener > 0) g_host->remove(g_host, g_listener);
        g_listener = 0;
        if (g_service) g_service->close();  // joins the workers: they log through g_host
        g_service.reset();
    } catch (...) {
        // Nothing sensible to do at shutdown; never throw across the C ABI.
    }
    g_host = nullptr;
}

int initPlugin(const confab_host* host) noexcept {
    g_host = host;
    try {
        RawWebhookConfig raw;
        std::string error;
        if (!readConfig(host, raw, error)) {
            hostLog(CONFAB_LOG_ERROR, "[plugins.webhook] " + error);
            return 1;
        }
        auto settings = confab::webhook::parseWebhookSettings(raw, &error);
        if (!settings) {
            hostLog(CONFAB_LOG_ERROR, "[plugins.webhook] " + error);
            return 1;
        }
        std::string targets;
        for (const auto& url : settings->urls) targets += (targets.empty() ? "" : ", ") + url.text;
        g_service = std::make_unique<WebhookService>(std::move(*settings), hostLog);
        g_listener = host->add_event_listener(host, onEvent, nullptr);
        if (g_listener <= 0) {
            hostLog(CONFAB_LOG_ERROR, "could not register the event listener (" +
                                          std::to_string(g_listener) + ")");
            g_service.reset();
            return 1;
        }
        hostLog(CONFAB_LOG_INFO, "posting events to " + targets);
        return 0;
    } catch (const std::exception& e) {
        hostLog(CONFAB_LOG_ERROR, std::string("init failed: ") + e.what());
        g_service.reset();
        return 1;
    }
}

}  // namespace

CONFAB_PLUGIN_DESCRIPTOR(webhook) = {
    CONFAB_PLUGIN_ABI_VERSION,
    "webhook",
    "Posts conference events as signed JSON to HTTPS URLs (CRM screen pops, chat-ops)",
    initPlugin,
    closePlugin,
};
