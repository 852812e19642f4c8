#include "confab/protocol/muc.h"

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

const std::string kBridge = "bridge.example.com";
const std::string kRoom = "standup@conference.example.com";

TEST(MucTest, JoinAsksForNoHistory) {
    EXPECT_EQ(mucJoinPresence(kBridge, kRoom, "Confab")->xml(),
              "<presence from='bridge.example.com' to='standup@conference.example.com/Confab'>"
              "<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>");
}

TEST(MucTest, LeaveIsUnavailableWithAnOptionalStatus) {
    EXPECT_EQ(mucLeavePresence(kBridge, kRoom, "Confab", "Conference ended")->xml(),
              "<presence from='bridge.example.com' to='standup@conference.example.com/Confab' "
              "type='unavailable'><status>Conference ended</status></presence>");
    EXPECT_TRUE(mucLeavePresence(kBridge, kRoom, "Confab", "")->children().empty());
}

TEST(MucTest, ConfigureSubmitsTheRoomConfigForm) {
    RoomConfig config;
    config.name = "Daily standup";
    config.description = "Conference call by alice";
    const auto wire = overTheWire(*mucConfigureIq(kBridge, kRoom, "cfg1", config));
    ASSERT_NE(wire, nullptr);
    EXPECT_EQ(wire->name(), "iq");
    EXPECT_EQ(wire->findAttribute("type"), "set");
    EXPECT_EQ(wire->findAttribute("id"), "cfg1");
    EXPECT_EQ(wire->findAttribute("to"), kRoom);
    const gloox::Tag* query = wire->findChild("query");
    ASSERT_NE(query, nullptr);
    EXPECT_EQ(query->xmlns(), ns::kMucOwner);
    const gloox::Tag* form = query->findChild("x");
    ASSERT_NE(form, nullptr);
    EXPECT_EQ(form->xmlns(), ns::kDataForms);
    EXPECT_EQ(form->findAttribute("type"), "submit");

    std::vector<std::pair<std::string, std::string>> fields;
    for (const gloox::Tag* field : form->children()) {
        ASSERT_NE(field->findChild("value"), nullptr);
        fields.emplace_back(field->findAttribute("var"), field->findChild("value")->cdata());
    }
    EXPECT_EQ(fields, (std::vector<std::pair<std::string, std::string>>{
                          {"FORM_TYPE", ns::kMucRoomConfig},
                          {"muc#roomconfig_roomname", "Daily standup"},
                          {"muc#roomconfig_roomdesc", "Conference call by alice"},
                          {"muc#roomconfig_membersonly", "1"},
                          {"muc#roomconfig_whois", "anyone"},
                          {"muc#roomconfig_persistentroom", "0"},
                          {"muc#roomconfig_publicroom", "0"},
                          {"muc#roomconfig_enablelogging", "0"},
                          {"muc#roomconfig_allowinvites", "0"}}));
    EXPECT_EQ(form->children().front()->findAttribute("type"), "hidden");
}

TEST(MucTest, ConfigureWritesTheOppositeChoicesToo) {
    RoomConfig config{"", "", false, false, true, true, true, true};
    const auto iq = mucConfigureIq(kBridge, kRoom, "cfg2", config);
    const gloox::Tag* form = iq->findChild("query")->findChild("x");
    const auto value = [&](const std::string& var) {
        return form->findChild("field", "var", var)->findChild("value")->cdata();
    };
    EXPECT_EQ(value("muc#roomconfig_roomname"), "");
    EXPECT_EQ(value("muc#roomconfig_membersonly"), "0");
    EXPECT_EQ(value("muc#roomconfig_whois"), "moderators");
    EXPECT_EQ(value("muc#roomconfig_persistentroom"), "1");
    EXPECT_EQ(value("muc#roomconfig_publicroom"), "1");
    EXPECT_EQ(value("muc#roomconfig_enablelogging"), "1");
    EXPECT_EQ(value("muc#roomconfig_allowinvites"), "1");
}

TEST(MucTest, AffiliationChangeIsAnAdminItem) {
    EXPECT_EQ(mucAffiliationIq(kBridge, kRoom, "aff1", "bob@example.com", Affiliation::Member,
                               "invited by alice")
                  ->xml(),
              "<iq from='bridge.example.com' to='standup@conference.example.com' type='set' "
              "id='aff1'><query xmlns='http://jabber.org/protocol/muc#admin'>"
              "<item affiliation='member' jid='bob@example.com'><reason>invited by alice</reason>"
              "</item></query></iq>");
    for (const auto& [affiliation, text] : std::vector<std::pair<Affiliation, std::string>>{
             {Affiliation::Owner, "owner"},
             {Affiliation::Admin, "admin"},
             {Affiliation::Member, "member"},
             {Affiliation::None, "none"},
             {Affiliation::Outcast, "outcast"}}) {
        const auto iq = mucAffiliationIq(kBridge, kRoom, "a", "bob@example.com", affiliation, "");
        const gloox::Tag* item = iq->findChild("query")->findChild("item");
        EXPECT_EQ(item->findAttribute("affiliation"), text);
        EXPECT_TRUE(item->children().empty());
    }
}

TEST(MucTest, DestroyCarriesTheReason) {
    EXPECT_EQ(mucDestroyIq(kBridge, kRoom, "d1", "Conference ended")->xml(),
              "<iq from='bridge.example.com' to='standup@conference.example.com' type='set' "
              "id='d1'><query xmlns='http://jabber.org/protocol/muc#owner'><destroy>"
              "<reason>Conference ended</reason></destroy></query></iq>");
    const auto bare = mucDestroyIq(kBridge, kRoom, "d2", "");
    EXPECT_TRUE(bare->findChild("query")->findChild("destroy")->children().empty());
}

TEST(MucTest, IqWithoutAnIdGetsOne) {
    EXPECT_FALSE(mucDestroyIq(kBridge, kRoom, "", "")->findAttribute("id").empty());
}

TEST(MucTest, DirectInvitationIsXep0249) {
    EXPECT_EQ(directInvitationMessage(kBridge, "bob@example.com", kRoom,
                                      "alice invites you to a conference call", "inv1")
                  ->xml(),
              "<message from='bridge.example.com' to='bob@example.com' id='inv1'>"
              "<x xmlns='jabber:x:conference' jid='standup@conference.example.com' "
              "reason='alice invites you to a conference call'/></message>");
}

TEST(MucTest, MediatedInvitationGoesThroughTheRoom) {
    EXPECT_EQ(mediatedInvitationMessage(kBridge, kRoom, "bob@example.com",
                                        "alice invites you to a conference call", "inv2")
                  ->xml(),
              "<message from='bridge.example.com' to='standup@conference.example.com' id='inv2'>"
              "<x xmlns='http://jabber.org/protocol/muc#user'><invite to='bob@example.com'>"
              "<reason>alice invites you to a conference call</reason></invite></x></message>");
}

TEST(MucTest, InvitationReasonWithNewlinesStaysOneAttributeLine) {
    const auto wire = overTheWire(
        *directInvitationMessage(kBridge, "bob@example.com", kRoom, "line1\nline2\t<&>", "i"));
    ASSERT_NE(wire, nullptr);
    EXPECT_EQ(wire->findChild("x")->findAttribute("reason"), "line1 line2 <&>");
}

TEST(OccupantPresenceTest, ReadsSelfPresenceOfANewRoom) {
    const auto tag = parseXml(
        "<presence from='standup@conference.example.com/Confab' to='bridge.example.com'>"
        "<x xmlns='http://jabber.org/protocol/muc#user'>"
        "<item affiliation='owner' role='moderator' jid='bridge.example.com'/>"
        "<status code='110'/><status code='201'/></x></presence>");
    ASSERT_NE(tag, nullptr);
    const auto occupant = parseOccupantPresence(*tag);
    ASSERT_TRUE(occupant.has_value());
    EXPECT_EQ(occupant->room_jid, kRoom);
    EXPECT_EQ(occupant->nick, "Confab");
    EXPECT_EQ(occupant->real_jid, "bridge.example.com");
    EXPECT_EQ(occupant->affiliation, "owner");
    EXPECT_EQ(occupant->role, "moderator");
    EXPECT_FALSE(occupant->unavailable);
    EXPECT_EQ(occupant->status_codes, (std::vector<int>{110, 201}));
    EXPECT_TRUE(occupant->isSelf());
    EXPECT_TRUE(occupant->roomCreated());
}

TEST(OccupantPresenceTest, ReadsAnotherOccupantLeaving) {
    const auto tag = parseXml(
        "<presence from='standup@conference.example.com/bob/phone' type='unavailable'>"
        "<x xmlns='http://jabber.org/protocol/muc#user'>"
        "<item affiliation='member' role='none'/></x></presence>");
    ASSERT_NE(tag, nullptr);
    const auto occupant = parseOccupantPresence(*tag);
    ASSERT_TRUE(occupant.has_value());
    EXPECT_EQ(occupant->nick, "bob/phone");
    EXPECT_EQ(occupant->real_jid, "");
    EXPECT_TRUE(occupant->unavailable);
    EXPECT_FALSE(occupant->isSelf());
}

TEST(OccupantPresenceTest, RejectsMalformedPresence) {
    const std::string x = "<x xmlns='http://jabber.org/protocol/muc#user'>";
    const std::string item = "<item affiliation='member' role='participant'/>";
    const std::string from = "<presence from='r@c/nick'>";
    for (const std::string& xml : std::vector<std::string>{
             "<presence from='r@c/nick'/>",
             "<presence from='r@c/nick'><x xmlns='http://jabber.org/protocol/muc'>" + item +
                 "</x></presence>",
             from + x + "</x></presence>",
             "<presence>" + x + item + "</x></presence>",
             "<presence from='r@c'>" + x + item + "</x></presence>",
             "<presence from='r@c/'>" + x + item + "</x></presence>",
             "<presence from='@c/nick'>" + x + item + "</x></presence>",
             "<presence from='conference.example.com/nick'>" + x + item + "</x></presence>",
             "<presence from='r@c/nick' type='error'>" + x + item + "</x></presence>",
             "<presence from='r@c/nick' type='subscribe'>" + x + item + "</x></presence>",
             "<message from='r@c/nick'>" + x + item + "</x></message>",
             from + x + "<item affiliation='king' role='participant'/></x></presence>",
             from + x + "<item affiliation='member' role='god'/></x></presence>",
             from + x + "<item role='participant'/></x></presence>",
             from + x + item + "<status code='abc'/></x></presence>",
             from + x + item + "<status code='99'/></x></presence>",
             from + x + item + "<status code='1100'/></x></presence>",
             from + x + item + "<status code='99999999999999999999999'/></x></presence>",
             from + x + item + "<status/></x></presence>",
         }) {
        const auto tag = parseXml(xml);
        ASSERT_NE(tag, nullptr) << xml;
        EXPECT_EQ(parseOccupantPresence(*tag), std::nullopt) << xml;
    }
}

TEST(OccupantPresenceTest, RejectsAFloodOfStatusCodes) {
    std::string xml = "<presence from='r@c/n'><x xmlns='http://jabber.org/protocol/muc#user'>"
                      "<item affiliation='none' role='participant'/>";
    for (int i = 0; i < 1000; ++i) xml += "<status code='110'/>";
    xml += "</x></presence>";
    const auto tag = parseXml(xml);
    ASSERT_NE(tag, nullptr);
    EXPECT_EQ(parseOccupantPresence(*tag), std::nullopt);
}

}  // namespace
}  // namespace confab::protocol
