// BridgeConfig: the typed contents of confab-bridge's TOML file, and its loader.
// Pure data plus one parsing function; no threads, no I/O beyond reading files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace confab {

struct XmppSettings {
    std::string domain;       // the domain the users live on, e.g. "localhost"
    std::string component;    // the bridge's own component JID, e.g. "bridge.localhost"
    std::string host = "127.0.0.1";
    std::uint16_t port = 5347;
    std::string secret;       // from `secret`, or read (trimmed) from `secret_file`
    std::string muc_service;  // e.g. "conference.localhost"; may be empty
    bool archive_rooms = false;  // keep a conference's room (persistent, logged) when it ends
};

struct SipRoute {
    std::string prefix;  // E.164 prefix with '+', e.g. "+1555"; "" or "+" matches all
    std::string uri;     // contains "{number}", replaced by the E.164 number
    std::string username;                        // optional digest user
    std::optional<std::filesystem::path> password_file;  // optional digest password file
    std::string caller_id;                       // optional per-route caller id override
};

struct HostPort {
    std::string host;
    std::uint16_t port = 0;
};

struct SipSettings {
    HostPort listen{"127.0.0.1", 5060};
    std::string caller_id;               // E.164 caller id, may be empty
    std::string default_region = "US";   // ISO 3166 region for national numbers
    std::vector<SipRoute> routes;        // [[sip.route]], first matching prefix wins
    std::vector<std::string> trusted_peers;  // IP addresses; empty = accept from anyone
    std::uint32_t ring_timeout_seconds = 45;  // unanswered calls are cancelled after this (1..600)
};

// [media]: the media engine's sockets, scheduling and receive path. Ranges
// and cross-checks are in docs/configuration.md; the loader enforces them.
struct MediaSettings {
    // RTP takes even ports, RTCP the odd port above, so a leg needs a pair;
    // min is even, max > min, and the range holds at least
    // policy.max_legs_per_conference pairs.
    std::uint16_t rtp_port_min = 16384;  // 1024..65534
    std::uint16_t rtp_port_max = 32767;  // 1025..65535
    std::uint32_t dscp = 46;              // 0..63, DiffServ code point on RTP and RTCP (46 = EF)
    std::uint32_t realtime_priority = 0;  // 0 = normal scheduling, 1..99 = SCHED_FIFO priority
    std::uint32_t jitter_min_delay_ms = 20;   // 20..500, <= jitter_max_delay_ms
    std::uint32_t jitter_max_delay_ms = 300;  // 20..500
    std::uint32_t talk_hangover_ms = 600;     // 100..5000: silence before "stopped talking"
    std::uint32_t media_timeout_seconds = 30;  // 0 = never, else 5..3600 without RTP ends a leg
};

struct DbSettings {
    std::filesystem::path path = "confab.sqlite";
};

// [web]: the admin web page served by confab-bridge (docs/admin.md).
struct WebSettings {
    bool enabled = false;  // true when the file has a [web] table, unless it says enabled = false
    HostPort listen{"127.0.0.1", 8443};
    bool plain_http = false;  // refused by the loader unless listen.host is a loopback address
    // PEM certificate and key; both or neither. Neither: a self-signed pair
    // is generated once into tls_dir.
    std::optional<std::filesystem::path> cert_file;
    std::optional<std::filesystem::path> key_file;
    std::filesystem::path tls_dir;  // default: "web-tls" in db.path's folder
    std::uint32_t session_idle_minutes = 30;  // 1..1440
    // Bearer token that may read /metrics without a session, read and trimmed
    // from metrics_token_file; empty: /metrics needs a session.
    std::string metrics_token;
    std::uint32_t max_body_kib = 1024;  // 1..65536
};

struct LogSettings {
    std::string level = "info";  // trace, debug, info, warn, error, critical, off
};

// [[policy.role]]: what a group of users may dial. Users match by bare JID
// ("ops@example.com") or by domain ("example.com", exact, never a suffix).
struct PolicyRole {
    std::string name;                  // unique, non-empty, not "default"
    std::vector<std::string> members;  // bare JIDs or domains, as written
    // E.164 prefixes with '+', e.g. "+1", "+44". The loader fills in the
    // country calling code of sip.default_region when the key is absent;
    // empty means the same to DialPolicy.
    std::vector<std::string> allowed_prefixes;
    bool allow_international = false;  // numbers outside the default region
    bool allow_premium = false;        // premium-rate and shared-cost numbers
};

// [policy]: who may start conferences and dial, and how much.
struct PolicySettings {
    // Bare JIDs or domains. The loader fills in [xmpp] domain when the key is
    // absent; empty means the same to DialPolicy (the bridge's local domain).
    std::vector<std::string> start_conference;
    std::uint32_t max_legs_per_conference = 20;       // 1..1000
    std::uint32_t max_concurrent_legs_per_user = 10;  // 1..1000, across conferences
    std::uint32_t max_dials_per_minute = 20;          // 1..10000, per user, sliding 60 s
    std::uint32_t invitation_timeout_seconds = 30;    // 5..600
    // E.164 prefixes with '+' that nobody may dial, whatever their role
    // ("+1900"); checked before the role's allowed prefixes. May be empty.
    std::vector<std::string> blocked_prefixes;
    // First role in file order whose members match wins; a JID match beats a
    // domain match. Users who may start but match no role get the implicit
    // role "default": default-region prefix, no international, no premium.
    std::vector<PolicyRole> roles;
};

// A value in a plugin's own table, [plugins.<name>]: the plugin checks it.
using PluginValue = std::variant<std::string, std::int64_t, bool, double, std::vector<std::string>>;

// [plugins] (docs/plugins.md): which plugins to load, from where, and each
// one's own table.
struct PluginSettings {
    // Where <name>.so files are looked up; default: the build's plugin folder
    // (CONFAB_DEFAULT_PLUGIN_DIR). Relative paths are relative to the config.
    std::filesystem::path directory;
    std::vector<std::string> enable;  // names ([a-z0-9-]+), loaded in this order
    // [plugins.<name>] tables: scalar values or arrays of strings. A table
    // may be given for a plugin that is not enabled (it is then unused).
    std::map<std::string, std::map<std::string, PluginValue>> tables;
};

struct BridgeConfig {
    XmppSettings xmpp;
    SipSettings sip;
    MediaSettings media;
    DbSettings db;
    WebSettings web;
    LogSettings log;
    PolicySettings policy;
    PluginSettings plugins;
};

// Thrown for every problem with a config file. what() is one precise sentence
// that names the file, the key (e.g. "xmpp.port"), what was expected and,
// where toml11 knows it, the line: "confab.toml:4: xmpp.port: expected an
// integer between 1 and 65535, got 70000".
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The rules [policy] must follow, for the loader and for the admin page's
// policy form alike: empty when `policy` is valid, else one sentence naming
// the key and the bad value, e.g. "policy.max_legs_per_conference: expected
// an integer between 1 and 1000, got 0" or "policy.role[2].allowed_prefixes:
// expected E.164 prefixes of '+' and 1 to 15 digits, such as \"+1\" or
// \"+44\"; entry 1 is \"44\"". Unlike the file, a PolicySettings has no
// absent keys: start_conference, members and allowed_prefixes must not be
// empty.
std::string validatePolicySettings(const PolicySettings& policy);

// Reads and validates the file. Relative paths inside it (secret_file,
// password_file, db.path) are resolved against the file's own folder.
// Throws ConfigError.
BridgeConfig loadBridgeConfig(const std::filesystem::path& file);

// Same, from text already in memory; `origin` names it in error messages and
// relative paths resolve against `base_dir`.
BridgeConfig parseBridgeConfig(const std::string& toml_text, const std::string& origin,
                               const std::filesystem::path& base_dir);

}  // namespace confab
