#include "confab/protocol/talker.h"

#include <gloox/tag.h>
#include <gtest/gtest.h>

#include "confab/protocol/namespaces.h"
#include "wire.h"

namespace confab::protocol {
namespace {

using testing::overTheWire;

TEST(TalkerTest, StartedAndStoppedSpeakingAreRayoElements) {
    EXPECT_EQ(speakingTag(true, "tel:+15551234567")->xml(),
              "<started-speaking xmlns='urn:xmpp:rayo:1' call-uri='tel:+15551234567'/>");
    EXPECT_EQ(speakingTag(false, "xmpp:bob@example.com")->xml(),
              "<stopped-speaking xmlns='urn:xmpp:rayo:1' call-uri='xmpp:bob@example.com'/>");
}

TEST(TalkerTest, EventsRoundTripOverTheWire) {
    for (const bool started : {true, false}) {
        const auto wire = overTheWire(*speakingTag(started, "tel:+15551234567"));
        ASSERT_NE(wire, nullptr);
        EXPECT_EQ(parseSpeaking(*wire), (SpeakingEvent{started, "tel:+15551234567"}));
    }
}

TEST(TalkerTest, ParsesTheEventInsideAMessage) {
    const auto message = parseXml(
        "<message from='r@c/confab' type='groupchat'><body>hi</body>"
        "<stopped-speaking xmlns='urn:xmpp:rayo:1' call-uri='tel:+1555'/></message>");
    ASSERT_NE(message, nullptr);
    EXPECT_EQ(parseSpeaking(*message), (SpeakingEvent{false, "tel:+1555"}));
}

TEST(TalkerTest, ParserRejectsMalformedEvents) {
    for (const std::string& xml : std::vector<std::string>{
             "<started-speaking xmlns='urn:xmpp:rayo:0' call-uri='tel:+1'/>",
             "<started-speaking call-uri='tel:+1'/>",
             "<started-speaking xmlns='urn:xmpp:rayo:1'/>",
             "<started-speaking xmlns='urn:xmpp:rayo:1' call-uri=''/>",
             "<speaking xmlns='urn:xmpp:rayo:1' call-uri='tel:+1'/>",
             "<message><body>no event</body></message>",
             "<message type='error'><started-speaking xmlns='urn:xmpp:rayo:1' call-uri='tel:+1'/>"
             "</message>",
         }) {
        const auto tag = parseXml(xml);
        ASSERT_NE(tag, nullptr) << xml;
        EXPECT_EQ(parseSpeaking(*tag), std::nullopt) << xml;
    }
}

TEST(CallUriTest, NumbersBecomeTelUris) {
    EXPECT_EQ(callUriForNumber("+15551234567"), "tel:+15551234567");
    EXPECT_EQ(numberFromCallUri("tel:+15551234567"), "+15551234567");
    EXPECT_EQ(numberFromCallUri("tel:+1-555-123-4567"), "+15551234567");
    EXPECT_EQ(numberFromCallUri("tel:+1.(555).1234567"), "+15551234567");
}

TEST(CallUriTest, JidsBecomeXmppUris) {
    EXPECT_EQ(callUriForJid("bob@example.com"), "xmpp:bob@example.com");
    EXPECT_EQ(callUriForJid("example.com"), "xmpp:example.com");
    EXPECT_EQ(jidFromCallUri("xmpp:bob@example.com"), "bob@example.com");
    EXPECT_EQ(callUriForJid("a%b?c#d@example.com"), "xmpp:a%25b%3Fc%23d@example.com");
    EXPECT_EQ(jidFromCallUri("xmpp:a%25b%3Fc%23d@example.com"), "a%b?c#d@example.com");
    const std::string unicode = "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D@example.com";
    EXPECT_EQ(jidFromCallUri(callUriForJid(unicode)), unicode);
}

TEST(CallUriTest, BadInputGivesNoUri) {
    for (const char* number : {"", "+", "15551234567", "+1555123456789012", "+1 555", "+1555x",
                               "tel:+1555", "++1555"})
        EXPECT_EQ(callUriForNumber(number), "") << number;
    for (const std::string& jid :
         {std::string(""), std::string("bob@example.com/phone"), std::string("@example.com"),
          std::string("bob@"), std::string("a@b@c"), std::string("bob smith@example.com"),
          std::string("bob\x01@example.com"), std::string("<b>@example.com"),
          std::string(4000, 'a')})
        EXPECT_EQ(callUriForJid(jid), "") << jid.substr(0, 40);
}

TEST(CallUriTest, ParsersRejectOtherUris) {
    for (const char* uri :
         {"", "tel:", "tel:15551234567", "tel:+", "tel:+1555;ext=1", "tel:+12345678901234567",
          "sip:+1555@example.com", "TEL:+1555", "xmpp:+1555", "tel:+1-555-abc"})
        EXPECT_EQ(numberFromCallUri(uri), std::nullopt) << uri;
    for (const char* uri :
         {"", "xmpp:", "xmpp:bob@example.com/phone", "xmpp:bob@example.com?message",
          "xmpp://guest@example.com/bob@example.com", "xmpp:bob%2", "xmpp:bob%zz@example.com",
          "xmpp:bob%00@example.com", "xmpp:bob%2Fx@example.com", "tel:+1555", "XMPP:bob@x"})
        EXPECT_EQ(jidFromCallUri(uri), std::nullopt) << uri;
}

}  // namespace
}  // namespace confab::protocol
