// confab-bridge's command line: --help, --version and --check-config with
// precise messages for each kind of configuration mistake.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "bridge_fixture.h"

namespace confab::test {
namespace {

class BridgeCommandLineTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("confab-cli-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
        write("component.secret", "s3cret\n");
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name) << text;
        return dir_ / name;
    }
    std::pair<int, std::string> check(const std::string& toml) {
        return runBridgeCommand({"--check-config", "--config", write("bridge.toml", toml).string()},
                                dir_);
    }

    std::filesystem::path dir_;
};

const std::string kValidXmpp =
    "[xmpp]\n"
    "domain = \"localhost\"\n"
    "component = \"bridge.localhost\"\n"
    "host = \"127.0.0.1\"\n"
    "port = 5347\n"
    "secret_file = \"component.secret\"\n";

TEST_F(BridgeCommandLineTest, HelpAndVersion) {
    auto [help_code, help] = runBridgeCommand({"--help"}, dir_);
    EXPECT_EQ(help_code, 0);
    EXPECT_NE(help.find("--check-config"), std::string::npos) << help;
    auto [version_code, version] = runBridgeCommand({"--version"}, dir_);
    EXPECT_EQ(version_code, 0);
    EXPECT_NE(version.find("confab-bridge"), std::string::npos) << version;
}

TEST_F(BridgeCommandLineTest, ValidConfigPassesAndHidesTheSecret) {
    auto [code, out] = check(kValidXmpp);
    EXPECT_EQ(code, 0) << out;
    EXPECT_NE(out.find("configuration OK"), std::string::npos) << out;
    EXPECT_EQ(out.find("s3cret"), std::string::npos) << "secret leaked: " << out;
}

TEST_F(BridgeCommandLineTest, MissingKeyIsNamed) {
    auto [code, out] = check("[xmpp]\ncomponent = \"bridge.localhost\"\nsecret = \"x\"\n");
    EXPECT_EQ(code, 2);
    EXPECT_NE(out.find("xmpp.domain"), std::string::npos) << out;
}

TEST_F(BridgeCommandLineTest, WrongTypeNamesKeyTypeAndLine) {
    auto [code, out] = check(
        "[xmpp]\ndomain = \"localhost\"\ncomponent = \"bridge.localhost\"\nport = \"five\"\n"
        "secret = \"x\"\n");
    EXPECT_EQ(code, 2);
    EXPECT_NE(out.find("xmpp.port"), std::string::npos) << out;
    EXPECT_NE(out.find("integer"), std::string::npos) << out;
    EXPECT_NE(out.find(":4"), std::string::npos) << "line number missing: " << out;
}

TEST_F(BridgeCommandLineTest, PortOutOfRange) {
    auto [code, out] = check(
        "[xmpp]\ndomain = \"localhost\"\ncomponent = \"bridge.localhost\"\nport = 70000\n"
        "secret = \"x\"\n");
    EXPECT_EQ(code, 2);
    EXPECT_NE(out.find("xmpp.port"), std::string::npos) << out;
    EXPECT_NE(out.find("70000"), std::string::npos) << out;
}

TEST_F(BridgeCommandLineTest, UnreadableSecretFileIsNamed) {
    auto [code, out] = check(
        "[xmpp]\ndomain = \"localhost\"\ncomponent = \"bridge.localhost\"\n"
        "secret_file = \"no-such.secret\"\n");
    EXPECT_EQ(code, 2);
    EXPECT_NE(out.find("no-such.secret"), std::string::npos) << out;
}

TEST_F(BridgeCommandLineTest, MissingConfigFileIsAClearError) {
    auto [code, out] = runBridgeCommand({"--check-config", "--config", (dir_ / "nope.toml").string()},
                                        dir_);
    EXPECT_EQ(code, 2);
    EXPECT_NE(out.find("nope.toml"), std::string::npos) << out;
}

}  // namespace
}  // namespace confab::test
