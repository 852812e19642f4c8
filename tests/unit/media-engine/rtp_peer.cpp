#include "rtp_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <random>
#include <stdexcept>

#include "confab/media/g711_codec.h"
#include "confab/media/rtp_packet.h"

namespace confab::media::test {
namespace {

int bindLoopback(uint16_t& port) {
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket");
    const int big = 1 << 20;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        throw std::runtime_error("bind");
    }
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    return fd;
}

}  // namespace

RtpPeer::RtpPeer(Codec codec, std::optional<uint8_t> telephone_event_pt)
    : codec_(codec), telephone_event_pt_(telephone_event_pt) {
    rtp_fd_ = bindLoopback(rtp_port_);
    rtcp_fd_ = bindLoopback(rtcp_port_);
    std::random_device random;
    ssrc_ = random();
    sequence_ = static_cast<uint16_t>(random());
    timestamp_ = random();
}

RtpPeer::~RtpPeer() {
    ::close(rtp_fd_);
    ::close(rtcp_fd_);
}

NetAddress RtpPeer::rtpAddress() const {
    return NetAddress::v4(127, 0, 0, 1, rtp_port_);
}
NetAddress RtpPeer::rtcpAddress() const {
    return NetAddress::v4(127, 0, 0, 1, rtcp_port_);
}

RemoteMedia RtpPeer::remoteMedia(MediaDirection direction) const {
    RemoteMedia remote;
    remote.rtp = rtpAddress();
    remote.rtcp = rtcpAddress();
    remote.codec = codec_;
    remote.telephone_event_pt = telephone_event_pt_;
    remote.direction = direction;
    return remote;
}

void RtpPeer::send(int fd, std::span<const uint8_t> bytes, uint16_t port) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(port);
    ::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
}

void RtpPeer::sendFrame(ConstFrameSpan pcm, bool lose) {
    std::array<uint8_t, kFrameSamples> payload;
    G711Codec::encode(codec_, pcm, payload);
    std::array<uint8_t, kRtpHeaderSize + kFrameSamples> packet;
    const std::size_t length = buildRtp(
        RtpHeaderFields{payloadType(codec_), false, sequence_, timestamp_, ssrc_}, payload, packet);
    ++sequence_;
    timestamp_ += kFrameSamples;
    if (!lose) send(rtp_fd_, std::span<const uint8_t>(packet.data(), length), target_port_);
}

void RtpPeer::sendFrameWithSsrc(ConstFrameSpan pcm, uint32_t ssrc) {
    std::array<uint8_t, kFrameSamples> payload;
    G711Codec::encode(codec_, pcm, payload);
    std::array<uint8_t, kRtpHeaderSize + kFrameSamples> packet;
    const std::size_t length = buildRtp(
        RtpHeaderFields{payloadType(codec_), false, sequence_, timestamp_, ssrc}, payload, packet);
    send(rtp_fd_, std::span<const uint8_t>(packet.data(), length), target_port_);
}

void RtpPeer::sendEvent(std::span<const uint8_t> payload, bool marker, uint32_t event_timestamp) {
    std::array<uint8_t, 64> packet;
    const std::size_t length =
        buildRtp(RtpHeaderFields{*telephone_event_pt_, marker, sequence_, event_timestamp, ssrc_},
                 payload, packet);
    ++sequence_;
    timestamp_ += kFrameSamples;
    send(rtp_fd_, std::span<const uint8_t>(packet.data(), length), target_port_);
}

void RtpPeer::sendRaw(std::span<const uint8_t> bytes) {
    send(rtp_fd_, bytes, target_port_);
}

void RtpPeer::sendRtcp(std::span<const uint8_t> bytes) {
    send(rtcp_fd_, bytes, static_cast<uint16_t>(target_port_ + 1));
}

void RtpPeer::poll() {
    std::array<uint8_t, 2048> buffer;
    for (;;) {
        const ssize_t got = ::recv(rtp_fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (got <= 0) break;
        const auto now = std::chrono::steady_clock::now();
        RtpPacketView view;
        if (parseRtp(std::span<const uint8_t>(buffer.data(), static_cast<std::size_t>(got)),
                     view) != RtpParseError::None) {
            continue;
        }
        Packet packet;
        packet.payload_type = view.payload_type;
        packet.marker = view.marker;
        packet.sequence = view.sequence;
        packet.timestamp = view.timestamp;
        packet.ssrc = view.ssrc;
        packet.payload.assign(view.payload.begin(), view.payload.end());
        packet.arrival = now;
        if (view.payload_type == payloadType(codec_)) {
            if (!have_origin_) {
                have_origin_ = true;
                origin_ts_ = view.timestamp;
                audio_ssrc_ = view.ssrc;
            }
            if (view.ssrc == audio_ssrc_) {
                const auto offset = static_cast<int32_t>(view.timestamp - origin_ts_);
                if (offset >= 0 && offset < 8000 * 600) {
                    const auto end = static_cast<std::size_t>(offset) + view.payload.size();
                    if (audio_.size() < end) audio_.resize(end, 0);
                    G711Codec::decode(
                        codec_, view.payload,
                        std::span<int16_t>(audio_.data() + offset, view.payload.size()));
                    audio_marks_.emplace_back(now, static_cast<std::size_t>(offset));
                    ++audio_packets_;
                }
            }
        }
        packets_.push_back(std::move(packet));
    }
    for (;;) {
        const ssize_t got = ::recv(rtcp_fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (got <= 0) break;
        RtcpCompound compound;
        if (parseRtcpCompound(
                std::span<const uint8_t>(buffer.data(), static_cast<std::size_t>(got)), compound) ==
            RtcpParseError::None) {
            rtcp_.push_back(compound);
            rtcp_arrivals_.push_back(std::chrono::steady_clock::now());
        }
    }
}

std::vector<int16_t> RtpPeer::audioSince(std::chrono::steady_clock::time_point from) const {
    for (const auto& [arrival, offset] : audio_marks_) {
        if (arrival >= from) {
            return std::vector<int16_t>(audio_.begin() + static_cast<std::ptrdiff_t>(offset),
                                        audio_.end());
        }
    }
    return {};
}

}  // namespace confab::media::test
