#include "confab/protocol/stanza.h"

#include <set>

#include <gloox/tag.h>
#include <gtest/gtest.h>

#include "confab/protocol/namespaces.h"
#include "confab/protocol/talker.h"
#include "wire.h"

namespace confab::protocol {
namespace {

using testing::childNames;
using testing::overTheWire;
using Names = std::vector<std::string>;

TEST(HintsTest, NoStoreAndNoPermanentStore) {
    EXPECT_EQ(noStoreTag()->xml(), "<no-store xmlns='urn:xmpp:hints'/>");
    EXPECT_EQ(noPermanentStoreTag()->xml(), "<no-permanent-store xmlns='urn:xmpp:hints'/>");
}

// The talker event in docs/protocol.md.
TEST(EventMessageTest, TalkerEventIsTheDocumentedOne) {
    const auto message = eventMessage("bridge.example.com", "standup@conference.example.com",
                                      MessageType::Groupchat,
                                      speakingTag(true, callUriForNumber("+15551234567")), true,
                                      "", "t1");
    EXPECT_EQ(message->xml(),
              "<message from='bridge.example.com' to='standup@conference.example.com' "
              "type='groupchat' id='t1'>"
              "<started-speaking xmlns='urn:xmpp:rayo:1' call-uri='tel:+15551234567'/>"
              "<no-store xmlns='urn:xmpp:hints'/></message>");
}

TEST(EventMessageTest, CarriesBodyPayloadAndHintInThatOrder) {
    const auto wire = overTheWire(*eventMessage("bridge.example.com", "bob@example.com/phone",
                                                MessageType::Chat, noPermanentStoreTag(), true,
                                                "Bob joined", "m-1"));
    ASSERT_NE(wire, nullptr);
    EXPECT_EQ(wire->name(), "message");
    EXPECT_EQ(wire->findAttribute("from"), "bridge.example.com");
    EXPECT_EQ(wire->findAttribute("to"), "bob@example.com/phone");
    EXPECT_EQ(wire->findAttribute("type"), "chat");
    EXPECT_EQ(wire->findAttribute("id"), "m-1");
    EXPECT_EQ(childNames(*wire), (Names{"body", "no-permanent-store", "no-store"}));
    EXPECT_EQ(wire->findChild("body")->cdata(), "Bob joined");
    EXPECT_EQ(wire->findChild("no-store")->xmlns(), ns::kHints);
}

TEST(EventMessageTest, NoBodyNoPayloadNoHintWhenNotAsked) {
    const auto message = eventMessage("a", "b", MessageType::Headline, nullptr, false, "", "x");
    EXPECT_EQ(message->xml(), "<message from='a' to='b' type='headline' id='x'/>");
}

TEST(EventMessageTest, EveryTypeIsWritten) {
    for (const auto& [type, text] :
         std::vector<std::pair<MessageType, std::string>>{{MessageType::Normal, "normal"},
                                                          {MessageType::Chat, "chat"},
                                                          {MessageType::Groupchat, "groupchat"},
                                                          {MessageType::Headline, "headline"}})
        EXPECT_EQ(eventMessage("a", "b", type, nullptr, false, "")->findAttribute("type"), text);
}

TEST(EventMessageTest, DrawsAFreshIdWhenNoneIsGiven) {
    std::set<std::string> ids;
    for (int i = 0; i < 100; ++i)
        ids.insert(eventMessage("a", "b", MessageType::Chat, nullptr, false, "hi")
                       ->findAttribute("id"));
    EXPECT_EQ(ids.size(), 100u);
    EXPECT_EQ(ids.begin()->rfind("confab-", 0), 0u);
}

TEST(EventMessageTest, HostileBodyAndJidsAreMadeSafe) {
    const auto wire = overTheWire(*eventMessage("bridge\x01.example.com", "bob@example.com",
                                                MessageType::Chat, nullptr, false,
                                                testing::kSpecials + "\x02" + testing::kRtl));
    ASSERT_NE(wire, nullptr);
    EXPECT_EQ(wire->findAttribute("from"), "bridge\xEF\xBF\xBD.example.com");
    EXPECT_EQ(wire->findChild("body")->cdata(),
              testing::kSpecials + "\xEF\xBF\xBD" + testing::kRtl);
}

}  // namespace
}  // namespace confab::protocol
