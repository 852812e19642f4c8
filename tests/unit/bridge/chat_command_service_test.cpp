#include "confab/bridge/chat_command_service.h"

#include <gtest/gtest.h>

namespace confab::bridge {
namespace {

const std::string kFrom = "alice@localhost/laptop";

TEST(ChatCommandServiceTest, HelpListsEveryCommand) {
    const std::string reply = ChatCommandService{}.replyTo(kFrom, "/help");
    for (const char* command : {"/call", "/invite", "/hangup", "/mute", "/unmute", "/kick", "/lock",
                                "/unlock", "/list", "/end", "/help"})
        EXPECT_NE(reply.find(command), std::string::npos) << command;
}

TEST(ChatCommandServiceTest, HelpForOneCommandShowsItsUsage) {
    const std::string reply = ChatCommandService{}.replyTo(kFrom, "/help call");
    EXPECT_NE(reply.find("/call <who>"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("/kick"), std::string::npos) << reply;
}

TEST(ChatCommandServiceTest, HelpForAnUnknownCommandSaysSo) {
    const std::string reply = ChatCommandService{}.replyTo(kFrom, "/help dance");
    EXPECT_NE(reply.find("/dance"), std::string::npos) << reply;
    EXPECT_NE(reply.find("/help"), std::string::npos) << reply;
}

TEST(ChatCommandServiceTest, PlainTextSuggestsHelp) {
    const std::string reply = ChatCommandService{}.replyTo(kFrom, "hello bridge");
    EXPECT_NE(reply.find("/help"), std::string::npos) << reply;
}

TEST(ChatCommandServiceTest, UnknownCommandIsNamedAndSuggestsHelp) {
    const std::string reply = ChatCommandService{}.replyTo(kFrom, "/cal bob");
    EXPECT_NE(reply.find("/cal"), std::string::npos) << reply;
    EXPECT_NE(reply.find("/help"), std::string::npos) << reply;
}

TEST(ChatCommandServiceTest, ParserErrorsComeBackPrecisely) {
    const std::string reply = ChatCommandService{}.replyTo(kFrom, "/call \"bob");
    EXPECT_NE(reply.find("quote"), std::string::npos) << reply;
}

TEST(ChatCommandServiceTest, RecognisedButUnavailableCommandsSayWhy) {
    const std::string reply = ChatCommandService{}.replyTo(kFrom, "/call bob");
    EXPECT_NE(reply.find("not available"), std::string::npos) << reply;
}

TEST(ChatCommandServiceTest, HostileInputGetsAReplyAndNoCrash) {
    ChatCommandService service;
    for (const std::string& input :
         {std::string(100 * 1024, 'x'), std::string("/call ") + std::string(200 * 1024, '9'),
          std::string("/call \x01\x02"), std::string("/call <b>&amp;'\""), std::string("\xff\xfe"),
          std::string("/"), std::string(""), std::string("/help ") + std::string(300, '/')}) {
        EXPECT_FALSE(service.replyTo(kFrom, input).empty()) << input.substr(0, 40);
    }
}

}  // namespace
}  // namespace confab::bridge
