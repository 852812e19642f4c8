#include "confab/shared/bridge_config.h"

#include <arpa/inet.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "confab/shared/phone_number.h"
#include "bridge_config_media.h"
#include "config_reader.h"
#include "plugin_settings_reader.h"
#include "toml_preflight.h"

namespace confab {

namespace {

namespace fs = std::filesystem;

// Every section and key a bridge config may contain, in one place: a typo in
// security settings ("trusted_peer", "secert_file") must stop the bridge, not
// be ignored. Adding a section, say [dial_policy], is one line here plus its
// reader below. A key that is itself listed ("sip.route") is a nested table
// or array of tables whose keys are checked too.
const std::map<std::string, std::vector<std::string_view>, std::less<>>& knownKeys() {
    static const std::map<std::string, std::vector<std::string_view>, std::less<>> keys = {
        {"xmpp", {"domain", "component", "host", "port", "secret", "secret_file", "muc_service", "archive_rooms"}},
        {"sip", {"listen", "caller_id", "default_region", "trusted_peers", "ring_timeout_seconds", "route"}},
        {"sip.route", {"prefix", "uri", "username", "password_file", "caller_id"}},
        {"media",
         {"rtp_port_min", "rtp_port_max", "dscp", "realtime_priority", "jitter_min_delay_ms",
          "jitter_max_delay_ms", "talk_hangover_ms", "media_timeout_seconds"}},
        {"db", {"path"}},
        {"web",
         {"enabled", "listen", "plain_http", "cert_file", "key_file", "tls_dir",
          "session_idle_minutes", "metrics_token_file", "max_body_kib"}},
        {"log", {"level"}},
        {"policy",
         {"start_conference", "max_legs_per_conference", "max_concurrent_legs_per_user",
          "max_dials_per_minute", "invitation_timeout_seconds", "blocked_prefixes", "role"}},
        {"policy.role",
         {"name", "members", "allowed_prefixes", "allow_international", "allow_premium"}},
        // Tables in [plugins] are the plugins' own ([plugins.recorder]):
        // readPluginSettings checks their shape, the plugins their keys.
        {"plugins", {"directory", "enable"}},
    };
    return keys;
}

constexpr std::size_t kMaxSecretFileBytes = 4096;

bool isDirectory(const fs::path& path) {
    std::error_code error;
    return fs::is_directory(path, error);
}

std::string joinNames(const std::vector<std::string_view>& names) {
    std::string joined;
    for (const std::string_view name : names) {
        joined += joined.empty() ? "" : ", ";
        joined += name;
    }
    return joined;
}

struct UnknownKey {
    std::string name;
    std::optional<std::uint32_t> line;
    std::string problem;  // "unknown key (known keys in [xmpp]: ...)"
};

// Collects unknown keys under `table`, whose dotted schema name is `schema`
// ("sip.route") and whose display name is `shown` ("sip.route[2]").
void collectUnknownKeys(const TomlValue& table, const std::string& schema, const std::string& shown,
                        std::vector<UnknownKey>& unknown) {
    const auto& keys = knownKeys().at(schema);
    for (const auto& [key, value] : table.as_table()) {
        const std::string name = shown + "." + key;
        if (schema == "plugins" && value.is_table()) {
            continue;
        }
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            unknown.push_back(
                {name, lineOf(value),
                 "unknown key (known keys in [" + schema + "]: " + joinNames(keys) + ")"});
            continue;
        }
        const std::string nested = schema + "." + key;
        if (knownKeys().count(nested) == 0) {
            continue;
        }
        if (value.is_table()) {
            collectUnknownKeys(value, nested, name, unknown);
        } else if (value.is_array()) {
            const auto& array = value.as_array();
            for (std::size_t i = 0; i < array.size(); ++i) {
                if (array[i].is_table()) {
                    collectUnknownKeys(array[i], nested, name + "[" + std::to_string(i + 1) + "]",
                                       unknown);
                }
            }
        }
    }
}

// Runs before any value is read, so a misspelt key is reported as such
// rather than as the required key it was meant to be.
void rejectUnknownKeys(const TomlValue& document, const std::string& origin) {
    std::vector<std::string_view> sections;
    for (const auto& [name, keys] : knownKeys()) {
        if (name.find('.') == std::string::npos) {
            sections.push_back(name);
        }
    }
    std::vector<UnknownKey> unknown;
    for (const auto& [key, value] : document.as_table()) {
        const bool known = std::find(sections.begin(), sections.end(), key) != sections.end();
        if (!known) {
            const std::string problem =
                value.is_table() ? "unknown section" : "unknown key outside any section";
            unknown.push_back(
                {key, lineOf(value), problem + " (known sections: " + joinNames(sections) + ")"});
        } else if (!value.is_table()) {
            throw ConfigError(formatConfigError(
                origin, lineOf(value), key,
                "expected a table, written [" + key + "], got " + describeValue(value)));
        } else {
            collectUnknownKeys(value, key, key, unknown);
        }
    }
    if (unknown.empty()) {
        return;
    }
    // Report in file order: the first one named is the first one in the file.
    std::stable_sort(unknown.begin(), unknown.end(), [](const UnknownKey& a, const UnknownKey& b) {
        return a.line.value_or(UINT32_MAX) < b.line.value_or(UINT32_MAX);
    });
    std::string message = unknown.front().problem;
    for (std::size_t i = 1; i < unknown.size(); ++i) {
        message += i == 1 ? "; also unknown: " : ", ";
        message += unknown[i].name;
        if (unknown[i].line) {
            message += " (line " + std::to_string(*unknown[i].line) + ")";
        }
    }
    throw ConfigError(
        formatConfigError(origin, unknown.front().line, unknown.front().name, message));
}

TomlValue parseToml(const std::string& text, const std::string& origin) {
    std::istringstream stream(text);
    try {
        return toml::parse<toml::discard_comments, std::map, std::vector>(stream, origin);
    } catch (const toml::exception& error) {
        // toml11's what() is a multi-line report with a source excerpt; keep
        // its first line, minus the "[error] toml::function_name: " prefix.
        std::string summary = error.what();
        summary = summary.substr(0, summary.find('\n'));
        if (summary.rfind("[error] ", 0) == 0) {
            summary.erase(0, 8);
        }
        const std::size_t colon = summary.find(": ");
        if (colon != std::string::npos && summary.find(' ') > colon) {
            summary.erase(0, colon + 2);
        }
        const auto line = error.location().line();
        throw ConfigError(formatConfigError(
            origin, line == 0 ? std::nullopt : std::optional<std::uint32_t>(line), {},
            "TOML syntax error: " + (summary.empty() ? std::string("cannot parse") : summary)));
    } catch (const std::exception& error) {
        throw ConfigError(formatConfigError(origin, std::nullopt, {},
                                            std::string("TOML syntax error: ") + error.what()));
    }
}

ConfigSection section(const TomlValue& document, const std::string& origin,
                      const std::string& name) {
    const auto& table = document.as_table();
    const auto found = table.find(name);
    // rejectUnknownKeys has already checked that present sections are tables.
    return ConfigSection(origin, found == table.end() ? nullptr : &found->second, name);
}

fs::path resolve(const fs::path& base_dir, const std::string& value) {
    const fs::path path(value);
    return path.is_absolute() || base_dir.empty() ? path : base_dir / path;
}

// Why a file cannot be opened, in words; errno would be racy and vague.
std::string unreadableReason(const fs::path& path) {
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error || !fs::exists(status)) {
        return "no such file";
    }
    if (fs::is_directory(status)) {
        return "it is a directory";
    }
    return "permission denied";
}

std::string readSecretFile(const ConfigSection& table, std::string_view key, const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in || isDirectory(path)) {
        table.fail(key, "cannot read \"" + path.string() + "\": " + unreadableReason(path),
                  false);
    }
    std::string content(kMaxSecretFileBytes + 1, '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<std::size_t>(in.gcount()));
    if (content.size() > kMaxSecretFileBytes) {
        table.fail(key,
                  "\"" + path.string() + "\" is larger than " +
                      std::to_string(kMaxSecretFileBytes) +
                      " bytes; it should hold only the secret",
                  false);
    }
    const auto first = content.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        table.fail(key, "\"" + path.string() + "\" is empty", false);
    }
    const auto last = content.find_last_not_of(" \t\r\n");
    return content.substr(first, last - first + 1);
}

void requireReadableFile(const ConfigSection& table, std::string_view key, const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in || isDirectory(path)) {
        table.fail(key, "cannot read \"" + path.string() + "\": " + unreadableReason(path), false);
    }
}

bool isIpAddress(const std::string& text) {
    unsigned char buffer[16];
    return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

bool isDomainName(std::string_view text) {
    if (text.empty() || text.size() > 253) {
        return false;
    }
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::string readDomain(const ConfigSection& table, std::string_view key, bool required) {
    const std::string value =
        required ? table.requiredString(key) : table.optionalString(key).value_or("");
    if (!value.empty() && !isDomainName(value)) {
        table.fail(key, "expected a domain name (letters, digits, '.', '-')");
    }
    return value;
}

// "host:port", "[v6]:port". The host is returned without brackets.
HostPort readHostPort(const ConfigSection& table, std::string_view key, HostPort fallback) {
    const auto text = table.optionalString(key);
    if (!text) {
        return fallback;
    }
    const std::string expected =
        "expected \"host:port\" with a port between 1 and 65535 (IPv6 as \"[::1]:port\")";
    std::string host;
    std::string port;
    if (!text->empty() && text->front() == '[') {
        const auto close = text->find(']');
        if (close == std::string::npos || text->compare(close, 2, "]:") != 0) {
            table.fail(key, expected);
        }
        host = text->substr(1, close - 1);
        port = text->substr(close + 2);
        if (!isIpAddress(host) || host.find(':') == std::string::npos) {
            table.fail(key, expected);
        }
    } else {
        const auto colon = text->rfind(':');
        if (colon == std::string::npos) {
            table.fail(key, expected);
        }
        host = text->substr(0, colon);
        port = text->substr(colon + 1);
        // A bare IPv6 address cannot be told from its port: brackets required.
        const bool bare_ipv6 = host.find(':') != std::string::npos;
        if (bare_ipv6 || (!isIpAddress(host) && !isDomainName(host))) {
            table.fail(key, expected);
        }
    }
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 ||
        std::stoi(port) > 65535) {
        table.fail(key, expected);
    }
    return HostPort{host, static_cast<std::uint16_t>(std::stoi(port))};
}

std::string readE164(const ConfigSection& table, std::string_view key) {
    const std::string value = table.optionalString(key).value_or("");
    if (!value.empty() && !isE164(value)) {
        table.fail(key, "expected an E.164 number such as \"+15550100\"");
    }
    return value;
}

XmppSettings readXmpp(const ConfigSection& xmpp, const fs::path& base_dir) {
    XmppSettings settings;
    settings.domain = readDomain(xmpp, "domain", true);
    settings.component = readDomain(xmpp, "component", true);
    if (xmpp.has("host")) {
        settings.host = xmpp.requiredString("host");
        if (!isIpAddress(settings.host) && !isDomainName(settings.host)) {
            xmpp.fail("host", "expected a host name or IP address");
        }
    }
    if (const auto port = xmpp.optionalIntegerInRange("port", 1, 65535)) {
        settings.port = static_cast<std::uint16_t>(*port);
    }
    const bool has_secret = xmpp.has("secret");
    const bool has_secret_file = xmpp.has("secret_file");
    if (has_secret && has_secret_file) {
        xmpp.fail("secret", "set either secret or secret_file, not both", false);
    }
    if (has_secret) {
        // Checked here, not by requiredString, so a mistyped secret is never
        // echoed into an error message and from there into logs.
        const auto secret = xmpp.optionalStringQuietly("secret");
        if (!secret || secret->empty()) {
            xmpp.fail("secret", "expected a non-empty string", false);
        }
        settings.secret = *secret;
    } else if (has_secret_file) {
        settings.secret =
            readSecretFile(xmpp, "secret_file", resolve(base_dir, xmpp.requiredString("secret_file")));
    } else {
        xmpp.failMissing("secret_file", "set secret_file, or secret");
    }
    settings.muc_service = readDomain(xmpp, "muc_service", false);
    if (const auto archive = xmpp.optionalBool("archive_rooms")) settings.archive_rooms = *archive;
    return settings;
}

bool isRoutePrefix(std::string_view prefix) {
    if (prefix.empty() || prefix == "+") {
        return true;
    }
    return prefix.front() == '+' && prefix.size() <= 16 &&
           prefix.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

// Printable ASCII without spaces, quotes or angle brackets: the URI goes into
// SIP headers, where any of those would let it inject header syntax.
bool isSafeSipUri(std::string_view uri) {
    if (uri.rfind("sip:", 0) != 0 && uri.rfind("sips:", 0) != 0) {
        return false;
    }
    for (const char c : uri) {
        if (c <= ' ' || c > '~' || c == '"' || c == '<' || c == '>' || c == '\\') {
            return false;
        }
    }
    return uri.find("{number}") != std::string_view::npos;
}

bool isSafeUsername(std::string_view name) {
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20U || byte == 0x7FU || c == '"' || c == '\\') {
            return false;
        }
    }
    return true;
}

SipRoute readRoute(const ConfigSection& route, const fs::path& base_dir) {
    SipRoute settings;
    const auto prefix = route.optionalString("prefix");
    if (!prefix) {
        route.failMissing("prefix", "use \"+\" to match every number");
    }
    if (!isRoutePrefix(*prefix)) {
        route.fail("prefix", "expected '+' followed by digits, such as \"+1555\"");
    }
    settings.prefix = *prefix;
    settings.uri = route.requiredString("uri");
    if (!isSafeSipUri(settings.uri)) {
        route.fail("uri",
                   "expected a sip: or sips: URI containing {number}, without spaces, quotes "
                   "or angle brackets");
    }
    settings.username = route.optionalString("username").value_or("");
    if (!isSafeUsername(settings.username)) {
        route.fail("username", "expected a user name without control characters, '\"' or '\\'");
    }
    if (route.has("password_file")) {
        const fs::path path = resolve(base_dir, route.requiredString("password_file"));
        requireReadableFile(route, "password_file", path);
        settings.password_file = path;
    }
    settings.caller_id = readE164(route, "caller_id");
    return settings;
}

SipSettings readSip(const ConfigSection& sip, const fs::path& base_dir) {
    SipSettings settings;
    settings.listen = readHostPort(sip, "listen", settings.listen);
    settings.caller_id = readE164(sip, "caller_id");
    if (const auto region = sip.optionalString("default_region")) {
        if (!isKnownPhoneRegion(*region)) {
            sip.fail("default_region", "expected a two-letter region code such as \"US\"");
        }
        settings.default_region = *region;
    }
    if (const auto peers = sip.optionalStringArray("trusted_peers")) {
        for (std::size_t i = 0; i < peers->size(); ++i) {
            if (!isIpAddress((*peers)[i])) {
                sip.fail("trusted_peers",
                         "expected IP addresses; entry " + std::to_string(i + 1) + " is \"" +
                             (*peers)[i] + "\"",
                         false);
            }
        }
        settings.trusted_peers = *peers;
    }
    if (const auto seconds = sip.optionalIntegerInRange("ring_timeout_seconds", 1, 600)) {
        settings.ring_timeout_seconds = static_cast<std::uint32_t>(*seconds);
    }
    for (const ConfigSection& route : sip.tableArray("route")) {
        settings.routes.push_back(readRoute(route, base_dir));
    }
    return settings;
}

LogSettings readLog(const ConfigSection& log) {
    static const std::vector<std::string_view> levels = {"trace", "debug",    "info", "warn",
                                                         "error", "critical", "off"};
    LogSettings settings;
    if (const auto level = log.optionalString("level")) {
        if (std::find(levels.begin(), levels.end(), *level) == levels.end()) {
            log.fail("level", "expected one of " + joinNames(levels));
        }
        settings.level = *level;
    }
    return settings;
}

// A domain as policy matches it: stricter than isDomainName, because
// ".example.com" or "example..com" can only be a mistake here.
bool isPolicyDomain(std::string_view text) {
    return isDomainName(text) && text.front() != '.' && text.back() != '.' &&
           text.find("..") == std::string_view::npos;
}

// "alice@example.com" or "example.com": no resource, no spaces, and a local
// part without the characters RFC 7622 forbids there.
bool isBareJidOrDomain(std::string_view text) {
    const auto at = text.find('@');
    if (at == std::string_view::npos) {
        return isPolicyDomain(text);
    }
    const std::string_view local = text.substr(0, at);
    if (local.empty() || local.size() > 1023) {
        return false;
    }
    for (const char c : local) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20U || byte == 0x7FU ||
            std::string_view("\"&'/:<>@").find(c) != std::string_view::npos) {
            return false;
        }
    }
    return isPolicyDomain(text.substr(at + 1));
}

// ^\+[0-9]{1,15}$
bool isPolicyPrefix(std::string_view prefix) {
    return prefix.size() >= 2 && prefix.size() <= 16 && prefix.front() == '+' &&
           prefix.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

std::string asciiLower(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return text;
}

// A value as it goes into a message: quoted, and cut short, because the
// admin page's form can send anything, at any length.
std::string shownValue(const std::string& value) {
    constexpr std::size_t kMaxShown = 64;
    if (value.size() <= kMaxShown) {
        return "\"" + value + "\"";
    }
    return "\"" + value.substr(0, kMaxShown) + "...\"";
}

// The [policy] limits: the loader reads them with these ranges, and
// findPolicyProblem checks a PolicySettings against the same ones.
struct PolicyLimit {
    std::string_view key;
    std::int64_t min;
    std::int64_t max;
    std::uint32_t PolicySettings::*field;
};

const std::vector<PolicyLimit>& policyLimits() {
    static const std::vector<PolicyLimit> limits = {
        {"max_legs_per_conference", 1, 1000, &PolicySettings::max_legs_per_conference},
        {"max_concurrent_legs_per_user", 1, 1000, &PolicySettings::max_concurrent_legs_per_user},
        {"max_dials_per_minute", 1, 10000, &PolicySettings::max_dials_per_minute},
        {"invitation_timeout_seconds", 5, 600, &PolicySettings::invitation_timeout_seconds},
    };
    return limits;
}

// What is wrong with a PolicySettings, located well enough for the loader to
// add the line: the key inside [policy] or inside policy.role[role + 1].
struct PolicyProblem {
    std::optional<std::size_t> role;  // 0-based
    std::string key;
    std::string message;  // "expected ..., got ..." / "...; entry 2 is \"44\""
};

constexpr std::string_view kMembersExpected =
    "expected bare JIDs or domains such as \"alice@example.com\" or \"example.com\"";

std::optional<std::string> membersProblem(const std::vector<std::string>& members) {
    if (members.empty()) {
        return std::string("expected at least one bare JID or domain");
    }
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (!isBareJidOrDomain(members[i])) {
            return std::string(kMembersExpected) + "; entry " + std::to_string(i + 1) + " is " +
                   shownValue(members[i]);
        }
    }
    return std::nullopt;
}

std::optional<std::string> prefixesProblem(const std::vector<std::string>& prefixes,
                                           std::string_view example) {
    for (std::size_t i = 0; i < prefixes.size(); ++i) {
        if (!isPolicyPrefix(prefixes[i])) {
            return "expected E.164 prefixes of '+' and 1 to 15 digits, such as " +
                   std::string(example) + "; entry " + std::to_string(i + 1) + " is " +
                   shownValue(prefixes[i]);
        }
    }
    return std::nullopt;
}

std::optional<PolicyProblem> roleProblem(const std::vector<PolicyRole>& roles, std::size_t index) {
    const PolicyRole& role = roles[index];
    const auto problem = [index](std::string key, std::string message) {
        return PolicyProblem{index, std::move(key), std::move(message)};
    };
    if (role.name.empty()) {
        return problem("name", "expected a non-empty string");
    }
    for (const char c : role.name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20U || byte == 0x7FU) {
            return problem("name", "expected a role name without control characters");
        }
    }
    // Names are shown to users in refusals, so "Ops" and "ops" would read as
    // one role: they must differ by more than case.
    if (asciiLower(role.name) == "default") {
        return problem("name",
                       "expected a name other than \"default\", which is the role of users who "
                       "match no role, got " +
                           shownValue(role.name));
    }
    for (std::size_t i = 0; i < index; ++i) {
        if (asciiLower(roles[i].name) == asciiLower(role.name)) {
            return problem("name", "expected a name no other role has; policy.role[" +
                                       std::to_string(i + 1) + "] is also called " +
                                       shownValue(roles[i].name));
        }
    }
    if (auto members = membersProblem(role.members)) {
        return problem("members", std::move(*members));
    }
    if (role.allowed_prefixes.empty()) {
        return problem("allowed_prefixes",
                       "expected at least one prefix such as \"+1\"; leave the key out for the "
                       "country code of sip.default_region");
    }
    if (auto prefixes = prefixesProblem(role.allowed_prefixes, "\"+1\" or \"+44\"")) {
        return problem("allowed_prefixes", std::move(*prefixes));
    }
    return std::nullopt;
}

// The first problem, in the order the keys are documented.
std::optional<PolicyProblem> findPolicyProblem(const PolicySettings& policy) {
    if (auto members = membersProblem(policy.start_conference)) {
        return PolicyProblem{std::nullopt, "start_conference", std::move(*members)};
    }
    for (const PolicyLimit& limit : policyLimits()) {
        const std::uint32_t value = policy.*limit.field;
        if (value < limit.min || value > limit.max) {
            return PolicyProblem{std::nullopt, std::string(limit.key),
                                 "expected an integer between " + std::to_string(limit.min) +
                                     " and " + std::to_string(limit.max) + ", got " +
                                     std::to_string(value)};
        }
    }
    if (auto prefixes = prefixesProblem(policy.blocked_prefixes, "\"+1900\" or \"+44870\"")) {
        return PolicyProblem{std::nullopt, "blocked_prefixes", std::move(*prefixes)};
    }
    for (std::size_t i = 0; i < policy.roles.size(); ++i) {
        if (auto problem = roleProblem(policy.roles, i)) {
            return problem;
        }
    }
    return std::nullopt;
}

// A string array that must be present: type errors here, content errors in
// findPolicyProblem.
std::vector<std::string> readMembers(const ConfigSection& table, std::string_view key) {
    auto members = table.optionalStringArray(key);
    if (!members) {
        table.failMissing(key,
                          "bare JIDs or domains such as \"alice@example.com\" or "
                          "\"example.com\"");
    }
    return *members;
}

// Types only; findPolicyProblem checks the values.
PolicyRole readRole(const ConfigSection& role, const std::string& default_prefix) {
    PolicyRole settings;
    settings.name = role.requiredString("name");
    settings.members = readMembers(role, "members");
    if (const auto prefixes = role.optionalStringArray("allowed_prefixes")) {
        settings.allowed_prefixes = *prefixes;
    } else {
        settings.allowed_prefixes = {default_prefix};
    }
    settings.allow_international = role.optionalBool("allow_international").value_or(false);
    settings.allow_premium = role.optionalBool("allow_premium").value_or(false);
    return settings;
}

// "+1" for "US": the prefix the implicit and unconfigured roles may dial.
std::string countryCallingCodePrefix(const std::string& region) {
    const int code =
        i18n::phonenumbers::PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(region);
    return "+" + std::to_string(code);
}

PolicySettings readPolicy(const ConfigSection& policy, const std::string& local_domain,
                          const std::string& default_region) {
    PolicySettings settings;
    if (policy.has("start_conference")) {
        settings.start_conference = readMembers(policy, "start_conference");
    } else {
        settings.start_conference = {local_domain};
    }
    for (const PolicyLimit& limit : policyLimits()) {
        if (const auto value = policy.optionalIntegerInRange(limit.key, limit.min, limit.max)) {
            settings.*limit.field = static_cast<std::uint32_t>(*value);
        }
    }
    settings.blocked_prefixes = policy.optionalStringArray("blocked_prefixes").value_or(
        std::vector<std::string>{});
    const std::string default_prefix = countryCallingCodePrefix(default_region);
    const std::vector<ConfigSection> roles = policy.tableArray("role");
    for (const ConfigSection& role : roles) {
        settings.roles.push_back(readRole(role, default_prefix));
    }
    if (const auto problem = findPolicyProblem(settings)) {
        const ConfigSection& table = problem->role ? roles.at(*problem->role) : policy;
        table.fail(problem->key, problem->message, false);
    }
    return settings;
}

bool isLoopbackHost(const std::string& host) {
    if (host == "localhost" || host == "::1") {
        return true;
    }
    in_addr address{};
    return inet_pton(AF_INET, host.c_str(), &address) == 1 &&
           (ntohl(address.s_addr) >> 24U) == 127U;
}

std::optional<fs::path> readFilePath(const ConfigSection& table, std::string_view key,
                                     const fs::path& base_dir) {
    if (!table.has(key)) {
        return std::nullopt;
    }
    const fs::path path = resolve(base_dir, table.requiredString(key));
    requireReadableFile(table, key, path);
    return path;
}

WebSettings readWeb(const ConfigSection& web, bool present, const fs::path& base_dir,
                    const fs::path& db_path) {
    WebSettings settings;
    settings.enabled = present && web.optionalBool("enabled").value_or(true);
    settings.listen = readHostPort(web, "listen", settings.listen);
    settings.plain_http = web.optionalBool("plain_http").value_or(false);
    if (settings.plain_http && !isLoopbackHost(settings.listen.host)) {
        web.fail("plain_http",
                 "plain HTTP is allowed only on a loopback address (127.0.0.1, ::1 or "
                 "localhost), but web.listen is on \"" +
                     settings.listen.host + "\"; remove plain_http to serve HTTPS",
                 false);
    }
    settings.cert_file = readFilePath(web, "cert_file", base_dir);
    settings.key_file = readFilePath(web, "key_file", base_dir);
    if (settings.cert_file.has_value() != settings.key_file.has_value()) {
        const std::string_view given = settings.cert_file ? "cert_file" : "key_file";
        const std::string_view missing = settings.cert_file ? "key_file" : "cert_file";
        web.fail(given,
                 "set both cert_file and key_file, or neither for a self-signed certificate; " +
                     std::string(missing) + " is missing",
                 false);
    }
    settings.tls_dir = web.has("tls_dir") ? resolve(base_dir, web.requiredString("tls_dir"))
                                          : db_path.parent_path() / "web-tls";
    if (const auto minutes = web.optionalIntegerInRange("session_idle_minutes", 1, 1440)) {
        settings.session_idle_minutes = static_cast<std::uint32_t>(*minutes);
    }
    if (web.has("metrics_token_file")) {
        constexpr std::size_t kMinTokenBytes = 16;
        settings.metrics_token = readSecretFile(
            web, "metrics_token_file", resolve(base_dir, web.requiredString("metrics_token_file")));
        if (settings.metrics_token.size() < kMinTokenBytes) {
            web.fail("metrics_token_file",
                     "expected a token of at least " + std::to_string(kMinTokenBytes) +
                         " characters, so it cannot be guessed",
                     false);
        }
    }
    if (const auto kib = web.optionalIntegerInRange("max_body_kib", 1, 65536)) {
        settings.max_body_kib = static_cast<std::uint32_t>(*kib);
    }
    return settings;
}

}  // namespace

std::string validatePolicySettings(const PolicySettings& policy) {
    const auto problem = findPolicyProblem(policy);
    if (!problem) {
        return {};
    }
    std::string key = "policy.";
    if (problem->role) {
        key += "role[" + std::to_string(*problem->role + 1) + "].";
    }
    return key + problem->key + ": " + problem->message;
}

BridgeConfig parseBridgeConfig(const std::string& toml_text, const std::string& origin,
                               const std::filesystem::path& base_dir) {
    preflightTomlText(toml_text, origin);
    const TomlValue document = parseToml(toml_text, origin);
    rejectUnknownKeys(document, origin);

    BridgeConfig config;
    config.xmpp = readXmpp(section(document, origin, "xmpp"), base_dir);
    config.sip = readSip(section(document, origin, "sip"), base_dir);
    const ConfigSection db = section(document, origin, "db");
    if (db.has("path")) {
        config.db.path = resolve(base_dir, db.requiredString("path"));
    } else {
        config.db.path = resolve(base_dir, config.db.path.string());
    }
    config.web = readWeb(section(document, origin, "web"), document.as_table().count("web") > 0,
                         base_dir, config.db.path);
    config.log = readLog(section(document, origin, "log"));
    config.policy = readPolicy(section(document, origin, "policy"), config.xmpp.domain,
                               config.sip.default_region);
    config.media = readMediaSettings(section(document, origin, "media"), config.policy);
    const auto plugins = document.as_table().find("plugins");
    config.plugins = readPluginSettings(
        origin, plugins == document.as_table().end() ? nullptr : &plugins->second, base_dir);
    return config;
}

BridgeConfig loadBridgeConfig(const std::filesystem::path& file) {
    const std::string origin = file.string();
    std::ifstream in(file, std::ios::binary);
    if (!in || isDirectory(file)) {
        throw ConfigError(origin + ": cannot read the config file: " + unreadableReason(file));
    }
    std::string text(kMaxConfigBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return parseBridgeConfig(text, origin, file.parent_path());
}

}  // namespace confab
