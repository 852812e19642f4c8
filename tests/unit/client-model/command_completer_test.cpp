#include <gtest/gtest.h>

#include "confab/client/command_completer.h"

namespace confab::client {
namespace {

const QStringList kNames = {"bob", "Bobby Tables", "alice@example.com", "Alice", "carol"};

TEST(CommandCompleterTest, CompletesAUniqueCommand) {
    const Completion c = completeInput("/mu", 3, kNames);
    EXPECT_EQ(c.text, "/mute ");
    EXPECT_EQ(c.cursor, 6);
    EXPECT_EQ(c.candidates, QStringList({"/mute"}));
    EXPECT_EQ(completeInput("/HANG", 5, kNames).text, "/hangup ");
    EXPECT_EQ(completeInput("/ad", 3, kNames).text, "/add ");  // aliases too
}

TEST(CommandCompleterTest, AmbiguousCommandInsertsTheCommonPrefixAndListsAll) {
    const Completion c = completeInput("/un", 3, kNames);
    EXPECT_EQ(c.candidates, QStringList({"/unmute", "/unlock"}));
    EXPECT_EQ(c.text, "/un");
    EXPECT_EQ(c.cursor, 3);
    const Completion m = completeInput("/m", 2, kNames);
    EXPECT_EQ(m.candidates, QStringList({"/mute", "/moderator"}));
    EXPECT_EQ(m.text, "/m");
    const Completion all = completeInput("/", 1, kNames);
    EXPECT_GE(all.candidates.size(), 14);
}

TEST(CommandCompleterTest, CompletesNamesAfterACommand) {
    const Completion c = completeInput("/call bo", 8, {"bob", "carol"});
    EXPECT_EQ(c.text, "/call bob ");
    EXPECT_EQ(c.cursor, 10);
    const Completion two = completeInput("/call bo", 8, kNames);
    EXPECT_EQ(two.candidates, QStringList({"bob", "Bobby Tables"}));
    EXPECT_EQ(two.text, "/call bob");  // the common prefix, in the first candidate's spelling
    EXPECT_EQ(two.cursor, 9);
    const Completion jid = completeInput("/invite carol alice@", 20, kNames);
    EXPECT_EQ(jid.text, "/invite carol alice@example.com ");
    // Plain chat text completes names as well.
    EXPECT_EQ(completeInput("hi car", 6, kNames).text, "hi carol ");
    // /help takes a command name.
    EXPECT_EQ(completeInput("/help unl", 9, kNames).text, "/help unlock ");
}

TEST(CommandCompleterTest, NoMatchLeavesTextAndCursor) {
    const Completion c = completeInput("/xyz", 4, kNames);
    EXPECT_EQ(c.text, "/xyz");
    EXPECT_EQ(c.cursor, 4);
    EXPECT_TRUE(c.candidates.isEmpty());
    const Completion name = completeInput("/call zed", 9, kNames);
    EXPECT_EQ(name.text, "/call zed");
    EXPECT_TRUE(name.candidates.isEmpty());
    const Completion empty = completeInput("", 0, {});
    EXPECT_EQ(empty.text, "");
    EXPECT_EQ(empty.cursor, 0);
}

TEST(CommandCompleterTest, CompletesTheWordBeforeACursorInTheMiddle) {
    // "/call ca| and more": only the word before the cursor changes.
    const Completion c = completeInput("/call ca and more", 8, kNames);
    EXPECT_EQ(c.text, "/call carol and more");
    EXPECT_EQ(c.cursor, 12);  // after the space that was already there
    // A command completed in front of existing arguments.
    const Completion cmd = completeInput("/inv bob", 4, kNames);
    EXPECT_EQ(cmd.text, "/invite bob");
    EXPECT_EQ(cmd.cursor, 8);
    // Out-of-range cursors are clamped.
    EXPECT_EQ(completeInput("/mu", 99, kNames).text, "/mute ");
    EXPECT_EQ(completeInput("/mu", -5, kNames).text, "/mu");
}

TEST(CommandCompleterTest, HelpTextListsEveryCommand) {
    const QString help = helpText();
    for (const char* command : {"/call", "/invite", "/hangup", "/mute", "/unmute", "/kick", "/lock", "/unlock",
                                "/list", "/end", "/help", "/moderator", "/accept", "/decline"}) {
        EXPECT_TRUE(help.contains(QLatin1String(command))) << command;
    }
}

}  // namespace
}  // namespace confab::client
