// LegHandle and LegListener: how the owner of an outgoing SIP leg (the
// conference) names it and hears what happens to it.
//
// Thread contract: every LegListener member is called on the control thread
// (Sofia's su_root loop), from inside SipUserAgent: from dial(), hangup(),
// mediaTimedOut() or a nua/timer callback. A listener must not block; it may
// call back into SipUserAgent (hangup() etc.): such calls are queued and run
// after the current event, in order, so they never nest inside a leg's update.
#pragma once

#include <cstdint>
#include <functional>

#include "confab/sip/leg_command.h"
#include "confab/sip/negotiated_media.h"

namespace confab::sip {

// Names one leg of a SipUserAgent. Ids are never reused, so a handle kept
// after its leg ended is simply unknown (hangup() returns false).
struct LegHandle {
    std::uint64_t id = 0;  // 0 = no leg

    explicit operator bool() const { return id != 0; }
    bool operator==(const LegHandle&) const = default;
};

class LegListener {
  public:
    virtual ~LegListener() = default;

    // Every state change, in order. The last call for a leg has
    // change.to == LegState::Disconnected and change.ending says why
    // (reason, SIP status, cleaned reason phrase or SDP reason). The first
    // (Idle -> Dialing) is called from inside dial(), before it returns.
    virtual void onLegStateChanged(LegHandle leg, const command::EmitStateChange& change) = 0;

    // Start RTP towards the peer's validated media (after the 2xx).
    virtual void onOpenMedia(LegHandle leg, const NegotiatedMedia& media) = 0;
    // The peer's re-INVITE changed its media (address, codec, direction).
    virtual void onUpdateMedia(LegHandle leg, const NegotiatedMedia& media) = 0;
    // Stop RTP for this leg. Comes before the Disconnecting/Disconnected change.
    virtual void onCloseMedia(LegHandle leg) = 0;

    // An event the leg's state machine ignored; already logged and counted.
    virtual void onIgnoredEvent(LegHandle /*leg*/, const command::ReportIgnoredEvent& /*report*/) {}
};

}  // namespace confab::sip

template <>
struct std::hash<confab::sip::LegHandle> {
    std::size_t operator()(const confab::sip::LegHandle& leg) const noexcept {
        return std::hash<std::uint64_t>{}(leg.id);
    }
};
