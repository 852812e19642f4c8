// BridgeConfig: the typed contents of confab-bridge's TOML file, and its loader.
// Pure data plus one parsing function; no threads, no I/O beyond reading files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace confab {

struct XmppSettings {
    std::string domain;       // the domain the users live on, e.g. "localhost"
    std::string component;    // the bridge's own component JID, e.g. "bridge.localhost"
    std::string host = "127.0.0.1";
    std::uint16_t port = 5347;
    std::string secret;       // from `secret`, or read (trimmed) from `secret_file`
    std::string muc_service;  // e.g. "conference.localhost"; may be empty
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
};

struct DbSettings {
    std::filesystem::path path = "confab.sqlite";
};

struct WebSettings {
    HostPort listen{"127.0.0.1", 8443};
};

struct LogSettings {
    std::string level = "info";  // trace, debug, info, warn, error, critical, off
};

struct BridgeConfig {
    XmppSettings xmpp;
    SipSettings sip;
    DbSettings db;
    WebSettings web;
    LogSettings log;
};

// Thrown for every problem with a config file. what() is one precise sentence
// that names the file, the key (e.g. "xmpp.port"), what was expected and,
// where toml11 knows it, the line: "confab.toml:4: xmpp.port: expected an
// integer between 1 and 65535, got 70000".
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads and validates the file. Relative paths inside it (secret_file,
// password_file, db.path) are resolved against the file's own folder.
// Throws ConfigError.
BridgeConfig loadBridgeConfig(const std::filesystem::path& file);

// Same, from text already in memory; `origin` names it in error messages and
// relative paths resolve against `base_dir`.
BridgeConfig parseBridgeConfig(const std::string& toml_text, const std::string& origin,
                               const std::filesystem::path& base_dir);

}  // namespace confab
