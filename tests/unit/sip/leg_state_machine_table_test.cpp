// Every (state, event) pair of LegStateMachine, one row each: the state after,
// the commands in order, and the leg's ending reason. A second test checks that
// the table really covers every pair, so a new event or state cannot slip in
// untested.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "leg_test_support.h"

namespace confab::sip::test {
namespace {

enum class Ev {
    Dial,
    Prov100,
    Prov180,
    Prov183,
    ProvNot1xx,  // Provisional carrying 200: bad input from the glue
    Answered,
    AnsweredHold,  // 2xx whose SDP says sendonly
    AnsweredBadSdp,
    Fail486,
    Fail600,
    Fail480,
    Fail408,
    Fail603,
    Fail404,
    Fail487,
    Fail503,
    FailNotFinal,  // Failure carrying 200
    RingTimeout,
    RemoteBye,
    LocalHangup,
    ReInviteSendRecv,
    ReInviteSendOnly,
    ReInviteRecvOnly,
    ReInviteInactive,
    BadReInvite,
    ByeCompleted,
    MediaTimeout,
    TransportError,
    Count
};

LegEvent make(Ev ev) {
    switch (ev) {
        case Ev::Dial:
            return event::Dial{"sip:+4930123456@gw.example.net"};
        case Ev::Prov100:
            return event::Provisional{100};
        case Ev::Prov180:
            return event::Provisional{180};
        case Ev::Prov183:
            return event::Provisional{183};
        case Ev::ProvNot1xx:
            return event::Provisional{200};
        case Ev::Answered:
            return event::Answered{answerMedia()};
        case Ev::AnsweredHold:
            return event::Answered{answerMedia(MediaDirection::SendOnly)};
        case Ev::AnsweredBadSdp:
            return event::AnsweredWithBadSdp{"SDP answer: has no m= line"};
        case Ev::Fail486:
            return event::Failure{486, "Busy Here"};
        case Ev::Fail600:
            return event::Failure{600, "Busy Everywhere"};
        case Ev::Fail480:
            return event::Failure{480, "Temporarily Unavailable"};
        case Ev::Fail408:
            return event::Failure{408, "Request Timeout"};
        case Ev::Fail603:
            return event::Failure{603, "Decline"};
        case Ev::Fail404:
            return event::Failure{404, "Not Found"};
        case Ev::Fail487:
            return event::Failure{487, "Request Terminated"};
        case Ev::Fail503:
            return event::Failure{503, "Service Unavailable"};
        case Ev::FailNotFinal:
            return event::Failure{200, "OK"};
        case Ev::RingTimeout:
            return event::RingTimeout{};
        case Ev::RemoteBye:
            return event::RemoteBye{};
        case Ev::LocalHangup:
            return event::LocalHangup{};
        case Ev::ReInviteSendRecv:
            return event::ReInvite{answerMedia(MediaDirection::SendRecv)};
        case Ev::ReInviteSendOnly:
            return event::ReInvite{answerMedia(MediaDirection::SendOnly)};
        case Ev::ReInviteRecvOnly:
            return event::ReInvite{answerMedia(MediaDirection::RecvOnly)};
        case Ev::ReInviteInactive:
            return event::ReInvite{answerMedia(MediaDirection::Inactive)};
        case Ev::BadReInvite:
            return event::BadReInvite{"SDP offer: has no m= line"};
        case Ev::ByeCompleted:
            return event::ByeCompleted{200};
        case Ev::MediaTimeout:
            return event::MediaTimeout{};
        case Ev::TransportError:
            return event::TransportError{"connection reset"};
        case Ev::Count:
            break;
    }
    return event::MediaTimeout{};
}

using S = LegSetup;
using L = LegState;
using R = DisconnectReason;

struct Row {
    LegSetup from;
    Ev event;
    LegState to;
    const char* commands;       // names(), space separated
    std::optional<R> reason{};  // ending().reason afterwards; empty = unchanged
};

// Shorthands for the most common outcomes.
constexpr const char* kIgnored = "ReportIgnoredEvent";
constexpr const char* kRejected = "RejectReInvite ReportIgnoredEvent";
constexpr const char* kNothing = "";

// clang-format off
const std::vector<Row> kTable = {
    // ---- Idle: only Dial and LocalHangup do anything.
    {S::Idle, Ev::Dial,             L::Dialing,      "SendInvite StartRingTimer EmitStateChange"},
    {S::Idle, Ev::Prov100,          L::Idle,         kIgnored},
    {S::Idle, Ev::Prov180,          L::Idle,         kIgnored},
    {S::Idle, Ev::Prov183,          L::Idle,         kIgnored},
    {S::Idle, Ev::ProvNot1xx,       L::Idle,         kIgnored},
    {S::Idle, Ev::Answered,         L::Idle,         kIgnored},
    {S::Idle, Ev::AnsweredHold,     L::Idle,         kIgnored},
    {S::Idle, Ev::AnsweredBadSdp,   L::Idle,         kIgnored},
    {S::Idle, Ev::Fail486,          L::Idle,         kIgnored},
    {S::Idle, Ev::Fail600,          L::Idle,         kIgnored},
    {S::Idle, Ev::Fail480,          L::Idle,         kIgnored},
    {S::Idle, Ev::Fail408,          L::Idle,         kIgnored},
    {S::Idle, Ev::Fail603,          L::Idle,         kIgnored},
    {S::Idle, Ev::Fail404,          L::Idle,         kIgnored},
    {S::Idle, Ev::Fail487,          L::Idle,         kIgnored},
    {S::Idle, Ev::Fail503,          L::Idle,         kIgnored},
    {S::Idle, Ev::FailNotFinal,     L::Idle,         kIgnored},
    {S::Idle, Ev::RingTimeout,      L::Idle,         kIgnored},
    {S::Idle, Ev::RemoteBye,        L::Idle,         kIgnored},
    {S::Idle, Ev::LocalHangup,      L::Disconnected, "EmitStateChange", R::Cancelled},
    {S::Idle, Ev::ReInviteSendRecv, L::Idle,         kRejected},
    {S::Idle, Ev::ReInviteSendOnly, L::Idle,         kRejected},
    {S::Idle, Ev::ReInviteRecvOnly, L::Idle,         kRejected},
    {S::Idle, Ev::ReInviteInactive, L::Idle,         kRejected},
    {S::Idle, Ev::BadReInvite,      L::Idle,         kRejected},
    {S::Idle, Ev::ByeCompleted,     L::Idle,         kIgnored},
    {S::Idle, Ev::MediaTimeout,     L::Idle,         kIgnored},
    {S::Idle, Ev::TransportError,   L::Idle,         kIgnored},

    // ---- Dialing: INVITE sent. 100 stays here; other 1xx ring.
    {S::Dialing, Ev::Dial,             L::Dialing,       kIgnored},
    {S::Dialing, Ev::Prov100,          L::Dialing,       kNothing},
    {S::Dialing, Ev::Prov180,          L::Alerting,      "EmitStateChange"},
    {S::Dialing, Ev::Prov183,          L::Alerting,      "EmitStateChange"},
    {S::Dialing, Ev::ProvNot1xx,       L::Dialing,       kIgnored},
    {S::Dialing, Ev::Answered,         L::Connected,     "StopRingTimer OpenMedia EmitStateChange"},
    {S::Dialing, Ev::AnsweredHold,     L::OnHold,        "StopRingTimer OpenMedia EmitStateChange EmitStateChange"},
    {S::Dialing, Ev::AnsweredBadSdp,   L::Disconnecting, "StopRingTimer SendBye EmitStateChange", R::MediaNegotiationFailed},
    {S::Dialing, Ev::Fail486,          L::Disconnected,  "StopRingTimer EmitStateChange", R::Busy},
    {S::Dialing, Ev::Fail600,          L::Disconnected,  "StopRingTimer EmitStateChange", R::Busy},
    {S::Dialing, Ev::Fail480,          L::Disconnected,  "StopRingTimer EmitStateChange", R::NoAnswer},
    {S::Dialing, Ev::Fail408,          L::Disconnected,  "StopRingTimer EmitStateChange", R::NoAnswer},
    {S::Dialing, Ev::Fail603,          L::Disconnected,  "StopRingTimer EmitStateChange", R::Rejected},
    {S::Dialing, Ev::Fail404,          L::Disconnected,  "StopRingTimer EmitStateChange", R::Failed},
    {S::Dialing, Ev::Fail487,          L::Disconnected,  "StopRingTimer EmitStateChange", R::Failed},
    {S::Dialing, Ev::Fail503,          L::Disconnected,  "StopRingTimer EmitStateChange", R::Failed},
    {S::Dialing, Ev::FailNotFinal,     L::Dialing,       kIgnored},
    {S::Dialing, Ev::RingTimeout,      L::Disconnecting, "SendCancel EmitStateChange", R::NoAnswer},
    {S::Dialing, Ev::RemoteBye,        L::Dialing,       kIgnored},
    {S::Dialing, Ev::LocalHangup,      L::Disconnecting, "StopRingTimer SendCancel EmitStateChange", R::Cancelled},
    {S::Dialing, Ev::ReInviteSendRecv, L::Dialing,       kRejected},
    {S::Dialing, Ev::ReInviteSendOnly, L::Dialing,       kRejected},
    {S::Dialing, Ev::ReInviteRecvOnly, L::Dialing,       kRejected},
    {S::Dialing, Ev::ReInviteInactive, L::Dialing,       kRejected},
    {S::Dialing, Ev::BadReInvite,      L::Dialing,       kRejected},
    {S::Dialing, Ev::ByeCompleted,     L::Dialing,       kIgnored},
    {S::Dialing, Ev::MediaTimeout,     L::Dialing,       kIgnored},
    {S::Dialing, Ev::TransportError,   L::Disconnected,  "StopRingTimer EmitStateChange", R::TransportError},

    // ---- Alerting: as Dialing, and further 1xx change nothing.
    {S::Alerting, Ev::Dial,             L::Alerting,      kIgnored},
    {S::Alerting, Ev::Prov100,          L::Alerting,      kNothing},
    {S::Alerting, Ev::Prov180,          L::Alerting,      kNothing},
    {S::Alerting, Ev::Prov183,          L::Alerting,      kNothing},
    {S::Alerting, Ev::ProvNot1xx,       L::Alerting,      kIgnored},
    {S::Alerting, Ev::Answered,         L::Connected,     "StopRingTimer OpenMedia EmitStateChange"},
    {S::Alerting, Ev::AnsweredHold,     L::OnHold,        "StopRingTimer OpenMedia EmitStateChange EmitStateChange"},
    {S::Alerting, Ev::AnsweredBadSdp,   L::Disconnecting, "StopRingTimer SendBye EmitStateChange", R::MediaNegotiationFailed},
    {S::Alerting, Ev::Fail486,          L::Disconnected,  "StopRingTimer EmitStateChange", R::Busy},
    {S::Alerting, Ev::Fail600,          L::Disconnected,  "StopRingTimer EmitStateChange", R::Busy},
    {S::Alerting, Ev::Fail480,          L::Disconnected,  "StopRingTimer EmitStateChange", R::NoAnswer},
    {S::Alerting, Ev::Fail408,          L::Disconnected,  "StopRingTimer EmitStateChange", R::NoAnswer},
    {S::Alerting, Ev::Fail603,          L::Disconnected,  "StopRingTimer EmitStateChange", R::Rejected},
    {S::Alerting, Ev::Fail404,          L::Disconnected,  "StopRingTimer EmitStateChange", R::Failed},
    {S::Alerting, Ev::Fail487,          L::Disconnected,  "StopRingTimer EmitStateChange", R::Failed},
    {S::Alerting, Ev::Fail503,          L::Disconnected,  "StopRingTimer EmitStateChange", R::Failed},
    {S::Alerting, Ev::FailNotFinal,     L::Alerting,      kIgnored},
    {S::Alerting, Ev::RingTimeout,      L::Disconnecting, "SendCancel EmitStateChange", R::NoAnswer},
    {S::Alerting, Ev::RemoteBye,        L::Alerting,      kIgnored},
    {S::Alerting, Ev::LocalHangup,      L::Disconnecting, "StopRingTimer SendCancel EmitStateChange", R::Cancelled},
    {S::Alerting, Ev::ReInviteSendRecv, L::Alerting,      kRejected},
    {S::Alerting, Ev::ReInviteSendOnly, L::Alerting,      kRejected},
    {S::Alerting, Ev::ReInviteRecvOnly, L::Alerting,      kRejected},
    {S::Alerting, Ev::ReInviteInactive, L::Alerting,      kRejected},
    {S::Alerting, Ev::BadReInvite,      L::Alerting,      kRejected},
    {S::Alerting, Ev::ByeCompleted,     L::Alerting,      kIgnored},
    {S::Alerting, Ev::MediaTimeout,     L::Alerting,      kIgnored},
    {S::Alerting, Ev::TransportError,   L::Disconnected,  "StopRingTimer EmitStateChange", R::TransportError},

    // ---- Connected (peer sendrecv).
    {S::Connected, Ev::Dial,             L::Connected,     kIgnored},
    {S::Connected, Ev::Prov100,          L::Connected,     kIgnored},
    {S::Connected, Ev::Prov180,          L::Connected,     kIgnored},
    {S::Connected, Ev::Prov183,          L::Connected,     kIgnored},
    {S::Connected, Ev::ProvNot1xx,       L::Connected,     kIgnored},
    {S::Connected, Ev::Answered,         L::Connected,     kIgnored},
    {S::Connected, Ev::AnsweredHold,     L::Connected,     kIgnored},
    {S::Connected, Ev::AnsweredBadSdp,   L::Connected,     kIgnored},
    {S::Connected, Ev::Fail486,          L::Connected,     kIgnored},
    {S::Connected, Ev::Fail600,          L::Connected,     kIgnored},
    {S::Connected, Ev::Fail480,          L::Connected,     kIgnored},
    {S::Connected, Ev::Fail408,          L::Connected,     kIgnored},
    {S::Connected, Ev::Fail603,          L::Connected,     kIgnored},
    {S::Connected, Ev::Fail404,          L::Connected,     kIgnored},
    {S::Connected, Ev::Fail487,          L::Connected,     kIgnored},
    {S::Connected, Ev::Fail503,          L::Connected,     kIgnored},
    {S::Connected, Ev::FailNotFinal,     L::Connected,     kIgnored},
    {S::Connected, Ev::RingTimeout,      L::Connected,     kNothing},
    {S::Connected, Ev::RemoteBye,        L::Disconnected,  "CloseMedia EmitStateChange", R::RemoteHangup},
    {S::Connected, Ev::LocalHangup,      L::Disconnecting, "CloseMedia SendBye EmitStateChange", R::Hangup},
    {S::Connected, Ev::ReInviteSendRecv, L::Connected,     "AcceptReInvite"},
    {S::Connected, Ev::ReInviteSendOnly, L::OnHold,        "AcceptReInvite UpdateMedia EmitStateChange"},
    {S::Connected, Ev::ReInviteRecvOnly, L::Connected,     "AcceptReInvite UpdateMedia"},
    {S::Connected, Ev::ReInviteInactive, L::OnHold,        "AcceptReInvite UpdateMedia EmitStateChange"},
    {S::Connected, Ev::BadReInvite,      L::Connected,     "RejectReInvite"},
    {S::Connected, Ev::ByeCompleted,     L::Connected,     kIgnored},
    {S::Connected, Ev::MediaTimeout,     L::Disconnecting, "CloseMedia SendBye EmitStateChange", R::MediaTimeout},
    {S::Connected, Ev::TransportError,   L::Disconnecting, "CloseMedia SendBye EmitStateChange", R::TransportError},

    // ---- OnHold (peer sendonly).
    {S::OnHold, Ev::Dial,             L::OnHold,        kIgnored},
    {S::OnHold, Ev::Prov100,          L::OnHold,        kIgnored},
    {S::OnHold, Ev::Prov180,          L::OnHold,        kIgnored},
    {S::OnHold, Ev::Prov183,          L::OnHold,        kIgnored},
    {S::OnHold, Ev::ProvNot1xx,       L::OnHold,        kIgnored},
    {S::OnHold, Ev::Answered,         L::OnHold,        kIgnored},
    {S::OnHold, Ev::AnsweredHold,     L::OnHold,        kIgnored},
    {S::OnHold, Ev::AnsweredBadSdp,   L::OnHold,        kIgnored},
    {S::OnHold, Ev::Fail486,          L::OnHold,        kIgnored},
    {S::OnHold, Ev::Fail600,          L::OnHold,        kIgnored},
    {S::OnHold, Ev::Fail480,          L::OnHold,        kIgnored},
    {S::OnHold, Ev::Fail408,          L::OnHold,        kIgnored},
    {S::OnHold, Ev::Fail603,          L::OnHold,        kIgnored},
    {S::OnHold, Ev::Fail404,          L::OnHold,        kIgnored},
    {S::OnHold, Ev::Fail487,          L::OnHold,        kIgnored},
    {S::OnHold, Ev::Fail503,          L::OnHold,        kIgnored},
    {S::OnHold, Ev::FailNotFinal,     L::OnHold,        kIgnored},
    {S::OnHold, Ev::RingTimeout,      L::OnHold,        kNothing},
    {S::OnHold, Ev::RemoteBye,        L::Disconnected,  "CloseMedia EmitStateChange", R::RemoteHangup},
    {S::OnHold, Ev::LocalHangup,      L::Disconnecting, "CloseMedia SendBye EmitStateChange", R::Hangup},
    {S::OnHold, Ev::ReInviteSendRecv, L::Connected,     "AcceptReInvite UpdateMedia EmitStateChange"},
    {S::OnHold, Ev::ReInviteSendOnly, L::OnHold,        "AcceptReInvite"},
    {S::OnHold, Ev::ReInviteRecvOnly, L::Connected,     "AcceptReInvite UpdateMedia EmitStateChange"},
    {S::OnHold, Ev::ReInviteInactive, L::OnHold,        "AcceptReInvite UpdateMedia"},
    {S::OnHold, Ev::BadReInvite,      L::OnHold,        "RejectReInvite"},
    {S::OnHold, Ev::ByeCompleted,     L::OnHold,        kIgnored},
    {S::OnHold, Ev::MediaTimeout,     L::OnHold,        kNothing},
    {S::OnHold, Ev::TransportError,   L::Disconnecting, "CloseMedia SendBye EmitStateChange", R::TransportError},

    // ---- Disconnecting after CANCEL: the INVITE's final response ends it; a
    // 2xx that crossed the CANCEL gets a BYE. The reason stays Cancelled.
    {S::CancellingFromAlerting, Ev::Dial,             L::Disconnecting, kIgnored},
    {S::CancellingFromAlerting, Ev::Prov100,          L::Disconnecting, kNothing},
    {S::CancellingFromAlerting, Ev::Prov180,          L::Disconnecting, kNothing},
    {S::CancellingFromAlerting, Ev::Prov183,          L::Disconnecting, kNothing},
    {S::CancellingFromAlerting, Ev::ProvNot1xx,       L::Disconnecting, kIgnored},
    {S::CancellingFromAlerting, Ev::Answered,         L::Disconnecting, "SendBye"},
    {S::CancellingFromAlerting, Ev::AnsweredHold,     L::Disconnecting, "SendBye"},
    {S::CancellingFromAlerting, Ev::AnsweredBadSdp,   L::Disconnecting, "SendBye"},
    {S::CancellingFromAlerting, Ev::Fail486,          L::Disconnected,  "EmitStateChange"},
    {S::CancellingFromAlerting, Ev::Fail600,          L::Disconnected,  "EmitStateChange"},
    {S::CancellingFromAlerting, Ev::Fail480,          L::Disconnected,  "EmitStateChange"},
    {S::CancellingFromAlerting, Ev::Fail408,          L::Disconnected,  "EmitStateChange"},
    {S::CancellingFromAlerting, Ev::Fail603,          L::Disconnected,  "EmitStateChange"},
    {S::CancellingFromAlerting, Ev::Fail404,          L::Disconnected,  "EmitStateChange"},
    {S::CancellingFromAlerting, Ev::Fail487,          L::Disconnected,  "EmitStateChange"},
    {S::CancellingFromAlerting, Ev::Fail503,          L::Disconnected,  "EmitStateChange"},
    {S::CancellingFromAlerting, Ev::FailNotFinal,     L::Disconnecting, kIgnored},
    {S::CancellingFromAlerting, Ev::RingTimeout,      L::Disconnecting, kNothing},
    {S::CancellingFromAlerting, Ev::RemoteBye,        L::Disconnecting, kIgnored},
    {S::CancellingFromAlerting, Ev::LocalHangup,      L::Disconnecting, kIgnored},
    {S::CancellingFromAlerting, Ev::ReInviteSendRecv, L::Disconnecting, kRejected},
    {S::CancellingFromAlerting, Ev::ReInviteSendOnly, L::Disconnecting, kRejected},
    {S::CancellingFromAlerting, Ev::ReInviteRecvOnly, L::Disconnecting, kRejected},
    {S::CancellingFromAlerting, Ev::ReInviteInactive, L::Disconnecting, kRejected},
    {S::CancellingFromAlerting, Ev::BadReInvite,      L::Disconnecting, kRejected},
    {S::CancellingFromAlerting, Ev::ByeCompleted,     L::Disconnecting, kIgnored},
    {S::CancellingFromAlerting, Ev::MediaTimeout,     L::Disconnecting, kNothing},
    {S::CancellingFromAlerting, Ev::TransportError,   L::Disconnected,  "EmitStateChange"},

    // ---- Disconnecting after BYE: its response (or the peer's crossing BYE) ends it.
    {S::ByeFromConnected, Ev::Dial,             L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::Prov100,          L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::Prov180,          L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::Prov183,          L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::ProvNot1xx,       L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::Answered,         L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::AnsweredHold,     L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::AnsweredBadSdp,   L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::Fail486,          L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::Fail600,          L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::Fail480,          L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::Fail408,          L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::Fail603,          L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::Fail404,          L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::Fail487,          L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::Fail503,          L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::FailNotFinal,     L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::RingTimeout,      L::Disconnecting, kNothing},
    {S::ByeFromConnected, Ev::RemoteBye,        L::Disconnected,  "EmitStateChange"},
    {S::ByeFromConnected, Ev::LocalHangup,      L::Disconnecting, kIgnored},
    {S::ByeFromConnected, Ev::ReInviteSendRecv, L::Disconnecting, kRejected},
    {S::ByeFromConnected, Ev::ReInviteSendOnly, L::Disconnecting, kRejected},
    {S::ByeFromConnected, Ev::ReInviteRecvOnly, L::Disconnecting, kRejected},
    {S::ByeFromConnected, Ev::ReInviteInactive, L::Disconnecting, kRejected},
    {S::ByeFromConnected, Ev::BadReInvite,      L::Disconnecting, kRejected},
    {S::ByeFromConnected, Ev::ByeCompleted,     L::Disconnected,  "EmitStateChange"},
    {S::ByeFromConnected, Ev::MediaTimeout,     L::Disconnecting, kNothing},
    {S::ByeFromConnected, Ev::TransportError,   L::Disconnected,  "EmitStateChange"},

    // ---- Disconnected: final. Timer races and a BYE response after BYE glare are
    // silent; re-INVITEs still get an answer.
    {S::Disconnected, Ev::Dial,             L::Disconnected, kIgnored},
    {S::Disconnected, Ev::Prov100,          L::Disconnected, kIgnored},
    {S::Disconnected, Ev::Prov180,          L::Disconnected, kIgnored},
    {S::Disconnected, Ev::Prov183,          L::Disconnected, kIgnored},
    {S::Disconnected, Ev::ProvNot1xx,       L::Disconnected, kIgnored},
    {S::Disconnected, Ev::Answered,         L::Disconnected, kIgnored},
    {S::Disconnected, Ev::AnsweredHold,     L::Disconnected, kIgnored},
    {S::Disconnected, Ev::AnsweredBadSdp,   L::Disconnected, kIgnored},
    {S::Disconnected, Ev::Fail486,          L::Disconnected, kIgnored},
    {S::Disconnected, Ev::Fail600,          L::Disconnected, kIgnored},
    {S::Disconnected, Ev::Fail480,          L::Disconnected, kIgnored},
    {S::Disconnected, Ev::Fail408,          L::Disconnected, kIgnored},
    {S::Disconnected, Ev::Fail603,          L::Disconnected, kIgnored},
    {S::Disconnected, Ev::Fail404,          L::Disconnected, kIgnored},
    {S::Disconnected, Ev::Fail487,          L::Disconnected, kIgnored},
    {S::Disconnected, Ev::Fail503,          L::Disconnected, kIgnored},
    {S::Disconnected, Ev::FailNotFinal,     L::Disconnected, kIgnored},
    {S::Disconnected, Ev::RingTimeout,      L::Disconnected, kNothing},
    {S::Disconnected, Ev::RemoteBye,        L::Disconnected, kIgnored},
    {S::Disconnected, Ev::LocalHangup,      L::Disconnected, kIgnored},
    {S::Disconnected, Ev::ReInviteSendRecv, L::Disconnected, kRejected},
    {S::Disconnected, Ev::ReInviteSendOnly, L::Disconnected, kRejected},
    {S::Disconnected, Ev::ReInviteRecvOnly, L::Disconnected, kRejected},
    {S::Disconnected, Ev::ReInviteInactive, L::Disconnected, kRejected},
    {S::Disconnected, Ev::BadReInvite,      L::Disconnected, kRejected},
    {S::Disconnected, Ev::ByeCompleted,     L::Disconnected, kNothing},
    {S::Disconnected, Ev::MediaTimeout,     L::Disconnected, kNothing},
    {S::Disconnected, Ev::TransportError,   L::Disconnected, kIgnored},
};
// clang-format on

constexpr int kSetupCount = 8;

std::string describe(const Row& row) {
    return std::string(toString(row.from)) + " + event #" +
           std::to_string(static_cast<int>(row.event)) + " (" +
           std::string(eventName(make(row.event))) + ")";
}

TEST(LegStateMachineTable, CoversEveryStateAndEventExactlyOnce) {
    std::set<std::pair<LegSetup, Ev>> seen;
    for (const auto& row : kTable) {
        EXPECT_TRUE(seen.emplace(row.from, row.event).second) << "duplicate row: " << describe(row);
    }
    EXPECT_EQ(seen.size(),
              static_cast<std::size_t>(kSetupCount) * static_cast<std::size_t>(Ev::Count));
    // Every LegEvent alternative is exercised by at least one Ev.
    std::set<std::size_t> alternatives;
    for (int e = 0; e < static_cast<int>(Ev::Count); ++e) alternatives.insert(make(Ev(e)).index());
    EXPECT_EQ(alternatives.size(), std::variant_size_v<LegEvent>);
}

class LegStateMachineRow : public ::testing::TestWithParam<Row> {};

TEST_P(LegStateMachineRow, ProducesTheStateCommandsAndReasonInTheTable) {
    const Row& row = GetParam();
    SCOPED_TRACE(describe(row));
    LegStateMachine machine;
    drive(machine, row.from);
    const LegState before = machine.state();
    const LegEnding ending_before = machine.ending();
    const auto ignored_before = machine.ignoredEventCount();

    const auto commands = machine.handle(make(row.event));

    EXPECT_EQ(machine.state(), row.to);
    EXPECT_EQ(names(commands), row.commands);
    EXPECT_EQ(machine.ending().reason, row.reason.value_or(ending_before.reason));

    // Invariants that hold for every row.
    std::size_t reports = 0;
    LegState walked = before;
    for (const auto& command : commands) {
        if (std::holds_alternative<command::ReportIgnoredEvent>(command)) ++reports;
        if (const auto* change = std::get_if<command::EmitStateChange>(&command)) {
            EXPECT_EQ(change->from, walked);
            EXPECT_NE(change->from, change->to);
            walked = change->to;
            const bool ending =
                change->to == LegState::Disconnecting || change->to == LegState::Disconnected;
            EXPECT_EQ(change->ending.reason != DisconnectReason::None, ending);
        }
    }
    EXPECT_EQ(walked, machine.state()) << "state changes must add up to the new state";
    EXPECT_EQ(machine.ignoredEventCount() - ignored_before, reports);
    if (reports > 0) {
        EXPECT_EQ(machine.state(), before) << "an ignored event changes nothing";
    }
    const bool has_media =
        machine.state() == LegState::Connected || machine.state() == LegState::OnHold;
    EXPECT_EQ(machine.media().has_value(), has_media);
}

std::string rowName(const ::testing::TestParamInfo<Row>& info) {
    return std::string(toString(info.param.from)) + "_" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(AllRows, LegStateMachineRow, ::testing::ValuesIn(kTable), rowName);

}  // namespace
}  // namespace confab::sip::test
