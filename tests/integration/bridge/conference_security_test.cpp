// Authorization, dial policy and hostile input over XMPP, end to end. Every
// denial is a clear reply and an audit record; nothing crashes; the
// conference that was running keeps running.
#include <sqlite3.h>

#include <fstream>
#include <thread>

#include "conference_fixture.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;

class ConferenceSecurityTest : public ConferenceFixture {
protected:
    // Rows of `sql` (one column) from the bridge's database.
    std::vector<std::string> query(const std::string& sql) {
        std::vector<std::string> rows;
        sqlite3* db = nullptr;
        if (sqlite3_open_v2(databasePath().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            ADD_FAILURE() << "cannot open " << databasePath();
            sqlite3_close(db);
            return rows;
        }
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK) {
            while (sqlite3_step(statement) == SQLITE_ROW) {
                const unsigned char* text = sqlite3_column_text(statement, 0);
                rows.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
            }
        } else {
            ADD_FAILURE() << sqlite3_errmsg(db);
        }
        sqlite3_finalize(statement);
        sqlite3_close(db);
        return rows;
    }
};

TEST_F(ConferenceSecurityTest, OnlyTheOwnerKicksAndPolicyStopsTollFraud) {
    startAll(
        "[policy]\nmax_concurrent_legs_per_user = 2\nmax_legs_per_conference = 5\n");
    auto alice = connectUser("alice");
    auto bob = connectUser("bob");
    const std::string reply = command(*alice, "/call +15551230001 bob@" + prosody().domain());
    // bob is online but not subscribed: not known online to the bridge, and
    // not in the directory: no number. A clear error, no conference.
    EXPECT_NE(reply.find("no phone number in the directory"), std::string::npos) << reply;

    const std::string room = roomFrom(command(*alice, "/call +15551230001"));
    ASSERT_FALSE(room.empty());
    ASSERT_TRUE(harness::waitUntil(
        [&] { return command(*alice, "/list").find("+15551230001: connected") != std::string::npos; }, 10s, 200ms));

    // A non-owner cannot kick, hang up others, mute others, lock or end.
    EXPECT_NE(command(*bob, "/kick +15551230001").find("not in a conference"), std::string::npos);
    // alice names bob moderator-less participant? No: bob has no conference at all.
    // Blocked prefixes: premium rate and international.
    const std::string premium = command(*alice, "/invite +1 900 555 0100");
    EXPECT_NE(premium.find("premium"), std::string::npos) << premium;
    const std::string abroad = command(*alice, "/invite +44 20 7946 0000");
    EXPECT_NE(abroad.find("international"), std::string::npos) << abroad;
    // Per-user concurrent legs: two allowed, the third refused.
    EXPECT_NE(command(*alice, "/invite +15551230002").find("Dialling"), std::string::npos);
    const std::string third = command(*alice, "/invite +15551230003");
    EXPECT_NE(third.find("Not dialling"), std::string::npos) << third;

    // The denials are in the audit log.
    ASSERT_TRUE(harness::waitUntil(
        [&] { return query("SELECT reason FROM audit WHERE allowed = 0").size() >= 3; }, 5s));
    // The conference still runs.
    EXPECT_NE(command(*alice, "/list").find("+15551230001: connected"), std::string::npos);
}

TEST_F(ConferenceSecurityTest, AParticipantMayHangUpOnlyTheirOwnLine) {
    startAll();
    // bob is in the directory with a phone; alice calls him by name while he
    // is offline, so his phone is dialled and the leg is his.
    const auto csv = prosody().runtimeDir() / "participants.csv";
    std::ofstream(csv) << "jid,display_name,work,mobile,preferred\n"
                       << "bob@" << prosody().domain() << ",Bob Baker,+15551230002,,work\n";
    const auto [code, output] = runBridgeCommand(
        {"--config", configPath().string(), "directory", "import", csv.string()}, prosody().runtimeDir());
    ASSERT_EQ(code, 0) << output;
    auto alice = connectUser("alice");
    const std::string reply = command(*alice, "/call bob +15551230001");
    EXPECT_NE(reply.find("Dialling Bob Baker (+15551230002)"), std::string::npos) << reply;
    ASSERT_TRUE(harness::waitUntil(
        [&] { return command(*alice, "/list").find("Bob Baker (+15551230002): connected") != std::string::npos; },
        10s, 200ms));

    auto bob = connectUser("bob");
    // bob may see the list, but not remove, mute or end for others.
    EXPECT_NE(command(*bob, "/list").find("+15551230001: connected"), std::string::npos);
    EXPECT_NE(command(*bob, "/kick +15551230001").find("Not allowed"), std::string::npos);
    EXPECT_NE(command(*bob, "/mute +15551230001").find("Not allowed"), std::string::npos);
    EXPECT_NE(command(*bob, "/hangup all").find("Not allowed"), std::string::npos);
    EXPECT_NE(command(*bob, "/end").find("Only the owner"), std::string::npos);
    EXPECT_NE(command(*bob, "/lock").find("Only the owner"), std::string::npos);
    // His own line is his to mute and to hang up.
    EXPECT_NE(command(*bob, "/mute bob").find("Muted Bob Baker"), std::string::npos);
    EXPECT_NE(command(*bob, "/hangup bob").find("Hanging up Bob Baker"), std::string::npos);
    // The others go on.
    ASSERT_TRUE(harness::waitUntil(
        [&] { return command(*alice, "/list").find("Bob Baker (+15551230002): left") != std::string::npos; },
        10s, 200ms));
    EXPECT_NE(command(*alice, "/list").find("+15551230001: connected"), std::string::npos);
    // The denials are audited with who asked.
    EXPECT_GE(query("SELECT action FROM audit WHERE allowed = 0 AND actor_jid = 'bob@" + prosody().domain() + "'").size(),
              5u);
}

// The directory also learns numbers from users' own vCards (XEP-0054 TEL),
// which the bridge reads from the server when a user first talks to it.
TEST_F(ConferenceSecurityTest, VcardNumbersFillTheDirectory) {
    startAll();
    auto erin = connectUser("erin");
    const auto stored = erin->sendIq(
        "<iq type='set'><vCard xmlns='vcard-temp'><FN>Erin &lt;Ops&gt; \xD7\xA9</FN>"
        "<TEL><WORK/><VOICE/><NUMBER>+1 (555) 123-0003</NUMBER></TEL>"
        "<TEL><HOME/><VOICE/><NUMBER>not a number</NUMBER></TEL></vCard></iq>",
        5s);
    ASSERT_TRUE(stored && stored->type == "result") << (stored ? stored->xml : "no answer");
    command(*erin, "/help");  // first contact: the bridge fetches her vCard
    ASSERT_TRUE(harness::waitUntil(
        [&] { return !query("SELECT number FROM numbers WHERE jid = 'erin@" + prosody().domain() + "'").empty(); },
        5s))
        << bridgeLog();
    EXPECT_EQ(query("SELECT number FROM numbers WHERE jid = 'erin@" + prosody().domain() + "'"),
              std::vector<std::string>{"+15551230003"});
    EXPECT_EQ(query("SELECT display_name FROM users WHERE jid = 'erin@" + prosody().domain() + "'"),
              std::vector<std::string>{"Erin <Ops> \xD7\xA9"});
    auto alice = connectUser("alice");
    const std::string reply = command(*alice, "/call erin");
    EXPECT_NE(reply.find("Dialling Erin <Ops> \xD7\xA9 (+15551230003)"), std::string::npos) << reply;
}

TEST_F(ConferenceSecurityTest, BadInputGetsClearErrorsAndNothingBreaks) {
    startAll();
    auto alice = connectUser("alice");
    const std::string room = roomFrom(command(*alice, "/call +15551230001"));
    ASSERT_FALSE(room.empty());

    EXPECT_NE(command(*alice, "/frobnicate").find("/help"), std::string::npos);
    EXPECT_NE(command(*alice, "/invite +1 555 12").find("not a phone number"), std::string::npos);
    std::string many = "/invite";
    for (int i = 0; i < 200; ++i) many += " +1555123" + std::to_string(1000 + i);
    const std::string crowd = command(*alice, many);
    EXPECT_FALSE(crowd.empty());
    EXPECT_EQ(crowd.find("Dialling"), std::string::npos) << "200 participants must be refused whole";
    const std::string huge(100 * 1024, 'x');
    EXPECT_NE(command(*alice, "/call " + huge).find("long"), std::string::npos);
    // XML cannot carry most control characters; a line break or a
    // text-direction override inside a command is the hostile part.
    EXPECT_NE(command(*alice, "/call bob\ncarol").find("control"), std::string::npos);
    EXPECT_NE(command(*alice, "/call bob\xE2\x80\xAE" "carol").find("invisible character"), std::string::npos);
    const std::string specials = command(*alice, "/invite \"<b>&amp;\\\"'\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\"");
    EXPECT_NE(specials.find("<b>&amp;"), std::string::npos) << "names come back as typed: " << specials;
    EXPECT_NE(command(*alice, "/hangup nobody-here").find("No live participant"), std::string::npos);

    // Still alive, and the conference is intact.
    EXPECT_NE(command(*alice, "/help").find("/call"), std::string::npos);
    ASSERT_TRUE(harness::waitUntil(
        [&] { return command(*alice, "/list").find("+15551230001: connected") != std::string::npos; }, 10s, 200ms));
    EXPECT_TRUE(bridge_.running());
}

// A script (or an attacker) that fires commands as fast as it can gets its
// burst, one "slow down" reply and then silence; other users are served as
// usual, and the refusal is audited.
TEST_F(ConferenceSecurityTest, AChatCommandFloodIsRateLimitedAndOthersAreStillServed) {
    startAll();
    auto mallory = connectUser("mallory");
    auto alice = connectUser("alice");
    auto fromBridge = [&](const harness::ReceivedStanza& s) {
        return s.name == "message" && harness::bareJid(s.from) == bridgeJid() && !s.body.empty();
    };
    constexpr int kFlood = 120;
    for (int i = 0; i < kFlood; ++i) mallory->sendMessage(bridgeJid(), "/list");
    const auto refusal = mallory->waitForStanza(
        [&](const harness::ReceivedStanza& s) {
            return fromBridge(s) && s.body.find("Too many commands") != std::string::npos;
        },
        10s);
    ASSERT_TRUE(refusal) << bridgeLog();
    EXPECT_NE(refusal->body.find("wait"), std::string::npos) << refusal->body;
    // Someone else is not held up by mallory's flood.
    EXPECT_NE(command(*alice, "/help").find("/call"), std::string::npos);

    // Once the bucket refills, mallory is served again. That reply also
    // comes after every reply to the flood (one stream, in order).
    std::this_thread::sleep_for(1s);  // the refill itself is what is tested here
    mallory->sendMessage(bridgeJid(), "/help");
    const auto help = mallory->waitForStanza(
        [&](const harness::ReceivedStanza& s) { return fromBridge(s) && s.body.find("/hangup") != std::string::npos; },
        10s);
    ASSERT_TRUE(help) << "mallory is served again after the pause";
    int answered = 0;
    int refused = 0;
    for (const auto& s : mallory->receivedStanzas()) {
        if (!fromBridge(s)) continue;
        if (s.body.find("Too many commands") != std::string::npos) {
            ++refused;
        } else {
            ++answered;
        }
    }
    --answered;  // the /help after the pause
    EXPECT_EQ(refused, 1) << "one reply tells the sender to slow down; the rest are dropped silently";
    EXPECT_GE(answered, 30) << "the burst is served";
    EXPECT_LT(answered, kFlood / 2) << "the flood was not limited";
    ASSERT_TRUE(harness::waitUntil(
        [&] { return !query("SELECT reason FROM audit WHERE action = 'rate-limit' AND allowed = 0").empty(); },
        5s));
    EXPECT_TRUE(bridge_.running());
}

// Hostile stanzas on the new paths: forged invitation answers, ad-hoc
// requests with unknown nodes and oversized forms, room-looking senders.
TEST_F(ConferenceSecurityTest, HostileStanzasOnConferencePathsChangeNothing) {
    startAll();
    auto alice = connectUser("alice");
    auto mallory = connectUser("mallory");
    const std::string room = callAndJoin(*alice, "+15551230001", "alice");
    ASSERT_FALSE(room.empty());
    const std::string bridge = bridgeJid();

    // An invitation answer for an invitation that does not exist.
    mallory->sendRaw("<message to='" + bridge + "' type='chat'><accept xmlns='urn:confab:invite:0' id='guess' number='+19005550100'/></message>");
    const auto answer = mallory->waitForMessageFrom(bridge, 5s);
    ASSERT_TRUE(answer);
    EXPECT_NE(answer->body.find("no open invitation"), std::string::npos) << answer->body;
    // Malformed answers (bad number, unknown attributes) are not answers at all.
    mallory->sendRaw("<message to='" + bridge + "' type='chat'><accept xmlns='urn:confab:invite:0' id='x' number='&lt;script&gt;'/></message>");

    // Ad-hoc: an unknown node, and a form with 300 participants.
    const auto unknown = mallory->sendIq(
        "<iq type='set' to='" + bridge + "'><command xmlns='http://jabber.org/protocol/commands' node='format-disk' action='execute'/></iq>",
        5s);
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->type, "error") << unknown->xml;
    std::string many;
    for (int i = 0; i < 300; ++i) many += "<value>+1555123" + std::to_string(1000 + i) + "</value>";
    const auto crowd = mallory->sendIq(
        "<iq type='set' to='" + bridge + "'><command xmlns='http://jabber.org/protocol/commands' node='start-conference' action='complete'>"
        "<x xmlns='jabber:x:data' type='submit'><field var='who' type='text-multi'>" + many + "</field></x></command></iq>",
        5s);
    ASSERT_TRUE(crowd);
    EXPECT_NE(crowd->xml.find("type='error'"), std::string::npos) << crowd->xml.substr(0, 400);
    EXPECT_EQ(crowd->xml.find("Conference started"), std::string::npos);

    // mallory cannot act on alice's conference by naming its room.
    mallory->sendMessage(room, "/end", "groupchat");
    EXPECT_NE(command(*mallory, "/end").find("not in a conference"), std::string::npos);

    // alice's conference is untouched and the bridge still answers. (Her
    // phone may still be ringing on a busy machine: wait for the answer.)
    EXPECT_TRUE(harness::waitUntil(
        [&] { return command(*alice, "/list").find("+15551230001: connected") != std::string::npos; }, 10s, 200ms));
    EXPECT_TRUE(bridge_.running());
    EXPECT_EQ(query("SELECT id FROM conferences").size(), 1u);
}

TEST_F(ConferenceSecurityTest, KillNineMidConferenceThenRestartTellsTheTruth) {
    startAll();
    auto alice = connectUser("alice");
    const std::string room = callAndJoin(*alice, "+15551230001 +15551230002", "alice");
    ASSERT_FALSE(room.empty());
    ASSERT_TRUE(waitForRoomBody(*alice, room, "+15551230002 joined", 10s));
    ASSERT_EQ(query("SELECT id FROM legs WHERE ended IS NULL").size(), 2u);

    bridge_.kill9();
    const auto restarted = std::chrono::steady_clock::now();
    startBridge({}, "ring_timeout_seconds = 3\n");
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    const auto restart_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - restarted);
    std::printf("restart after kill -9: process start to XMPP online in %lld ms (recovery itself: %s)\n",
                static_cast<long long>(restart_ms.count()),
                bridgeLog().substr(bridgeLog().find("crash recovery:"), 90).c_str());
    RecordProperty("restart_to_online_ms", static_cast<int>(restart_ms.count()));

    // The database: every leg closed with a reason, the conference ended.
    EXPECT_TRUE(query("SELECT id FROM legs WHERE ended IS NULL").empty());
    EXPECT_TRUE(query("SELECT id FROM conferences WHERE ended IS NULL").empty());
    const auto reasons = query("SELECT end_reason FROM legs");
    ASSERT_EQ(reasons.size(), 2u);
    for (const auto& reason : reasons) EXPECT_NE(reason.find("bridge restarted"), std::string::npos) << reason;
    // The room: a message that says what happened.
    EXPECT_TRUE(waitForRoomBody(*alice, room, "restarted unexpectedly", 10s)) << bridgeLog();
    EXPECT_NE(bridgeLog().find("crash recovery: closed 1 conference(s) and 2 leg(s)"), std::string::npos)
        << bridgeLog();
}

}  // namespace
}  // namespace confab::test
