// The demo's admin web page: a fresh admin account with a generated password
// (there are no default credentials, so the demo makes one the way an
// operator would, with `confab-bridge admin add`), and the smoke check that
// the page answers over HTTPS. One thread, like the rest of the demo.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

namespace confab::demo {

inline constexpr const char* kDemoAdminName = "admin";

// 20 characters of [A-Za-z0-9] from /dev/urandom (about 119 bits). Throws
// std::runtime_error when /dev/urandom cannot be read.
std::string generateAdminPassword();

// Writes `password` to `password_file` (mode 0600, created fresh) and runs
// `bridge_binary --config CONFIG admin add admin --password-file FILE`.
// Returns false after printing the command's output when it failed.
bool createDemoAdmin(const std::filesystem::path& bridge_binary, const std::filesystem::path& config,
                     const std::filesystem::path& password_file, const std::string& password,
                     const std::filesystem::path& log_file);

// True once GET https://127.0.0.1:port/login answers 200, polling until
// `deadline`. The certificate is verified, trusting exactly `certificate`
// (the self-signed one the bridge generates on first run into web-tls/):
// pinned, so a self-signed certificate is accepted for this check only.
bool adminLoginPageAnswers(int port, const std::filesystem::path& certificate,
                           std::chrono::milliseconds deadline, std::string& last_error);

}  // namespace confab::demo
