// The states of one outgoing SIP leg and the reasons it can end.
//
//   Idle -> Dialing -> Alerting -> Connected <-> OnHold -> Disconnecting -> Disconnected
//
// Thread contract: plain values; used on the control thread and copied freely.
#pragma once

#include <string>
#include <string_view>

namespace confab::sip {

enum class LegState {
    Idle,           // created, nothing sent
    Dialing,        // INVITE sent, no ringing yet (100 Trying keeps us here)
    Alerting,       // 180/183 (or any other 101-199) received: the far end rings
    Connected,      // 2xx received, media flowing both ways (or as the peer allows)
    OnHold,         // the peer put us on hold (sendonly or inactive)
    Disconnecting,  // CANCEL or BYE sent, waiting for its outcome
    Disconnected,   // final; disconnectReason() says why
};

enum class DisconnectReason {
    None,                    // not ending
    Hangup,                  // we hung up an answered call (BYE)
    Cancelled,               // we hung up before the answer (CANCEL)
    RemoteHangup,            // the peer sent BYE
    Busy,                    // 486 Busy Here, 600 Busy Everywhere
    NoAnswer,                // 480, 408, or our ring timer ran out (then CANCEL)
    Rejected,                // 603 Decline: the callee refused the call
    Failed,                  // any other 3xx-6xx, or nua's 9xx; code and phrase kept
    MediaNegotiationFailed,  // the 2xx carried SDP we refuse; we BYE at once
    MediaTimeout,            // no RTP for too long while connected
    TransportError,          // the transport to the peer broke
};

std::string_view toString(LegState state);
std::string_view toString(DisconnectReason reason);

// Why a leg ended, as much as we know. `sip_status` and `detail` come from the
// peer's final response for Busy/NoAnswer/Rejected/Failed (detail is its reason
// phrase, cleaned); for MediaNegotiationFailed `detail` is the SDP reason.
struct LegEnding {
    DisconnectReason reason = DisconnectReason::None;
    int sip_status = 0;  // 0 when no SIP response caused the ending
    std::string detail;

    bool operator==(const LegEnding&) const = default;
};

}  // namespace confab::sip
