// NegotiatedMedia: what offer/answer agreed for one audio stream, after the
// peer's SDP passed validation. It is the only thing the media layer is given
// to open RTP with, so an address or codec never reaches a socket unchecked.
//
// Thread contract: plain values; built on the control thread, copied to the
// media thread inside commands.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "confab/sip/media_direction.h"

namespace confab::sip {

enum class AudioCodec {
    Pcmu,  // G.711 mu-law, static payload type 0
    Pcma,  // G.711 A-law, static payload type 8
};

// "PCMU" / "PCMA" as written in a=rtpmap.
std::string_view toString(AudioCodec codec);

enum class IpFamily { V4, V6 };

struct NegotiatedMedia {
    std::string remote_address;  // numeric IPv4 or IPv6 literal, never a host name
    IpFamily remote_family = IpFamily::V4;
    std::uint16_t remote_port = 0;  // 1..65535
    std::uint8_t payload_type = 0;  // the peer's payload type number for `codec`
    AudioCodec codec = AudioCodec::Pcmu;
    std::optional<std::uint8_t> telephone_event_pt;  // RFC 4733 events, when the peer has them
    // The peer's direction, seen from the peer (their "sendonly" means they send
    // and we only receive). Already downgraded when c= was 0.0.0.0 or ::.
    MediaDirection direction = MediaDirection::SendRecv;
    unsigned ptime_ms = 20;  // packetization the peer asked for; 20 when absent

    bool operator==(const NegotiatedMedia&) const = default;
};

// One m= line of a peer's offer, kept so that our answer can echo every stream
// we decline with port 0 (RFC 3264 section 6: the answer has as many m= lines
// as the offer, in the same order).
struct OfferedStream {
    std::string media;         // "audio", "video", ...
    std::string proto;         // "RTP/AVP", ...
    std::string first_format;  // any one format of the offer's line, echoed back

    bool operator==(const OfferedStream&) const = default;
};

struct NegotiatedOffer {
    NegotiatedMedia media;               // the audio stream we accept
    std::size_t audio_index = 0;         // its position among `streams`
    std::vector<OfferedStream> streams;  // every m= line of the offer, in order
};

}  // namespace confab::sip
