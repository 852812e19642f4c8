#include "remote_media_conversion.h"

#include <arpa/inet.h>
#include <cstring>

namespace confab::engine {

namespace {

media::MediaDirection toMediaDirection(sip::MediaDirection direction) {
    switch (direction) {
        case sip::MediaDirection::SendRecv: return media::MediaDirection::SendRecv;
        case sip::MediaDirection::SendOnly: return media::MediaDirection::SendOnly;
        case sip::MediaDirection::RecvOnly: return media::MediaDirection::RecvOnly;
        case sip::MediaDirection::Inactive: return media::MediaDirection::Inactive;
    }
    return media::MediaDirection::Inactive;
}

}  // namespace

std::optional<media::RemoteMedia> toRemoteMedia(const sip::NegotiatedMedia& negotiated) {
    media::RemoteMedia remote;
    if (negotiated.remote_family == sip::IpFamily::V4) {
        in_addr address{};
        if (inet_pton(AF_INET, negotiated.remote_address.c_str(), &address) != 1) return std::nullopt;
        std::array<std::uint8_t, 4> bytes{};
        std::memcpy(bytes.data(), &address, 4);
        remote.rtp = media::NetAddress::v4(bytes[0], bytes[1], bytes[2], bytes[3], negotiated.remote_port);
    } else {
        in6_addr address{};
        if (inet_pton(AF_INET6, negotiated.remote_address.c_str(), &address) != 1) return std::nullopt;
        std::array<std::uint8_t, 16> bytes{};
        std::memcpy(bytes.data(), &address, 16);
        remote.rtp = media::NetAddress::v6(bytes, negotiated.remote_port);
    }
    remote.codec = negotiated.codec == sip::AudioCodec::Pcma ? media::Codec::Pcma : media::Codec::Pcmu;
    remote.telephone_event_pt = negotiated.telephone_event_pt;
    remote.direction = toMediaDirection(negotiated.direction);
    return remote;
}

}  // namespace confab::engine
