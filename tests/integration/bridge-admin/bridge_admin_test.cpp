// The admin page acting on a live conference of the real bridge: a
// conference started by chat, then, through the web API over HTTPS, dialled
// into through the dial policy (allowed and denied), a leg muted (the other
// phone's recording goes silent from it), hung up, the conference locked and
// ended, with the room told each time and /metrics counting.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bridge_admin_fixture.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;

class BridgeAdminTest : public BridgeAdminFixture {};

TEST_F(BridgeAdminTest, AdminDialsMutesHangsUpLocksAndEndsALiveConference) {
    startWithWeb("[policy]\nblocked_prefixes = [\"+1900\"]\n");
    auto alice = connectUser("alice");
    const std::string room = callAndJoin(*alice, "+15551230001 +15551230002", "alice");
    ASSERT_FALSE(room.empty());
    ASSERT_TRUE(waitForRoomBody(*alice, room, "+15551230001 joined", 10s)) << bridgeLog();
    ASSERT_TRUE(waitForRoomBody(*alice, room, "+15551230002 joined", 10s)) << bridgeLog();
    login();

    // The conference as the page sees it.
    const auto live = conferences();
    ASSERT_EQ(live.size(), 1u) << live.dump();
    const std::int64_t id = live[0].value("id", std::int64_t{0});
    ASSERT_GT(id, 0);
    EXPECT_EQ(live[0].value("owner_jid", std::string()), "alice@" + prosody().domain()) << live.dump();
    const auto tone_leg = legOf(id, "+15551230001");
    ASSERT_TRUE(tone_leg);
    EXPECT_EQ(tone_leg->value("state", std::string()), "connected") << tone_leg->dump();
    const std::string base = "/conferences/" + std::to_string(id);

    // Denied by the dial policy, with the policy's own sentence.
    auto denied = act(base + "/dial", {{"number", "+19005550100"}});
    EXPECT_FALSE(denied.value("ok", true)) << denied.dump();
    EXPECT_NE(denied.value("message", std::string())
                  .find("+19005550100 is blocked by the bridge's dial policy (prefix +1900)"),
              std::string::npos)
        << denied.dump();
    // Not a number at all.
    auto nonsense = act(base + "/dial", {{"number", "<script>"}});
    EXPECT_FALSE(nonsense.value("ok", true)) << nonsense.dump();

    // Allowed: a national number, normalised with the default region.
    auto dialled = act(base + "/dial", {{"number", "(555) 123-0003"}});
    EXPECT_TRUE(dialled.value("ok", false)) << dialled.dump();
    EXPECT_TRUE(waitForRoomBody(*alice, room, "admin tester is adding +15551230003", 10s)) << bridgeLog();
    EXPECT_TRUE(waitForRoomBody(*alice, room, "+15551230003 joined", 10s)) << bridgeLog();
    // Already in: refused, nothing dialled twice.
    auto again = act(base + "/dial", {{"number", "+15551230003"}});
    EXPECT_FALSE(again.value("ok", true)) << again.dump();
    EXPECT_NE(again.value("message", std::string()).find("already in the conference"), std::string::npos);

    // Before the mute, phone 2 hears phone 1's tone.
    const auto heard = recording("+15551230002");
    ASSERT_TRUE(waitForMoreAudio(heard, 1.0)) << heard;
    const auto before_samples = recordedSamples(heard);
    ASSERT_GE(before_samples.size(), 8000u);
    const double before =
        toneLevelDb(std::vector<float>(before_samples.end() - 8000, before_samples.end()), 440);
    EXPECT_GT(before, -35) << "the tone should reach the other phone before the mute";

    const std::uint32_t tone = participantOf(id, "+15551230001");
    ASSERT_GT(tone, 0u);
    auto muted = act(base + "/legs/" + std::to_string(tone) + "/mute");
    EXPECT_TRUE(muted.value("ok", false)) << muted.dump();
    EXPECT_TRUE(waitForRoomBody(*alice, room, "admin tester muted +15551230001", 5s)) << bridgeLog();
    EXPECT_TRUE(legOf(id, "+15551230001")->value("muted", false));
    // The recording goes silent from that leg: wait for fresh audio (the
    // jitter buffers and the packets in flight take well under a second).
    ASSERT_TRUE(waitForMoreAudio(heard, 2.0));
    {
        const auto samples = recordedSamples(heard);
        ASSERT_GE(samples.size(), 8000u);
        const double after = toneLevelDb(std::vector<float>(samples.end() - 8000, samples.end()), 440);
        EXPECT_LT(after, -55) << "muted, yet the tone still reaches the other phone (before " << before << " dB)";
    }
    // Muting twice changes nothing and says so; unmute brings it back.
    auto twice = act(base + "/legs/" + std::to_string(tone) + "/mute");
    EXPECT_NE(twice.value("message", std::string()).find("already muted"), std::string::npos) << twice.dump();
    EXPECT_TRUE(act(base + "/legs/" + std::to_string(tone) + "/unmute").value("ok", false));
    ASSERT_TRUE(waitForMoreAudio(heard, 2.0));
    {
        const auto samples = recordedSamples(heard);
        ASSERT_GE(samples.size(), 8000u);
        EXPECT_GT(toneLevelDb(std::vector<float>(samples.end() - 8000, samples.end()), 440), -35);
    }

    // Hang up one leg: the others stay.
    const std::uint32_t third = participantOf(id, "+15551230003");
    ASSERT_GT(third, 0u);
    EXPECT_TRUE(act(base + "/legs/" + std::to_string(third) + "/hangup").value("ok", false));
    EXPECT_TRUE(waitForRoomBody(*alice, room, "admin tester hung up +15551230003", 5s));
    ASSERT_TRUE(harness::waitUntil(
        [&] {
            const auto leg = legOf(id, "+15551230003");
            return leg && leg->value("state", std::string()) == "disconnected";
        },
        10s));
    EXPECT_EQ(legOf(id, "+15551230003")->value("end_reason", std::string()), "hangup");
    auto gone = act(base + "/legs/" + std::to_string(third) + "/hangup");
    EXPECT_FALSE(gone.value("ok", true));
    EXPECT_NE(gone.value("message", std::string()).find("already left"), std::string::npos) << gone.dump();
    EXPECT_EQ(legOf(id, "+15551230002")->value("state", std::string()), "connected");

    // Lock: no one new, by the page or by chat.
    EXPECT_TRUE(act(base + "/lock").value("ok", false));
    EXPECT_TRUE(waitForRoomBody(*alice, room, "admin tester locked the conference", 5s));
    auto locked_dial = act(base + "/dial", {{"number", "+15551230003"}});
    EXPECT_FALSE(locked_dial.value("ok", true));
    EXPECT_NE(locked_dial.value("message", std::string()).find("is locked"), std::string::npos);
    EXPECT_NE(command(*alice, "/invite +15551230003").find("locked"), std::string::npos);
    EXPECT_TRUE(act(base + "/unlock").value("ok", false));

    // A busy number: counted as such.
    EXPECT_TRUE(act(base + "/dial", {{"number", "+15551230005"}}).value("ok", false));
    ASSERT_TRUE(harness::waitUntil(
        [&] {
            const auto leg = legOf(id, "+15551230005");
            return leg && leg->value("end_reason", std::string()) == "busy";
        },
        10s));
    EXPECT_EQ(legOf(id, "+15551230005")->value("sip_code", 0), 486);

    // End: the room is closed, the conference leaves the live list.
    EXPECT_TRUE(act(base + "/end").value("ok", false));
    EXPECT_TRUE(waitForRoomBody(*alice, room, "ended by admin tester", 10s)) << bridgeLog();
    EXPECT_TRUE(harness::waitUntil([&] { return conferences().empty(); }, 10s));
    auto ended = act(base + "/end");
    EXPECT_FALSE(ended.value("ok", true));
    EXPECT_NE(ended.value("message", std::string()).find("is not live"), std::string::npos) << ended.dump();

    // /metrics counted the dials by result and the talker events.
    auto metrics = get("/metrics");
    ASSERT_TRUE(metrics);
    ASSERT_EQ(metrics->status, 200);
    EXPECT_NE(metrics->body.find("confab_dials_total{result=\"denied\"} 1"), std::string::npos) << metrics->body;
    EXPECT_NE(metrics->body.find("confab_dials_total{result=\"busy\"} 1"), std::string::npos) << metrics->body;
    EXPECT_NE(metrics->body.find("confab_dials_total{result=\"connected\"} 3"), std::string::npos) << metrics->body;
    EXPECT_NE(metrics->body.find("confab_live_conferences 0"), std::string::npos) << metrics->body;
}

TEST_F(BridgeAdminTest, SystemPageShowsHealthAndHidesSecrets) {
    startWithWeb();
    login();
    auto system = get("/system");
    ASSERT_TRUE(system);
    ASSERT_EQ(system->status, 200);
    EXPECT_NE(system->body.find(CONFAB_VERSION), std::string::npos);
    EXPECT_NE(system->body.find("xmpp.secret"), std::string::npos);
    EXPECT_NE(system->body.find("(hidden)"), std::string::npos);
    EXPECT_EQ(system->body.find(prosody().componentSecret()), std::string::npos)
        << "the component secret must never be shown";
    EXPECT_NE(system->body.find("connected to 127.0.0.1"), std::string::npos);
}

// An admin page that cannot be served stops the bridge with one clear line
// and exit status 1, rather than leaving it running without its page.
TEST_F(BridgeAdminTest, APortThatIsTakenEndsTheBridge) {
    const int taken = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(taken, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ASSERT_EQ(::bind(taken, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(taken, 1), 0);
    socklen_t length = sizeof address;
    ASSERT_EQ(::getsockname(taken, reinterpret_cast<sockaddr*>(&address), &length), 0);
    const int port = ntohs(address.sin_port);

    startBridge("\n[web]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\n");
    EXPECT_TRUE(harness::waitUntil([&] { return !bridge_.running(); }, 15s)) << bridgeLog();
    ::close(taken);
    if (bridge_.running()) return;
    const int status = bridge_.exitStatus();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << status;
    EXPECT_NE(bridgeLog().find("admin web page: cannot serve on 127.0.0.1:" + std::to_string(port)),
              std::string::npos)
        << bridgeLog();
}

}  // namespace
}  // namespace confab::test
