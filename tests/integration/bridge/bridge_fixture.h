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

    // Writes a config for the suite's Prosody and starts confab-bridge with it.
    void startBridge(const std::string& extra_toml = {});
    // True once the bridge's log says it is online `times` times in total.
    bool waitForBridgeOnline(int times = 1, std::chrono::milliseconds deadline = std::chrono::seconds(10));
    int bridgeOnlineCount() const;
    std::string bridgeLog() const;

    // A connected client for `user` (registered on first use).
    std::unique_ptr<harness::XmppTestClient> connectUser(const std::string& user);

    static harness::ProsodyServer& prosody() { return *prosody_; }
    std::filesystem::path bridgeLogPath() const;

    harness::Process bridge_;

private:
    static std::unique_ptr<harness::ProsodyServer> prosody_;
    std::filesystem::path config_path_;
};

// Runs confab-bridge with `args` to completion; returns {exit code, output}.
std::pair<int, std::string> runBridgeCommand(const std::vector<std::string>& args,
                                             const std::filesystem::path& work_dir);

}  // namespace confab::test
