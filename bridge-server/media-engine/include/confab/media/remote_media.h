// What the control thread tells the media engine about a leg's far end, from
// the SDP offer/answer: where to send, which codec, whether DTMF travels as
// RFC 4733 events, and the direction. Plain values, copied into commands;
// any thread.
#pragma once

#include <cstdint>
#include <optional>

#include "confab/media/codec.h"
#include "confab/media/mixer.h"  // LegId
#include "confab/media/net_address.h"

namespace confab::media {

// Engine ids are chosen by the control thread and only name things; the
// engine maps them to its own slots. LegId (from mixer.h, uint32_t) names a
// leg here, not a mixer slot.
using MixId = uint32_t;
inline constexpr MixId kNoMix = UINT32_MAX;

// The direction attribute of the PEER's SDP (what the phone says it does).
//   SendRecv: normal call.       SendOnly: the peer holds us (it may send
//   music on hold; we send nothing).  RecvOnly: the peer only listens (we
//   expect nothing, so no media timeout).  Inactive: neither way.
enum class MediaDirection : uint8_t { SendRecv, SendOnly, RecvOnly, Inactive };

constexpr bool peerSends(MediaDirection d) {
    return d == MediaDirection::SendRecv || d == MediaDirection::SendOnly;
}
constexpr bool peerReceives(MediaDirection d) {
    return d == MediaDirection::SendRecv || d == MediaDirection::RecvOnly;
}

struct RemoteMedia {
    NetAddress rtp;                  // c= address and m= port
    std::optional<NetAddress> rtcp;  // a=rtcp; default: rtp port + 1
    bool rtcp_mux = false;           // a=rtcp-mux agreed: RTCP shares the RTP port
    Codec codec = Codec::Pcmu;
    std::optional<uint8_t> telephone_event_pt;  // a=rtpmap:<pt> telephone-event/8000
    MediaDirection direction = MediaDirection::SendRecv;
};

// How sendDtmf() sends: Auto picks RFC 4733 when the peer negotiated
// telephone-event, else in-band tones.
enum class DtmfMode : uint8_t { Auto, Rfc4733, Inband };

}  // namespace confab::media
