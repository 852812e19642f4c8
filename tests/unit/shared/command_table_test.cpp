// The command table: complete, consistent, and the lookups the client's tab
// completion and the bridge's /help rely on.
#include "confab/shared/command_table.h"

#include <gtest/gtest.h>

#include <set>

namespace confab {
namespace {

TEST(CommandTableTest, EveryCommandNameHasExactlyOneRow) {
    std::set<CommandName> seen;
    for (const CommandInfo& command : commandTable()) {
        EXPECT_TRUE(seen.insert(command.name).second) << command.name_text;
        EXPECT_EQ(&commandInfo(command.name), &command);
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(CommandName::Join) + 1);
}

TEST(CommandTableTest, RowsAreConsistent) {
    std::set<std::string_view> names;
    for (const CommandInfo& command : commandTable()) {
        const std::string prefix = "/" + std::string(command.name_text);
        EXPECT_EQ(command.usage.substr(0, prefix.size()), prefix) << command.usage;
        EXPECT_FALSE(command.summary.empty());
        EXPECT_LE(command.min_args, command.max_args);
        EXPECT_LE(command.max_args, kMaxSlashCommandArguments);
        EXPECT_EQ(command.min_args > 0, !command.needs.empty()) << command.name_text;
        EXPECT_TRUE(names.insert(command.name_text).second);
        for (const std::string_view alias : command.aliases) {
            EXPECT_TRUE(names.insert(alias).second) << alias;
        }
    }
}

TEST(CommandTableTest, FindCommandByNameOrAlias) {
    ASSERT_NE(findCommand("add"), nullptr);
    EXPECT_EQ(findCommand("add")->name, CommandName::Invite);
    EXPECT_EQ(findCommand("/CALL")->name, CommandName::Call);
    EXPECT_EQ(findCommand("calls"), nullptr);
    EXPECT_EQ(findCommand(""), nullptr);
    EXPECT_EQ(findCommand("/"), nullptr);
}

TEST(CommandTableTest, ClosestName) {
    EXPECT_EQ(closestCommandName("cal"), "call");
    EXPECT_EQ(closestCommandName("hnagup"), "hangup");
    EXPECT_EQ(closestCommandName("invtie"), "invite");
    EXPECT_EQ(closestCommandName("mod"), "moderator");
    EXPECT_EQ(closestCommandName("x"), "");
    EXPECT_EQ(closestCommandName("completelydifferent"), "");
    EXPECT_EQ(closestCommandName(std::string(1000, 'a')), "");
}

TEST(CommandTableTest, TabCompletion) {
    EXPECT_EQ(commandNamesStartingWith("/mu"), (std::vector<std::string_view>{"mute"}));
    EXPECT_EQ(commandNamesStartingWith("a"), (std::vector<std::string_view>{"add", "accept"}));
    EXPECT_EQ(commandNamesStartingWith("/").size(), commandTable().size() + 1);
    EXPECT_TRUE(commandNamesStartingWith("zz").empty());
}

TEST(CommandTableTest, HelpTextListsEveryCommand) {
    const std::string help = formatHelp();
    for (const CommandInfo& command : commandTable()) {
        EXPECT_NE(help.find(command.usage), std::string::npos) << command.usage;
    }
    const std::string invite = formatHelp(commandInfo(CommandName::Invite));
    EXPECT_NE(invite.find("/invite <who>..."), std::string::npos) << invite;
    EXPECT_NE(invite.find("/add"), std::string::npos) << invite;
}

}  // namespace
}  // namespace confab
