// RtpSocketPair: one leg's two non-blocking UDP sockets, RTP on an even port
// and RTCP on the odd port above it, bound in the configured range.
//
// Thread contract: opened on the control thread (openLeg), used by the media
// thread (recvmmsg/sendto) while the leg lives there, closed by the
// destructor back on the control thread. Move-only.
#pragma once

#include <cstdint>

#include "confab/media/media_engine.h"
#include "confab/media/net_address.h"

namespace confab::media {

class RtpSocketPair {
  public:
    RtpSocketPair() = default;
    ~RtpSocketPair();
    RtpSocketPair(RtpSocketPair&& other) noexcept;
    RtpSocketPair& operator=(RtpSocketPair&& other) noexcept;
    RtpSocketPair(const RtpSocketPair&) = delete;
    RtpSocketPair& operator=(const RtpSocketPair&) = delete;

    // Tries pairs from `cursor` on (wrapping around the range) and advances
    // the cursor past the pair it took, so ports are not reused at once.
    static MediaError open(const NetAddress& bind, uint16_t port_min, uint16_t port_max, int dscp,
                           uint32_t& cursor, RtpSocketPair& out);

    int rtpFd() const { return rtp_fd_; }
    int rtcpFd() const { return rtcp_fd_; }
    uint16_t rtpPort() const { return rtp_port_; }
    uint16_t rtcpPort() const { return static_cast<uint16_t>(rtp_port_ + 1); }
    int family() const { return family_; }

  private:
    void close();

    int rtp_fd_ = -1;
    int rtcp_fd_ = -1;
    uint16_t rtp_port_ = 0;
    int family_ = 0;
};

}  // namespace confab::media
