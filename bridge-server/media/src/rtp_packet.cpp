#include "confab/media/rtp_packet.h"

#include <algorithm>

#include "byte_order.h"

namespace confab::media {

using detail::load16;
using detail::load32;

std::string_view toString(RtpParseError error) {
    switch (error) {
        case RtpParseError::None:
            return "none";
        case RtpParseError::TooShort:
            return "too short";
        case RtpParseError::BadVersion:
            return "bad version";
        case RtpParseError::CsrcBeyondLength:
            return "CSRC list beyond length";
        case RtpParseError::ExtensionBeyondLength:
            return "header extension beyond length";
        case RtpParseError::BadPadding:
            return "bad padding";
    }
    return "unknown";
}

uint32_t RtpPacketView::csrc(std::size_t index) const {
    return load32(csrc_bytes.data() + index * 4);
}

RtpParseError parseRtp(std::span<const uint8_t> datagram, RtpPacketView& out) {
    const std::size_t size = datagram.size();
    if (size < kRtpHeaderSize) return RtpParseError::TooShort;
    const uint8_t* p = datagram.data();
    if ((p[0] >> 6) != 2) return RtpParseError::BadVersion;

    out.padding = (p[0] & 0x20) != 0;
    out.has_extension = (p[0] & 0x10) != 0;
    out.csrc_count = p[0] & 0x0F;
    out.marker = (p[1] & 0x80) != 0;
    out.payload_type = p[1] & 0x7F;
    out.sequence = load16(p + 2);
    out.timestamp = load32(p + 4);
    out.ssrc = load32(p + 8);

    std::size_t offset = kRtpHeaderSize;
    const std::size_t csrc_len = std::size_t{out.csrc_count} * 4;
    if (size - offset < csrc_len) return RtpParseError::CsrcBeyondLength;
    out.csrc_bytes = datagram.subspan(offset, csrc_len);
    offset += csrc_len;

    out.extension_profile = 0;
    out.extension_data = {};
    if (out.has_extension) {
        if (size - offset < 4) return RtpParseError::ExtensionBeyondLength;
        out.extension_profile = load16(p + offset);
        const std::size_t ext_len = std::size_t{load16(p + offset + 2)} * 4;
        offset += 4;
        if (size - offset < ext_len) return RtpParseError::ExtensionBeyondLength;
        out.extension_data = datagram.subspan(offset, ext_len);
        offset += ext_len;
    }

    std::size_t payload_len = size - offset;
    if (out.padding) {
        const std::size_t pad = p[size - 1];
        if (pad == 0 || pad > payload_len) return RtpParseError::BadPadding;
        payload_len -= pad;
    }
    out.payload = datagram.subspan(offset, payload_len);
    return RtpParseError::None;
}

std::size_t buildRtp(const RtpHeaderFields& header, std::span<const uint8_t> payload,
                     std::span<uint8_t> out) {
    const std::size_t total = kRtpHeaderSize + payload.size();
    if (out.size() < total) return 0;
    uint8_t* p = out.data();
    p[0] = 0x80;
    p[1] = static_cast<uint8_t>((header.marker ? 0x80 : 0x00) | (header.payload_type & 0x7F));
    detail::store16(p + 2, header.sequence);
    detail::store32(p + 4, header.timestamp);
    detail::store32(p + 8, header.ssrc);
    std::copy(payload.begin(), payload.end(), p + kRtpHeaderSize);
    return total;
}

}  // namespace confab::media
