#include "confab/bridge/chat_command_service.h"

#include <gtest/gtest.h>

namespace confab::bridge {
namespace {

const std::string kFrom = "alice@localhost/laptop";

// The reply for `body`; fails the test when the line is a command to run.
std::string replyTo(const std::string& body, bool in_room = false) {
    const ChatInterpretation meaning = ChatCommandService{}.interpret(kFrom, body, in_room);
    if (const auto* reply = std::get_if<std::string>(&meaning)) return *reply;
    ADD_FAILURE() << "expected a reply, got a command for: " << body.substr(0, 40);
    return {};
}

TEST(ChatCommandServiceTest, HelpListsEveryCommand) {
    const std::string reply = replyTo("/help");
    for (const char* command : {"/call", "/invite", "/hangup", "/mute", "/unmute", "/kick", "/lock",
                                "/unlock", "/list", "/end", "/help"})
        EXPECT_NE(reply.find(command), std::string::npos) << command;
}

TEST(ChatCommandServiceTest, HelpForOneCommandShowsItsUsage) {
    const std::string reply = replyTo("/help call");
    EXPECT_NE(reply.find("/call <who>"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("/kick"), std::string::npos) << reply;
}

TEST(ChatCommandServiceTest, HelpForAnUnknownCommandSaysSo) {
    const std::string reply = replyTo("/help dance");
    EXPECT_NE(reply.find("/dance"), std::string::npos) << reply;
    EXPECT_NE(reply.find("/help"), std::string::npos) << reply;
}

TEST(ChatCommandServiceTest, PlainTextSuggestsHelp) {
    const std::string reply = replyTo("hello bridge");
    EXPECT_NE(reply.find("/help"), std::string::npos) << reply;
}

TEST(ChatCommandServiceTest, UnknownCommandIsNamedAndSuggestsHelp) {
    const std::string reply = replyTo("/cal bob");
    EXPECT_NE(reply.find("/cal"), std::string::npos) << reply;
    EXPECT_NE(reply.find("/help"), std::string::npos) << reply;
}

TEST(ChatCommandServiceTest, ParserErrorsComeBackPrecisely) {
    const std::string reply = replyTo("/call \"bob");
    EXPECT_NE(reply.find("quote"), std::string::npos) << reply;
}

TEST(ChatCommandServiceTest, ConferenceCommandsComeOutParsed) {
    const ChatInterpretation meaning = ChatCommandService{}.interpret(kFrom, "/ADD \"Carol Smith\" +1 555 123 4567");
    const auto* command = std::get_if<SlashCommand>(&meaning);
    ASSERT_NE(command, nullptr);
    EXPECT_EQ(command->name, CommandName::Invite);
    EXPECT_EQ(command->args, (std::vector<std::string>{"Carol Smith", "+1 555 123 4567"}));
}

TEST(ChatCommandServiceTest, PlainTextInARoomIsChatNotACommand) {
    EXPECT_EQ(replyTo("hello everyone", true), "");
    EXPECT_NE(replyTo("/cal bob", true).find("/help"), std::string::npos);
}

TEST(ChatCommandServiceTest, HostileInputGetsAReplyAndNoCrash) {
    for (const std::string& input :
         {std::string(100 * 1024, 'x'), std::string("/call ") + std::string(200 * 1024, '9'),
          std::string("/call \x01\x02"), std::string("/call <b>&amp;'\""), std::string("\xff\xfe"),
          std::string("/"), std::string(""), std::string("/help ") + std::string(300, '/')}) {
        const ChatInterpretation meaning = ChatCommandService{}.interpret(kFrom, input);
        const auto* reply = std::get_if<std::string>(&meaning);
        ASSERT_NE(reply, nullptr) << input.substr(0, 40);
        EXPECT_FALSE(reply->empty()) << input.substr(0, 40);
    }
}

}  // namespace
}  // namespace confab::bridge
