// Signalling outcomes of the simulator's scripts, seen by a real SIP caller:
// answer, busy, scripted rejection, no answer + CANCEL, unknown number,
// scripted BYE, hold/resume re-INVITEs.
#include <algorithm>

#include "pstn_sim_fixture.h"

namespace confab::pstnsim::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kOutcomesPhonebook = R"(
[defaults]
answer_after_ms = 300

[numbers."+15551230001".audio]
source = "tone"
frequency_hz = 1000
level_dbov = -12

[numbers."+15551230002"]
action = "busy"

[numbers."+15551230003"]
action = "reject"
reject_code = 503
reject_phrase = "Maintenance Window"

[numbers."+15551230004"]
action = "no_answer"

[numbers."+15551230005"]
answer_after_ms = 100
hangup_after_ms = 500

[numbers."+15551230006"]
answer_after_ms = 100
hold = { at_ms = 300, resume_ms = 800, direction = "sendonly" }
[numbers."+15551230006".audio]
source = "tone"
frequency_hz = 700

[numbers."+15551230007"]
answer_after_ms = 0
hold = { at_ms = 300, resume_ms = 900, direction = "inactive" }
)";

class CallOutcomes : public PstnSimTest {
  protected:
    void SetUp() override { startSimulator(kOutcomesPhonebook); }
};

TEST_F(CallOutcomes, AnsweredCallNegotiatesAndStreamsBothWays) {
    auto& call = caller_->call("+15551230001", sim_port_, {.send_tone_hz = 600.0});
    ASSERT_TRUE(caller_->runUntil([&] { return call.final_status != 0; }, 5s));
    ASSERT_EQ(call.final_status, 200);
    EXPECT_EQ(call.provisional, std::vector<int>{180});
    ASSERT_TRUE(call.answer.has_value()) << call.answer_error << "\n" << call.answer_sdp;
    EXPECT_EQ(call.answer->codec, sip::AudioCodec::Pcmu);  // first of our offer
    EXPECT_EQ(call.answer->telephone_event_pt, std::optional<std::uint8_t>(101));
    EXPECT_GE(call.final_received - call.invite_sent, 250ms);  // answer_after_ms = 300

    ASSERT_TRUE(caller_->runUntil([&] { return call.received.size() >= 50; }, 5s));
    // Sent from the port in the SDP answer (symmetric RTP).
    const auto answer_address = parseNetAddress(call.answer->remote_address, call.answer->remote_port);
    for (const auto& packet : call.received) EXPECT_EQ(packet.from, *answer_address);
    const auto heard = decodeG711(call.received, 0);
    EXPECT_GT(tonePower(heard, 1000), 100 * tonePower(heard, 600));
    EXPECT_NEAR(levelDbov(heard), -12.0, 1.0);

    caller_->hangUp(call);
    ASSERT_TRUE(waitForEvent("+15551230001", "rtp_stats", 5s));
    EXPECT_EQ(eventNames("+15551230001"),
              (std::vector<std::string>{"incoming", "ringing", "answered", "speech_start", "hangup", "speech_stop",
                                        "rtp_stats"}));
    const auto answered = *findEvent("+15551230001", "answered");
    EXPECT_EQ(answered["codec"], "PCMU");
    // t_ms is CLOCK_MONOTONIC == our steady_clock: the answer was stamped
    // between our INVITE and our receiving the 200.
    const auto to_ms = [](Clock::time_point t) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    };
    EXPECT_GE(answered["t_ms"].get<std::int64_t>(), to_ms(call.invite_sent));
    EXPECT_LE(answered["t_ms"].get<std::int64_t>(), to_ms(call.final_received) + 1);
    const auto hangup = *findEvent("+15551230001", "hangup");
    EXPECT_EQ(hangup["by"], "caller");
    const auto stats = *findEvent("+15551230001", "rtp_stats");
    EXPECT_GE(stats["packets_sent"].get<int>(), 50);
    EXPECT_GE(stats["packets_received"].get<int>(), 40);

    // The recording holds our 600 Hz tone, as a valid 8 kHz mono WAV.
    const auto recording = readWav(recordDir() / "+15551230001_1.wav");
    ASSERT_GE(recording.size(), 8000u * 8 / 10);
    EXPECT_GT(tonePower(recording, 600), 100 * tonePower(recording, 1000));
}

TEST_F(CallOutcomes, BusyNumberAnswers486) {
    auto& call = caller_->call("+15551230002", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return call.final_status != 0; }, 5s));
    EXPECT_EQ(call.final_status, 486);
    ASSERT_TRUE(waitForEvent("+15551230002", "rejected", 2s));
    EXPECT_EQ((*findEvent("+15551230002", "rejected"))["code"], 486);
    EXPECT_EQ(eventNames("+15551230002"), (std::vector<std::string>{"incoming", "rejected"}));
}

TEST_F(CallOutcomes, ScriptedRejectionUsesCodeAndPhrase) {
    auto& call = caller_->call("+15551230003", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return call.final_status != 0; }, 5s));
    EXPECT_EQ(call.final_status, 503);
    EXPECT_EQ(call.final_phrase, "Maintenance Window");
}

TEST_F(CallOutcomes, UnknownNumberAnswers404) {
    auto& call = caller_->call("+15559999999", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return call.final_status != 0; }, 5s));
    EXPECT_EQ(call.final_status, 404);
    ASSERT_TRUE(waitForEvent("+15559999999", "rejected", 2s));
    EXPECT_EQ((*findEvent("+15559999999", "incoming"))["in_phonebook"], false);
}

TEST_F(CallOutcomes, NoAnswerRingsUntilCancelledThen487) {
    auto& call = caller_->call("+15551230004", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return !call.provisional.empty(); }, 5s));
    EXPECT_EQ(call.provisional.front(), 180);
    // Still ringing a good while after the other numbers would have answered.
    EXPECT_FALSE(caller_->runUntil([&] { return call.final_status != 0; }, 700ms));
    caller_->cancel(call);
    ASSERT_TRUE(caller_->runUntil([&] { return call.final_status != 0; }, 5s));
    EXPECT_EQ(call.final_status, 487);
    ASSERT_TRUE(waitForEvent("+15551230004", "cancelled", 2s));
    EXPECT_EQ(eventNames("+15551230004"), (std::vector<std::string>{"incoming", "ringing", "cancelled"}));
}

TEST_F(CallOutcomes, ScriptedHangupSendsBye) {
    auto& call = caller_->call("+15551230005", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return call.final_status != 0; }, 5s));
    ASSERT_EQ(call.final_status, 200);
    ASSERT_TRUE(caller_->runUntil([&] { return call.bye_received; }, 5s));
    const auto bye_at = Clock::now();
    EXPECT_GE(bye_at - call.final_received, 450ms);
    ASSERT_TRUE(waitForEvent("+15551230005", "rtp_stats", 5s));
    const auto answered = *findEvent("+15551230005", "answered");
    const auto hangup = *findEvent("+15551230005", "hangup");
    EXPECT_EQ(hangup["by"], "simulator");
    EXPECT_EQ(hangup["reason"], "hangup_after_ms");
    EXPECT_NEAR(hangup["t_ms"].get<double>() - answered["t_ms"].get<double>(), 500.0, 60.0);
}

TEST_F(CallOutcomes, HoldSendsSendonlyReinviteThenResumes) {
    auto& call = caller_->call("+15551230006", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return call.final_status == 200; }, 5s));
    ASSERT_TRUE(caller_->runUntil([&] { return call.reinvite_offers.size() >= 1; }, 5s));
    EXPECT_EQ(call.reinvite_offers[0], sip::MediaDirection::SendOnly);
    const std::size_t received_at_hold = call.received.size();
    ASSERT_TRUE(caller_->runUntil([&] { return call.reinvite_offers.size() >= 2; }, 5s));
    EXPECT_EQ(call.reinvite_offers[1], sip::MediaDirection::SendRecv);
    // sendonly: the simulator keeps talking to us while it holds.
    EXPECT_GT(call.received.size(), received_at_hold + 10);
    ASSERT_TRUE(waitForEvent("+15551230006", "resume", 2s));
    const auto hold = *findEvent("+15551230006", "hold");
    EXPECT_EQ(hold["direction"], "sendonly");
    const auto answered = *findEvent("+15551230006", "answered");
    EXPECT_NEAR(hold["t_ms"].get<double>() - answered["t_ms"].get<double>(), 300.0, 60.0);
    caller_->hangUp(call);
    ASSERT_TRUE(waitForEvent("+15551230006", "rtp_stats", 5s));
    const auto names = eventNames("+15551230006");
    EXPECT_EQ(names, (std::vector<std::string>{"incoming", "ringing", "answered", "speech_start", "hold", "resume",
                                               "hangup", "speech_stop", "rtp_stats"}));
}

TEST_F(CallOutcomes, InactiveHoldStopsSendingUntilResume) {
    auto& call = caller_->call("+15551230007", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return call.reinvite_offers.size() >= 1; }, 5s));
    EXPECT_EQ(call.reinvite_offers[0], sip::MediaDirection::Inactive);
    caller_->runUntil([] { return false; }, 100ms);  // packets already in flight
    const std::size_t held_at = call.received.size();
    ASSERT_TRUE(caller_->runUntil([&] { return call.reinvite_offers.size() >= 2; }, 5s));
    EXPECT_LE(call.received.size(), held_at + 1);
    ASSERT_TRUE(caller_->runUntil([&] { return call.received.size() >= held_at + 10; }, 5s));
}

TEST_F(CallOutcomes, CallerHoldStopsTheSimulatorSendingUntilResumed) {
    auto& call = caller_->call("+15551230001", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return call.received.size() >= 10; }, 5s));

    caller_->reInvite(call, sip::MediaDirection::SendOnly);
    ASSERT_TRUE(caller_->runUntil([&] { return call.reinvite_status != 0; }, 5s));
    EXPECT_EQ(call.reinvite_status, 200);
    EXPECT_EQ(call.reinvite_answer_direction, sip::MediaDirection::RecvOnly);
    caller_->runUntil([] { return false; }, 100ms);  // packets already in flight
    const std::size_t held_at = call.received.size();
    caller_->runUntil([] { return false; }, 400ms);
    EXPECT_EQ(call.received.size(), held_at);

    caller_->reInvite(call, sip::MediaDirection::SendRecv);
    ASSERT_TRUE(caller_->runUntil([&] { return call.reinvite_status != 0; }, 5s));
    ASSERT_TRUE(caller_->runUntil([&] { return call.received.size() >= held_at + 10; }, 5s));

    const auto reinvite = *findEvent("+15551230001", "reinvite");
    EXPECT_EQ(reinvite["direction"], "sendonly");
    EXPECT_EQ(reinvite["held_by_caller"], true);
    const auto names = eventNames("+15551230001");
    EXPECT_EQ(std::count(names.begin(), names.end(), "speech_start"), 2);
}

}  // namespace
}  // namespace confab::pstnsim::test
