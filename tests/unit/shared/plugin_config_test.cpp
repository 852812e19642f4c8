// [plugins] in the bridge config: which plugins, from where, and each
// plugin's own table (shape checked here; keys are the plugin's business).
// Also parseExtensionCommand, the parser of plugins' slash commands.
#include <gtest/gtest.h>

#include "config_file_test.h"
#include "confab/shared/slash_command.h"

namespace confab {
namespace {

const std::string kXmpp =
    "[xmpp]\n"
    "domain = \"localhost\"\n"
    "component = \"bridge.localhost\"\n"
    "secret_file = \"component.secret\"\n";

using PluginConfigTest = test::ConfigFileTest;

TEST_F(PluginConfigTest, NoPluginsWithoutTheTable) {
    const BridgeConfig config = parse(kXmpp);
    EXPECT_TRUE(config.plugins.enable.empty());
    EXPECT_TRUE(config.plugins.directory.empty());
    EXPECT_TRUE(config.plugins.tables.empty());
}

TEST_F(PluginConfigTest, ReadsEnableDirectoryAndEachPluginsTable) {
    const BridgeConfig config = parse(kXmpp +
                                      "[plugins]\n"
                                      "directory = \"lib/plugins\"\n"
                                      "enable = [\"recorder\", \"webhook\"]\n"
                                      "[plugins.recorder]\n"
                                      "directory = \"/var/lib/confab/recordings\"\n"
                                      "per_leg_tracks = true\n"
                                      "[plugins.webhook]\n"
                                      "urls = [\"https://crm.example.com/hook\"]\n"
                                      "timeout_ms = 2500\n"
                                      "ratio = 0.5\n");
    EXPECT_EQ(config.plugins.directory, dir_ / "lib/plugins");
    EXPECT_EQ(config.plugins.enable, (std::vector<std::string>{"recorder", "webhook"}));
    const auto& recorder = config.plugins.tables.at("recorder");
    EXPECT_EQ(std::get<std::string>(recorder.at("directory")), "/var/lib/confab/recordings");
    EXPECT_TRUE(std::get<bool>(recorder.at("per_leg_tracks")));
    const auto& webhook = config.plugins.tables.at("webhook");
    EXPECT_EQ(std::get<std::vector<std::string>>(webhook.at("urls")).front(), "https://crm.example.com/hook");
    EXPECT_EQ(std::get<std::int64_t>(webhook.at("timeout_ms")), 2500);
    EXPECT_DOUBLE_EQ(std::get<double>(webhook.at("ratio")), 0.5);
}

TEST_F(PluginConfigTest, RefusesBadNamesDuplicatesAndNestedTables) {
    EXPECT_NE(errorFor(kXmpp + "[plugins]\nenable = [\"Recorder\"]\n").find("plugins.enable"), std::string::npos);
    EXPECT_NE(errorFor(kXmpp + "[plugins]\nenable = [\"../evil\"]\n").find("\"../evil\" is not one"),
              std::string::npos);
    EXPECT_NE(errorFor(kXmpp + "[plugins]\nenable = [\"a\", \"a\"]\n").find("twice"), std::string::npos);
    const std::string nested = errorFor(kXmpp + "[plugins.webhook.extra]\nx = 1\n");
    EXPECT_NE(nested.find("plugins.webhook.extra"), std::string::npos) << nested;
    EXPECT_NE(nested.find("array of strings"), std::string::npos) << nested;
    const std::string mixed = errorFor(kXmpp + "[plugins.webhook]\nurls = [\"a\", 2]\n");
    EXPECT_NE(mixed.find("plugins.webhook.urls"), std::string::npos) << mixed;
    EXPECT_NE(errorFor(kXmpp + "[plugins]\nenabled = [\"a\"]\n").find("unknown key"), std::string::npos);
}

TEST(ExtensionCommandTest, SplitsArgumentsLikeBuiltInCommands) {
    const auto parsed = parseExtensionCommand("/Record start \"per leg\"\n");
    const auto* command = std::get_if<ExtensionCommand>(&parsed);
    ASSERT_NE(command, nullptr);
    EXPECT_EQ(command->name, "record");
    EXPECT_EQ(command->args, (std::vector<std::string>{"start", "per leg"}));
    EXPECT_EQ(slashCommandName("/RECORD stop"), "record");
    EXPECT_EQ(slashCommandName("hello"), "");
}

TEST(ExtensionCommandTest, RefusesWhatBuiltInCommandsRefuse) {
    EXPECT_TRUE(std::holds_alternative<CommandError>(parseExtensionCommand("/record \"open")));
    EXPECT_TRUE(std::holds_alternative<CommandError>(parseExtensionCommand("/record \x01")));
    EXPECT_TRUE(std::holds_alternative<CommandError>(parseExtensionCommand("/ record")));
    EXPECT_TRUE(std::holds_alternative<CommandError>(parseExtensionCommand(std::string(5000, 'a'))));
}

}  // namespace
}  // namespace confab
