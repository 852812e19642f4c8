// PluginHost against real plugins (the example, and the misbehaving and
// wrong-ABI fixtures): what loads, what is refused and why, events and
// commands reaching plugins, and a plugin that fails being cut off while
// the others carry on. BridgeServices is a recorder of calls: the host's
// other side, not a network peer.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <thread>

#include "confab/bridge/control_loop.h"
#include "confab/media/audio_tap.h"
#include "confab/plugin.h"
#include "confab/plugins/bridge_services.h"
#include "confab/plugins/plugin_host.h"

namespace confab::plugins {
namespace {

using namespace std::chrono_literals;

class RecordingServices : public BridgeServices {
public:
    std::optional<ConferenceFacts> conferenceFacts(std::int64_t conference) override {
        if (conference != kConference) return std::nullopt;
        ConferenceFacts facts;
        facts.owner = "alice@example.com";
        facts.access_code = "123456";
        facts.live_legs = 2;
        facts.participants = 3;
        return facts;
    }
    bool isModerator(std::int64_t, const std::string& sender) override { return sender == "alice@example.com"; }
    bool say(std::int64_t conference, const std::string& text) override {
        said.emplace_back(conference, text);
        return true;
    }
    bool setRecording(std::int64_t, bool) override { return true; }
    bool addRecording(const RecordingEntry&) override { return true; }
    bool playPrompt(std::int64_t, std::uint32_t, std::shared_ptr<const media::Prompt>) override { return true; }
    bool setTap(std::int64_t conference, std::uint32_t participant, std::shared_ptr<media::AudioTap> tap) override {
        if (conference != kConference) return false;
        taps[participant] = std::move(tap);
        ++tap_changes;
        return true;
    }

    static constexpr std::int64_t kConference = 7;
    std::vector<std::pair<std::int64_t, std::string>> said;
    std::map<std::uint32_t, std::shared_ptr<media::AudioTap>> taps;
    int tap_changes = 0;
};

class PluginHostTest : public ::testing::Test {
protected:
    std::unique_ptr<PluginHost> load(std::vector<std::string> names,
                                     std::map<std::string, std::map<std::string, PluginValue>> tables = {},
                                     std::string directory = CONFAB_PLUGIN_DIR) {
        PluginSettings settings;
        settings.directory = directory;
        settings.enable = std::move(names);
        settings.tables = std::move(tables);
        auto host = std::make_unique<PluginHost>(loop_, services_, settings, staticPlugins());
        host->loadAll();
        return host;
    }
    // The example is a .so in the default build and linked in with
    // CONFAB_STATIC_PLUGINS (the sanitizer build); the fixtures are .so files.
    std::unique_ptr<PluginHost> loadWithFixtures(std::vector<std::string> names, const std::string& mode) {
        PluginSettings settings;
        settings.directory = CONFAB_TEST_PLUGIN_DIR;
        settings.enable = std::move(names);
        settings.tables["misbehaving"]["mode"] = mode;
        auto host = std::make_unique<PluginHost>(loop_, services_, settings, staticPlugins());
        host->loadAll();
        return host;
    }

    static PluginStatus statusOf(const PluginHost& host, const std::string& name) {
        for (const auto& status : host.status()) {
            if (status.name == name) return status;
        }
        ADD_FAILURE() << "no status for " << name;
        return {};
    }

    static PluginEvent talker(std::uint32_t participant, bool talking, std::int64_t unix_ms) {
        PluginEvent event;
        event.kind = PluginEvent::Kind::Talker;
        event.conference = RecordingServices::kConference;
        event.participant = participant;
        event.name = "Bob (+15551230001)";
        event.talking = talking;
        event.unix_ms = unix_ms;
        return event;
    }

    static PluginEvent legConnected() {
        PluginEvent event;
        event.kind = PluginEvent::Kind::LegState;
        event.conference = RecordingServices::kConference;
        event.participant = 2;
        event.leg_state = PluginEvent::LegState::Connected;
        return event;
    }

    // Runs posted work until `done` or the deadline.
    template <typename Done>
    bool runPostedUntil(Done done, std::chrono::milliseconds deadline = 3s) {
        const auto until = std::chrono::steady_clock::now() + deadline;
        while (std::chrono::steady_clock::now() < until) {
            loop_.runPosted();
            if (done()) return true;
            std::this_thread::sleep_for(5ms);
        }
        return done();
    }

    bridge::ControlLoop loop_;
    RecordingServices services_;
};

TEST_F(PluginHostTest, ExamplePluginLoadsAndAnswersItsCommandFromEvents) {
    auto host = load({"example"});
    const PluginStatus status = statusOf(*host, "example");
    ASSERT_TRUE(status.enabled) << status.problem;
    const auto command = host->command("talktime");
    ASSERT_TRUE(command.has_value());
    EXPECT_EQ(command->usage, "/talktime");
    EXPECT_FALSE(command->moderators_only);
    EXPECT_EQ(command->plugin, "example");

    const auto before = host->runCommand("talktime", RecordingServices::kConference, "bob@example.com", false, {});
    EXPECT_TRUE(before.ok);
    EXPECT_EQ(before.reply, "Nobody has talked yet.");

    host->dispatch(talker(2, true, 10'000));
    host->dispatch(talker(2, false, 12'500));
    const auto after = host->runCommand("talktime", RecordingServices::kConference, "bob@example.com", false, {});
    EXPECT_TRUE(after.ok);
    EXPECT_EQ(after.reply, "Talk time so far:\nBob (+15551230001): 2.5 s");

    const auto bad = host->runCommand("talktime", RecordingServices::kConference, "bob@example.com", false, {"x"});
    EXPECT_FALSE(bad.ok);
    EXPECT_EQ(bad.reply, "/talktime takes no arguments.");

    host->closeAll();
    EXPECT_FALSE(host->command("talktime").has_value()) << "close() removes the command";
}

TEST_F(PluginHostTest, ExamplePluginRefusesABadConfigValue) {
    auto host = load({"example"}, {{"example", {{"max_participants", std::string("many")}}}});
    const PluginStatus status = statusOf(*host, "example");
    EXPECT_FALSE(status.enabled);
    EXPECT_EQ(status.problem, "init() failed (returned 1)");
    EXPECT_FALSE(host->command("talktime").has_value());
}

TEST_F(PluginHostTest, WrongAbiIsRefusedBeforeAnythingIsCalled) {
    // Its init() and close() abort(): reaching them would end this test.
    auto host = loadWithFixtures({"wrong-abi"}, "well");
    const PluginStatus status = statusOf(*host, "wrong-abi");
    EXPECT_FALSE(status.enabled);
    EXPECT_NE(status.problem.find("plugin ABI version 999"), std::string::npos) << status.problem;
    EXPECT_NE(status.problem.find("this bridge speaks version 1"), std::string::npos) << status.problem;
}

TEST_F(PluginHostTest, AMissingPluginIsNamedWithTheFileLookedFor) {
    auto host = loadWithFixtures({"nowhere"}, "well");
    const PluginStatus status = statusOf(*host, "nowhere");
    EXPECT_FALSE(status.enabled);
    EXPECT_NE(status.problem.find("nowhere.so is not there"), std::string::npos) << status.problem;
}

TEST_F(PluginHostTest, FailingInitDisablesThePluginAndRemovesWhatItRegistered) {
    auto host = loadWithFixtures({"misbehaving"}, "fail-init");
    EXPECT_FALSE(statusOf(*host, "misbehaving").enabled);
    EXPECT_FALSE(host->command("misbehave").has_value());
    host->dispatch(legConnected());  // its listener is gone: nothing throws or runs
}

TEST_F(PluginHostTest, InitThatThrowsIsDisabled) {
    auto host = loadWithFixtures({"misbehaving"}, "throw-in-init");
    const PluginStatus status = statusOf(*host, "misbehaving");
    EXPECT_FALSE(status.enabled);
    EXPECT_EQ(status.problem, "init() threw: a deliberate init failure");
    EXPECT_FALSE(host->command("misbehave").has_value());
}

TEST_F(PluginHostTest, AListenerThatThrowsIsCutOffAndTheOthersCarryOn) {
    PluginSettings settings;
    settings.directory = CONFAB_TEST_PLUGIN_DIR;
    settings.enable = {"misbehaving"};
    settings.tables["misbehaving"]["mode"] = std::string("throw-on-event");
    PluginHost misbehaving(loop_, services_, settings, staticPlugins());
    misbehaving.loadAll();
    auto example = load({"example"});
    ASSERT_TRUE(statusOf(misbehaving, "misbehaving").enabled);

    misbehaving.dispatch(legConnected());
    const PluginStatus status = statusOf(misbehaving, "misbehaving");
    EXPECT_FALSE(status.enabled);
    EXPECT_EQ(status.problem, "its event listener threw: a deliberate event failure");
    EXPECT_FALSE(misbehaving.command("misbehave").has_value());
    misbehaving.dispatch(legConnected());  // no second failure, no call

    example->dispatch(talker(3, true, 5000));
    example->dispatch(talker(3, false, 6000));
    EXPECT_NE(example->runCommand("talktime", 7, "bob@example.com", false, {}).reply.find("1.0 s"),
              std::string::npos);
}

TEST_F(PluginHostTest, ACommandThatThrowsRepliesAndDisablesThePlugin) {
    auto host = loadWithFixtures({"misbehaving"}, "throw-in-command");
    const auto result = host->runCommand("misbehave", 7, "bob@example.com", false, {});
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.reply, "Sorry, /misbehave failed inside the misbehaving plugin, which has been disabled.");
    EXPECT_FALSE(host->command("misbehave").has_value());
}

TEST_F(PluginHostTest, TapFramesReachThePluginOffTheMediaThreadAndAThrowingTapIsCutOff) {
    auto host = loadWithFixtures({"misbehaving"}, "throw-in-tap");
    const auto reply = host->runCommand("misbehave", 7, "alice@example.com", true, {});
    ASSERT_TRUE(reply.ok) << reply.reply;
    ASSERT_EQ(services_.taps.count(0), 1U);
    std::shared_ptr<media::AudioTap> tap = services_.taps[0];
    ASSERT_NE(tap, nullptr) << "the mix was tapped";

    // This thread plays the media thread: one frame into the ring.
    media::Frame frame{};
    frame.fill(1000);
    ASSERT_TRUE(tap->write(media::TapFrame::Source::Mix, 7, 1, {}, false, frame));
    EXPECT_TRUE(runPostedUntil([&] { return !statusOf(*host, "misbehaving").enabled; }))
        << "the tap thread reported the throw and the control thread disabled the plugin";
    EXPECT_EQ(statusOf(*host, "misbehaving").problem, "its media tap callback threw: a deliberate tap failure");
    EXPECT_EQ(services_.taps[0], nullptr) << "the engine's tap was detached";
}

}  // namespace
}  // namespace confab::plugins
