// The directory end to end: `confab-bridge directory import` (all or nothing,
// every bad line named), calling people by name, chat invitations to
// directory users the bridge sees online (accept, decline, no answer), and a
// Prosody restart in the middle of a call. A real Prosody, the real
// confab-bridge process and the PSTN simulator's phones.
//
// How the bridge learns who is online: on every XMPP connect it asks each
// directory user for a presence subscription; once it is granted, Prosody
// sends the user's presence to the bridge. Imports therefore happen while
// the bridge is stopped (the realistic order: the bridge asks only the
// users it knows when it connects). Most users here pre-approve the request,
// which makes the order of events deterministic;
// ApprovingTheBridgesRequestMakesTheUserOnline approves it on arrival, as a
// person would.
#include <fstream>
#include <sstream>

#include <gloox/tag.h>

#include "directory_fixture.h"
#include "confab/protocol/invitation.h"
#include "confab/protocol/xml_text.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using protocol::DisconnectionMethod;
using protocol::EndpointStatus;

constexpr const char* kCsvHeader = "jid,display_name,work,mobile,preferred\n";

class ConferenceDirectoryTest : public DirectoryFixture {
protected:
    void TearDown() override {
        // A failed restart test must not leave the suite without its server.
        if (!prosody().running()) prosody().start();
        DirectoryFixture::TearDown();
    }

    // The bridge's chat invitation (urn:confab:invite:0) to `user`.
    std::optional<harness::ReceivedStanza> waitForChatInvitation(harness::XmppTestClient& user) {
        return user.waitForStanza(
            [&](const harness::ReceivedStanza& s) {
                return s.name == "message" && harness::bareJid(s.from) == bridgeJid() &&
                       s.xml.find("urn:confab:invite:0") != std::string::npos;
            },
            10s);
    }

    // The <invitation xmlns='urn:confab:invite:0'/> payload of `message`, read
    // with the product's parser (gloox writes attributes in any order).
    static std::optional<protocol::Invitation> invitationIn(const harness::ReceivedStanza& message) {
        const auto tag = protocol::parseXml(message.xml);
        if (!tag || !tag->findChild("invitation", "xmlns", "urn:confab:invite:0")) return std::nullopt;
        return protocol::parseInvitation(*tag);
    }


    // The engine's state-change lines for the leg to `number`.
    std::vector<std::string> engineLinesOf(const std::string& number) const {
        std::vector<std::string> lines;
        std::istringstream log(bridgeLog());
        for (std::string line; std::getline(log, line);) {
            if (line.find("engine: leg") != std::string::npos && line.find("(" + number + ")") != std::string::npos) {
                lines.push_back(line);
            }
        }
        return lines;
    }
};

TEST_F(ConferenceDirectoryTest, DirectoryImportIsAllOrNothingWithLineNumbers) {
    startSimulator(standardPhonebook());
    startBridge({}, kRingTimeout);
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    bridge_.terminate();

    // Two good lines, then a number that is too short (line 4) and a line
    // with 3 fields (line 5).
    const auto bad = writeCsv("bad.csv", std::string(kCsvHeader) +
                                             "erin@localhost,Erin Evans,+15551230002,,\n"
                                             "frank@localhost,Frank Fisher,+15551230003,,work\n"
                                             "gina@localhost,Gina Green,555-12,,\n"
                                             "hank@localhost,Hank Hill,+15551230001\n");
    const auto [bad_code, bad_output] = importCsv(bad);
    EXPECT_EQ(bad_code, 1) << bad_output;
    EXPECT_NE(bad_output.find(bad.string() + ":4: "), std::string::npos) << bad_output;
    EXPECT_NE(bad_output.find("555-12"), std::string::npos) << bad_output;
    EXPECT_NE(bad_output.find(bad.string() + ":5: Expected 5 fields"), std::string::npos) << bad_output;
    EXPECT_EQ(bad_output.find(":2: "), std::string::npos) << "good lines are not errors: " << bad_output;
    EXPECT_EQ(bad_output.find(":3: "), std::string::npos) << "good lines are not errors: " << bad_output;
    EXPECT_NE(bad_output.find("nothing imported"), std::string::npos) << bad_output;
    EXPECT_EQ(bad_output.find("imported 2"), std::string::npos) << bad_output;

    // Not even the good lines went in.
    startBridgeAgain();
    auto alice = connectUser("alice");
    const std::string unknown = command(*alice, "/call erin");
    EXPECT_NE(unknown.find("No one called \"erin\" is in the directory"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("No conference was started"), std::string::npos) << unknown;
    EXPECT_NE(command(*alice, "/list").find("not in a conference"), std::string::npos);

    // A good file goes in whole, also while the bridge runs, and is used at once.
    const auto good = writeCsv("good.csv", std::string(kCsvHeader) +
                                               "erin@localhost,Erin Evans,+15551230002,,\n"
                                               "frank@localhost,Frank Fisher,+15551230003,,work\n");
    const auto [good_code, good_output] = importCsv(good);
    EXPECT_EQ(good_code, 0) << good_output;
    EXPECT_NE(good_output.find("imported 2 user(s)"), std::string::npos) << good_output;
    const std::string dialled = command(*alice, "/call erin");
    EXPECT_NE(dialled.find("Dialling Erin Evans (+15551230002)"), std::string::npos) << dialled;
}

TEST_F(ConferenceDirectoryTest, CallByNameDialsThePreferredNumber) {
    ASSERT_NO_FATAL_FAILURE(prepareDirectory(std::string(kCsvHeader) +
                                             "bob@localhost,Bob Baker,+15551230002,,work\n"
                                             "carol.chen@localhost,Carol Chen,+15551230003,,\n"
                                             "carol.jones@localhost,Carol Jones,,+15551230001,\n"));
    ASSERT_NO_FATAL_FAILURE(startBridgeAgain());
    auto alice = connectUser("alice");

    // Two people match "carol": both are named, and no conference starts.
    const std::string ambiguous = command(*alice, "/call carol");
    EXPECT_NE(ambiguous.find("ambiguous"), std::string::npos) << ambiguous;
    EXPECT_NE(ambiguous.find("Carol Chen <carol.chen@localhost>"), std::string::npos) << ambiguous;
    EXPECT_NE(ambiguous.find("Carol Jones <carol.jones@localhost>"), std::string::npos) << ambiguous;
    EXPECT_NE(ambiguous.find("No conference was started"), std::string::npos) << ambiguous;
    EXPECT_TRUE(roomFrom(ambiguous).empty()) << ambiguous;
    EXPECT_NE(command(*alice, "/list").find("not in a conference"), std::string::npos);

    // bob is not online: his preferred number is called.
    std::string reply;
    const std::string room = callAndJoin(*alice, "bob", "alice", &reply);
    ASSERT_FALSE(room.empty());
    EXPECT_NE(reply.find("Dialling Bob Baker (+15551230002)"), std::string::npos) << reply;
    EXPECT_TRUE(waitForRoomBody(*alice, room, "Bob Baker (+15551230002) joined", 10s)) << bridgeLog();
    EXPECT_TRUE(waitForEndpointStatus(*alice, room, "tel:+15551230002", EndpointStatus::Connected, 5s));
}

TEST_F(ConferenceDirectoryTest, OnlineDirectoryUserGetsAnInvitationAndAcceptDials) {
    ASSERT_NO_FATAL_FAILURE(
        prepareDirectory(std::string(kCsvHeader) + "bob@localhost,Bob Baker,+15551230002,,work\n"));
    auto alice = connectUser("alice");
    auto bob = connectUser("bob");
    ASSERT_NO_FATAL_FAILURE(preApproveBridge(*bob));
    ASSERT_NO_FATAL_FAILURE(startBridgeAgain());
    ASSERT_NO_FATAL_FAILURE(waitUntilBridgeSeesPresence(*bob));

    std::string reply;
    const std::string room = callAndJoin(*alice, "bob +15551230003", "alice", &reply);
    ASSERT_FALSE(room.empty());
    EXPECT_NE(reply.find("Invited Bob Baker (+15551230002) by chat"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Dialling +15551230003"), std::string::npos) << reply;

    const auto invitation = waitForChatInvitation(*bob);
    ASSERT_TRUE(invitation) << bridgeLog();
    EXPECT_EQ(invitation->type, "chat");
    const auto payload = invitationIn(*invitation);
    ASSERT_TRUE(payload) << "no valid <invitation xmlns='urn:confab:invite:0'/>: " << invitation->xml;
    EXPECT_EQ(payload->room_jid, room);
    EXPECT_EQ(payload->inviter_jid, jidOf("alice"));
    const std::vector<std::pair<std::string, std::string>> offered{{"work", "+15551230002"}};
    EXPECT_EQ(payload->numbers, offered);
    EXPECT_NE(invitation->body.find("/accept"), std::string::npos) << invitation->body;
    EXPECT_TRUE(waitForEndpointStatus(*alice, room, "tel:+15551230002", EndpointStatus::Alerting, 5s))
        << "an open invitation is shown as alerting";

    const std::string accepted = command(*bob, "/accept");
    EXPECT_NE(accepted.find("Dialling"), std::string::npos) << accepted;
    EXPECT_NE(accepted.find("+15551230002"), std::string::npos) << accepted;
    EXPECT_TRUE(waitForRoomBody(*alice, room, "Bob Baker (+15551230002) accepted the invitation", 10s))
        << bridgeLog();
    EXPECT_TRUE(waitForRoomBody(*alice, room, "Bob Baker (+15551230002) joined", 10s)) << bridgeLog();
    EXPECT_TRUE(waitForRoomBody(*alice, room, "+15551230003 joined", 10s)) << bridgeLog();
    EXPECT_TRUE(waitForEndpointStatus(*alice, room, "tel:+15551230002", EndpointStatus::Connected, 5s));
    // A second answer finds nothing open.
    EXPECT_NE(command(*bob, "/accept").find("no open invitation"), std::string::npos);
}

TEST_F(ConferenceDirectoryTest, JoinAsksForAnInvitationAndLockRefusesIt) {
    ASSERT_NO_FATAL_FAILURE(
        prepareDirectory(std::string(kCsvHeader) + "gina@localhost,Gina Gray,+15551230002,,work\n"));
    auto alice = connectUser("alice");
    auto gina = connectUser("gina");
    ASSERT_NO_FATAL_FAILURE(preApproveBridge(*gina));
    ASSERT_NO_FATAL_FAILURE(startBridgeAgain());
    ASSERT_NO_FATAL_FAILURE(waitUntilBridgeSeesPresence(*gina));

    const std::string room = callAndJoin(*alice, "+15551230003", "alice");
    ASSERT_FALSE(room.empty());
    EXPECT_NE(command(*gina, "/join nosuchroom@conference.localhost").find("There is no conference call"),
              std::string::npos);

    EXPECT_EQ(command(*alice, "/lock"), "Locked.");
    EXPECT_NE(command(*gina, "/join " + room).find("The conference is locked"), std::string::npos);
    EXPECT_EQ(command(*alice, "/unlock"), "Unlocked.");

    const std::string joined = command(*gina, "/join xmpp:" + room);
    EXPECT_NE(joined.find("You are invited to the call in " + room), std::string::npos) << joined;
    const auto invitation = waitForChatInvitation(*gina);
    ASSERT_TRUE(invitation) << bridgeLog();
    const auto payload = invitationIn(*invitation);
    ASSERT_TRUE(payload) << invitation->xml;
    EXPECT_EQ(payload->room_jid, room);
    EXPECT_EQ(payload->inviter_jid, jidOf("alice")) << "the owner invites, not the asker";

    EXPECT_NE(command(*gina, "/accept chat").find("chat"), std::string::npos);
    EXPECT_TRUE(waitForEndpointStatus(*alice, room, "xmpp:gina@localhost", EndpointStatus::Connected, 10s) ||
                waitForRoomBody(*alice, room, "Gina Gray", 10s))
        << bridgeLog();
    EXPECT_NE(command(*gina, "/join " + room).find("already in this conference"), std::string::npos);
}

TEST_F(ConferenceDirectoryTest, DeclineIsReportedAndTimeoutDialsAnyway) {
    const std::string policy = "[policy]\ninvitation_timeout_seconds = 5\n";
    ASSERT_NO_FATAL_FAILURE(prepareDirectory(std::string(kCsvHeader) +
                                                 "carol@localhost,Carol Chen,+15551230003,,\n"
                                                 "dave@localhost,Dave Doe,,+15551230001,\n",
                                             policy));
    auto alice = connectUser("alice");
    auto carol = connectUser("carol");
    auto dave = connectUser("dave");
    ASSERT_NO_FATAL_FAILURE(preApproveBridge(*carol));
    ASSERT_NO_FATAL_FAILURE(preApproveBridge(*dave));
    ASSERT_NO_FATAL_FAILURE(startBridgeAgain(policy));
    ASSERT_NO_FATAL_FAILURE(waitUntilBridgeSeesPresence(*carol));
    ASSERT_NO_FATAL_FAILURE(waitUntilBridgeSeesPresence(*dave));

    const auto invited_at = std::chrono::steady_clock::now();
    std::string reply;
    const std::string room = callAndJoin(*alice, "carol dave", "alice", &reply);
    ASSERT_FALSE(room.empty());
    EXPECT_NE(reply.find("Invited Carol Chen (+15551230003) by chat"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Invited Dave Doe (+15551230001) by chat"), std::string::npos) << reply;
    ASSERT_TRUE(waitForChatInvitation(*carol)) << bridgeLog();
    const auto dave_invitation = waitForChatInvitation(*dave);
    ASSERT_TRUE(dave_invitation) << bridgeLog();
    const auto dave_payload = invitationIn(*dave_invitation);
    ASSERT_TRUE(dave_payload) << dave_invitation->xml;
    EXPECT_EQ(dave_payload->timeout_seconds, 5);
    EXPECT_EQ(dave_payload->room_jid, room);

    // carol declines: a line for people, and her endpoint is disconnected.
    const std::string declined = command(*carol, "/decline");
    EXPECT_NE(declined.find("You declined"), std::string::npos) << declined;
    EXPECT_TRUE(waitForRoomBody(*alice, room, "Carol Chen (+15551230003) declined the invitation", 10s))
        << bridgeLog();
    ASSERT_TRUE(waitForEndpointStatus(*alice, room, "tel:+15551230003", EndpointStatus::Disconnected, 5s));
    const auto carol_endpoint = latestEndpoint(roomEvents(*alice, room), "tel:+15551230003");
    ASSERT_TRUE(carol_endpoint);
    EXPECT_EQ(carol_endpoint->method, DisconnectionMethod::Departed);
    EXPECT_NE(carol_endpoint->reason.find("declined"), std::string::npos) << carol_endpoint->reason;

    // dave never answers: after the invitation timeout his number is called anyway.
    const auto timed_out =
        waitForRoomBody(*alice, room, "Dave Doe (+15551230001) did not answer the invitation; calling +15551230001",
                        15s);
    const auto waited = std::chrono::steady_clock::now() - invited_at;
    ASSERT_TRUE(timed_out) << bridgeLog();
    EXPECT_GE(waited, 4500ms) << "the invitation timeout is 5 s";
    EXPECT_LE(waited, 9s) << "the invitation timeout is 5 s";
    EXPECT_TRUE(waitForRoomBody(*alice, room, "Dave Doe (+15551230001) joined", 10s)) << bridgeLog();
    EXPECT_TRUE(waitForEndpointStatus(*alice, room, "tel:+15551230001", EndpointStatus::Connected, 5s));
    // Too late to answer: the invitation is closed.
    EXPECT_NE(command(*dave, "/accept").find("no open invitation"), std::string::npos);
}

// The way a person meets the bridge: their client shows the bridge's
// subscription request and they approve it. Then the bridge should see them
// online and invite them by chat instead of calling.
//
// Regression: the bridge used to send its probe right after the request.
// Prosody 0.12 answers the probe of a contact without a subscription with
// type='unsubscribed' on the user's behalf, which cancelled the pending
// request; the approval was then stored as a mere pre-approval and the
// bridge dialled bob instead of inviting him.
TEST_F(ConferenceDirectoryTest, ApprovingTheBridgesRequestMakesTheUserOnline) {
    ASSERT_NO_FATAL_FAILURE(
        prepareDirectory(std::string(kCsvHeader) + "frank@localhost,Frank Fisher,+15551230002,,work\n"));
    auto alice = connectUser("alice");
    // frank appears in no other test: his roster starts empty.
    auto bob = connectUser("frank");
    ASSERT_NO_FATAL_FAILURE(startBridgeAgain());
    ASSERT_TRUE(bob->waitForStanza(
        [&](const harness::ReceivedStanza& s) {
            return s.name == "presence" && s.type == "subscribe" && harness::bareJid(s.from) == bridgeJid();
        },
        10s))
        << "no subscription request from the bridge\n"
        << bridgeLog();
    bob->sendRaw("<presence to='" + bridgeJid() + "' type='subscribed'/>");
    // Today Prosody pushes subscription='none' (a stored pre-approval) here.
    EXPECT_TRUE(waitForBridgeRosterPush(*bob, "from")) << "the approval did not subscribe the bridge";
    const std::string reply = command(*alice, "/call frank");
    EXPECT_NE(reply.find("Invited Frank Fisher (+15551230002) by chat"), std::string::npos) << reply;
    EXPECT_TRUE(waitForChatInvitation(*bob)) << bridgeLog();
}

TEST_F(ConferenceDirectoryTest, XmppServerRestartKeepsCallsAndResendsState) {
    startAll();
    auto alice = connectUser("alice");
    const std::string room = callAndJoin(*alice, "+15551230002", "alice");
    ASSERT_FALSE(room.empty());
    ASSERT_TRUE(waitForRoomBody(*alice, room, "+15551230002 joined", 10s)) << bridgeLog();

    prosody().stop();
    alice.reset();  // its connection died with the server
    prosody().start();
    ASSERT_TRUE(waitForBridgeOnline(2, 15s)) << bridgeLog();

    // The room is gone with the old server: the bridge makes it again under
    // the same JID, invites its owner again and sends the whole state.
    alice = connectUser("alice");
    ASSERT_TRUE(waitForRoomInvitation(*alice, room, 15s)) << bridgeLog();
    ASSERT_TRUE(joinRoom(*alice, room, "alice")) << bridgeLog();
    ASSERT_TRUE(harness::waitUntil(
        [&] {
            for (const auto& event : roomEvents(*alice, room)) {
                if (!event.info || event.info->state != protocol::ElementState::Full) continue;
                const auto endpoint = latestEndpoint({event}, "tel:+15551230002");
                if (endpoint && endpoint->status == EndpointStatus::Connected) return true;
            }
            return false;
        },
        10s))
        << "no full conference-info with the call connected\n"
        << bridgeLog();
    const std::string list = command(*alice, "/list");
    EXPECT_NE(list.find("+15551230002: connected"), std::string::npos) << list;

    // The call itself never noticed.
    const auto leg_lines = engineLinesOf("+15551230002");
    EXPECT_FALSE(leg_lines.empty()) << "the engine logs every leg state change\n" << bridgeLog();
    for (const auto& line : leg_lines) {
        EXPECT_EQ(line.find("-> disconnected"), std::string::npos) << line;
    }
    EXPECT_TRUE(bridge_.running());
}

}  // namespace
}  // namespace confab::test
