// LegCommand: every output of a LegStateMachine, for the nua glue (SIP), the
// media thread (RTP) and the conference (state changes) to carry out. The glue
// should std::visit them with one handler per type, so a new command cannot be
// dropped silently.
//
// Thread contract: plain values, produced and consumed on the control thread;
// OpenMedia/UpdateMedia/CloseMedia are forwarded to the media thread by post.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

#include "confab/sip/leg_state.h"
#include "confab/sip/negotiated_media.h"

namespace confab::sip::command {

// nua_invite() to `target_uri` with our SDP offer (SdpOfferBuilder::buildOffer).
struct SendInvite {
    std::string target_uri;
};

// nua_cancel(): hang up before the answer.
struct SendCancel {};

// nua_bye(): hang up an answered call (also a 2xx that crossed our CANCEL).
struct SendBye {};

// Start (or restart) the ring timer; fire event::RingTimeout when it runs out.
struct StartRingTimer {
    std::chrono::milliseconds duration{0};
};

// Stop the ring timer. Harmless if it already fired: the machine treats a late
// RingTimeout as a no-op.
struct StopRingTimer {};

// Open RTP towards the peer. Only ever carries validated media.
struct OpenMedia {
    NegotiatedMedia media;
};

// The peer changed its media (re-INVITE): new address, codec or direction. The
// media layer sends iff weSendTo(media.direction) and expects RTP iff
// weReceiveFrom(media.direction) (and should not run its RTP timeout otherwise).
struct UpdateMedia {
    NegotiatedMedia media;
};

// Close RTP for this leg.
struct CloseMedia {};

// nua_respond(200) to the pending re-INVITE, with the answer the glue builds
// from the checked offer (SdpOfferBuilder::buildAnswer).
struct AcceptReInvite {};

// nua_respond(status, phrase) to the pending re-INVITE.
struct RejectReInvite {
    int status = 488;
    std::string phrase;
};

// Tell the conference. `ending` is set when `to` is Disconnecting or
// Disconnected (for Disconnecting it is the reason we are ending for).
struct EmitStateChange {
    LegState from = LegState::Idle;
    LegState to = LegState::Idle;
    LegEnding ending;
};

// An event that makes no sense in the current state was ignored; the glue logs
// this and it is counted in LegStateMachine::ignoredEventCount(). Expected races
// (a 180 crossing our CANCEL, a ring timer that fired as it was stopped) are
// quiet no-ops and do not produce this.
struct ReportIgnoredEvent {
    LegState state = LegState::Idle;
    std::string_view event;  // eventName(), static storage
    std::string why;
};

}  // namespace confab::sip::command

namespace confab::sip {

using LegCommand =
    std::variant<command::SendInvite, command::SendCancel, command::SendBye,
                 command::StartRingTimer, command::StopRingTimer, command::OpenMedia,
                 command::UpdateMedia, command::CloseMedia, command::AcceptReInvite,
                 command::RejectReInvite, command::EmitStateChange, command::ReportIgnoredEvent>;

// "SendInvite", "SendCancel", ... for logs and tests.
std::string_view commandName(const LegCommand& command);

}  // namespace confab::sip
