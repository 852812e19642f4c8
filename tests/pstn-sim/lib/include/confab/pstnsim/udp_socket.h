// UdpSocket: one non-blocking UDP socket bound to a local IP literal, owned
// by value (closed on destruction), with sends and receives that never block
// and never throw: a full socket buffer is a dropped packet to count.
//
// Thread contract: created on the SIP thread (binding happens when the call
// is answered), then moved to and used by the media thread alone.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "confab/media/net_address.h"

namespace confab::pstnsim {

// Room for the datagrams one recvmmsg call reads. A call's socket normally
// holds one packet when it turns readable, and recvmmsg returning fewer than
// it could says the socket is empty: no second call just to hear EAGAIN,
// which halves the simulator's receive syscalls at a thousand calls.
struct ReceiveBatch {
    static constexpr std::size_t kSize = 8;
    static constexpr std::size_t kBytes = 2048;
    std::array<std::array<std::uint8_t, kBytes>, kSize> buffers{};
    std::array<std::size_t, kSize> lengths{};
    std::array<media::NetAddress, kSize> from{};
};

class UdpSocket {
  public:
    UdpSocket() = default;
    // Binds `local_ip`:`port` (0: any free port). nullopt with `error` on failure.
    static std::optional<UdpSocket> bind(const std::string& local_ip, std::uint16_t port, std::string& error);
    ~UdpSocket();
    UdpSocket(UdpSocket&& other) noexcept;
    UdpSocket& operator=(UdpSocket&& other) noexcept;
    UdpSocket(const UdpSocket&) = delete;
    UdpSocket& operator=(const UdpSocket&) = delete;

    bool valid() const { return fd_ >= 0; }
    int fd() const { return fd_; }
    std::uint16_t port() const { return port_; }

    // False when the datagram was not sent (buffer full, unreachable, ...).
    bool sendTo(const media::NetAddress& to, std::span<const std::uint8_t> datagram) const;
    // Bytes received (0 when nothing is waiting); `from` is filled on success.
    std::size_t receive(std::span<std::uint8_t> buffer, media::NetAddress& from) const;
    // Up to ReceiveBatch::kSize datagrams in one call; returns how many were
    // read (0 when nothing is waiting). Datagram i is the first
    // batch.lengths[i] bytes of batch.buffers[i], from batch.from[i]; a
    // truncated (oversized) or empty one has length 0.
    std::size_t receiveBatch(ReceiveBatch& batch) const;

  private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

// "127.0.0.1" / "::1" + port -> NetAddress; nullopt for anything but a literal.
std::optional<media::NetAddress> parseNetAddress(const std::string& ip, std::uint16_t port);
std::string toString(const media::NetAddress& address);

}  // namespace confab::pstnsim
