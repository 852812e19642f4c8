// Plugins in the running bridge: loaded from [plugins] directory at start,
// refused or disabled with one clear log line when they are wrong, and
// never taking a conference down with them.
#include <unistd.h>

#include <filesystem>

#include "conference_fixture.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;

class PluginLoadingTest : public ConferenceFixture {
protected:
    // A folder of this test's own with the example plugin and the test
    // fixtures in it (symbolic links to the build's files).
    std::string pluginFolder() {
        folder_ = std::filesystem::temp_directory_path() / ("confab-plugins-" + std::to_string(::getpid()));
        std::filesystem::create_directories(folder_);
        const std::filesystem::path sources[] = {
            std::filesystem::path(CONFAB_PLUGIN_DIR) / "example.so",
            std::filesystem::path(CONFAB_TEST_PLUGIN_DIR) / "wrong-abi.so",
            std::filesystem::path(CONFAB_TEST_PLUGIN_DIR) / "misbehaving.so"};
        for (const auto& source : sources) {
            std::error_code ignored;
            std::filesystem::remove(folder_ / source.filename(), ignored);
            std::filesystem::create_symlink(source, folder_ / source.filename());
        }
        return folder_.string();
    }

    void TearDown() override {
        ConferenceFixture::TearDown();
        std::error_code ignored;
        if (!folder_.empty()) std::filesystem::remove_all(folder_, ignored);
    }

    std::filesystem::path folder_;

    bool waitForLog(const std::string& text, std::chrono::milliseconds deadline = 10s) {
        return harness::waitUntil([&] { return bridgeLog().find(text) != std::string::npos; }, deadline);
    }
};

TEST_F(PluginLoadingTest, GoodPluginsServeWrongOnesAreRefusedAndTheBridgeCarriesOn) {
    startAll("[plugins]\n"
             "directory = \"" + pluginFolder() + "\"\n"
             "enable = [\"wrong-abi\", \"example\", \"misbehaving\", \"absent\"]\n"
             "[plugins.misbehaving]\n"
             "mode = \"throw-on-event\"\n");
    ASSERT_TRUE(waitForLog("plugin example: loaded")) << bridgeLog();
    EXPECT_TRUE(waitForLog("plugin wrong-abi: not loaded: it was built for plugin ABI version 999, and this "
                           "bridge speaks version 1"))
        << bridgeLog();
    EXPECT_TRUE(waitForLog("plugin absent: not loaded: not linked into the bridge, and")) << bridgeLog();
    EXPECT_TRUE(waitForLog("plugin misbehaving: loaded")) << bridgeLog();

    auto alice = connectUser("alice");
    const std::string help = command(*alice, "/help");
    EXPECT_NE(help.find("/talktime - How long each participant has talked"), std::string::npos) << help;

    const std::string room = callAndJoin(*alice, "+15551230001 +15551230002", "alice");
    ASSERT_FALSE(room.empty());
    // The first leg event makes misbehaving throw: it is disabled, the call goes on.
    EXPECT_TRUE(waitForLog("plugin misbehaving: disabled: its event listener threw: a deliberate event failure"))
        << bridgeLog();
    ASSERT_TRUE(waitForRoomBody(*alice, room, "+15551230002 joined", 10s)) << bridgeLog();

    // +15551230001 talks for 1.5 s from 1.5 s after answering (plus the
    // talk detector's hang-over); /talktime adds up finished turns.
    std::string talk_time;
    ASSERT_TRUE(harness::waitUntil(
        [&] {
            talk_time = command(*alice, "/talktime");
            const auto at = talk_time.find("+15551230001: ");
            if (at == std::string::npos) return false;
            const double seconds = std::stod(talk_time.substr(at + 14));
            return seconds >= 1.0 && seconds <= 4.0;
        },
        15s, 200ms))
        << talk_time << "\n" << bridgeLog();

    const std::string gone = command(*alice, "/misbehave");
    EXPECT_NE(gone.find("unknown command /misbehave"), std::string::npos) << gone;
    EXPECT_NE(command(*alice, "/list").find("+15551230002"), std::string::npos) << "the conference is still up";
    EXPECT_TRUE(bridge_.running());
}

TEST_F(PluginLoadingTest, APluginWhoseInitFailsIsDisabledAndTheBridgeRuns) {
    startAll("[plugins]\n"
             "directory = \"" + pluginFolder() + "\"\n"
             "enable = [\"misbehaving\"]\n"
             "[plugins.misbehaving]\n"
             "mode = \"fail-init\"\n");
    EXPECT_TRUE(waitForLog("plugin misbehaving: failing init on purpose")) << bridgeLog();
    EXPECT_TRUE(waitForLog("plugin misbehaving: disabled: init() failed (returned 1)")) << bridgeLog();
    auto alice = connectUser("alice");
    const std::string reply = command(*alice, "/misbehave");
    EXPECT_NE(reply.find("unknown command /misbehave"), std::string::npos) << reply;
    EXPECT_FALSE(callAndJoin(*alice, "+15551230002", "alice").empty()) << bridgeLog();
}

}  // namespace
}  // namespace confab::test
