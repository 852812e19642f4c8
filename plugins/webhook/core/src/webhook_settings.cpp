#include "confab/webhook/webhook_settings.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "confab/plugin.h"

namespace confab::webhook {

namespace {

constexpr std::size_t kMaximumSecretBytes = 4096;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool fail(std::string* error, std::string message) {
    if (error != nullptr) *error = std::move(message);
    return false;
}

bool checkRange(const std::optional<std::int64_t>& value, const char* key, std::int64_t low,
                std::int64_t high, std::string* error) {
    if (!value || (*value >= low && *value <= high)) return true;
    return fail(error, std::string(key) + " must be between " + std::to_string(low) + " and " +
                           std::to_string(high) + ", not " + std::to_string(*value));
}

}  // namespace

EventFilter EventFilter::defaults() {
    EventFilter filter;
    for (int kind : {CONFAB_EVENT_CONFERENCE_STARTED, CONFAB_EVENT_CONFERENCE_ENDED,
                     CONFAB_EVENT_LEG_STATE, CONFAB_EVENT_DTMF}) {
        filter.bits |= 1u << kind;
    }
    return filter;
}

std::optional<WebhookUrl> parseHttpsUrl(const std::string& text, std::string* error) {
    const auto refuse = [&](const std::string& why) -> std::optional<WebhookUrl> {
        fail(error, "url \"" + text + "\" " + why);
        return std::nullopt;
    };
    for (unsigned char c : text) {
        if (c <= 0x20 || c == 0x7f) return refuse("contains a space or a control character");
    }
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string::npos) return refuse("is not a URL (expected https://host/path)");
    const std::string scheme = lower(text.substr(0, scheme_end));
    if (scheme == "http") {
        return refuse("is plain http: refused, events are only sent over https");
    }
    if (scheme != "https") return refuse("has scheme " + scheme + ": only https is supported");

    const std::string rest = text.substr(scheme_end + 3);
    const auto path_start = rest.find_first_of("/?#");
    std::string authority = rest.substr(0, path_start);
    WebhookUrl url;
    url.text = text;
    url.path = path_start == std::string::npos ? "/" : rest.substr(path_start);
    if (url.path.find('#') != std::string::npos) url.path.erase(url.path.find('#'));
    if (url.path.empty() || url.path.front() != '/') url.path.insert(0, "/");
    if (authority.find('@') != std::string::npos) {
        return refuse("has user information: put credentials in the receiver's config, "
                      "the signature authenticates the bridge");
    }
    std::string port_text;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string::npos) return refuse("has an unterminated IPv6 address");
        url.host = authority.substr(1, close - 1);
        const std::string after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return refuse("has junk after the IPv6 address");
            port_text = after.substr(1);
        }
    } else {
        const auto colon = authority.rfind(':');
        url.host = authority.substr(0, colon);
        if (colon != std::string::npos) port_text = authority.substr(colon + 1);
    }
    if (url.host.empty()) return refuse("has no host");
    if (!port_text.empty() || authority.back() == ':') {
        if (port_text.empty() || port_text.size() > 5 ||
            !std::all_of(port_text.begin(), port_text.end(),
                         [](unsigned char c) { return std::isdigit(c) != 0; })) {
            return refuse("has an invalid port");
        }
        url.port = std::stoi(port_text);
        if (url.port < 1 || url.port > 65535) return refuse("has a port out of range");
    }
    return url;
}

std::optional<std::string> loadSecret(const std::string& file, std::string* error) {
    if (file.empty()) {
        fail(error, "secret_file is empty");
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        fail(error, "secret_file \"" + file + "\" cannot be read");
        return std::nullopt;
    }
    // Bounded read: a secret_file pointing at something huge is refused, not slurped.
    std::string secret(kMaximumSecretBytes + 64, '\0');
    in.read(secret.data(), static_cast<std::streamsize>(secret.size()));
    secret.resize(static_cast<std::size_t>(in.gcount()));
    const auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
    while (!secret.empty() && is_space(static_cast<unsigned char>(secret.back()))) secret.pop_back();
    const auto first = std::find_if_not(secret.begin(), secret.end(), is_space);
    secret.erase(secret.begin(), first);
    if (secret.size() < kMinimumSecretBytes) {
        fail(error, "secret_file \"" + file + "\" holds " + std::to_string(secret.size()) +
                        " bytes after trimming; the HMAC key needs at least " +
                        std::to_string(kMinimumSecretBytes));
        return std::nullopt;
    }
    if (secret.size() > kMaximumSecretBytes) {
        fail(error, "secret_file \"" + file + "\" is longer than " +
                        std::to_string(kMaximumSecretBytes) + " bytes");
        return std::nullopt;
    }
    return secret;
}

std::optional<EventFilter> parseEventFilter(const std::vector<std::string>& names,
                                            std::string* error) {
    static const std::pair<const char*, int> kNames[] = {
        {"conference.started", CONFAB_EVENT_CONFERENCE_STARTED},
        {"conference.ended", CONFAB_EVENT_CONFERENCE_ENDED},
        {"leg.state", CONFAB_EVENT_LEG_STATE},
        {"talker", CONFAB_EVENT_TALKER},
        {"dtmf", CONFAB_EVENT_DTMF}};
    EventFilter filter;
    for (const auto& name : names) {
        const auto found = std::find_if(std::begin(kNames), std::end(kNames),
                                        [&](const auto& entry) { return name == entry.first; });
        if (found == std::end(kNames)) {
            fail(error, "events: unknown event \"" + name +
                            "\" (known: conference.started, conference.ended, leg.state, "
                            "talker, dtmf)");
            return std::nullopt;
        }
        filter.bits |= 1u << found->second;
    }
    if (filter.bits == 0) {
        fail(error, "events is empty: nothing would be sent");
        return std::nullopt;
    }
    return filter;
}

std::optional<WebhookSettings> parseWebhookSettings(const RawWebhookConfig& raw,
                                                    std::string* error) {
    WebhookSettings settings;
    if (!raw.urls || raw.urls->empty()) {
        fail(error, "urls is missing: give at least one https:// URL");
        return std::nullopt;
    }
    for (const auto& text : *raw.urls) {
        auto url = parseHttpsUrl(text, error);
        if (!url) return std::nullopt;
        settings.urls.push_back(std::move(*url));
    }
    if (!raw.secret_file) {
        fail(error, "secret_file is missing: every delivery is signed with its content");
        return std::nullopt;
    }
    auto secret = loadSecret(*raw.secret_file, error);
    if (!secret) return std::nullopt;
    settings.secret = std::move(*secret);
    if (raw.ca_file) {
        std::ifstream probe(*raw.ca_file);
        if (raw.ca_file->empty() || !probe) {
            fail(error, "ca_file \"" + *raw.ca_file + "\" cannot be read");
            return std::nullopt;
        }
        settings.ca_file = *raw.ca_file;
    }
    if (raw.events) {
        auto filter = parseEventFilter(*raw.events, error);
        if (!filter) return std::nullopt;
        settings.events = *filter;
    }
    if (!checkRange(raw.timeout_ms, "timeout_ms", 100, 60000, error) ||
        !checkRange(raw.max_attempts, "max_attempts", 1, 20, error) ||
        !checkRange(raw.retry_initial_ms, "retry_initial_ms", 10, 600000, error) ||
        !checkRange(raw.retry_max_ms, "retry_max_ms", 10, 3600000, error) ||
        !checkRange(raw.queue_limit, "queue_limit", 1, 100000, error)) {
        return std::nullopt;
    }
    if (raw.timeout_ms) settings.timeout = std::chrono::milliseconds(*raw.timeout_ms);
    if (raw.max_attempts) settings.retry.max_attempts = static_cast<int>(*raw.max_attempts);
    if (raw.retry_initial_ms) settings.retry.initial = std::chrono::milliseconds(*raw.retry_initial_ms);
    if (raw.retry_max_ms) settings.retry.max = std::chrono::milliseconds(*raw.retry_max_ms);
    if (settings.retry.max < settings.retry.initial) {
        fail(error, "retry_max_ms is smaller than retry_initial_ms");
        return std::nullopt;
    }
    if (raw.queue_limit) settings.queue_limit = static_cast<std::size_t>(*raw.queue_limit);
    return settings;
}

}  // namespace confab::webhook
