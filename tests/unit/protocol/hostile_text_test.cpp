// Untrusted text through every builder: whatever goes in, what comes out on
// the wire is well-formed, XML-safe, and reads back as xmlSafeText(input).
#include <gloox/tag.h>
#include <gtest/gtest.h>

#include "confab/protocol/conference_info.h"
#include "confab/protocol/invitation.h"
#include "confab/protocol/muc.h"
#include "confab/protocol/stanza.h"
#include "confab/protocol/talker.h"
#include "confab/protocol/xml_text.h"
#include "wire.h"

namespace confab::protocol {
namespace {

using testing::overTheWire;

std::vector<std::string> hostileTexts() {
    std::string every_control;
    for (char c = 1; c < 0x20; ++c) every_control.push_back(c);
    return {
        testing::kSpecials,
        testing::kRtl,
        std::string("nul\0inside", 10),
        every_control,
        "bell\x07 escape\x1B[31m red",
        "\xFF\xFE invalid \xC0\xAF overlong \xED\xA0\x80 surrogate \xEF\xBF\xBF nonchar",
        "truncated \xE2\x82",
        std::string(100 * 1024, 'x') + "<&>" + testing::kRtl,
    };
}

// What an attribute reads back as: the safe text with tab/LF/CR as spaces.
std::string asAttribute(const std::string& text) {
    std::string safe = xmlSafeText(text);
    for (char& c : safe)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return safe;
}

TEST(ProtocolHostileTextTest, ConferenceInfoTextsRoundTripSafely) {
    for (const std::string& text : hostileTexts()) {
        ConferenceInfoDocument doc;
        doc.entity = "xmpp:" + text;
        doc.subject = text;
        EndpointInfo endpoint;
        endpoint.entity = "tel:" + text;
        endpoint.display_text = text;
        endpoint.reason = text;
        endpoint.status = EndpointStatus::Disconnected;
        doc.users.push_back(UserInfo{"xmpp:" + text, text, {endpoint}, ElementState::Full});
        const auto wire = overTheWire(*conferenceInfoTag(doc));
        ASSERT_NE(wire, nullptr);
        const auto parsed = parseConferenceInfo(*wire);
        ASSERT_TRUE(parsed.has_value());
        EXPECT_EQ(parsed->entity, asAttribute(doc.entity));
        EXPECT_EQ(parsed->subject, xmlSafeText(text));
        EXPECT_EQ(parsed->users.at(0).entity, asAttribute(doc.users[0].entity));
        EXPECT_EQ(parsed->users[0].display_text, xmlSafeText(text));
        const EndpointInfo& got = parsed->users[0].endpoints.at(0);
        EXPECT_EQ(got.entity, asAttribute(endpoint.entity));
        EXPECT_EQ(got.display_text, xmlSafeText(text));
        EXPECT_EQ(got.reason, xmlSafeText(text));
    }
}

TEST(ProtocolHostileTextTest, TalkerAndMessageTextsAreSafe) {
    for (const std::string& text : hostileTexts()) {
        const auto wire = overTheWire(*eventMessage(text, text, MessageType::Groupchat,
                                                    speakingTag(true, text), true, text, text));
        ASSERT_NE(wire, nullptr);
        EXPECT_EQ(wire->findAttribute("from"), asAttribute(text));
        EXPECT_EQ(wire->findAttribute("id"), asAttribute(text));
        EXPECT_EQ(wire->findChild("body")->cdata(), xmlSafeText(text));
        const auto event = parseSpeaking(*wire);
        ASSERT_TRUE(event.has_value());
        EXPECT_EQ(event->call_uri, asAttribute(text));
    }
}

TEST(ProtocolHostileTextTest, MucTextsAreSafe) {
    RoomConfig config;
    for (const std::string& text : hostileTexts()) {
        config.name = text;
        config.description = text;
        for (const auto& tag : {mucJoinPresence(text, text, text),
                                mucLeavePresence(text, text, text, text),
                                mucConfigureIq(text, text, text, config),
                                mucAffiliationIq(text, text, text, text, Affiliation::Member, text),
                                mucDestroyIq(text, text, text, text),
                                directInvitationMessage(text, text, text, text, text),
                                mediatedInvitationMessage(text, text, text, text, text)})
            EXPECT_NE(overTheWire(*tag), nullptr);
        const auto leave = overTheWire(*mucLeavePresence("b", "r@c", text, text));
        ASSERT_NE(leave, nullptr);
        EXPECT_EQ(leave->findChild("status")->cdata(), xmlSafeText(text));
        EXPECT_EQ(leave->findAttribute("to"), asAttribute("r@c/" + text));
        const auto configure = overTheWire(*mucConfigureIq("b", "r@c", "1", config));
        const gloox::Tag* name =
            configure->findChild("query")->findChild("x")->findChild("field", "var",
                                                                     "muc#roomconfig_roomname");
        EXPECT_EQ(name->findChild("value")->cdata(), xmlSafeText(text));
        const auto direct = overTheWire(*directInvitationMessage("b", "u@d", "r@c", text, "1"));
        EXPECT_EQ(direct->findChild("x")->findAttribute("reason"), asAttribute(text));
    }
}

TEST(ProtocolHostileTextTest, InvitationTextsRoundTripSafely) {
    for (const std::string& text : hostileTexts()) {
        Invitation invitation{text, text, text, text, {{text, "+15551234567"}}, 30};
        const auto wire = overTheWire(*invitationMessage(text, text, invitation, text));
        ASSERT_NE(wire, nullptr);
        const auto parsed = parseInvitation(*wire);
        ASSERT_TRUE(parsed.has_value());
        EXPECT_EQ(parsed->id, asAttribute(text));
        EXPECT_EQ(parsed->room_jid, asAttribute(text));
        EXPECT_EQ(parsed->inviter_name, asAttribute(text));
        EXPECT_EQ(parsed->numbers.at(0).first, "other");
        EXPECT_EQ(wire->findChild("body")->cdata(), xmlSafeText(text));

        const auto answer = overTheWire(*invitationAnswerTag({text, false, "", false}));
        ASSERT_NE(answer, nullptr);
        EXPECT_EQ(parseInvitationAnswer(*answer),
                  (InvitationAnswer{asAttribute(text), false, "", false}));
    }
}

TEST(ProtocolHostileTextTest, ParsersSurviveHostileDocuments) {
    // Parsed back by gloox, then fed to every parser: no crash, no throw.
    for (const std::string& text : hostileTexts()) {
        for (const std::string& xml : std::vector<std::string>{
                 "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' entity='e' "
                 "version='1'><users><user entity='u'><endpoint entity='p'><display-text>" +
                     text + "</display-text></endpoint></user></users></conference-info>",
                 "<message><invitation xmlns='urn:confab:invite:0' id='1' room='r' inviter='i'>"
                 "<number kind='work'>" + text + "</number></invitation></message>",
                 "<presence from='r@c/" + text + "'><x xmlns='http://jabber.org/protocol/muc#user'>"
                 "<item affiliation='none' role='none'/></x></presence>"}) {
            const auto tag = parseXml(xml);
            if (!tag) continue;  // gloox refused it: nothing reaches our parsers
            (void)parseConferenceInfo(*tag);
            (void)parseInvitation(*tag);
            (void)parseInvitationAnswer(*tag);
            (void)parseOccupantPresence(*tag);
            (void)parseSpeaking(*tag);
        }
    }
}

}  // namespace
}  // namespace confab::protocol
