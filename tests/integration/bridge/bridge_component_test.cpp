// The bridge as an XEP-0114 component against a real Prosody: it connects,
// answers /help, disco and ping, survives hostile stanzas, and reconnects by
// itself when the server restarts.
#include <chrono>
#include <string>
#include <sys/wait.h>

#include "bridge_fixture.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using harness::ReceivedStanza;

class BridgeComponentTest : public BridgeFixture {};

std::optional<ReceivedStanza> replyFromBridge(harness::XmppTestClient& client,
                                              const std::string& bridge_jid) {
    return client.waitForMessageFrom(bridge_jid, 5s);
}

TEST_F(BridgeComponentTest, ConnectsAndAnswersHelpWithTheCommandList) {
    startBridge();
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    auto alice = connectUser("alice");
    alice->sendMessage(prosody().componentJid(), "/help");
    auto reply = replyFromBridge(*alice, prosody().componentJid());
    ASSERT_TRUE(reply.has_value()) << bridgeLog();
    for (const char* command : {"/call", "/invite", "/hangup", "/mute", "/list", "/end", "/help"})
        EXPECT_NE(reply->body.find(command), std::string::npos) << command << " in " << reply->body;
}

TEST_F(BridgeComponentTest, OtherInputGetsAClearErrorThatSuggestsHelp) {
    startBridge();
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    auto bob = connectUser("bob");
    bob->sendMessage(prosody().componentJid(), "hello there");
    auto reply = replyFromBridge(*bob, prosody().componentJid());
    ASSERT_TRUE(reply.has_value());
    EXPECT_NE(reply->body.find("/help"), std::string::npos) << reply->body;

    bob->sendMessage(prosody().componentJid(), "/dance now");
    reply = replyFromBridge(*bob, prosody().componentJid());
    ASSERT_TRUE(reply.has_value());
    EXPECT_NE(reply->body.find("/dance"), std::string::npos) << reply->body;
    EXPECT_NE(reply->body.find("/help"), std::string::npos) << reply->body;
}

TEST_F(BridgeComponentTest, AnswersDiscoInfoWithIdentityAndFeatures) {
    startBridge();
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    auto alice = connectUser("alice");
    auto result = alice->sendIq("<iq type='get' id='disco1' to='" + prosody().componentJid() +
                                    "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>",
                                5s);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->type, "result") << result->xml;
    EXPECT_NE(result->xml.find("category='gateway'"), std::string::npos) << result->xml;
    EXPECT_NE(result->xml.find("urn:xmpp:ping"), std::string::npos) << result->xml;
    EXPECT_NE(result->xml.find("urn:confab:bridge:0"), std::string::npos) << result->xml;
}

TEST_F(BridgeComponentTest, AnswersPing) {
    startBridge();
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    auto alice = connectUser("alice");
    auto result = alice->sendIq("<iq type='get' id='ping1' to='" + prosody().componentJid() +
                                    "'><ping xmlns='urn:xmpp:ping'/></iq>",
                                5s);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->type, "result") << result->xml;
}

TEST_F(BridgeComponentTest, HostileStanzasLeaveItRunningAndAnswering) {
    startBridge();
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    auto mallory = connectUser("mallory");
    const std::string bridge = prosody().componentJid();
    // Unknown namespaces, markup-like text, an IQ nobody handles, an error
    // message (must not be answered), RTL text, a 100 KB body, and last a body over Prosody's stanza limit (Prosody then closes
    // mallory's stream; the bridge never sees it or must survive it).
    mallory->sendRaw("<message to='" + bridge +
                     "' type='chat'><body>/help</body><x xmlns='urn:example:evil'><y/></x>"
                     "<z xmlns='jabber:x:oob'><url>javascript:alert(1)</url></z></message>");
    mallory->sendRaw("<message to='" + bridge + "' type='error'><body>/help</body></message>");
    mallory->sendMessage(bridge, "/call <script>&amp;\"'</script>");
    mallory->sendMessage(bridge, "/call \xE2\x80\xAE\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
    // (A control character such as &#x1b; is not well-formed XML: Prosody ends
    // the sender's stream and the bridge never sees it, so it is not sent here.)
    mallory->sendMessage(bridge, "/call " + std::string(100 * 1024, '9'));
    auto unknown_iq = mallory->sendIq(
        "<iq type='set' id='evil1' to='" + bridge + "'><query xmlns='urn:example:unknown'/></iq>", 5s);
    ASSERT_TRUE(unknown_iq.has_value()) << "connected=" << mallory->connected() << " "
                                        << mallory->lastError() << "\n" << prosody().logTail();
    EXPECT_EQ(unknown_iq->type, "error") << unknown_iq->xml;
    // Every chat above got a reply, except the error message.
    EXPECT_TRUE(harness::waitUntil(
        [&] {
            int replies = 0;
            for (const auto& s : mallory->receivedStanzas())
                if (s.name == "message" && s.from == bridge) ++replies;
            return replies == 4;
        },
        5s));
    mallory->sendMessage(bridge, "/call " + std::string(300 * 1024, '9'));

    // Still alive, still answering, on a fresh connection too.
    ASSERT_TRUE(bridge_.running()) << bridgeLog();
    auto alice = connectUser("alice");
    alice->sendMessage(bridge, "/help");
    auto reply = replyFromBridge(*alice, bridge);
    ASSERT_TRUE(reply.has_value()) << bridgeLog();
    EXPECT_NE(reply->body.find("/call"), std::string::npos);
    EXPECT_EQ(bridgeOnlineCount(), 1) << "the bridge must not have lost its stream\n" << bridgeLog();
}

TEST_F(BridgeComponentTest, ReconnectsWithinFiveSecondsAfterProsodyRestarts) {
    startBridge();
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();

    prosody().kill();
    // While the server is down the bridge keeps trying and never exits.
    ASSERT_TRUE(harness::waitUntil(
        [&] { return bridgeLog().find("connection lost") != std::string::npos; }, 5s))
        << bridgeLog();
    // A real outage: several failed attempts happen, and the bridge stays up.
    ASSERT_TRUE(harness::waitUntil(
        [&] { return bridgeLog().find("(attempt 4)") != std::string::npos; }, 10s))
        << bridgeLog();
    ASSERT_TRUE(bridge_.running()) << bridgeLog();

    prosody().start();
    const auto server_back = std::chrono::steady_clock::now();
    ASSERT_TRUE(waitForBridgeOnline(2, 10s)) << bridgeLog();
    const auto reconnect_time = std::chrono::steady_clock::now() - server_back;
    EXPECT_LT(reconnect_time, 5s) << "bridge took "
                                  << std::chrono::duration_cast<std::chrono::milliseconds>(reconnect_time).count()
                                  << " ms to reconnect";

    auto alice = connectUser("alice");
    alice->sendMessage(prosody().componentJid(), "/help");
    auto reply = replyFromBridge(*alice, prosody().componentJid());
    ASSERT_TRUE(reply.has_value()) << bridgeLog();
}

TEST_F(BridgeComponentTest, StopsCleanlyOnSigterm) {
    startBridge();
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    bridge_.terminate(5s);
    EXPECT_TRUE(WIFEXITED(bridge_.exitStatus())) << "killed instead of exiting";
    EXPECT_EQ(WEXITSTATUS(bridge_.exitStatus()), 0);
    EXPECT_NE(bridgeLog().find("confab-bridge stopped"), std::string::npos) << bridgeLog();
}

}  // namespace
}  // namespace confab::test
