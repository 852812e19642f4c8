// UdpSocket: one non-blocking UDP socket bound to a local IP literal, owned
// by value (closed on destruction), with sends and receives that never block
// and never throw: a full socket buffer is a dropped packet to count.
//
// Thread contract: created on the SIP thread (binding happens when the call
// is answered), then moved to and used by the media thread alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "confab/media/net_address.h"

namespace confab::pstnsim {

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

  private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

// "127.0.0.1" / "::1" + port -> NetAddress; nullopt for anything but a literal.
std::optional<media::NetAddress> parseNetAddress(const std::string& ip, std::uint16_t port);
std::string toString(const media::NetAddress& address);

}  // namespace confab::pstnsim
