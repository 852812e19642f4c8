#include "confab/media/rtcp_packet.h"

#include <algorithm>

#include "byte_order.h"

namespace confab::media {

using detail::load24;
using detail::load32;
using detail::store16;
using detail::store24;
using detail::store32;

namespace {

constexpr std::size_t kReportBlockSize = 24;
constexpr std::size_t kSenderInfoSize = 20;

RtcpReportBlock readReportBlock(const uint8_t* p) {
    RtcpReportBlock b;
    b.ssrc = load32(p);
    b.fraction_lost = p[4];
    const uint32_t lost = load24(p + 5);
    // Sign-extend the 24-bit two's-complement count.
    b.cumulative_lost =
        (lost & 0x800000) ? static_cast<int32_t>(lost) - 0x1000000 : static_cast<int32_t>(lost);
    b.extended_highest_sequence = load32(p + 8);
    b.jitter = load32(p + 12);
    b.last_sr = load32(p + 16);
    b.delay_since_last_sr = load32(p + 20);
    return b;
}

void writeReportBlock(uint8_t* p, const RtcpReportBlock& b) {
    store32(p, b.ssrc);
    p[4] = b.fraction_lost;
    const int32_t lost = std::clamp(b.cumulative_lost, -0x800000, 0x7FFFFF);
    store24(p + 5, static_cast<uint32_t>(lost) & 0xFFFFFF);
    store32(p + 8, b.extended_highest_sequence);
    store32(p + 12, b.jitter);
    store32(p + 16, b.last_sr);
    store32(p + 20, b.delay_since_last_sr);
}

// Writes a common header for a packet of `total` bytes (a multiple of 4).
void writeHeader(uint8_t* p, uint8_t count, uint8_t type, std::size_t total) {
    p[0] = static_cast<uint8_t>(0x80 | (count & 0x1F));
    p[1] = type;
    store16(p + 2, static_cast<uint16_t>(total / 4 - 1));
}

void readReportBlocks(const uint8_t* p, std::size_t count, RtcpCompound& out) {
    for (std::size_t i = 0; i < count; ++i) {
        if (out.report_block_count == RtcpCompound::kMaxReportBlocks) {
            ++out.report_blocks_dropped;
            continue;
        }
        out.report_blocks[out.report_block_count++] = readReportBlock(p + i * kReportBlockSize);
    }
}

}  // namespace

std::string_view toString(RtcpParseError error) {
    switch (error) {
        case RtcpParseError::None:
            return "none";
        case RtcpParseError::TooShort:
            return "too short";
        case RtcpParseError::BadVersion:
            return "bad version";
        case RtcpParseError::LengthBeyondPacket:
            return "length beyond packet";
        case RtcpParseError::ReportBlocksBeyondLength:
            return "report blocks beyond length";
        case RtcpParseError::ByeBeyondLength:
            return "BYE sources beyond length";
        case RtcpParseError::BadPadding:
            return "bad padding";
        case RtcpParseError::NotReportFirst:
            return "compound does not start with SR/RR";
    }
    return "unknown";
}

bool looksLikeRtcp(std::span<const uint8_t> datagram) {
    return datagram.size() >= 2 && datagram[1] >= 192 && datagram[1] <= 223;
}

const RtcpReportBlock* RtcpCompound::findReportBlock(uint32_t ssrc) const {
    for (std::size_t i = 0; i < report_block_count; ++i) {
        if (report_blocks[i].ssrc == ssrc) return &report_blocks[i];
    }
    return nullptr;
}

RtcpParseError parseRtcpCompound(std::span<const uint8_t> datagram, RtcpCompound& out) {
    out = RtcpCompound{};
    const uint8_t* base = datagram.data();
    const std::size_t size = datagram.size();
    std::size_t offset = 0;
    if (size < 4) return RtcpParseError::TooShort;

    while (offset < size) {
        if (size - offset < 4) return RtcpParseError::TooShort;
        const uint8_t* p = base + offset;
        if ((p[0] >> 6) != 2) return RtcpParseError::BadVersion;
        const bool padding = (p[0] & 0x20) != 0;
        const std::size_t count = p[0] & 0x1F;
        const uint8_t type = p[1];
        const std::size_t length = (std::size_t{detail::load16(p + 2)} + 1) * 4;
        if (length > size - offset) return RtcpParseError::LengthBeyondPacket;

        // RFC 3550 6.1: padding only on the last packet of a compound.
        std::size_t body = length;
        if (padding) {
            if (offset + length != size) return RtcpParseError::BadPadding;
            const std::size_t pad = p[length - 1];
            if (pad == 0 || pad > length - 4) return RtcpParseError::BadPadding;
            body = length - pad;
        }
        if (out.packet_count == 0 && type != kRtcpSenderReport && type != kRtcpReceiverReport) {
            return RtcpParseError::NotReportFirst;
        }

        switch (type) {
            case kRtcpSenderReport: {
                if (body < 8 + kSenderInfoSize + count * kReportBlockSize) {
                    return RtcpParseError::ReportBlocksBeyondLength;
                }
                if (!out.has_sender_report && !out.has_receiver_report) {
                    out.sender_ssrc = load32(p + 4);
                }
                out.has_sender_report = true;
                out.sender_info.ntp.seconds = load32(p + 8);
                out.sender_info.ntp.fraction = load32(p + 12);
                out.sender_info.rtp_timestamp = load32(p + 16);
                out.sender_info.packet_count = load32(p + 20);
                out.sender_info.octet_count = load32(p + 24);
                readReportBlocks(p + 28, count, out);
                break;
            }
            case kRtcpReceiverReport: {
                if (body < 8 + count * kReportBlockSize) {
                    return RtcpParseError::ReportBlocksBeyondLength;
                }
                if (!out.has_sender_report && !out.has_receiver_report) {
                    out.sender_ssrc = load32(p + 4);
                }
                out.has_receiver_report = true;
                readReportBlocks(p + 8, count, out);
                break;
            }
            case kRtcpBye: {
                if (body < 4 + count * 4) return RtcpParseError::ByeBeyondLength;
                out.has_bye = true;
                for (std::size_t i = 0; i < count; ++i) {
                    if (out.bye_ssrc_count < RtcpCompound::kMaxByeSources) {
                        out.bye_ssrcs[out.bye_ssrc_count++] = load32(p + 4 + i * 4);
                    }
                }
                break;
            }
            default:
                ++out.skipped_packet_count;
                break;
        }
        ++out.packet_count;
        offset += length;
    }
    return RtcpParseError::None;
}

std::size_t buildSenderReport(uint32_t ssrc, const RtcpSenderInfo& info,
                              const RtcpReportBlock* block, std::span<uint8_t> out) {
    const std::size_t blocks = block ? 1 : 0;
    const std::size_t total = 8 + kSenderInfoSize + blocks * kReportBlockSize;
    if (out.size() < total) return 0;
    uint8_t* p = out.data();
    writeHeader(p, static_cast<uint8_t>(blocks), kRtcpSenderReport, total);
    store32(p + 4, ssrc);
    store32(p + 8, info.ntp.seconds);
    store32(p + 12, info.ntp.fraction);
    store32(p + 16, info.rtp_timestamp);
    store32(p + 20, info.packet_count);
    store32(p + 24, info.octet_count);
    if (block) writeReportBlock(p + 28, *block);
    return total;
}

std::size_t buildReceiverReport(uint32_t ssrc, const RtcpReportBlock& block,
                                std::span<uint8_t> out) {
    const std::size_t total = 8 + kReportBlockSize;
    if (out.size() < total) return 0;
    uint8_t* p = out.data();
    writeHeader(p, 1, kRtcpReceiverReport, total);
    store32(p + 4, ssrc);
    writeReportBlock(p + 8, block);
    return total;
}

std::size_t buildSdesCname(uint32_t ssrc, std::string_view cname, std::span<uint8_t> out) {
    const std::size_t name_len = std::min<std::size_t>(cname.size(), 255);
    // header 4 + SSRC 4 + item (type, length, text) + at least one 0 terminator,
    // rounded up to a 32-bit boundary.
    const std::size_t unpadded = 8 + 2 + name_len + 1;
    const std::size_t total = (unpadded + 3) & ~std::size_t{3};
    if (out.size() < total) return 0;
    uint8_t* p = out.data();
    std::fill(p, p + total, uint8_t{0});
    writeHeader(p, 1, kRtcpSourceDescription, total);
    store32(p + 4, ssrc);
    p[8] = 1;  // CNAME
    p[9] = static_cast<uint8_t>(name_len);
    std::copy_n(cname.data(), name_len, p + 10);
    return total;
}

std::size_t buildBye(uint32_t ssrc, std::span<uint8_t> out) {
    const std::size_t total = 8;
    if (out.size() < total) return 0;
    writeHeader(out.data(), 1, kRtcpBye, total);
    store32(out.data() + 4, ssrc);
    return total;
}

}  // namespace confab::media
