// LegEvent: every input a LegStateMachine accepts. The nua glue translates
// Sofia-SIP callbacks into these; the conference and the media thread add the
// rest. Each struct names the nua event it is meant to come from.
//
// SDP is validated BEFORE it becomes an event (SdpNegotiator): the machine only
// ever sees NegotiatedMedia or a reason string, never raw SDP.
//
// Thread contract: plain values, built on the control thread (the media
// thread's MediaTimeout arrives through ControlLoop::post()).
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "confab/sip/negotiated_media.h"

namespace confab::sip::event {

// From the conference: place the call. Valid only in Idle.
struct Dial {
    std::string target_uri;  // already resolved and validated by SipRouteTable
};

// nua_r_invite with status 100..199.
struct Provisional {
    int status = 180;
};

// nua_r_invite with a 2xx whose SDP answer passed SdpNegotiator::checkAnswer().
// nua sends the ACK itself (NUTAG_AUTOACK is on by default), so there is no
// SendAck command.
struct Answered {
    NegotiatedMedia media;
};

// nua_r_invite with a 2xx whose SDP answer is missing or refused. RFC 3264
// says to ACK (nua does) and then hang up; the machine sends BYE.
struct AnsweredWithBadSdp {
    std::string reason;  // SdpNegotiator's reason, e.g. "SDP answer: m=audio ..."
};

// nua_r_invite with a final status 300..699, or 9xx (nua's own errors, e.g.
// 900 "Internal error at ..."), after the glue has tried nua_authenticate()
// for 401/407 once. Other statuses are reported as ignored.
struct Failure {
    int status = 0;
    std::string phrase;  // the peer's reason phrase; untrusted, cleaned before keeping
};

// From the ring timer started by StartRingTimer.
struct RingTimeout {};

// nua_i_bye: the peer hung up (nua answers the BYE with 200 itself).
struct RemoteBye {};

// From the conference or a user: hang up, whatever the state.
struct LocalHangup {};

// nua_i_invite on an established dialog (a re-INVITE) whose SDP offer passed
// SdpNegotiator::checkOffer(). media.direction is the peer's new direction.
struct ReInvite {
    NegotiatedMedia media;
};

// A re-INVITE whose SDP offer was refused; the machine answers 488.
struct BadReInvite {
    std::string reason;
};

// nua_r_bye: our BYE finished, with any status (even a 481 ends the dialog).
struct ByeCompleted {
    int status = 200;
};

// From the media thread: no RTP from the peer for the configured time.
struct MediaTimeout {};

// nua_i_error, or a 503 the glue knows nua generated because a transport failed.
struct TransportError {
    std::string detail;
};

}  // namespace confab::sip::event

namespace confab::sip {

using LegEvent =
    std::variant<event::Dial, event::Provisional, event::Answered, event::AnsweredWithBadSdp,
                 event::Failure, event::RingTimeout, event::RemoteBye, event::LocalHangup,
                 event::ReInvite, event::BadReInvite, event::ByeCompleted, event::MediaTimeout,
                 event::TransportError>;

// "Dial", "Provisional", ... for logs and the ignored-event report.
std::string_view eventName(const LegEvent& event);

}  // namespace confab::sip
