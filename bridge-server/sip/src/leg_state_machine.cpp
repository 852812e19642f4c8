#include "confab/sip/leg_state_machine.h"

#include <algorithm>
#include <cassert>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace confab::sip {

namespace {

template <typename... Handlers>
struct Overloaded : Handlers... {
    using Handlers::operator()...;
};
template <typename... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

constexpr std::size_t kMaxReasonPhrase = 128;

bool isProvisionalStatus(int status) {
    return status >= 100 && status <= 199;
}
// 300..699 from the peer, and 900..999 which nua reports for its own errors
// (900 "Internal error at ...").
bool isFinalFailureStatus(int status) {
    return (status >= 300 && status <= 699) || (status >= 900 && status <= 999);
}

}  // namespace

LegStateMachine::LegStateMachine() : LegStateMachine(Options{}) {}

LegStateMachine::LegStateMachine(Options options) : options_(options) {}

std::vector<LegCommand> LegStateMachine::handle(const LegEvent& event) {
    out_.clear();
    switch (state_) {
        case LegState::Idle:
            onIdle(event);
            break;
        case LegState::Dialing:
        case LegState::Alerting:
            onRinging(event);
            break;
        case LegState::Connected:
        case LegState::OnHold:
            onEstablished(event);
            break;
        case LegState::Disconnecting:
            onDisconnecting(event);
            break;
        case LegState::Disconnected:
            onDisconnected(event);
            break;
    }
    return std::exchange(out_, {});
}

DisconnectReason LegStateMachine::reasonForFailureStatus(int status) {
    switch (status) {
        case 486:  // Busy Here
        case 600:  // Busy Everywhere
            return DisconnectReason::Busy;
        case 480:  // Temporarily Unavailable: typically "nobody picked up" from gateways
        case 408:  // Request Timeout
            return DisconnectReason::NoAnswer;
        case 603:  // Decline: a person (or their policy) refused the call
            return DisconnectReason::Rejected;
        default:
            return DisconnectReason::Failed;
    }
}

std::string LegStateMachine::cleanReasonPhrase(std::string_view phrase) {
    std::string clean;
    clean.reserve(std::min(phrase.size(), kMaxReasonPhrase));
    for (char c : phrase) {
        if (clean.size() == kMaxReasonPhrase) break;
        const auto byte = static_cast<unsigned char>(c);
        clean.push_back(byte >= 0x20 && byte < 0x7f ? c : '?');
    }
    return clean;
}

// Idle: only Dial starts anything. Hanging up a leg that never dialled ends it
// without any SIP, so the conference can drop a leg it queued.
void LegStateMachine::onIdle(const LegEvent& event) {
    std::visit(Overloaded{
                   [&](const event::Dial& dial) {
                       if (dial.target_uri.empty()) {
                           ignore(event, "the target URI is empty");
                           return;
                       }
                       emit(command::SendInvite{dial.target_uri});
                       emit(command::StartRingTimer{options_.ring_timeout});
                       moveTo(LegState::Dialing);
                   },
                   [&](const event::LocalHangup&) {
                       ending_ = LegEnding{DisconnectReason::Cancelled, 0, {}};
                       moveTo(LegState::Disconnected);
                   },
                   [&](const event::ReInvite&) {
                       emit(command::RejectReInvite{481, "Call/Transaction Does Not Exist"});
                       ignore(event, "no call has been placed yet");
                   },
                   [&](const event::BadReInvite&) {
                       emit(command::RejectReInvite{481, "Call/Transaction Does Not Exist"});
                       ignore(event, "no call has been placed yet");
                   },
                   [&](const auto&) { ignore(event, "no call has been placed yet"); },
               },
               event);
}

// Dialing and Alerting: our INVITE is pending.
void LegStateMachine::onRinging(const LegEvent& event) {
    std::visit(
        Overloaded{
            [&](const event::Provisional& provisional) {
                if (!isProvisionalStatus(provisional.status)) {
                    ignore(event, fmt::format("status {} is not 1xx", provisional.status));
                    return;
                }
                // 100 Trying is hop-by-hop: nothing rings yet.
                if (provisional.status != 100 && state_ == LegState::Dialing) {
                    moveTo(LegState::Alerting);
                }
            },
            [&](const event::Answered& answered) {
                emit(command::StopRingTimer{});
                emit(command::OpenMedia{answered.media});
                media_ = answered.media;
                moveTo(LegState::Connected);
                if (isHoldDirection(answered.media.direction)) moveTo(LegState::OnHold);
            },
            [&](const event::AnsweredWithBadSdp& bad) {
                // RFC 3264 section 5.1/6: nua has ACKed the 2xx; we must end the call.
                emit(command::StopRingTimer{});
                hangUpWithBye(DisconnectReason::MediaNegotiationFailed, bad.reason);
            },
            [&](const event::Failure& failure) {
                if (!isFinalFailureStatus(failure.status)) {
                    ignore(event, fmt::format("status {} is not a final failure", failure.status));
                    return;
                }
                emit(command::StopRingTimer{});
                ending_ = LegEnding{reasonForFailureStatus(failure.status), failure.status,
                                    cleanReasonPhrase(failure.phrase)};
                moveTo(LegState::Disconnected);
            },
            [&](const event::RingTimeout&) { hangUpWithCancel(DisconnectReason::NoAnswer); },
            [&](const event::LocalHangup&) {
                emit(command::StopRingTimer{});
                hangUpWithCancel(DisconnectReason::Cancelled);
            },
            [&](const event::TransportError& error) {
                // Nothing can reach the peer, so no CANCEL: nua ends the
                // transaction itself when the handle is destroyed.
                emit(command::StopRingTimer{});
                ending_ =
                    LegEnding{DisconnectReason::TransportError, 0, cleanReasonPhrase(error.detail)};
                moveTo(LegState::Disconnected);
            },
            [&](const event::ReInvite&) {
                // RFC 3261 section 14.2: our INVITE is still pending.
                emit(command::RejectReInvite{491, "Request Pending"});
                ignore(event, "re-INVITE before the call was answered");
            },
            [&](const event::BadReInvite&) {
                emit(command::RejectReInvite{491, "Request Pending"});
                ignore(event, "re-INVITE before the call was answered");
            },
            [&](const event::Dial&) { ignore(event, "the call is already being placed"); },
            [&](const event::RemoteBye&) { ignore(event, "BYE before the call was answered"); },
            [&](const event::ByeCompleted&) { ignore(event, "no BYE was sent"); },
            [&](const event::MediaTimeout&) { ignore(event, "no media is open yet"); },
        },
        event);
}

// Connected and OnHold: the dialog is confirmed and media is open.
void LegStateMachine::onEstablished(const LegEvent& event) {
    std::visit(
        Overloaded{
            [&](const event::RemoteBye&) {
                emit(command::CloseMedia{});
                ending_ = LegEnding{DisconnectReason::RemoteHangup, 0, {}};
                moveTo(LegState::Disconnected);
            },
            [&](const event::LocalHangup&) { hangUpWithBye(DisconnectReason::Hangup, {}); },
            [&](const event::ReInvite& reinvite) {
                emit(command::AcceptReInvite{});
                if (media_ != reinvite.media) emit(command::UpdateMedia{reinvite.media});
                media_ = reinvite.media;
                const LegState next = isHoldDirection(reinvite.media.direction)
                                          ? LegState::OnHold
                                          : LegState::Connected;
                if (next != state_) moveTo(next);
            },
            [&](const event::BadReInvite&) {
                // The call goes on with the media it had; the glue logs the reason.
                emit(command::RejectReInvite{488, "Not Acceptable Here"});
            },
            [&](const event::MediaTimeout&) {
                // Silence is expected on hold and from a recvonly peer.
                if (state_ == LegState::Connected && media_ && weReceiveFrom(media_->direction)) {
                    hangUpWithBye(DisconnectReason::MediaTimeout, {});
                }
            },
            [&](const event::TransportError& error) {
                hangUpWithBye(DisconnectReason::TransportError, cleanReasonPhrase(error.detail));
            },
            // The timer was stopped on the answer; it may already have fired.
            [&](const event::RingTimeout&) {},
            [&](const event::Dial&) { ignore(event, "the call is already established"); },
            [&](const event::Provisional&) { ignore(event, "1xx after the call was answered"); },
            [&](const event::Answered&) {
                ignore(event, "2xx after the call was answered (another fork?)");
            },
            [&](const event::AnsweredWithBadSdp&) {
                ignore(event, "2xx after the call was answered (another fork?)");
            },
            [&](const event::Failure&) { ignore(event, "failure after the call was answered"); },
            [&](const event::ByeCompleted&) { ignore(event, "no BYE was sent"); },
        },
        event);
}

void LegStateMachine::onDisconnecting(const LegEvent& event) {
    const bool cancelling = awaiting_ == Awaiting::InviteFinal;
    std::visit(Overloaded{
                   [&](const event::Failure& failure) {
                       if (!cancelling) {
                           ignore(event, "failure response while waiting for our BYE");
                       } else if (!isFinalFailureStatus(failure.status)) {
                           ignore(event,
                                  fmt::format("status {} is not a final failure", failure.status));
                       } else {
                           // Usually 487 Request Terminated; the reason stays ours.
                           if (ending_.sip_status == 0) {
                               ending_.sip_status = failure.status;
                               ending_.detail = cleanReasonPhrase(failure.phrase);
                           }
                           awaiting_ = Awaiting::Nothing;
                           moveTo(LegState::Disconnected);
                       }
                   },
                   [&](const event::Answered&) {
                       if (!cancelling) {
                           ignore(event, "2xx while waiting for our BYE");
                           return;
                       }
                       // The 2xx crossed our CANCEL: nua ACKs it, and we end the call.
                       emit(command::SendBye{});
                       awaiting_ = Awaiting::ByeResponse;
                   },
                   [&](const event::AnsweredWithBadSdp&) {
                       if (!cancelling) {
                           ignore(event, "2xx while waiting for our BYE");
                           return;
                       }
                       emit(command::SendBye{});
                       awaiting_ = Awaiting::ByeResponse;
                   },
                   [&](const event::ByeCompleted&) {
                       if (cancelling) {
                           ignore(event, "no BYE was sent");
                           return;
                       }
                       awaiting_ = Awaiting::Nothing;
                       moveTo(LegState::Disconnected);
                   },
                   [&](const event::RemoteBye&) {
                       if (cancelling) {
                           ignore(event, "BYE before the call was answered");
                           return;
                       }
                       // Both sides hung up at once; either BYE ends the dialog.
                       awaiting_ = Awaiting::Nothing;
                       moveTo(LegState::Disconnected);
                   },
                   [&](const event::TransportError&) {
                       // Nothing more will arrive.
                       awaiting_ = Awaiting::Nothing;
                       moveTo(LegState::Disconnected);
                   },
                   [&](const event::Provisional& provisional) {
                       if (!cancelling) {
                           ignore(event, "1xx while waiting for our BYE");
                       } else if (!isProvisionalStatus(provisional.status)) {
                           ignore(event, fmt::format("status {} is not 1xx", provisional.status));
                       }
                       // else: a 1xx that crossed our CANCEL.
                   },
                   [&](const event::ReInvite&) {
                       emit(command::RejectReInvite{481, "Call/Transaction Does Not Exist"});
                       ignore(event, "re-INVITE while hanging up");
                   },
                   [&](const event::BadReInvite&) {
                       emit(command::RejectReInvite{481, "Call/Transaction Does Not Exist"});
                       ignore(event, "re-INVITE while hanging up");
                   },
                   // Races with our own stop/close: harmless.
                   [&](const event::RingTimeout&) {},
                   [&](const event::MediaTimeout&) {},
                   [&](const event::LocalHangup&) { ignore(event, "already hanging up"); },
                   [&](const event::Dial&) { ignore(event, "the leg is hanging up"); },
               },
               event);
}

void LegStateMachine::onDisconnected(const LegEvent& event) {
    std::visit(Overloaded{
                   [&](const event::RingTimeout&) {},
                   [&](const event::MediaTimeout&) {},
                   // Our BYE's response, after the peer's crossing BYE ended the dialog.
                   [&](const event::ByeCompleted&) {},
                   [&](const event::ReInvite&) {
                       emit(command::RejectReInvite{481, "Call/Transaction Does Not Exist"});
                       ignore(event, "the leg has ended");
                   },
                   [&](const event::BadReInvite&) {
                       emit(command::RejectReInvite{481, "Call/Transaction Does Not Exist"});
                       ignore(event, "the leg has ended");
                   },
                   [&](const auto&) { ignore(event, "the leg has ended"); },
               },
               event);
}

void LegStateMachine::hangUpWithCancel(DisconnectReason reason) {
    emit(command::SendCancel{});
    awaiting_ = Awaiting::InviteFinal;
    ending_ = LegEnding{reason, 0, {}};
    moveTo(LegState::Disconnecting);
}

void LegStateMachine::hangUpWithBye(DisconnectReason reason, std::string detail) {
    if (media_) {
        emit(command::CloseMedia{});
        media_.reset();
    }
    emit(command::SendBye{});
    awaiting_ = Awaiting::ByeResponse;
    ending_ = LegEnding{reason, 0, std::move(detail)};
    moveTo(LegState::Disconnecting);
}

void LegStateMachine::moveTo(LegState to) {
    assert(to != state_);
    const LegState from = state_;
    state_ = to;
    if (to == LegState::Disconnected || to == LegState::Disconnecting) {
        if (to == LegState::Disconnected) media_.reset();
        emit(command::EmitStateChange{from, to, ending_});
    } else {
        emit(command::EmitStateChange{from, to, {}});
    }
}

void LegStateMachine::emit(LegCommand command) {
    out_.push_back(std::move(command));
}

void LegStateMachine::ignore(const LegEvent& event, std::string why) {
    ++ignored_events_;
    emit(command::ReportIgnoredEvent{state_, eventName(event), std::move(why)});
}

}  // namespace confab::sip
