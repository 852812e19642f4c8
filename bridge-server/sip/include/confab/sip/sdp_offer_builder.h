// SdpOfferBuilder: writes our SDP for one leg: the offer in the INVITE, and
// answers to the peer's offers (re-INVITE now, dial-in later).
//
// Our offer: one audio m= line with PCMU (0), PCMA (8) and telephone-event/8000
// (101, events 0-16), ptime 20, the given direction, c= IN IP4/IP6 <address>.
// Our answer: the peer's chosen codec and telephone-event payload types, the
// mirror of their direction (sendonly -> recvonly, inactive -> inactive), and
// every other m= line of their offer declined with port 0.
//
// The o= line keeps one session id; its version starts at 1 and goes up by one
// each time the SDP we produce differs from the previous one, and stays put
// when it does not (RFC 3264 section 8).
//
// Thread contract: one instance per leg, on the control thread. No I/O, no
// clock: the session id comes from the caller (the glue picks a random one).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "confab/sip/media_direction.h"
#include "confab/sip/negotiated_media.h"

namespace confab::sip {

class SdpOfferBuilder {
  public:
    static constexpr std::uint8_t kTelephoneEventPayloadType = 101;
    static constexpr unsigned kPtimeMs = 20;

    // `local_address` must be a numeric IPv4/IPv6 literal and `rtp_port`
    // non-zero; both come from our own configuration, so a bad one throws
    // std::invalid_argument at setup time rather than producing bad SDP.
    SdpOfferBuilder(std::string local_address, std::uint16_t rtp_port, std::uint64_t session_id);

    std::string buildOffer(MediaDirection direction = MediaDirection::SendRecv);
    std::string buildAnswer(const NegotiatedOffer& offer);

    std::uint64_t sessionId() const { return session_id_; }
    // The version in the last SDP built (0 before the first).
    std::uint64_t sessionVersion() const { return session_version_; }

  private:
    // Puts the o= line in front of `body` and manages the version.
    std::string finish(const std::string& body);
    std::string connectionLine() const;

    std::string local_address_;
    bool local_is_v6_ = false;
    std::uint16_t rtp_port_;
    std::uint64_t session_id_;
    std::uint64_t session_version_ = 0;
    std::optional<std::string> last_body_;
};

}  // namespace confab::sip
