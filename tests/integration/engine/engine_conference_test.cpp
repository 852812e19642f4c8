// The conference engine against the real PSTN simulator: real SIP and RTP on
// loopback. Three phones that play three tones each hear the other two and
// not themselves; each leg outcome ends in the right state and reason; far-end
// hold shows as on-hold and back; talker events follow the simulator's speech
// schedule; rogue RTP is not heard; a malformed SDP answer fails only its leg.
#include <algorithm>
#include <cmath>

#include "engine_fixture.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using sip::DisconnectReason;
using sip::LegState;
class EngineConferenceTest : public EngineFixture {};

TEST_F(EngineConferenceTest, ThreePhonesEachHearTheOtherTwoAndNotThemselves) {
    const std::vector<std::pair<std::string, int>> phones{
        {"+15551230001", 500}, {"+15551230002", 900}, {"+15551230003", 1400}};
    std::string phonebook;
    for (const auto& [number, tone] : phones) phonebook += answeringTone(number, tone);
    startSimulator(phonebook);
    startEngine();

    const auto conference = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    std::vector<engine::LegId> legs;
    for (const auto& [number, tone] : phones) {
        auto leg = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, number); });
        ASSERT_TRUE(leg.ok()) << leg.error();
        legs.push_back(leg.value());
    }
    for (auto leg : legs) ASSERT_TRUE(waitForLegState(leg, LegState::Connected, 10s)) << simulatorLog();
    for (const auto& [number, tone] : phones) ASSERT_TRUE(waitForRecordedSeconds(recording(number), 3.0));
    onLoop([&](engine::ConferenceEngine& e) { return e.endConference(conference); });
    for (auto leg : legs) ASSERT_TRUE(waitForLegState(leg, LegState::Disconnected, 10s));
    stopSimulator();

    for (const auto& [number, own_tone] : phones) {
        const auto heard = lastSeconds(readWav(recording(number)), 2.0);
        ASSERT_GT(heard.size(), 8000u) << number;
        std::vector<double> others;
        for (const auto& [other, tone] : phones)
            if (other != number) others.push_back(toneLevelDb(heard, tone));
        const double own = toneLevelDb(heard, own_tone);
        SCOPED_TRACE(number + ": others " + std::to_string(others[0]) + " / " + std::to_string(others[1]) +
                     " dB, own " + std::to_string(own) + " dB");
        EXPECT_GT(others[0], -35.0);
        EXPECT_GT(others[1], -35.0);
        EXPECT_LT(std::abs(others[0] - others[1]), 3.0) << "the other two are not within 3 dB";
        EXPECT_LT(own, std::min(others[0], others[1]) - 30.0) << "a phone hears itself";
    }
}

TEST_F(EngineConferenceTest, LegOutcomesEndInTheRightStateAndReason) {
    startSimulator(answeringTone("+15551230001", 500, "hangup_after_ms = 800\n") +
                   "[numbers.\"+15551230005\"]\naction = \"busy\"\n"
                   "[numbers.\"+15551230006\"]\naction = \"no_answer\"\n"
                   "[numbers.\"+15551230009\"]\naction = \"reject\"\nreject_code = 503\n"
                   "reject_phrase = \"Service Unavailable\"\n");
    startEngine(1500ms);
    const auto conference = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    auto dial = [&](const std::string& number) {
        auto leg = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, number); });
        EXPECT_TRUE(leg.ok()) << leg.error();
        return leg.ok() ? leg.value() : 0;
    };
    const auto answered = dial("+15551230001");
    const auto busy = dial("+15551230005");
    const auto no_answer = dial("+15551230006");
    const auto rejected = dial("+15551230009");

    ASSERT_TRUE(waitForLegState(answered, LegState::Connected, 10s));
    auto remote_hangup = waitForLegState(answered, LegState::Disconnected, 10s);
    ASSERT_TRUE(remote_hangup);
    EXPECT_EQ(remote_hangup->ending.reason, DisconnectReason::RemoteHangup);

    auto busy_end = waitForLegState(busy, LegState::Disconnected, 10s);
    ASSERT_TRUE(busy_end);
    EXPECT_EQ(busy_end->ending.reason, DisconnectReason::Busy);
    EXPECT_EQ(busy_end->ending.sip_status, 486);

    auto no_answer_end = waitForLegState(no_answer, LegState::Disconnected, 10s);
    ASSERT_TRUE(no_answer_end);
    EXPECT_EQ(no_answer_end->ending.reason, DisconnectReason::NoAnswer);
    EXPECT_TRUE(waitForLegState(no_answer, LegState::Alerting, 0ms)) << "it rang before it timed out";

    auto rejected_end = waitForLegState(rejected, LegState::Disconnected, 10s);
    ASSERT_TRUE(rejected_end);
    EXPECT_EQ(rejected_end->ending.reason, DisconnectReason::Failed);
    EXPECT_EQ(rejected_end->ending.sip_status, 503);
    EXPECT_NE(rejected_end->ending.detail.find("Service Unavailable"), std::string::npos)
        << rejected_end->ending.detail;

    // A bad number never reaches the network.
    auto bad = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, "+1555;evil=1"); });
    EXPECT_FALSE(bad.ok());
}

TEST_F(EngineConferenceTest, FarEndHoldShowsAsOnHoldAndBack) {
    startSimulator(answeringTone("+15551230001", 500) +
                   "[numbers.\"+15551230001\".hold]\nat_ms = 800\nresume_ms = 1800\ndirection = \"sendonly\"\n");
    startEngine();
    const auto conference = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    auto leg = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, "+15551230001"); });
    ASSERT_TRUE(leg.ok()) << leg.error();
    ASSERT_TRUE(waitForLegState(leg.value(), LegState::Connected, 10s));
    ASSERT_TRUE(waitForLegState(leg.value(), LegState::OnHold, 5s)) << simulatorLog();
    auto back = waitForEvent(
        [&](const engine::EngineEvent& e) {
            const auto* change = std::get_if<engine::LegStateChanged>(&e);
            return change && change->leg == leg.value() && change->from == LegState::OnHold &&
                   change->to == LegState::Connected;
        },
        5s);
    EXPECT_TRUE(back) << simulatorLog();
}
TEST_F(EngineConferenceTest, TalkerEventsFollowTheSpeechSchedule) {
    startSimulator(
        "[numbers.\"+15551230001\"]\naction = \"answer\"\nanswer_after_ms = 200\n"
        "[numbers.\"+15551230001\".audio]\nsource = \"speech\"\nengine = \"espeak\"\ntext = \"Hello, this is Alice speaking to everyone on the bridge today.\"\n"
        "level_dbov = -20\ntalk = [[1000, 1500], [3500, 1200]]\n" +
        silentPhone("+15551230002"));
    startEngine();
    const auto conference = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    auto talker = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, "+15551230001"); });
    auto listener = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, "+15551230002"); });
    ASSERT_TRUE(talker.ok() && listener.ok());

    // Two spurts: two starts and two stops, alternating, for the talker only.
    auto talk_events = [&] {
        std::vector<engine::TalkerChanged> out;
        for (const auto& e : events())
            if (const auto* t = std::get_if<engine::TalkerChanged>(&e)) out.push_back(*t);
        return out;
    };
    std::vector<double> sim_starts, sim_stops;
    const auto read_schedule = [&] {
        sim_starts.clear();
        sim_stops.clear();
        for (const auto& e : simulatorEvents()) {
            if (e.value("number", "") != "+15551230001") continue;
            if (e.value("event", "") == "speech_start") sim_starts.push_back(e["t_ms"].get<double>());
            if (e.value("event", "") == "speech_stop") sim_stops.push_back(e["t_ms"].get<double>());
        }
    };
    // Both spurts spoken, and the talker reported silent again after them.
    ASSERT_TRUE(harness::waitUntil(
        [&] {
            read_schedule();
            const auto talk = talk_events();
            return sim_stops.size() >= 2 && talk.size() >= 4 && !talk.back().talking &&
                   monotonicMs(talk.back().at) > sim_stops[1];
        },
        15s))
        << "talker events: " << talk_events().size() << "\n" << simulatorLog();
    ASSERT_EQ(sim_starts.size(), 2u);
    ASSERT_EQ(sim_stops.size(), 2u);
    const auto talk = talk_events();
    expectTalkFollowsSpeech(talk, sim_starts, sim_stops, talker.value(), host_stalls_);
    for (const auto& t : talk) EXPECT_NE(t.leg, listener.value()) << "a silent phone was reported talking";
}

TEST_F(EngineConferenceTest, APhoneThatHangsUpWhileTalkingGetsAFinalStop) {
    startSimulator(
        "[numbers.\"+15551230001\"]\naction = \"answer\"\nanswer_after_ms = 200\nhangup_after_ms = 2500\n"
        "[numbers.\"+15551230001\".audio]\nsource = \"tone\"\nfrequency_hz = 440\nlevel_dbov = -20\n"
        "talk = [[500, 10000]]\n" +
        silentPhone("+15551230002"));
    startEngine();
    const auto conference = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    auto talker = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, "+15551230001"); });
    auto other = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, "+15551230002"); });
    ASSERT_TRUE(talker.ok() && other.ok());
    ASSERT_TRUE(waitForLegState(talker.value(), LegState::Disconnected, 10s));
    // Order: started, stopped, then the disconnect, all for the talker.
    int started = -1, stopped = -1, disconnected = -1, index = 0;
    for (const auto& e : events()) {
        if (const auto* t = std::get_if<engine::TalkerChanged>(&e); t && t->leg == talker.value())
            (t->talking ? started : stopped) = index;
        if (const auto* c = std::get_if<engine::LegStateChanged>(&e);
            c && c->leg == talker.value() && c->to == LegState::Disconnected)
            disconnected = index;
        ++index;
    }
    ASSERT_GE(started, 0) << "the phone was never heard talking";
    ASSERT_GT(stopped, started) << "no final stopped-talking event";
    EXPECT_LT(stopped, disconnected);
    EXPECT_EQ(std::get<engine::LegStateChanged>(events()[static_cast<std::size_t>(disconnected)]).ending.reason,
              DisconnectReason::RemoteHangup);
}

TEST_F(EngineConferenceTest, RogueRtpFromAForeignPortOrSsrcIsNotHeard) {
    startSimulator(answeringTone("+15551230001", 500) +
                   "[numbers.\"+15551230001\".misbehaviour]\nrogue_rtp_foreign_port = true\n"
                   "rogue_rtp_second_ssrc = true\nrogue_tone_hz = 2500\nrogue_start_ms = 500\n" +
                   silentPhone("+15551230002"));
    startEngine();
    const auto conference = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    auto rogue = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, "+15551230001"); });
    auto victim = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, "+15551230002"); });
    ASSERT_TRUE(rogue.ok() && victim.ok());
    ASSERT_TRUE(waitForLegState(victim.value(), LegState::Connected, 10s));
    ASSERT_TRUE(waitForRecordedSeconds(recording("+15551230002"), 3.0));
    onLoop([&](engine::ConferenceEngine& e) { return e.endConference(conference); });
    ASSERT_TRUE(waitForLegState(victim.value(), LegState::Disconnected, 10s));
    stopSimulator();

    const auto heard = lastSeconds(readWav(recording("+15551230002")), 2.0);
    const double real_tone = toneLevelDb(heard, 500);
    const double rogue_tone = toneLevelDb(heard, 2500);
    EXPECT_GT(real_tone, -35.0) << "the legitimate stream is heard";
    EXPECT_LT(rogue_tone, real_tone - 40.0) << "rogue RTP leaked into the mix";
    bool rogue_sent = false;
    for (const auto& e : simulatorEvents())
        if (e.value("event", "") == "rtp_stats" && e.value("number", "") == "+15551230001")
            rogue_sent = e.value("rogue_packets_sent", 0) > 50;
    EXPECT_TRUE(rogue_sent) << "the simulator did not send rogue RTP; the test proves nothing";
}

TEST_F(EngineConferenceTest, MalformedSdpAnswerFailsOnlyItsLeg) {
    startSimulator(answeringTone("+15551230001", 500) +
                   "[numbers.\"+15551230010\"]\naction = \"answer\"\nanswer_after_ms = 200\n"
                   "[numbers.\"+15551230010\".misbehaviour]\nmalformed_sdp = \"hostname_c\"\n");
    startEngine();
    const auto conference = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    auto good = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, "+15551230001"); });
    auto bad = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, "+15551230010"); });
    ASSERT_TRUE(good.ok() && bad.ok());
    auto bad_end = waitForLegState(bad.value(), LegState::Disconnected, 10s);
    ASSERT_TRUE(bad_end);
    EXPECT_EQ(bad_end->ending.reason, DisconnectReason::MediaNegotiationFailed);
    EXPECT_NE(bad_end->ending.detail.find("c="), std::string::npos) << bad_end->ending.detail;
    ASSERT_TRUE(waitForLegState(good.value(), LegState::Connected, 10s));
    const auto still = onLoop([&](engine::ConferenceEngine& e) { return e.leg(good.value()); });
    ASSERT_TRUE(still);
    EXPECT_EQ(still->state, LegState::Connected);
}

}  // namespace
}  // namespace confab::test
