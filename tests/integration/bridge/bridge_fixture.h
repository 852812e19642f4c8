// BridgeFixture: one real Prosody per test suite, and a helper to run the real
// confab-bridge program against it with a generated config. Every process the
// fixture starts is stopped by its pid in TearDown.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "confab/harness/process.h"
#include "confab/harness/prosody_server.h"
#include "confab/harness/xmpp_test_client.h"

namespace confab::test {

class BridgeFixture : public ::testing::Test {
protected:
    static void SetUpTestSuite();
    static void TearDownTestSuite();
    void TearDown() override;

    // Writes a config for the suite's Prosody and starts confab-bridge with it:
    // SIP on a free port, numbers +1555... routed to the simulator when one
    // runs, the database in the suite's folder. `sip_lines` go inside [sip],
    // `extra_toml` (whole sections) at the end. The same database is reused
    // by later starts in the same test (crash-recovery tests restart).
    void startBridge(const std::string& extra_toml = {}, const std::string& sip_lines = {});
    // Writes the phonebook, starts confab-pstn-sim and waits for "ready".
    void startSimulator(const std::string& phonebook_toml);
    std::string simulatorLog() const;
    // The simulator's JSON event lines (one object per line, t_ms is CLOCK_MONOTONIC).
    std::filesystem::path simulatorEventsPath() const { return simulator_dir_ / "events.jsonl"; }
    std::filesystem::path databasePath() const { return database_path_; }
    std::filesystem::path configPath() const { return config_path_; }
    // True once the bridge's log says it is online `times` times in total.
    bool waitForBridgeOnline(int times = 1, std::chrono::milliseconds deadline = std::chrono::seconds(10));
    int bridgeOnlineCount() const;
    std::string bridgeLog() const;

    // The password of `user` (registered on first use).
    std::string passwordOf(const std::string& user);
    // A connected client for `user` (registered on first use).
    std::unique_ptr<harness::XmppTestClient> connectUser(const std::string& user);

    static harness::ProsodyServer& prosody() { return *prosody_; }
    std::filesystem::path bridgeLogPath() const;

    harness::Process bridge_;
    harness::Process simulator_;

private:
    static std::unique_ptr<harness::ProsodyServer> prosody_;
    std::filesystem::path config_path_;
    std::filesystem::path database_path_;
    std::filesystem::path simulator_dir_;
    int simulator_port_ = 0;
};

// Runs confab-bridge with `args` to completion; returns {exit code, output}.
std::pair<int, std::string> runBridgeCommand(const std::vector<std::string>& args,
                                             const std::filesystem::path& work_dir);

}  // namespace confab::test
