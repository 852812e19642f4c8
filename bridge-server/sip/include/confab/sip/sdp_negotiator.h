// SdpNegotiator: judges a peer's SDP before any RTP is opened, and picks what
// we will use from it.
//
//   checkAnswer(): the peer's answer to our offer (SdpOfferBuilder::buildOffer:
//                  one audio m= line, PCMU 0, PCMA 8, telephone-event 101).
//   checkOffer():  a peer's offer (re-INVITE, later dial-in); picks the first
//                  acceptable audio stream and remembers every m= line so that
//                  SdpOfferBuilder::buildAnswer() can decline the others.
//
// What is checked, in order, for the audio stream:
//   - the SDP parses within SdpLimits (8 KiB, 64 lines per section, 16 m=);
//   - answer only: exactly one m= line, and it is audio;
//   - m=audio: port 1..65535 (0 = the peer rejected the stream), no port
//     count, transport RTP/AVP, formats are payload types 0..127, no repeats;
//   - c= at media or else session level: IN, IP4/IP6, a numeric literal of that
//     family (never a host name), no /ttl, not multicast, broadcast or
//     reserved; 0.0.0.0 or :: only as hold: in an answer only with sendonly or
//     inactive, in an offer it is RFC 2543 hold and the peer's direction loses
//     "receive";
//   - codec: the first of the peer's formats that is PCMU or PCMA (by
//     a=rtpmap, else by static number 0/8); telephone-event/8000 if present;
//   - direction: media level over session level, default sendrecv, at most
//     one per level; ptime: 10..120 ms in steps of 10, default 20.
// Every refusal is one sentence with a role prefix, e.g.
//   "SDP answer: c= address 'example.com' is not an IP literal"
//   "SDP answer: m=audio offers no codec we support (offered: 18 G729)"
//
// Thread contract: one instance on the control thread; it keeps only counters.
// No I/O, no locks, never throws on bad input.
#pragma once

#include <cstdint>
#include <string_view>

#include "confab/sip/negotiated_media.h"
#include "confab/sip/result.h"
#include "confab/sip/sdp_parser.h"

namespace confab::sip {

class SdpNegotiator {
  public:
    struct Counters {
        std::uint64_t answers_accepted = 0;
        std::uint64_t answers_refused = 0;
        std::uint64_t offers_accepted = 0;
        std::uint64_t offers_refused = 0;
    };

    SdpNegotiator() = default;
    explicit SdpNegotiator(SdpLimits limits) : parser_(limits) {}

    Result<NegotiatedMedia> checkAnswer(std::string_view sdp);
    Result<NegotiatedOffer> checkOffer(std::string_view sdp);

    const Counters& counters() const { return counters_; }

  private:
    SdpParser parser_;
    Counters counters_;
};

}  // namespace confab::sip
