#include "confab/protocol/invitation.h"

#include <gloox/tag.h>
#include <gtest/gtest.h>

#include "confab/protocol/namespaces.h"
#include "confab/protocol/xml_text.h"
#include "wire.h"

namespace confab::protocol {
namespace {

using testing::childNames;
using testing::overTheWire;
using Names = std::vector<std::string>;

const std::string kBody =
    "Alice invites you to a conference call. Reply /accept to be called at +15557654321, "
    "/accept <number> for another number, /accept chat to join by chat only, or /decline.";

Invitation aliceInvitesBob() {
    return Invitation{"k3x9",
                      "standup@conference.example.com",
                      "alice@example.com",
                      "Alice",
                      {{"work", "+15557654321"}, {"mobile", "+15559876543"}},
                      30};
}

// The invitation in docs/protocol.md.
TEST(InvitationTest, MessageIsTheDocumentedOne) {
    EXPECT_EQ(invitationMessage("bridge.example.com", "bob@example.com", aliceInvitesBob(), kBody,
                                "m1")
                  ->xml(),
              "<message from='bridge.example.com' to='bob@example.com' type='chat' id='m1'>"
              "<body>Alice invites you to a conference call. Reply /accept to be called at "
              "+15557654321, /accept &lt;number&gt; for another number, /accept chat to join by "
              "chat only, or /decline.</body>"
              "<invitation xmlns='urn:confab:invite:0' id='k3x9' "
              "room='standup@conference.example.com' inviter='alice@example.com' "
              "inviter-name='Alice' timeout='30'><number kind='work'>+15557654321</number>"
              "<number kind='mobile'>+15559876543</number></invitation></message>");
}

TEST(InvitationTest, RoundTripsOverTheWire) {
    const auto wire = overTheWire(
        *invitationMessage("bridge.example.com", "bob@example.com", aliceInvitesBob(), kBody));
    ASSERT_NE(wire, nullptr);
    EXPECT_EQ(childNames(*wire), (Names{"body", "invitation"}));
    EXPECT_EQ(wire->findChild("body")->cdata(), kBody);
    EXPECT_EQ(parseInvitation(*wire), aliceInvitesBob());
    EXPECT_EQ(parseInvitation(*wire->findChild("invitation")), aliceInvitesBob());
}

TEST(InvitationTest, BadNumbersAndKindsAreNotOffered) {
    Invitation invitation = aliceInvitesBob();
    invitation.numbers = {{"work", "5557654321"}, {"pager", "+15550000000"}, {"home", "+1 555"}};
    for (int i = 0; i < 40; ++i)
        invitation.numbers.emplace_back("mobile", "+1555000" + std::to_string(1000 + i));
    const auto parsed = parseInvitation(*overTheWire(*invitationTag(invitation)));
    ASSERT_TRUE(parsed.has_value());
    ASSERT_EQ(parsed->numbers.size(), kMaxInvitationNumbers);
    EXPECT_EQ(parsed->numbers[0], (std::pair<std::string, std::string>{"other", "+15550000000"}));
}

TEST(InvitationTest, TimeoutIsKeptWithinWhatTheParserAccepts) {
    Invitation invitation = aliceInvitesBob();
    invitation.timeout_seconds = 1'000'000;
    EXPECT_EQ(invitationTag(invitation)->findAttribute("timeout"), "86400");
    invitation.timeout_seconds = 0;
    EXPECT_FALSE(invitationTag(invitation)->hasAttribute("timeout"));
    EXPECT_EQ(parseInvitation(*invitationTag(invitation))->timeout_seconds, 30);
}

TEST(InvitationTest, MissingTimeoutReadsAsThirtySeconds) {
    const auto tag = parseXml("<invitation xmlns='urn:confab:invite:0' id='1' room='r@c' "
                              "inviter='a@b'/>");
    ASSERT_NE(tag, nullptr);
    const auto parsed = parseInvitation(*tag);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->timeout_seconds, 30);
    EXPECT_TRUE(parsed->numbers.empty());
}

TEST(InvitationTest, ParserRejectsMalformedInvitations) {
    const std::string open = "<invitation xmlns='urn:confab:invite:0' ";
    const std::string good = open + "id='1' room='r@c' inviter='a@b'";
    std::string flood = good + ">";
    for (int i = 0; i < 17; ++i) flood += "<number kind='work'>+1555</number>";
    flood += "</invitation>";
    for (const std::string& xml : std::vector<std::string>{
             "<invitation xmlns='urn:confab:invite:1' id='1' room='r@c' inviter='a@b'/>",
             "<invitation id='1' room='r@c' inviter='a@b'/>",
             open + "room='r@c' inviter='a@b'/>",
             open + "id='1' inviter='a@b'/>",
             open + "id='1' room='r@c'/>",
             good + " timeout='0'/>",
             good + " timeout='-5'/>",
             good + " timeout='thirty'/>",
             good + " timeout='86401'/>",
             good + " timeout='99999999999999999999999999'/>",
             good + "><number kind='work'>5551234</number></invitation>",
             good + "><number kind='work'>+1555 1234</number></invitation>",
             good + "><number kind='pager'>+15551234</number></invitation>",
             good + "><number>+15551234</number></invitation>",
             flood,
             "<message type='error'>" + good + "/></message>",
             "<message><body>/accept</body></message>",
         }) {
        const auto tag = parseXml(xml);
        ASSERT_NE(tag, nullptr) << xml;
        EXPECT_EQ(parseInvitation(*tag), std::nullopt) << xml;
    }
}

TEST(InvitationAnswerTest, AnswersAreTheDocumentedOnes) {
    EXPECT_EQ(invitationAnswerTag({"k3x9", true, "+15559876543", false})->xml(),
              "<accept xmlns='urn:confab:invite:0' id='k3x9' number='+15559876543'/>");
    EXPECT_EQ(invitationAnswerTag({"k3x9", true, "", false})->xml(),
              "<accept xmlns='urn:confab:invite:0' id='k3x9'/>");
    EXPECT_EQ(invitationAnswerTag({"k3x9", true, "", true})->xml(),
              "<accept xmlns='urn:confab:invite:0' id='k3x9' chat-only='true'/>");
    EXPECT_EQ(invitationAnswerTag({"k3x9", false, "", false})->xml(),
              "<decline xmlns='urn:confab:invite:0' id='k3x9'/>");
}

TEST(InvitationAnswerTest, AnswersRoundTripInsideAMessage) {
    for (const InvitationAnswer& answer :
         {InvitationAnswer{"k3x9", true, "+15559876543", false},
          InvitationAnswer{"k3x9", true, "", false}, InvitationAnswer{"k3x9", true, "", true},
          InvitationAnswer{"k3x9", false, "", false}}) {
        gloox::Tag message("message");
        message.addAttribute("from", "bob@example.com/phone");
        message.addAttribute("type", "chat");
        new gloox::Tag(&message, "body", "/accept");
        message.addChild(invitationAnswerTag(answer).release());
        const auto wire = overTheWire(message);
        ASSERT_NE(wire, nullptr);
        EXPECT_EQ(parseInvitationAnswer(*wire), answer) << wire->xml();
    }
}

TEST(InvitationAnswerTest, ChatOnlyFalseAndOneAreReadAsXsBoolean) {
    const auto no = parseXml("<accept xmlns='urn:confab:invite:0' id='1' chat-only='false'/>");
    const auto yes = parseXml("<accept xmlns='urn:confab:invite:0' id='1' chat-only='1'/>");
    ASSERT_NE(no, nullptr);
    ASSERT_NE(yes, nullptr);
    EXPECT_EQ(parseInvitationAnswer(*no), (InvitationAnswer{"1", true, "", false}));
    EXPECT_EQ(parseInvitationAnswer(*yes), (InvitationAnswer{"1", true, "", true}));
}

TEST(InvitationAnswerTest, ParserRejectsMalformedAnswers) {
    for (const std::string& xml : std::vector<std::string>{
             "<accept xmlns='urn:confab:invite:1' id='1'/>",
             "<accept id='1'/>",
             "<accept xmlns='urn:confab:invite:0'/>",
             "<decline xmlns='urn:confab:invite:0'/>",
             "<accept xmlns='urn:confab:invite:0' id='1' number='5551234'/>",
             "<accept xmlns='urn:confab:invite:0' id='1' number='+1555x'/>",
             "<accept xmlns='urn:confab:invite:0' id='1' number='+123456789012345678'/>",
             "<accept xmlns='urn:confab:invite:0' id='1' chat-only='yes'/>",
             "<accept xmlns='urn:confab:invite:0' id='1' chat-only='true' number='+1555'/>",
             "<maybe xmlns='urn:confab:invite:0' id='1'/>",
             "<message><body>/accept</body></message>",
             "<message type='error'><accept xmlns='urn:confab:invite:0' id='1'/></message>",
             "<presence><accept xmlns='urn:confab:invite:0' id='1'/></presence>",
         }) {
        const auto tag = parseXml(xml);
        ASSERT_NE(tag, nullptr) << xml;
        EXPECT_EQ(parseInvitationAnswer(*tag), std::nullopt) << xml;
    }
}

}  // namespace
}  // namespace confab::protocol
