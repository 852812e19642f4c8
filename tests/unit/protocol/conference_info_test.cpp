#include "confab/protocol/conference_info.h"

#include <gloox/tag.h>
#include <gtest/gtest.h>

#include "conference_info_fixtures.h"
#include "confab/protocol/namespaces.h"
#include "confab/protocol/xml_text.h"
#include "wire.h"

namespace confab::protocol {
namespace {

using testing::childNames;
using testing::overTheWire;
using Names = std::vector<std::string>;

// The documents in docs/protocol.md; keep them in step.
TEST(ConferenceInfoTest, FullDocumentIsTheDocumentedOne) {
    EXPECT_EQ(
        conferenceInfoTag(testing::fullDocument())->xml(),
        "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' "
        "entity='xmpp:standup@conference.example.com' version='1' state='full'>"
        "<conference-description><subject>Daily standup</subject></conference-description>"
        "<conference-state><user-count>2</user-count><active>true</active><locked>false</locked>"
        "<recording xmlns='urn:confab:bridge:0'>false</recording></conference-state>"
        "<users state='full'>"
        "<user entity='xmpp:alice@example.com' state='full'><display-text>Alice</display-text>"
        "<endpoint entity='tel:+15551234567' state='full'><display-text>Alice (work)</display-text>"
        "<status>connected</status><joining-info><when>2026-11-21T21:10:44Z</when></joining-info>"
        "</endpoint></user>"
        "<user entity='xmpp:bob@example.com' state='full'><display-text>Bob</display-text>"
        "<endpoint entity='tel:+15557654321' state='full'><status>alerting</status></endpoint>"
        "</user></users></conference-info>");
}

TEST(ConferenceInfoTest, PartialUpdatesAreTheDocumentedOnes) {
    EXPECT_EQ(conferenceInfoTag(testing::bobBusyUpdate())->xml(),
              "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' "
              "entity='xmpp:standup@conference.example.com' version='2' state='partial'>"
              "<users state='partial'><user entity='xmpp:bob@example.com' state='partial'>"
              "<endpoint entity='tel:+15557654321' state='partial'><status>disconnected</status>"
              "<disconnection-method>busy</disconnection-method>"
              "<disconnection-info><when>2026-11-21T21:11:42Z</when>"
              "<reason>busy (SIP 486)</reason></disconnection-info>"
              "<sip-code xmlns='urn:confab:bridge:0'>486</sip-code>"
              "</endpoint></user></users></conference-info>");
    EXPECT_EQ(conferenceInfoTag(testing::bobRemovedUpdate())->xml(),
              "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' "
              "entity='xmpp:standup@conference.example.com' version='3' state='partial'>"
              "<conference-state><user-count>1</user-count><active>true</active>"
              "<locked>true</locked><recording xmlns='urn:confab:bridge:0'>false</recording>"
              "</conference-state>"
              "<users state='partial'><user entity='xmpp:bob@example.com' state='deleted'/>"
              "</users></conference-info>");
}

TEST(ConferenceInfoTest, DocumentsRoundTripOverTheWire) {
    for (const ConferenceInfoDocument& doc :
         {testing::fullDocument(), testing::bobBusyUpdate(), testing::bobRemovedUpdate()}) {
        const auto wire = overTheWire(*conferenceInfoTag(doc));
        ASSERT_NE(wire, nullptr);
        const auto parsed = parseConferenceInfo(*wire);
        ASSERT_TRUE(parsed.has_value()) << wire->xml();
        ConferenceInfoDocument expected = doc;
        if (expected.state == ElementState::Full) expected.user_count = 2;
        for (UserInfo& user : expected.users)  // deleted users carry nothing else
            if (user.state == ElementState::Deleted) user = {user.entity, "", {}, user.state};
        EXPECT_EQ(*parsed, expected) << wire->xml();
    }
}

TEST(ConferenceInfoTest, ElementsFollowTheRfc4575SchemaOrder) {
    ConferenceInfoDocument doc = testing::fullDocument();
    EndpointInfo& phone = doc.users[0].endpoints[0];
    phone.method = DisconnectionMethod::Departed;
    phone.reason = "hung up";
    phone.left_unix_ms = testing::kLeftMs;
    phone.sip_code = 200;
    const auto wire = overTheWire(*conferenceInfoTag(doc));
    ASSERT_NE(wire, nullptr);
    EXPECT_EQ(wire->xmlns(), ns::kConferenceInfo);
    EXPECT_EQ(childNames(*wire), (Names{"conference-description", "conference-state", "users"}));
    const gloox::Tag* state = wire->findChild("conference-state");
    EXPECT_EQ(childNames(*state), (Names{"user-count", "active", "locked", "recording"}));
    EXPECT_EQ(state->findChild("recording")->xmlns(), ns::kConfabBridge);
    const gloox::Tag* user = wire->findChild("users")->findChild("user");
    EXPECT_EQ(childNames(*user), (Names{"display-text", "endpoint"}));
    const gloox::Tag* endpoint = user->findChild("endpoint");
    EXPECT_EQ(childNames(*endpoint),
              (Names{"display-text", "status", "joining-info", "disconnection-method",
                     "disconnection-info", "sip-code"}));
    EXPECT_EQ(namespaceOf(*endpoint->findChild("status")), ns::kConferenceInfo);
    EXPECT_EQ(endpoint->findChild("sip-code")->xmlns(), ns::kConfabBridge);
    EXPECT_EQ(childNames(*endpoint->findChild("disconnection-info")), (Names{"when", "reason"}));
}

TEST(ConferenceInfoTest, FullDocumentCountsPresentUsersWhenNoCountIsGiven) {
    ConferenceInfoDocument doc = testing::fullDocument();
    doc.user_count.reset();
    doc.users.push_back(UserInfo{"xmpp:carol@example.com", "", {}, ElementState::Deleted});
    const auto parsed = parseConferenceInfo(*overTheWire(*conferenceInfoTag(doc)));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->user_count, 2u);
}

TEST(ConferenceInfoTest, FullDocumentWithNothingStillHasItsSections) {
    ConferenceInfoDocument doc;
    doc.entity = testing::kRoomEntity;
    const auto tag = conferenceInfoTag(doc);
    EXPECT_EQ(childNames(*tag), (Names{"conference-description", "conference-state", "users"}));
    EXPECT_EQ(tag->findChild("conference-description")->children().size(), 0u);
}

TEST(ConferenceInfoTest, PartialDocumentWithNothingGivenHasNoChildren) {
    ConferenceInfoDocument doc;
    doc.entity = testing::kRoomEntity;
    doc.version = 9;
    doc.state = ElementState::Partial;
    EXPECT_TRUE(conferenceInfoTag(doc)->children().empty());
    doc.subject = "New subject";
    EXPECT_EQ(childNames(*conferenceInfoTag(doc)), (Names{"conference-description"}));
}

TEST(ConferenceInfoTest, DeletedDocumentAndElementsCarryOnlyEntityAndState) {
    ConferenceInfoDocument doc = testing::fullDocument();
    doc.state = ElementState::Deleted;
    const auto tag = conferenceInfoTag(doc);
    EXPECT_TRUE(tag->children().empty());
    EXPECT_EQ(tag->findAttribute("state"), "deleted");

    ConferenceInfoDocument partial = testing::bobBusyUpdate();
    partial.users[0].endpoints[0].state = ElementState::Deleted;
    const auto wire = overTheWire(*conferenceInfoTag(partial));
    const gloox::Tag* endpoint = wire->findChild("users")->findChild("user")->findChild("endpoint");
    EXPECT_TRUE(endpoint->children().empty());
    const auto parsed = parseConferenceInfo(*wire);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->users[0].endpoints[0].status, EndpointStatus::Disconnected);
    EXPECT_EQ(parsed->users[0].endpoints[0].state, ElementState::Deleted);
}

TEST(ConferenceInfoTest, EveryStatusAndMethodRoundTrips) {
    for (const auto status :
         {EndpointStatus::DialingOut, EndpointStatus::Alerting, EndpointStatus::Connected,
          EndpointStatus::OnHold, EndpointStatus::MutedViaFocus, EndpointStatus::Disconnected}) {
        for (const auto method : {DisconnectionMethod::None, DisconnectionMethod::Departed,
                                  DisconnectionMethod::Booted, DisconnectionMethod::Failed,
                                  DisconnectionMethod::Busy}) {
            ConferenceInfoDocument doc = testing::fullDocument();
            doc.users[0].endpoints[0].status = status;
            doc.users[0].endpoints[0].method = method;
            const auto parsed = parseConferenceInfo(*overTheWire(*conferenceInfoTag(doc)));
            ASSERT_TRUE(parsed.has_value());
            EXPECT_EQ(parsed->users[0].endpoints[0].status, status);
            EXPECT_EQ(parsed->users[0].endpoints[0].method, method);
        }
    }
    EXPECT_EQ(toString(EndpointStatus::MutedViaFocus), "muted-via-focus");
    EXPECT_EQ(toString(EndpointStatus::OnHold), "on-hold");
    EXPECT_EQ(toString(EndpointStatus::DialingOut), "dialing-out");
}

TEST(ConferenceInfoTest, SipCodeOutsideTheSipRangeIsNotWritten) {
    for (const int code : {-1, 0, 99, 700, 100000}) {
        ConferenceInfoDocument doc = testing::bobBusyUpdate();
        doc.users[0].endpoints[0].sip_code = code;
        const auto tag = conferenceInfoTag(doc);
        const gloox::Tag* endpoint =
            tag->findChild("users")->findChild("user")->findChild("endpoint");
        EXPECT_EQ(endpoint->findChild("sip-code"), nullptr) << code;
    }
}

TEST(ConferenceInfoTest, ParserAlsoAcceptsSipCodeInsideDisconnectionInfo) {
    const auto tag = parseXml(
        "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' entity='xmpp:r@c' "
        "version='4' state='partial'><users><user entity='tel:+1555'><endpoint entity='tel:+1555'>"
        "<status>disconnected</status><disconnection-info><reason>busy</reason>"
        "<sip-code xmlns='urn:confab:bridge:0'>486</sip-code></disconnection-info>"
        "</endpoint></user></users></conference-info>");
    ASSERT_NE(tag, nullptr);
    const auto parsed = parseConferenceInfo(*tag);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->users[0].endpoints[0].sip_code, 486);
    EXPECT_EQ(parsed->users[0].endpoints[0].reason, "busy");
    EXPECT_EQ(parsed->users[0].state, ElementState::Full);  // RFC 4575 default
}

TEST(ConferenceInfoTest, ParserReadsPrefixedElementsAndIgnoresUnknownOnes) {
    const auto tag = parseXml(
        "<ci:conference-info xmlns:ci='urn:ietf:params:xml:ns:conference-info' entity='xmpp:r@c' "
        "version='007'><ci:host-info/><ci:users><ci:user entity='xmpp:a@b'><ci:roles/>"
        "<ci:endpoint entity='tel:+1'><ci:media id='1'/><ci:status>on-hold</ci:status>"
        "</ci:endpoint></ci:user></ci:users></ci:conference-info>");
    ASSERT_NE(tag, nullptr);
    const auto parsed = parseConferenceInfo(*tag);
    ASSERT_TRUE(parsed.has_value()) << tag->xml();
    EXPECT_EQ(parsed->version, 7u);
    ASSERT_EQ(parsed->users.size(), 1u);
    EXPECT_EQ(parsed->users[0].endpoints.at(0).status, EndpointStatus::OnHold);
}

TEST(ConferenceInfoTest, ParserAcceptsTheLargestVersion) {
    const auto tag = parseXml("<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' "
                              "entity='xmpp:r@c' version='4294967295'/>");
    ASSERT_NE(tag, nullptr);
    ASSERT_TRUE(parseConferenceInfo(*tag).has_value());
    EXPECT_EQ(parseConferenceInfo(*tag)->version, 4294967295u);
}

TEST(ConferenceInfoTest, ParserRejectsMalformedDocuments) {
    const std::string open = "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' ";
    const std::string users =
        open + "entity='xmpp:r@c' version='1'><users><user entity='xmpp:a@b'>";
    const std::string endpoint = users + "<endpoint entity='tel:+1'>";
    const std::string endpoint_end = "</endpoint></user></users></conference-info>";
    const std::string state = open + "entity='xmpp:r@c' version='1'><conference-state>";
    for (const std::string& xml : std::vector<std::string>{
             "<conference-info xmlns='urn:example' entity='xmpp:r@c' version='1'/>",
             "<conference-info entity='xmpp:r@c' version='1'/>",
             "<conference xmlns='urn:ietf:params:xml:ns:conference-info' entity='x' version='1'/>",
             open + "version='1'/>",
             open + "entity='xmpp:r@c'/>",
             open + "entity='xmpp:r@c' version=''/>",
             open + "entity='xmpp:r@c' version='4294967296'/>",
             open + "entity='xmpp:r@c' version='99999999999999999999999'/>",
             open + "entity='xmpp:r@c' version='-1'/>",
             open + "entity='xmpp:r@c' version='+1'/>",
             open + "entity='xmpp:r@c' version=' 1'/>",
             open + "entity='xmpp:r@c' version='1.0'/>",
             open + "entity='xmpp:r@c' version='0x10'/>",
             open + "entity='xmpp:r@c' version='1' state='sideways'/>",
             state + "<user-count>many</user-count></conference-state></conference-info>",
             state + "<user-count>4294967296</user-count></conference-state></conference-info>",
             state + "<active>yes</active></conference-state></conference-info>",
             state + "<locked>TRUE</locked></conference-state></conference-info>",
             state + "<recording xmlns='urn:confab:bridge:0'>yes</recording></conference-state>"
                     "</conference-info>",
             state + "<recording xmlns='urn:confab:bridge:0'></recording></conference-state>"
                     "</conference-info>",
             open + "entity='xmpp:r@c' version='1'><users><user/></users></conference-info>",
             users + "<endpoint/></user></users></conference-info>",
             users + "<endpoint entity='tel:+1' state='gone'/></user></users></conference-info>",
             endpoint + "<status>dialing-in</status>" + endpoint_end,
             endpoint + "<status>Connected</status>" + endpoint_end,
             endpoint + "<status></status>" + endpoint_end,
             endpoint + "<disconnection-method>vanished</disconnection-method>" + endpoint_end,
             endpoint + "<joining-info><when>yesterday</when></joining-info>" + endpoint_end,
             endpoint + "<disconnection-info><when>2026-02-30T00:00:00Z</when>"
                        "</disconnection-info>" + endpoint_end,
             endpoint + "<sip-code xmlns='urn:confab:bridge:0'>4860</sip-code>" + endpoint_end,
             endpoint + "<sip-code xmlns='urn:confab:bridge:0'>99</sip-code>" + endpoint_end,
             endpoint + "<sip-code xmlns='urn:confab:bridge:0'>busy</sip-code>" + endpoint_end,
         }) {
        const auto tag = parseXml(xml);
        ASSERT_NE(tag, nullptr) << xml;
        EXPECT_EQ(parseConferenceInfo(*tag), std::nullopt) << xml;
    }
}

// The recording flag travels with conference-state: always in a Full
// document, and in a Partial one only when conference-state is written.
TEST(ConferenceInfoTest, RecordingRoundTripsWithConferenceState) {
    for (const bool recording : {true, false}) {
        ConferenceInfoDocument full = testing::fullDocument();
        full.recording = recording;
        const auto parsed_full = parseConferenceInfo(*overTheWire(*conferenceInfoTag(full)));
        ASSERT_TRUE(parsed_full.has_value());
        EXPECT_EQ(parsed_full->recording, recording);

        ConferenceInfoDocument partial = testing::bobRemovedUpdate();
        partial.recording = recording;
        const auto wire = overTheWire(*conferenceInfoTag(partial));
        const gloox::Tag* element = wire->findChild("conference-state")->findChild("recording");
        ASSERT_NE(element, nullptr);
        EXPECT_EQ(element->cdata(), recording ? "true" : "false");
        const auto parsed_partial = parseConferenceInfo(*wire);
        ASSERT_TRUE(parsed_partial.has_value());
        EXPECT_EQ(*parsed_partial, partial);
    }
}

TEST(ConferenceInfoTest, PartialDocumentWithoutConferenceStateHasNoRecording) {
    ConferenceInfoDocument doc = testing::bobBusyUpdate();
    doc.recording = true;  // not written: user_count is unset, so no conference-state
    const auto tag = conferenceInfoTag(doc);
    EXPECT_EQ(tag->findChild("conference-state"), nullptr);
    const auto parsed = parseConferenceInfo(*tag);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_FALSE(parsed->recording);
}

TEST(ConferenceInfoTest, RecordingIsReadOnlyInTheBridgeNamespace) {
    const std::string head =
        "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' entity='xmpp:r@c' "
        "version='1'><conference-state><user-count>1</user-count>";
    const std::string tail = "</conference-state></conference-info>";
    const auto absent = parseXml(head + tail);
    const auto on = parseXml(head + "<recording xmlns='urn:confab:bridge:0'>true</recording>" + tail);
    const auto one = parseXml(head + "<recording xmlns='urn:confab:bridge:0'>1</recording>" + tail);
    const auto other = parseXml(head + "<recording>true</recording>" + tail);
    const auto other_bad = parseXml(head + "<recording xmlns='urn:x'>maybe</recording>" + tail);
    for (const auto* tag : {&absent, &on, &one, &other, &other_bad}) ASSERT_NE(*tag, nullptr);
    EXPECT_FALSE(parseConferenceInfo(*absent)->recording);
    EXPECT_TRUE(parseConferenceInfo(*on)->recording);
    EXPECT_TRUE(parseConferenceInfo(*one)->recording);
    EXPECT_FALSE(parseConferenceInfo(*other)->recording);  // RFC 4575 namespace: not ours
    ASSERT_TRUE(parseConferenceInfo(*other_bad).has_value());
    EXPECT_FALSE(parseConferenceInfo(*other_bad)->recording);
}

TEST(ConferenceInfoTest, SipCodeInAnotherNamespaceIsIgnored) {
    const auto tag = parseXml(
        "<conference-info xmlns='urn:ietf:params:xml:ns:conference-info' entity='xmpp:r@c' "
        "version='1'><users><user entity='xmpp:a@b'><endpoint entity='tel:+1'>"
        "<sip-code>garbage</sip-code></endpoint></user></users></conference-info>");
    ASSERT_NE(tag, nullptr);
    const auto parsed = parseConferenceInfo(*tag);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->users[0].endpoints[0].sip_code, 0);
}

}  // namespace
}  // namespace confab::protocol
