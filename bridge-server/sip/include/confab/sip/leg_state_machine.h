// LegStateMachine: the rules of one outgoing SIP leg, with no I/O and no clock.
// Feed it LegEvents (from the nua glue, the conference, timers, the media
// thread); it returns the LegCommands to carry out, in order.
//
//   Idle -> Dialing -> Alerting -> Connected <-> OnHold -> Disconnecting -> Disconnected
//
// Choices worth knowing (the full table is in leg_state_machine.cpp and is
// tested row by row in tests/unit/sip/leg_state_machine_table_test.cpp):
//   - 100 Trying keeps the leg in Dialing: it is hop-by-hop (the next proxy has
//     the INVITE), not a sign that anything rings. Any other 1xx -> Alerting.
//     Early media (183 with SDP) is not played; the ring timer keeps running.
//   - 2xx -> Connected and OpenMedia. nua sends the ACK itself (NUTAG_AUTOACK).
//     If the answer already holds us (sendonly/inactive), Connected -> OnHold
//     follows at once, so OnHold is only ever entered from Connected.
//   - 486/600 -> Busy; 480/408 -> NoAnswer; 603 -> Rejected; any other
//     300..699, and nua's internal 9xx -> Failed. Status and cleaned reason
//     phrase are kept in ending().
//   - The ring timer (45 s by default) running out sends CANCEL: NoAnswer.
//   - Hang-up before the answer sends CANCEL (Cancelled); after it, BYE (Hangup).
//     Disconnecting ends on the INVITE's final response (after CANCEL) or on
//     the BYE's response; a 2xx that crosses our CANCEL gets a BYE.
//   - Re-INVITE: sendonly/inactive from the peer -> OnHold, sendrecv/recvonly
//     -> Connected; each is answered (AcceptReInvite) and UpdateMedia is sent
//     when the media changed.
//   - MediaTimeout hangs up (BYE) only when Connected and the peer sends
//     (sendrecv/sendonly); on hold, or from a recvonly peer, it is a no-op,
//     since silence is what those peers send.
//   - An event that is invalid for the state changes nothing: it produces one
//     ReportIgnoredEvent and is counted. Known races (a 1xx crossing our CANCEL,
//     a timer firing as it is stopped, our BYE's response after the peer's
//     crossing BYE) are silent no-ops.
//
// Thread contract: one instance per leg, owned by the control thread (Sofia's
// su_root loop); every member is called there. No locks, no I/O, never throws
// on bad input (only std::bad_alloc can escape).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "confab/sip/leg_command.h"
#include "confab/sip/leg_event.h"
#include "confab/sip/leg_state.h"
#include "confab/sip/negotiated_media.h"

namespace confab::sip {

class LegStateMachine {
  public:
    struct Options {
        std::chrono::milliseconds ring_timeout{std::chrono::seconds(45)};
    };

    LegStateMachine();
    explicit LegStateMachine(Options options);

    // Applies one event; returns the commands for it, in the order to run them.
    std::vector<LegCommand> handle(const LegEvent& event);

    LegState state() const { return state_; }
    // Why the leg is ending or ended; reason None before Disconnecting.
    const LegEnding& ending() const { return ending_; }
    // The peer's current media while Connected or OnHold; empty otherwise.
    const std::optional<NegotiatedMedia>& media() const { return media_; }
    // How many events were ignored as invalid for their state.
    std::uint64_t ignoredEventCount() const { return ignored_events_; }

    // The spec's mapping of a final failure status (300..699, 9xx) to a reason.
    static DisconnectReason reasonForFailureStatus(int status);
    // A peer's reason phrase made safe to keep and log: printable ASCII only
    // (anything else becomes '?'), at most 128 characters.
    static std::string cleanReasonPhrase(std::string_view phrase);

  private:
    // What Disconnecting waits for, which decides how it ends.
    enum class Awaiting { Nothing, InviteFinal, ByeResponse };

    void onIdle(const LegEvent& event);
    void onRinging(const LegEvent& event);      // Dialing and Alerting
    void onEstablished(const LegEvent& event);  // Connected and OnHold
    void onDisconnecting(const LegEvent& event);
    void onDisconnected(const LegEvent& event);

    void hangUpWithCancel(DisconnectReason reason);
    void hangUpWithBye(DisconnectReason reason, std::string detail);
    void moveTo(LegState to);
    void emit(LegCommand command);
    void ignore(const LegEvent& event, std::string why);

    Options options_;
    LegState state_ = LegState::Idle;
    Awaiting awaiting_ = Awaiting::Nothing;
    LegEnding ending_;
    std::optional<NegotiatedMedia> media_;
    std::uint64_t ignored_events_ = 0;
    std::vector<LegCommand> out_;  // filled during handle(), then handed out
};

}  // namespace confab::sip
