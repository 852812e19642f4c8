// RtpPeer: a test-owned "phone" on 127.0.0.1: its own RTP and RTCP sockets
// (port 0), sending G.711 frames (and RFC 4733 events, raw bytes) to an
// engine leg, and collecting what the engine sends back: the RTP audio laid
// out on the sender's timestamp axis (gaps stay zero), every RTP packet, and
// every RTCP compound. Single-threaded: the test's loop calls it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "confab/media/codec.h"
#include "confab/media/media_format.h"
#include "confab/media/net_address.h"
#include "confab/media/remote_media.h"
#include "confab/media/rtcp_packet.h"

namespace confab::media::test {

class RtpPeer {
  public:
    struct Packet {
        uint8_t payload_type = 0;
        bool marker = false;
        uint16_t sequence = 0;
        uint32_t timestamp = 0;
        uint32_t ssrc = 0;
        std::vector<uint8_t> payload;
        std::chrono::steady_clock::time_point arrival;
    };

    explicit RtpPeer(Codec codec = Codec::Pcmu, std::optional<uint8_t> telephone_event_pt = {});
    ~RtpPeer();
    RtpPeer(const RtpPeer&) = delete;
    RtpPeer& operator=(const RtpPeer&) = delete;

    NetAddress rtpAddress() const;
    NetAddress rtcpAddress() const;
    RemoteMedia remoteMedia(MediaDirection direction = MediaDirection::SendRecv) const;
    void setTarget(uint16_t engine_rtp_port) { target_port_ = engine_rtp_port; }
    uint16_t target() const { return target_port_; }
    uint32_t ssrc() const { return ssrc_; }

    // One 20 ms frame as RTP; `lose` advances sequence and timestamp without sending.
    void sendFrame(ConstFrameSpan pcm, bool lose = false);
    // One RFC 4733 packet (payload from TelephoneEventSender), same stream.
    void sendEvent(std::span<const uint8_t> payload, bool marker, uint32_t event_timestamp);
    // Arbitrary bytes from the RTP socket to the engine leg.
    void sendRaw(std::span<const uint8_t> bytes);
    // RTP with another SSRC (a second stream from the same socket).
    void sendFrameWithSsrc(ConstFrameSpan pcm, uint32_t ssrc);
    void sendRtcp(std::span<const uint8_t> bytes);
    uint32_t nextTimestamp() const { return timestamp_; }

    // Reads everything waiting.
    void poll();

    const std::vector<Packet>& packets() const { return packets_; }
    const std::vector<RtcpCompound>& rtcp() const { return rtcp_; }
    const std::vector<std::chrono::steady_clock::time_point>& rtcpArrivals() const {
        return rtcp_arrivals_;
    }
    // Decoded audio of the first SSRC heard, on its timestamp axis.
    const std::vector<int16_t>& audio() const { return audio_; }
    // The part of audio() received after `from` (by arrival of its packets).
    std::vector<int16_t> audioSince(std::chrono::steady_clock::time_point from) const;
    std::size_t audioPackets() const { return audio_packets_; }

  private:
    void send(int fd, std::span<const uint8_t> bytes, uint16_t port);

    Codec codec_;
    std::optional<uint8_t> telephone_event_pt_;
    int rtp_fd_ = -1;
    int rtcp_fd_ = -1;
    uint16_t rtp_port_ = 0;
    uint16_t rtcp_port_ = 0;
    uint16_t target_port_ = 0;
    uint32_t ssrc_;
    uint16_t sequence_;
    uint32_t timestamp_;

    std::vector<Packet> packets_;
    std::vector<RtcpCompound> rtcp_;
    std::vector<std::chrono::steady_clock::time_point> rtcp_arrivals_;
    bool have_origin_ = false;
    uint32_t origin_ts_ = 0;
    uint32_t audio_ssrc_ = 0;
    std::vector<int16_t> audio_;
    std::vector<std::pair<std::chrono::steady_clock::time_point, std::size_t>> audio_marks_;
    std::size_t audio_packets_ = 0;
};

}  // namespace confab::media::test
