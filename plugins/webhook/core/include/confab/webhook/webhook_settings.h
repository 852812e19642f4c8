// WebhookSettings: the plugin's [plugins.webhook] table, checked. Every
// problem is one precise sentence for the bridge's log, and init fails on it:
//
//   urls         array of "https://host[:port]/path", at least one. http://
//                and any other scheme are refused: events name people and
//                phone numbers, they do not travel in clear text.
//   secret_file  required; the HMAC key is its content with surrounding
//                white space trimmed, at least 16 bytes. An absolute path is
//                best: a relative one is resolved by the bridge process's
//                working directory (the plugin cannot see the config's folder).
//   ca_file      optional PEM bundle of the CAs to trust instead of the
//                system's; the certificate chain and the host name (or IP
//                address, against the certificate's subjectAltName) are
//                always verified.
//   events       optional array of event names to send (conference.started,
//                conference.ended, leg.state, talker, dtmf). Default: all but
//                talker, which fires at every start and stop of speech and is
//                rarely wanted by a CRM; list it to get it.
//   timeout_ms   connect and read/write timeout of one attempt, default 5000
//                (100..60000).
//   max_attempts tries per event and URL, default 5 (1..20).
//   retry_initial_ms / retry_max_ms  backoff, default 500 / 30000.
//   queue_limit  events waiting per URL, default 1000 (1..100000); when full
//                the oldest is dropped.
// Pure functions, any thread (loadSecret reads a file).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "confab/webhook/retry_policy.h"

namespace confab::webhook {

struct WebhookUrl {
    std::string text;  // as configured, for log lines
    std::string host;  // without brackets for an IPv6 literal
    int port = 443;
    std::string path;  // "/hook?x=1", "/" when absent
};

// One bit per confab_event_kind.
struct EventFilter {
    std::uint32_t bits = 0;
    bool accepts(int kind) const { return kind > 0 && kind < 32 && (bits >> kind & 1u) != 0; }
    static EventFilter defaults();  // everything but talker
};

struct WebhookSettings {
    std::vector<WebhookUrl> urls;
    std::string secret;
    std::string ca_file;  // "" = the system's CAs
    EventFilter events = EventFilter::defaults();
    std::chrono::milliseconds timeout{5000};
    RetryPolicy retry;
    std::size_t queue_limit = 1000;
};

// The table as the host returned it (types already checked by the glue);
// absent keys are nullopt.
struct RawWebhookConfig {
    std::optional<std::vector<std::string>> urls;
    std::optional<std::string> secret_file;
    std::optional<std::string> ca_file;
    std::optional<std::vector<std::string>> events;
    std::optional<std::int64_t> timeout_ms;
    std::optional<std::int64_t> max_attempts;
    std::optional<std::int64_t> retry_initial_ms;
    std::optional<std::int64_t> retry_max_ms;
    std::optional<std::int64_t> queue_limit;
};

constexpr std::size_t kMinimumSecretBytes = 16;

// nullopt and `error` set when `text` is not an acceptable https URL.
std::optional<WebhookUrl> parseHttpsUrl(const std::string& text, std::string* error);
// The trimmed secret; nullopt and `error` (never containing the secret) on failure.
std::optional<std::string> loadSecret(const std::string& file, std::string* error);
std::optional<EventFilter> parseEventFilter(const std::vector<std::string>& names,
                                            std::string* error);
std::optional<WebhookSettings> parseWebhookSettings(const RawWebhookConfig& raw,
                                                    std::string* error);

}  // namespace confab::webhook
