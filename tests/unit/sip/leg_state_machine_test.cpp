// Scenarios through LegStateMachine: whole calls, races, duplicates, and what
// the commands carry. The per-pair rules are in leg_state_machine_table_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "leg_test_support.h"

namespace confab::sip::test {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> stateWalk(const std::vector<LegCommand>& commands) {
    std::vector<std::string> walk;
    for (const auto& command : commands) {
        if (const auto* change = std::get_if<command::EmitStateChange>(&command)) {
            walk.push_back(std::string(toString(change->from)) + "->" +
                           std::string(toString(change->to)));
        }
    }
    return walk;
}

// Feeds events in order and concatenates the commands.
std::vector<LegCommand> feedAll(LegStateMachine& machine, const std::vector<LegEvent>& events) {
    std::vector<LegCommand> all;
    for (const auto& event : events) {
        auto commands = machine.handle(event);
        all.insert(all.end(), commands.begin(), commands.end());
    }
    return all;
}

TEST(LegStateMachine, WholeCallWithHoldFollowsThePath) {
    LegStateMachine machine;
    const auto commands =
        feedAll(machine, {event::Dial{"sip:+15551234567@gw.example.net"}, event::Provisional{100},
                          event::Provisional{180}, event::Answered{answerMedia()},
                          event::ReInvite{answerMedia(MediaDirection::Inactive)},
                          event::ReInvite{answerMedia(MediaDirection::SendRecv)},
                          event::LocalHangup{}, event::ByeCompleted{200}});
    EXPECT_EQ(stateWalk(commands), (std::vector<std::string>{
                                       "idle->dialing", "dialing->alerting", "alerting->connected",
                                       "connected->on-hold", "on-hold->connected",
                                       "connected->disconnecting", "disconnecting->disconnected"}));
    EXPECT_EQ(machine.state(), LegState::Disconnected);
    EXPECT_EQ(machine.ending(), (LegEnding{DisconnectReason::Hangup, 0, ""}));
    EXPECT_EQ(machine.ignoredEventCount(), 0u);
}

TEST(LegStateMachine, DialSendsInviteToTheTargetAndStartsTheRingTimer) {
    LegStateMachine machine;
    const auto commands = machine.handle(event::Dial{"sip:+4930123456@gw.example.net"});
    ASSERT_TRUE(find<command::SendInvite>(commands));
    EXPECT_EQ(find<command::SendInvite>(commands)->target_uri, "sip:+4930123456@gw.example.net");
    ASSERT_TRUE(find<command::StartRingTimer>(commands));
    EXPECT_EQ(find<command::StartRingTimer>(commands)->duration, 45s);

    LegStateMachine quick(LegStateMachine::Options{10s});
    const auto quick_commands = quick.handle(event::Dial{"sip:+4930123456@gw.example.net"});
    EXPECT_EQ(find<command::StartRingTimer>(quick_commands)->duration, 10s);
}

TEST(LegStateMachine, DialWithoutTargetIsIgnored) {
    LegStateMachine machine;
    EXPECT_EQ(names(machine.handle(event::Dial{""})), "ReportIgnoredEvent");
    EXPECT_EQ(machine.state(), LegState::Idle);
    EXPECT_EQ(machine.ignoredEventCount(), 1u);
}

TEST(LegStateMachine, OpenMediaCarriesTheNegotiatedMedia) {
    LegStateMachine machine;
    drive(machine, LegSetup::Alerting);
    auto media = answerMedia();
    media.codec = AudioCodec::Pcma;
    media.payload_type = 8;
    const auto commands = machine.handle(event::Answered{media});
    ASSERT_TRUE(find<command::OpenMedia>(commands));
    EXPECT_EQ(find<command::OpenMedia>(commands)->media, media);
    EXPECT_EQ(machine.media(), media);
}

TEST(LegStateMachine, AnswerThatHoldsUsPassesThroughConnected) {
    LegStateMachine machine;
    drive(machine, LegSetup::Dialing);
    const auto commands = machine.handle(event::Answered{answerMedia(MediaDirection::SendOnly)});
    EXPECT_EQ(stateWalk(commands),
              (std::vector<std::string>{"dialing->connected", "connected->on-hold"}));
}

TEST(LegStateMachine, RingTimeoutCancelsAndEndsAsNoAnswer) {
    LegStateMachine machine;
    drive(machine, LegSetup::Alerting);
    EXPECT_EQ(names(machine.handle(event::RingTimeout{})), "SendCancel EmitStateChange");
    EXPECT_EQ(names(machine.handle(event::Failure{487, "Request Terminated"})), "EmitStateChange");
    EXPECT_EQ(machine.ending(), (LegEnding{DisconnectReason::NoAnswer, 487, "Request Terminated"}));
}

TEST(LegStateMachine, HangUpWhileDialingSendsCancelNotBye) {
    LegStateMachine machine;
    drive(machine, LegSetup::Dialing);
    const auto commands = machine.handle(event::LocalHangup{});
    EXPECT_TRUE(find<command::SendCancel>(commands));
    EXPECT_FALSE(find<command::SendBye>(commands));
    EXPECT_EQ(machine.ending().reason, DisconnectReason::Cancelled);
}

TEST(LegStateMachine, AnswerAfterOurCancelGetsByeAndNoMedia) {
    LegStateMachine machine;
    drive(machine, LegSetup::Alerting);
    machine.handle(event::LocalHangup{});
    const auto on_answer = machine.handle(event::Answered{answerMedia()});
    EXPECT_EQ(names(on_answer), "SendBye");
    EXPECT_EQ(machine.state(), LegState::Disconnecting);
    EXPECT_FALSE(machine.media().has_value());
    // The INVITE is done; only the BYE's response ends the leg now.
    EXPECT_EQ(names(machine.handle(event::Failure{487, "Request Terminated"})),
              "ReportIgnoredEvent");
    EXPECT_EQ(names(machine.handle(event::ByeCompleted{200})), "EmitStateChange");
    EXPECT_EQ(machine.state(), LegState::Disconnected);
    EXPECT_EQ(machine.ending().reason, DisconnectReason::Cancelled);
}

TEST(LegStateMachine, AnswerAfterRingTimeoutCancelAlsoGetsBye) {
    LegStateMachine machine;
    drive(machine, LegSetup::Dialing);
    machine.handle(event::RingTimeout{});
    EXPECT_EQ(names(machine.handle(event::Answered{answerMedia()})), "SendBye");
    machine.handle(event::ByeCompleted{200});
    EXPECT_EQ(machine.ending().reason, DisconnectReason::NoAnswer);
}

TEST(LegStateMachine, FailureKeepsStatusAndCleanedPhrase) {
    LegStateMachine machine;
    drive(machine, LegSetup::Alerting);
    machine.handle(event::Failure{404, "Not\r\nFound \xc3\xa9"});
    EXPECT_EQ(machine.ending(), (LegEnding{DisconnectReason::Failed, 404, "Not??Found ??"}));
}

TEST(LegStateMachine, NuaInternalErrorIsAFailure) {
    LegStateMachine machine;
    drive(machine, LegSetup::Dialing);
    machine.handle(event::Failure{900, "Internal error at nua_session.c:1234"});
    EXPECT_EQ(machine.ending(),
              (LegEnding{DisconnectReason::Failed, 900, "Internal error at nua_session.c:1234"}));
    LegStateMachine odd;
    drive(odd, LegSetup::Dialing);
    EXPECT_EQ(names(odd.handle(event::Failure{700, "?"})), "ReportIgnoredEvent");
}

TEST(LegStateMachine, LongReasonPhraseIsCut) {
    const std::string phrase(1000, 'x');
    EXPECT_EQ(LegStateMachine::cleanReasonPhrase(phrase).size(), 128u);
    EXPECT_EQ(LegStateMachine::cleanReasonPhrase(std::string("a\0b", 3)), "a?b");
}

TEST(LegStateMachine, FailureStatusMapping) {
    using R = DisconnectReason;
    const std::vector<std::pair<int, R>> cases = {
        {486, R::Busy},     {600, R::Busy},   {480, R::NoAnswer}, {408, R::NoAnswer},
        {603, R::Rejected}, {404, R::Failed}, {403, R::Failed},   {500, R::Failed},
        {503, R::Failed},   {302, R::Failed}, {488, R::Failed},   {606, R::Failed},
        {900, R::Failed},
    };
    for (const auto& [status, reason] : cases) {
        EXPECT_EQ(LegStateMachine::reasonForFailureStatus(status), reason) << status;
    }
}

TEST(LegStateMachine, BadSdpInAnswerHangsUpWithTheReason) {
    LegStateMachine machine;
    drive(machine, LegSetup::Alerting);
    const auto commands = machine.handle(
        event::AnsweredWithBadSdp{"SDP answer: c= address 'x' is not an IP literal"});
    EXPECT_FALSE(find<command::OpenMedia>(commands));
    EXPECT_TRUE(find<command::SendBye>(commands));
    EXPECT_EQ(machine.ending().reason, DisconnectReason::MediaNegotiationFailed);
    EXPECT_EQ(machine.ending().detail, "SDP answer: c= address 'x' is not an IP literal");
    machine.handle(event::ByeCompleted{200});
    EXPECT_EQ(machine.state(), LegState::Disconnected);
}

TEST(LegStateMachine, RemoteByeEndsAConnectedCall) {
    LegStateMachine machine;
    drive(machine, LegSetup::Connected);
    EXPECT_EQ(names(machine.handle(event::RemoteBye{})), "CloseMedia EmitStateChange");
    EXPECT_EQ(machine.ending().reason, DisconnectReason::RemoteHangup);
}

TEST(LegStateMachine, ByeGlareEndsTheCallOnce) {
    LegStateMachine machine;
    drive(machine, LegSetup::ByeFromConnected);
    EXPECT_EQ(names(machine.handle(event::RemoteBye{})), "EmitStateChange");
    EXPECT_EQ(names(machine.handle(event::ByeCompleted{481})), "");
    EXPECT_EQ(machine.ending().reason, DisconnectReason::Hangup);
}

TEST(LegStateMachine, DuplicateEventsSendNothingTwice) {
    LegStateMachine machine;
    const auto commands = feedAll(
        machine, {event::Dial{"sip:+15551234567@gw.example.net"},
                  event::Dial{"sip:+15551234567@gw.example.net"}, event::Provisional{180},
                  event::Provisional{180}, event::Answered{answerMedia()},
                  event::Answered{answerMedia()}, event::LocalHangup{}, event::LocalHangup{},
                  event::ByeCompleted{200}, event::ByeCompleted{200}});
    auto count = [&](std::string_view name) {
        return std::count_if(commands.begin(), commands.end(),
                             [&](const LegCommand& c) { return commandName(c) == name; });
    };
    EXPECT_EQ(count("SendInvite"), 1);
    EXPECT_EQ(count("OpenMedia"), 1);
    EXPECT_EQ(count("SendBye"), 1);
    EXPECT_EQ(count("CloseMedia"), 1);
    // Dial, Answered and LocalHangup repeated are reported; a second 180 and a
    // BYE response after the end are harmless.
    EXPECT_EQ(machine.ignoredEventCount(), 3u);
    EXPECT_EQ(count("ReportIgnoredEvent"), 3);
}

TEST(LegStateMachine, IgnoredEventReportNamesStateAndEvent) {
    LegStateMachine machine;
    const auto commands = machine.handle(event::RemoteBye{});
    const auto report = find<command::ReportIgnoredEvent>(commands);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->state, LegState::Idle);
    EXPECT_EQ(report->event, "RemoteBye");
    EXPECT_FALSE(report->why.empty());
}

TEST(LegStateMachine, ReInviteWithNewAddressUpdatesMediaWithoutStateChange) {
    LegStateMachine machine;
    drive(machine, LegSetup::Connected);
    auto moved = answerMedia();
    moved.remote_port = 5000;
    const auto commands = machine.handle(event::ReInvite{moved});
    EXPECT_EQ(names(commands), "AcceptReInvite UpdateMedia");
    EXPECT_EQ(find<command::UpdateMedia>(commands)->media, moved);
    EXPECT_EQ(machine.media(), moved);
}

TEST(LegStateMachine, BadReInviteIsRefusedWith488AndTheCallGoesOn) {
    LegStateMachine machine;
    drive(machine, LegSetup::Connected);
    const auto commands = machine.handle(event::BadReInvite{"SDP offer: has no m= line"});
    ASSERT_TRUE(find<command::RejectReInvite>(commands));
    EXPECT_EQ(find<command::RejectReInvite>(commands)->status, 488);
    EXPECT_EQ(machine.state(), LegState::Connected);
    EXPECT_EQ(machine.media(), answerMedia());
}

TEST(LegStateMachine, MediaTimeoutFromARecvOnlyPeerIsExpected) {
    LegStateMachine machine;
    drive(machine, LegSetup::Connected);
    machine.handle(event::ReInvite{answerMedia(MediaDirection::RecvOnly)});
    EXPECT_EQ(names(machine.handle(event::MediaTimeout{})), "");
    EXPECT_EQ(machine.state(), LegState::Connected);
}

TEST(LegStateMachine, MediaTimeoutWhenConnectedHangsUp) {
    LegStateMachine machine;
    drive(machine, LegSetup::Connected);
    machine.handle(event::MediaTimeout{});
    machine.handle(event::ByeCompleted{408});
    EXPECT_EQ(machine.ending().reason, DisconnectReason::MediaTimeout);
}

TEST(LegStateMachine, AnyOther1xxAlsoMeansAlerting) {
    for (int status : {101, 181, 182, 199}) {
        LegStateMachine machine;
        drive(machine, LegSetup::Dialing);
        machine.handle(event::Provisional{status});
        EXPECT_EQ(machine.state(), LegState::Alerting) << status;
    }
}

TEST(LegStateMachine, HangUpBeforeDialEndsWithoutSip) {
    LegStateMachine machine;
    EXPECT_EQ(names(machine.handle(event::LocalHangup{})), "EmitStateChange");
    EXPECT_EQ(machine.state(), LegState::Disconnected);
    EXPECT_EQ(machine.ending().reason, DisconnectReason::Cancelled);
}

TEST(LegStateMachine, TransportErrorWhileRingingEndsAtOnce) {
    LegStateMachine machine;
    drive(machine, LegSetup::Alerting);
    machine.handle(event::TransportError{"connection refused\n"});
    EXPECT_EQ(machine.state(), LegState::Disconnected);
    EXPECT_EQ(machine.ending(),
              (LegEnding{DisconnectReason::TransportError, 0, "connection refused?"}));
}

TEST(LegNames, EveryStateReasonEventAndCommandHasAName) {
    for (auto state : {LegState::Idle, LegState::Dialing, LegState::Alerting, LegState::Connected,
                       LegState::OnHold, LegState::Disconnecting, LegState::Disconnected}) {
        EXPECT_NE(toString(state), "?");
    }
    for (int r = 0; r <= static_cast<int>(DisconnectReason::TransportError); ++r) {
        EXPECT_NE(toString(static_cast<DisconnectReason>(r)), "?");
    }
    EXPECT_EQ(eventName(event::TransportError{}), "TransportError");
    EXPECT_EQ(commandName(command::ReportIgnoredEvent{}), "ReportIgnoredEvent");
    EXPECT_EQ(commandName(command::SendInvite{}), "SendInvite");
}

}  // namespace
}  // namespace confab::sip::test
