// Renders the Lua config file of a test Prosody. Pure text generation, no I/O,
// so what the harness asks Prosody for is readable in one place.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace confab::harness {

struct ProsodyConfigValues {
    std::filesystem::path runtime_dir;  // pidfile, data/, certs/, prosody.log live here
    std::string domain;
    std::string component_host;  // "bridge.<domain>"
    std::string component_secret;
    std::string muc_host;     // "conference.<domain>"
    std::string upload_host;  // "upload.<domain>"
    int c2s_port = 0;
    int component_port = 0;
    int http_port = 0;
    std::filesystem::path certificate;  // server certificate (PEM), valid for every host
    std::filesystem::path key;
    std::string log_level = "info";
    std::string extra_global_config;  // Lua appended to the global section
    std::string extra_ssl_options;    // Lua fields added to every `ssl` table
};

std::string renderProsodyConfig(const ProsodyConfigValues& values);

// A Lua string literal for `text` (quotes, backslashes and control bytes escaped).
std::string luaString(const std::string& text);

// Every host name the server certificate must carry for `values`' hosts.
std::vector<std::string> certificateDnsNames(const ProsodyConfigValues& values);

}  // namespace confab::harness
