#include "confab/sip/leg_state.h"

namespace confab::sip {

std::string_view toString(LegState state) {
    switch (state) {
        case LegState::Idle:
            return "idle";
        case LegState::Dialing:
            return "dialing";
        case LegState::Alerting:
            return "alerting";
        case LegState::Connected:
            return "connected";
        case LegState::OnHold:
            return "on-hold";
        case LegState::Disconnecting:
            return "disconnecting";
        case LegState::Disconnected:
            return "disconnected";
    }
    return "?";
}

std::string_view toString(DisconnectReason reason) {
    switch (reason) {
        case DisconnectReason::None:
            return "none";
        case DisconnectReason::Hangup:
            return "hangup";
        case DisconnectReason::Cancelled:
            return "cancelled";
        case DisconnectReason::RemoteHangup:
            return "remote-hangup";
        case DisconnectReason::Busy:
            return "busy";
        case DisconnectReason::NoAnswer:
            return "no-answer";
        case DisconnectReason::Rejected:
            return "rejected";
        case DisconnectReason::Failed:
            return "failed";
        case DisconnectReason::MediaNegotiationFailed:
            return "media-negotiation-failed";
        case DisconnectReason::MediaTimeout:
            return "media-timeout";
        case DisconnectReason::TransportError:
            return "transport-error";
    }
    return "?";
}

}  // namespace confab::sip
