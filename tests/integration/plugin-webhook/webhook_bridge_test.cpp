// The webhook plugin in the real bridge: confab-bridge loads webhook.so from
// the build's plugin folder, a real Prosody, the PSTN simulator's phones and
// an HttpsReceiver with its own CA. (1) Every event arrives signed, in order,
// with contiguous sequence numbers. (2) Receivers that never answer (a port
// that accepts TCP but not TLS, and a closed port) do not slow /call down,
// and the bridge still shuts down promptly. (3) An http:// URL is refused at
// start with a clear line, and the bridge runs without the plugin.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "confab/harness/https_receiver.h"
#include "confab/harness/temporary_folder.h"
#include "conference_fixture.h"
#include "webhook_verifier.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;

const std::string kSecret = "bridge-webhook-secret-0123456789";

// The bound the brief sets for a /call reply, with or without plugins.
constexpr auto kCallReplyBound = 2s;

class WebhookBridgeTest : public ConferenceFixture {
protected:
    std::string webhookToml(const std::vector<std::string>& urls, const std::string& ca_file,
                            const std::string& extra = {}) {
        const auto secret_file = folder_.path() / "webhook.secret";
        std::ofstream(secret_file) << kSecret << "\n";
        std::string list;
        for (const auto& url : urls) list += (list.empty() ? "\"" : ", \"") + url + "\"";
        return "\n[plugins]\nenable = [\"webhook\"]\n\n[plugins.webhook]\nurls = [" + list +
               "]\nsecret_file = \"" + secret_file.string() + "\"\nca_file = \"" + ca_file +
               "\"\n" + extra;
    }

    void startWith(const std::string& phonebook, const std::string& toml) {
        startSimulator(phonebook);
        startBridge(toml, "ring_timeout_seconds = 3\n");
        ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
        ASSERT_TRUE(harness::waitUntil(
            [&] { return bridgeLog().find("posting events to") != std::string::npos; }, 5s))
            << "webhook.so was not loaded\n" << bridgeLog();
    }

    static std::vector<nlohmann::json> bodies(const harness::HttpsReceiver& receiver) {
        std::vector<nlohmann::json> all;
        for (const auto& request : receiver.requests()) {
            all.push_back(nlohmann::json::parse(request.body, nullptr, false));
        }
        return all;
    }

    static bool received(const harness::HttpsReceiver& receiver, const std::string& event,
                         const std::string& number = {}, const std::string& state = {}) {
        for (const auto& json : bodies(receiver)) {
            if (json.value("event", "") == event &&
                (number.empty() || json.value("number", "") == number) &&
                (state.empty() || json.value("state", "") == state))
                return true;
        }
        return false;
    }

    harness::TemporaryFolder folder_{"confab-webhook-bridge"};
};

int stateRank(const std::string& state) {
    static const std::map<std::string, int> ranks{
        {"dialing", 1}, {"alerting", 2}, {"connected", 3}, {"on_hold", 3}, {"disconnected", 4}};
    const auto found = ranks.find(state);
    return found == ranks.end() ? 0 : found->second;
}

TEST_F(WebhookBridgeTest, EventsArriveSignedAndInOrder) {
    harness::HttpsReceiver receiver;
    const std::string phonebook =
        "[numbers.\"+15551230002\"]\naction = \"answer\"\nanswer_after_ms = 300\n"
        "hangup_after_ms = 2500\n"
        "[[numbers.\"+15551230002\".dtmf]]\nat_ms = 600\ndigits = \"42#\"\n"
        "[numbers.\"+15551230005\"]\naction = \"busy\"\n";
    startWith(phonebook, webhookToml({receiver.url("/hook")}, receiver.caFile().string()));

    auto alice = connectUser("alice");
    const std::string reply = command(*alice, "/call +15551230002 +15551230005");
    const std::string room = roomFrom(reply);
    ASSERT_FALSE(room.empty()) << reply;

    ASSERT_TRUE(harness::waitUntil(
        [&] { return received(receiver, "leg.state", "+15551230002", "disconnected"); }, 15s))
        << "no disconnected leg.state for +15551230002\n" << bridgeLog();
    if (!received(receiver, "conference.ended")) command(*alice, "/end");
    ASSERT_TRUE(harness::waitUntil([&] { return received(receiver, "conference.ended"); }, 10s))
        << bridgeLog();

    const auto requests = receiver.requests();
    const auto events = bodies(receiver);
    ASSERT_GE(events.size(), 5u);
    std::string all;  // for failure messages
    for (const auto& request : requests) all += request.body + "\n";
    std::map<std::string, std::vector<nlohmann::json>> legs;
    std::string digits;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& json = events[i];
        ASSERT_TRUE(json.is_object()) << requests[i].body;
        EXPECT_TRUE(signatureValid(requests[i], kSecret)) << "request " << i;
        EXPECT_EQ(requests[i].path, "/hook");
        EXPECT_EQ(requests[i].header("x-confab-delivery").size(), 32u);
        EXPECT_EQ(json["sequence"], i + 1) << "contiguous, in order: " << requests[i].body;
        EXPECT_EQ(json["conference"], events[0]["conference"]);
        EXPECT_EQ(json["owner"], "alice@" + prosody().domain());
        EXPECT_NE(json.value("at", "").find('Z'), std::string::npos);
        if (json["event"] == "leg.state") legs[json["number"]].push_back(json);
        if (json["event"] == "dtmf") digits += json.value("digit", "");
        EXPECT_NE(json["event"], "talker") << "talker is not sent by default";
    }
    EXPECT_EQ(events.front()["event"], "conference.started");
    EXPECT_EQ(events.front()["room"], room);
    EXPECT_EQ(events.back()["event"], "conference.ended");

    // Each leg's states move forward only, and end disconnected.
    for (const auto& [number, states] : legs) {
        int rank = 0;
        for (const auto& json : states) {
            const int next = stateRank(json["state"]);
            EXPECT_GE(next, rank) << number << " went back to " << json["state"];
            rank = next;
        }
        EXPECT_EQ(states.back()["state"], "disconnected") << number;
    }
    ASSERT_EQ(legs.count("+15551230002"), 1u);
    const auto& answered = legs["+15551230002"];
    EXPECT_EQ(answered.front()["state"], "dialing") << all;
    EXPECT_TRUE(std::any_of(answered.begin(), answered.end(),
                            [](const auto& j) { return j["state"] == "connected"; }));
    EXPECT_EQ(answered.back()["answered"], true);
    ASSERT_EQ(legs.count("+15551230005"), 1u);
    const auto& busy = legs["+15551230005"].back();
    EXPECT_EQ(busy["answered"], false);
    EXPECT_FALSE(busy.value("reason", "").empty()) << busy.dump();
    EXPECT_EQ(digits, "42#") << "DTMF from +15551230002";
}

TEST_F(WebhookBridgeTest, DeadReceiversDoNotSlowTheBridge) {
    harness::SilentTcpListener silent;  // accepts TCP, never answers the TLS hello
    harness::HttpsReceiver ca_only;     // for a real CA file
    const int closed_port = harness::freeTcpPort();
    startWith(standardPhonebook(),
              webhookToml({"https://127.0.0.1:" + std::to_string(silent.port()) + "/hook",
                           "https://127.0.0.1:" + std::to_string(closed_port) + "/hook"},
                          ca_only.caFile().string(), "timeout_ms = 5000\n"));

    auto alice = connectUser("alice");
    // Two conferences, one after the other: the second starts while the
    // workers are stuck in the first one's handshakes and backoffs.
    for (const char* number : {"+15551230002", "+15551230003"}) {
        const auto start = std::chrono::steady_clock::now();
        std::string reply;
        const std::string room = callAndJoin(*alice, number, "alice", &reply);
        const auto elapsed = std::chrono::steady_clock::now() - start;
        ASSERT_FALSE(room.empty()) << reply;
        EXPECT_NE(reply.find("Dialling"), std::string::npos) << reply;
        EXPECT_LT(elapsed, kCallReplyBound)
            << "/call and joining took "
            << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms";
        EXPECT_TRUE(waitForRoomBody(*alice, room, std::string(number) + " joined", 10s))
            << bridgeLog();
        const auto end_start = std::chrono::steady_clock::now();
        EXPECT_NE(command(*alice, "/end").find("Ending conference"), std::string::npos);
        EXPECT_LT(std::chrono::steady_clock::now() - end_start, kCallReplyBound);
        EXPECT_TRUE(waitForRoomBody(*alice, room, "The conference has ended", 10s));
    }

    // Shutdown: close() interrupts the stalled handshake instead of waiting
    // out the 5 s timeout and the backoff.
    const auto stop_start = std::chrono::steady_clock::now();
    bridge_.signal(SIGTERM);
    ASSERT_TRUE(bridge_.waitForExit(10s)) << bridgeLog();
    EXPECT_LT(std::chrono::steady_clock::now() - stop_start, 3s) << bridgeLog();
    EXPECT_EQ(bridge_.exitCode(), 0) << bridgeLog();
    EXPECT_NE(bridgeLog().find("discarded at close"), std::string::npos)
        << "the webhook's close() summary\n" << bridgeLog();
}

TEST_F(WebhookBridgeTest, PlainHttpIsRefusedAtStartAndTheBridgeCarriesOn) {
    harness::HttpsReceiver ca_only;
    startBridge(webhookToml({"http://127.0.0.1:9/hook"}, ca_only.caFile().string()));
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    ASSERT_TRUE(harness::waitUntil(
        [&] { return bridgeLog().find("is plain http: refused") != std::string::npos; }, 5s))
        << bridgeLog();
    EXPECT_EQ(bridgeLog().find("posting events to"), std::string::npos);
    auto alice = connectUser("alice");
    EXPECT_NE(command(*alice, "/help").find("/call"), std::string::npos) << bridgeLog();
}

}  // namespace
}  // namespace confab::test
