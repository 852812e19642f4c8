// Helpers shared by the LegStateMachine tests: canned events and media, a way
// to drive a machine into any state, and command lists as readable strings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "confab/sip/leg_command.h"
#include "confab/sip/leg_event.h"
#include "confab/sip/leg_state_machine.h"

namespace confab::sip::test {

inline NegotiatedMedia answerMedia(MediaDirection direction = MediaDirection::SendRecv) {
    return NegotiatedMedia{"192.0.2.10",     IpFamily::V4, 4000,      0,
                           AudioCodec::Pcmu, 101,          direction, 20};
}

// "SendInvite StartRingTimer EmitStateChange"
inline std::string names(const std::vector<LegCommand>& commands) {
    std::string text;
    for (const auto& command : commands) {
        if (!text.empty()) text += ' ';
        text += commandName(command);
    }
    return text;
}

// The first command of that type, if any (a copy, so tests can use -> freely).
template <typename Command>
std::optional<Command> find(const std::vector<LegCommand>& commands) {
    for (const auto& command : commands) {
        if (const auto* found = std::get_if<Command>(&command)) return *found;
    }
    return std::nullopt;
}

// The states a leg can be driven into; Disconnecting is split by what it waits for.
enum class LegSetup {
    Idle,
    Dialing,
    Alerting,
    Connected,
    OnHold,
    CancellingFromAlerting,  // CANCEL sent, waiting for the INVITE's final response
    ByeFromConnected,        // BYE sent, waiting for its response
    Disconnected,            // ended by the peer's BYE
};

inline const char* toString(LegSetup setup) {
    switch (setup) {
        case LegSetup::Idle:
            return "Idle";
        case LegSetup::Dialing:
            return "Dialing";
        case LegSetup::Alerting:
            return "Alerting";
        case LegSetup::Connected:
            return "Connected";
        case LegSetup::OnHold:
            return "OnHold";
        case LegSetup::CancellingFromAlerting:
            return "CancellingFromAlerting";
        case LegSetup::ByeFromConnected:
            return "ByeFromConnected";
        case LegSetup::Disconnected:
            return "Disconnected";
    }
    return "?";
}

inline void drive(LegStateMachine& machine, LegSetup setup) {
    auto feed = [&](LegEvent event) { machine.handle(event); };
    const auto dial = [&] { feed(event::Dial{"sip:+15551234567@gw.example.net"}); };
    switch (setup) {
        case LegSetup::Idle:
            break;
        case LegSetup::Dialing:
            dial();
            break;
        case LegSetup::Alerting:
            dial();
            feed(event::Provisional{180});
            break;
        case LegSetup::Connected:
            drive(machine, LegSetup::Alerting);
            feed(event::Answered{answerMedia()});
            break;
        case LegSetup::OnHold:
            drive(machine, LegSetup::Connected);
            feed(event::ReInvite{answerMedia(MediaDirection::SendOnly)});
            break;
        case LegSetup::CancellingFromAlerting:
            drive(machine, LegSetup::Alerting);
            feed(event::LocalHangup{});
            break;
        case LegSetup::ByeFromConnected:
            drive(machine, LegSetup::Connected);
            feed(event::LocalHangup{});
            break;
        case LegSetup::Disconnected:
            drive(machine, LegSetup::Connected);
            feed(event::RemoteBye{});
            break;
    }
}

}  // namespace confab::sip::test
