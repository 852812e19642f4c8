// SipUserAgent: the bridge's SIP user agent, Sofia-SIP nua glue for outgoing
// legs. It places calls (dial), drives one LegStateMachine per leg, carries out
// the machine's commands (INVITE/CANCEL/BYE, re-INVITE answers, the ring
// timer) and reports state and media to each leg's LegListener.
//
// Policy, in one place:
//   - Listens on UDP only, at [sip] listen. No STUN, no network-change
//     detection, no session timers (we neither ask for nor support "timer"),
//     no 100rel, NTATAG_MAXSIZE 64 KiB, User-Agent "Confab/0.1",
//     Allow: INVITE, ACK, BYE, CANCEL, OPTIONS.
//   - Every SDP goes through SdpNegotiator before media: the 2xx answer
//     (checkAnswer; a missing or non-SDP body counts as bad) and every
//     re-INVITE offer (checkOffer; an offerless re-INVITE is refused 488).
//   - 401/407 to our INVITE: one nua_authenticate() with the route's
//     credentials (password read from password_file at startup, never logged);
//     a second challenge, or no credentials, ends the leg as Failed 401/407.
//   - Incoming (dial-in) INVITE: refused "403 Dial-in not enabled", counted,
//     and its nua handle destroyed at once, so a flood costs no memory.
//     OPTIONS: nua answers 200 with our Allow. MESSAGE, SUBSCRIBE, REGISTER,
//     NOTIFY, REFER, INFO, UPDATE, PRACK: nua answers 405 (not in Allow);
//     those automatic answers never reach us and are not counted here.
//   - trusted_peers (when non-empty): a kernel socket filter on nua's UDP
//     socket drops datagrams from any other address before Sofia parses them
//     (no response at all; see TrustedPeerFilter). If the filter cannot be
//     attached, create() still succeeds (logged) and INVITEs from untrusted
//     sources are answered 403 and counted. Route targets must be listed in
//     trusted_peers too, or their responses are dropped.
//   - From: "<display>" <sip:<caller id>@<listen host>>, caller id = the
//     route's caller_id, else [sip] caller_id; with a caller id also
//     P-Asserted-Identity: <sip:<caller id>@<listen host>> (see sip_identity.h).
//   - Known limits: the kernel filter needs a numeric listen host; datagrams
//     already queued between bind and attach (microseconds at startup) bypass
//     it; in the 403 fallback only INVITEs are source-checked. An unreachable
//     gateway (ICMP) surfaces as nta's own 503, i.e. Failed 503, not
//     TransportError.
//
// Thread contract: everything — create(), every member, the destructor — runs
// on the control thread, the thread that runs `root` (ControlLoop). nua's
// callbacks and the ring timers run there too, and LegListener callbacks are
// called there (see leg_listener.h). Nothing blocks, except the destructor,
// which pumps `root` for at most Options::shutdown_timeout while nua shuts
// down: destroy the agent after ControlLoop::run() returned, not from inside
// one of the loop's callbacks. Other threads (the media thread's RTP timeout)
// reach the agent through ControlLoop::post().
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "confab/sip/leg_listener.h"
#include "confab/sip/leg_state.h"
#include "confab/sip/result.h"

struct su_root_s;

namespace confab {
struct SipSettings;
}

namespace confab::sip {

struct DialRequest {
    std::string number;                // E.164 dial string, untrusted ("+15551234567")
    std::string local_rtp_address;     // our media address for the SDP offer (numeric literal)
    std::uint16_t local_rtp_port = 0;  // the RTP port the media engine allocated for this leg
    std::string display_name;          // From display name; cleaned; may be empty
    LegListener* listener = nullptr;   // required; must outlive the leg or detachListener()
};

class SipUserAgent {
  public:
    struct Options {
        std::chrono::milliseconds ring_timeout{std::chrono::seconds(45)};
        std::size_t max_message_size = 64 * 1024;  // NTATAG_MAXSIZE
        unsigned udp_mtu = 1400;                   // NTATAG_UDP_MTU
        std::size_t max_legs = 256;                // live legs; more dials are refused
        std::chrono::milliseconds shutdown_timeout{std::chrono::seconds(3)};
    };

    static constexpr std::size_t kReasonCount =
        static_cast<std::size_t>(DisconnectReason::TransportError) + 1;

    struct Counters {
        std::uint64_t dials_requested = 0;
        std::uint64_t dials_refused = 0;   // bad number, no route, bad media address, too many legs
        std::uint64_t dials_answered = 0;  // reached Connected (or OnHold)
        // Legs that reached Disconnected, by LegEnding::reason (index = enum value).
        std::array<std::uint64_t, kReasonCount> legs_ended{};
        std::uint64_t auth_attempts = 0;      // nua_authenticate() calls
        std::uint64_t incoming_refused = 0;   // dial-in INVITEs answered 403
        std::uint64_t untrusted_refused = 0;  // requests from untrusted sources that reached us
        // Datagrams the kernel dropped on the SIP socket: refused by the
        // trusted_peers filter, or arriving while its receive buffer was full
        // (a burst). Read from the socket (SO_MEMINFO) when counters() is called.
        std::uint64_t kernel_dropped_datagrams = 0;
        std::uint64_t ignored_events = 0;     // ReportIgnoredEvent from any leg
        std::uint64_t bad_sdp_answers = 0;    // 2xx answers SdpNegotiator refused
        std::uint64_t bad_sdp_offers = 0;     // re-INVITE offers SdpNegotiator refused
        std::uint64_t unexpected_events = 0;  // nua events for unknown legs, stray responses

        std::uint64_t legsEnded(DisconnectReason reason) const {
            return legs_ended[static_cast<std::size_t>(reason)];
        }
    };

    // Binds the UDP socket, checks the routes, caller ids and trusted peers and
    // reads every password file. A bad config or a busy port is a failure with
    // one sentence saying what is wrong.
    static Result<std::unique_ptr<SipUserAgent>> create(su_root_s* root,
                                                        const confab::SipSettings& settings,
                                                        Options options);
    ~SipUserAgent();
    SipUserAgent(const SipUserAgent&) = delete;
    SipUserAgent& operator=(const SipUserAgent&) = delete;

    // Places a call. Fails (and counts) when the number is not E.164, no route
    // matches, the media address is bad, or max_legs are live; nothing is sent
    // then. On success the leg is Dialing and the listener has heard so.
    Result<LegHandle> dial(const DialRequest& request);
    // Hangs up (CANCEL before the answer, BYE after). False for an unknown leg.
    bool hangup(LegHandle leg);
    // The media engine saw no RTP for too long (post()ed to the control thread).
    bool mediaTimedOut(LegHandle leg);
    // Stop calling this leg's listener (its owner is going away); the leg
    // itself carries on to its end.
    void detachListener(LegHandle leg);

    // nullopt once the leg has ended and been forgotten.
    std::optional<LegState> legState(LegHandle leg) const;
    std::size_t legCount() const;
    Counters counters() const;
    // The URI nua bound, e.g. "sip:127.0.0.1:5060;transport=udp".
    const std::string& boundUri() const;
    // True when trusted_peers is enforced by the kernel filter.
    bool kernelFilterActive() const;

    struct Impl;

  private:
    explicit SipUserAgent(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace confab::sip
