// Conversions between the media library's NetAddress POD and sockaddr, done
// at the socket so everything behind it works on plain values. IPv4-mapped
// IPv6 addresses (an "::" socket receiving from IPv4) become plain V4, and a
// V4 peer is mapped back when the socket is IPv6. Pure; any thread.
#pragma once

#include <sys/socket.h>

#include <optional>
#include <string>

#include "confab/media/net_address.h"

namespace confab::media {

NetAddress fromSockaddr(const sockaddr_storage& address);
// Writes `address` for a socket of `socket_family` (AF_INET/AF_INET6);
// returns the length, or 0 when it cannot be expressed (V6 peer, V4 socket).
socklen_t toSockaddr(const NetAddress& address, int socket_family, sockaddr_storage& out);
// An IP literal with no port ("127.0.0.1", "::1", "::").
std::optional<NetAddress> parseIpLiteral(const std::string& text);

}  // namespace confab::media
