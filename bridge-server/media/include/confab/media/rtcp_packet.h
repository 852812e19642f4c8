// RTCP (RFC 3550 section 6) building and defensive parsing of compound packets.
//
// Builders write SR, RR (one report block), SDES CNAME and BYE into a caller
// buffer and return the bytes written (0 when it does not fit), so a compound
// packet is built by appending: SR-or-RR, then SDES, then optionally BYE.
// parseRtcpCompound() walks every packet of a compound datagram, checks each
// length field against the bytes actually there, keeps SR sender info, report
// blocks and BYE SSRCs in fixed arrays, and skips (counts) the packet types it
// does not interpret (SDES, APP, feedback, XR). Pure functions, no allocation;
// any thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace confab::media {

inline constexpr uint8_t kRtcpSenderReport = 200;
inline constexpr uint8_t kRtcpReceiverReport = 201;
inline constexpr uint8_t kRtcpSourceDescription = 202;
inline constexpr uint8_t kRtcpBye = 203;

// 64-bit NTP timestamp (seconds since 1900 and 2^-32 fractions).
struct NtpTimestamp {
    uint32_t seconds = 0;
    uint32_t fraction = 0;
    // The middle 32 bits, as carried in LSR.
    constexpr uint32_t compact() const { return (seconds << 16) | (fraction >> 16); }
};

struct RtcpSenderInfo {
    NtpTimestamp ntp;
    uint32_t rtp_timestamp = 0;
    uint32_t packet_count = 0;
    uint32_t octet_count = 0;
};

struct RtcpReportBlock {
    uint32_t ssrc = 0;  // the source this block reports on
    uint8_t fraction_lost = 0;
    int32_t cumulative_lost = 0;  // 24-bit signed on the wire
    uint32_t extended_highest_sequence = 0;
    uint32_t jitter = 0;  // timestamp units
    uint32_t last_sr = 0;
    uint32_t delay_since_last_sr = 0;  // 1/65536 s
};

enum class RtcpParseError : uint8_t {
    None,
    TooShort,                  // fewer than 4 bytes left for a packet header
    BadVersion,                // a packet's version is not 2
    LengthBeyondPacket,        // a length field runs past the datagram
    ReportBlocksBeyondLength,  // SR/RR report count needs more than the length
    ByeBeyondLength,           // BYE source count needs more than the length
    BadPadding,                // padding on a non-last packet, 0, or too long
    NotReportFirst,            // compound packet does not start with SR or RR
};

std::string_view toString(RtcpParseError error);

// Pure check for rtcp-mux demultiplexing (RFC 5761): RTCP packet types 192-223
// sit where RTP's marker+payload type byte would be.
bool looksLikeRtcp(std::span<const uint8_t> datagram);

struct RtcpCompound {
    static constexpr std::size_t kMaxReportBlocks = 8;
    static constexpr std::size_t kMaxByeSources = 8;

    uint32_t sender_ssrc = 0;  // SSRC of the first SR/RR
    bool has_sender_report = false;
    RtcpSenderInfo sender_info;
    bool has_receiver_report = false;
    std::array<RtcpReportBlock, kMaxReportBlocks> report_blocks{};
    std::size_t report_block_count = 0;
    std::size_t report_blocks_dropped = 0;  // beyond kMaxReportBlocks
    bool has_bye = false;
    std::array<uint32_t, kMaxByeSources> bye_ssrcs{};
    std::size_t bye_ssrc_count = 0;
    std::size_t packet_count = 0;
    std::size_t skipped_packet_count = 0;  // types not interpreted

    // The block reporting on `ssrc` (our sending SSRC), or nullptr.
    const RtcpReportBlock* findReportBlock(uint32_t ssrc) const;
};

// Parses a whole compound datagram. On error `out` holds what was parsed
// before the bad packet, which callers should ignore.
RtcpParseError parseRtcpCompound(std::span<const uint8_t> datagram, RtcpCompound& out);

// SR with zero or one report block (pass nullptr for none).
std::size_t buildSenderReport(uint32_t ssrc, const RtcpSenderInfo& info,
                              const RtcpReportBlock* block, std::span<uint8_t> out);
// RR with exactly one report block.
std::size_t buildReceiverReport(uint32_t ssrc, const RtcpReportBlock& block,
                                std::span<uint8_t> out);
// SDES with one chunk holding a CNAME item (truncated to 255 bytes).
std::size_t buildSdesCname(uint32_t ssrc, std::string_view cname, std::span<uint8_t> out);
// BYE for one source, without a reason.
std::size_t buildBye(uint32_t ssrc, std::span<uint8_t> out);

}  // namespace confab::media
