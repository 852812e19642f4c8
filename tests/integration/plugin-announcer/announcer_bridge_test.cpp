// The announcer plugin in the real bridge: phones of the PSTN simulator
// (silent themselves) hear its prompts, found as speech energy in their
// recordings at the times the simulator's events say they should come.
#include <chrono>
#include <cmath>
#include <fstream>
#include <regex>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conference_fixture.h"
#include "confab/harness/audio_analysis.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr int kSampleRate = 8000;
constexpr std::size_t kFrame = kSampleRate / 50;  // 20 ms

// How many 20 ms frames of samples [from_ms, to_ms) are louder than `dbfs` (RMS).
int loudFrames(const std::vector<float>& samples, std::int64_t from_ms, std::int64_t to_ms, double dbfs) {
    const auto first = static_cast<std::size_t>(std::max<std::int64_t>(0, from_ms) * kSampleRate / 1000);
    const auto last = std::min(samples.size(), static_cast<std::size_t>(std::max<std::int64_t>(0, to_ms) *
                                                                         kSampleRate / 1000));
    int loud = 0;
    for (std::size_t at = first; at + kFrame <= last; at += kFrame) {
        double sum = 0;
        for (std::size_t i = at; i < at + kFrame; ++i) sum += static_cast<double>(samples[i]) * samples[i];
        if (10 * std::log10(sum / kFrame + 1e-20) > dbfs) ++loud;
    }
    return loud;
}

// Speech: at least 0.4 s of frames above -40 dBFS (a prompt is ~-18 dBFS RMS).
constexpr double kSpeechDbfs = -40;
constexpr int kSpeechFrames = 20;

class AnnouncerBridgeTest : public ConferenceFixture {
protected:
    // Silent phones answering after 200 ms; +15551230004 presses "*1" 2.5 s
    // after answering and "*2" 7 s after.
    static std::string phonebook() {
        std::string book;
        for (const char* number : {"+15551230002", "+15551230003", "+15551230004"}) {
            book += std::string("[numbers.\"") + number + "\"]\naction = \"answer\"\nanswer_after_ms = 200\n";
        }
        book += "[[numbers.\"+15551230004\".dtmf]]\nat_ms = 2500\ndigits = \"*1\"\n";
        book += "[[numbers.\"+15551230004\".dtmf]]\nat_ms = 7000\ndigits = \"*2\"\n";
        return book;
    }

    // The simulator with a record folder (BridgeFixture's has none), then
    // the bridge routing +1555 to it with the announcer enabled.
    void startAll(const std::string& announcer_lines) {
        static int runs = 0;
        sim_dir_ = prosody().runtimeDir() / ("announcer-sim-" + std::to_string(++runs));
        std::filesystem::create_directories(sim_dir_ / "recordings");
        std::ofstream(sim_dir_ / "phonebook.toml") << phonebook();
        const int port = harness::freeUdpPort();
        simulator_ = harness::Process(
            {CONFAB_PSTN_SIM_BINARY, "--phonebook", (sim_dir_ / "phonebook.toml").string(), "--listen",
             "127.0.0.1:" + std::to_string(port), "--events", (sim_dir_ / "events.jsonl").string(),
             "--record-dir", (sim_dir_ / "recordings").string()},
            sim_dir_ / "pstn-sim.log");
        ASSERT_TRUE(harness::waitUntil(
            [&] { return harness::readFile(sim_dir_ / "pstn-sim.log").find("ready sip:") != std::string::npos; },
            10s))
            << harness::readFile(sim_dir_ / "pstn-sim.log");
        startBridge("[[sip.route]]\nprefix = \"+1555\"\nuri = \"sip:{number}@127.0.0.1:" + std::to_string(port) +
                        "\"\n\n[plugins]\nenable = [\"announcer\"]\n\n[plugins.announcer]\nvoice = \"en-us\"\n" +
                        announcer_lines,
                    "ring_timeout_seconds = 5\n");
        ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
        ASSERT_TRUE(harness::waitUntil(
            [&] { return bridgeLog().find("plugin announcer: speaking with espeak-ng") != std::string::npos; }, 5s))
            << "the announcer did not start:\n"
            << bridgeLog();
    }

    std::vector<json> simulatorEvents() const {
        std::vector<json> events;
        std::ifstream in(sim_dir_ / "events.jsonl");
        for (std::string line; std::getline(in, line);) {
            auto event = json::parse(line, nullptr, false);
            if (!event.is_discarded()) events.push_back(std::move(event));
        }
        return events;
    }

    // t_ms of the first simulator event `name` for `number` (and `extra` key = value), or -1.
    std::int64_t eventTime(const std::string& name, const std::string& number,
                           const std::string& key = {}, const std::string& value = {}) const {
        for (const json& e : simulatorEvents()) {
            if (e.value("event", "") != name || e.value("number", "") != number) continue;
            if (!key.empty() && e.value(key, "") != value) continue;
            return e.value("t_ms", std::int64_t{-1});
        }
        return -1;
    }

    std::int64_t waitForEvent(const std::string& name, const std::string& number, const std::string& key = {},
                              const std::string& value = {}, std::chrono::milliseconds deadline = 15s) {
        std::int64_t t = -1;
        harness::waitUntil([&] { return (t = eventTime(name, number, key, value)) >= 0; }, deadline);
        if (t < 0) ADD_FAILURE() << "no " << name << " event for " << number << "\n" << bridgeLog();
        return t;
    }

    std::filesystem::path recording(const std::string& number) const {
        return sim_dir_ / "recordings" / (number + "_1.wav");
    }

    // The recording of `number`, once it holds `ms` of audio from its answer.
    std::vector<float> recordingUntil(const std::string& number, std::int64_t ms) {
        const auto wanted = static_cast<std::size_t>(ms * kSampleRate / 1000);
        harness::waitUntil([&] { return harness::simulatorWavSampleCount(recording(number)) >= wanted; }, 15s);
        auto samples = harness::readSimulatorWav(recording(number));
        EXPECT_GE(samples.size(), wanted) << "the recording of " << number << " stopped growing";
        return samples;
    }

    std::filesystem::path sim_dir_;
};

TEST_F(AnnouncerBridgeTest, APhoneHearsTheNextOneJoinNotBefore) {
    ASSERT_NO_FATAL_FAILURE(startAll("only_participant = false\n"));
    auto alice = connectUser("alice");
    const std::string room = callAndJoin(*alice, "+15551230002", "alice");
    ASSERT_FALSE(room.empty());
    const std::int64_t first_answered = waitForEvent("answered", "+15551230002");
    ASSERT_GE(first_answered, 0);
    // Two quiet seconds in which nobody joins: the window that must stay silent.
    std::this_thread::sleep_until(std::chrono::steady_clock::time_point(std::chrono::milliseconds(first_answered)) +
                                  2500ms);
    EXPECT_NE(command(*alice, "/invite +15551230003").find("+15551230003"), std::string::npos);
    const std::int64_t second_answered = waitForEvent("answered", "+15551230003");
    ASSERT_GE(second_answered, 0);

    // In the first phone's recording (sample 0 = its answer): silence until
    // the second one answered, then the announcement within 3 s.
    const std::int64_t joined_at = second_answered - first_answered;
    const auto samples = recordingUntil("+15551230002", joined_at + 3500);
    EXPECT_LT(loudFrames(samples, 300, joined_at - 100, kSpeechDbfs), 3)
        << "speech before the second phone joined";
    EXPECT_GE(loudFrames(samples, joined_at, joined_at + 3500, kSpeechDbfs), kSpeechFrames)
        << "no announcement after the second phone joined";
    EXPECT_NE(bridgeLog().find("saying \"1 5 5 5 1 2 3 0 0 0 3 has joined.\""), std::string::npos)
        << bridgeLog();
    EXPECT_EQ(bridgeLog().find("You are the only participant"), std::string::npos)
        << "only_participant = false was ignored";
}

TEST_F(AnnouncerBridgeTest, StarOneAndStarTwoAreAnsweredToThatPhone) {
    ASSERT_NO_FATAL_FAILURE(startAll("join_leave = false\nonly_participant = false\n"));
    auto alice = connectUser("alice");
    const std::string room = callAndJoin(*alice, "+15551230004", "alice");
    ASSERT_FALSE(room.empty());
    const std::int64_t answered = waitForEvent("answered", "+15551230004");
    const std::int64_t one_sent = waitForEvent("digit_sent", "+15551230004", "digit", "1");
    const std::int64_t two_sent = waitForEvent("digit_sent", "+15551230004", "digit", "2");
    ASSERT_GE(answered, 0);
    ASSERT_GE(one_sent, 0);
    ASSERT_GE(two_sent, 0);

    const std::int64_t count_at = one_sent - answered;
    const std::int64_t code_at = two_sent - answered;
    const auto samples = recordingUntil("+15551230004", code_at + 3500);
    EXPECT_LT(loudFrames(samples, 300, count_at - 200, kSpeechDbfs), 3) << "speech before *1";
    EXPECT_GE(loudFrames(samples, count_at, count_at + 2500, kSpeechDbfs), kSpeechFrames)
        << "no count after *1";
    // The count (~1.6 s) is over well before "*2" 4.5 s later.
    EXPECT_LT(loudFrames(samples, count_at + 3000, code_at - 200, kSpeechDbfs), 3);
    EXPECT_GE(loudFrames(samples, code_at, code_at + 3500, kSpeechDbfs), kSpeechFrames)
        << "no access code after *2";

    const std::string log = bridgeLog();
    EXPECT_TRUE(std::regex_search(log, std::regex("saying \"There (is 1 participant|are [0-9]+ participants)\\.\"")))
        << log;
    EXPECT_TRUE(std::regex_search(log, std::regex("saying \"The access code is [0-9]( [0-9])*\\.\""))) << log;
}

TEST_F(AnnouncerBridgeTest, AnUnknownVoiceDisablesThePluginAndTheBridgeCarriesOn) {
    sim_dir_ = prosody().runtimeDir() / "announcer-bad-voice";
    startBridge("[plugins]\nenable = [\"announcer\"]\n\n[plugins.announcer]\nvoice = \"xx-no-such-voice\"\n");
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    ASSERT_TRUE(harness::waitUntil(
        [&] { return bridgeLog().find("no voice \"xx-no-such-voice\"") != std::string::npos; }, 5s))
        << bridgeLog();
    auto alice = connectUser("alice");
    EXPECT_NE(command(*alice, "/help").find("/call"), std::string::npos);
}

}  // namespace
}  // namespace confab::test
