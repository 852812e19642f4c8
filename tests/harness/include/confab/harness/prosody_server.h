// ProsodyServer: a real Prosody (Debian package) for one test suite or the demo.
// It generates a test CA and a `localhost` certificate with OpenSSL, writes a
// config into its own folder, starts `prosody` on free loopback ports, waits
// for readiness on a condition with a deadline, registers users with
// prosodyctl, and on destruction stops the process it started (by pid) and
// removes a temporary folder. Used from one thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "confab/harness/process.h"

namespace confab::harness {

struct ProsodyOptions {
    std::string domain = "localhost";
    std::string component_name = "bridge";  // component JID = component_name + "." + domain
    std::string component_secret{};         // generated when empty
    // Folder for config, certificates, data and log. Empty: a fresh temporary
    // folder that is removed on destruction. Given: kept (the demo uses this).
    std::filesystem::path runtime_dir{};
    // Fixed ports (0 = pick a free loopback port).
    int c2s_port = 0;
    int component_port = 0;
    int http_port = 0;
    std::chrono::milliseconds start_deadline{15000};
    std::string log_level = "info";     // Prosody's minimum log level ("debug" for traces)
    std::string extra_global_config{};  // Lua appended to the global config section
    // Lua fields added to every host's `ssl` table, e.g. `protocol = "tlsv1_3"`
    // (hazard tests). Empty for a normal server.
    std::string extra_ssl_options{};
};

class ProsodyServer {
  public:
    explicit ProsodyServer(ProsodyOptions options = {});
    ~ProsodyServer();  // stop() and, for a temporary folder, remove it
    ProsodyServer(const ProsodyServer&) = delete;
    ProsodyServer& operator=(const ProsodyServer&) = delete;

    // Starts prosody and waits until c2s, component and HTTP ports accept
    // connections. Throws std::runtime_error with the log tail on failure.
    void start();
    // SIGTERM, then SIGKILL after a deadline; waits for the pid. Idempotent.
    void stop();
    // kill -9 (for crash/restart tests). The ports stay the same on start().
    void kill();
    bool running() const;

    // prosodyctl register; returns the password (generated when empty). For an
    // existing user it sets the new password. Throws with prosodyctl's output.
    std::string addUser(const std::string& user, std::string password = {});

    // Writes `user`'s roster straight into Prosody's storage, as if the two
    // sides had already subscribed to each other (subscription "both").
    // Replaces the user's whole roster. Call it while `user` is offline:
    // Prosody reads a roster from storage when a session starts. For
    // tests and the demo that need buddies (5,000 of them, say) without
    // running the subscription handshake for each.
    struct RosterSeed {
        std::string jid;  // bare
        std::string name;
        std::vector<std::string> groups;
    };
    void seedRoster(const std::string& user, const std::vector<RosterSeed>& contacts);

    const std::string& domain() const;
    std::string componentJid() const;   // "bridge.localhost"
    std::string mucService() const;     // "conference.localhost"
    std::string uploadService() const;  // "upload.localhost"
    const std::string& componentSecret() const;
    int c2sPort() const;
    int componentPort() const;
    int httpPort() const;
    std::filesystem::path caFile() const;  // PEM of the test CA that signed the certificate
    std::filesystem::path runtimeDir() const;
    std::filesystem::path logFile() const;
    std::string logTail(std::size_t lines = 40) const;
    std::filesystem::path configFile() const;
    pid_t pid() const;  // of the running prosody, -1 when never started

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace confab::harness
