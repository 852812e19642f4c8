// TrustedPeerFilter: the [sip] trusted_peers list, enforced in two places.
//
//   - In the kernel: attachTo(fd) puts a classic BPF socket filter on the UDP
//     socket nua listens on, so a datagram from any other source address is
//     dropped before Sofia reads it (no parsing, no transaction, no response,
//     no reflection). The kernel counts those drops on the socket (readable with
//     kernelDrops(), which also counts receive-buffer overflows).
//   - In user space: allows() for requests that reach the glue anyway (the
//     filter could not be attached): the glue answers those 403 and counts them.
//
// Sofia-SIP 1.12 has no hook to refuse a datagram by source before parsing,
// and no public way to get its socket, so findBoundUdpSocket() looks the
// socket up among the process's descriptors by its bound address.
//
// Thread contract: create() and attachTo() on the control thread at startup;
// allows() and kernelDrops() are const and may be called from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "confab/sip/result.h"

struct sockaddr;

namespace confab::sip {

class TrustedPeerFilter {
  public:
    // More would make the filter program's jumps too long; nobody has that
    // many SIP trunks.
    static constexpr std::size_t kMaxPeers = 64;

    // `peers`: numeric IPv4/IPv6 literals from the config. Empty = trust
    // everyone (enabled() is false). Fails on the first bad entry.
    static Result<TrustedPeerFilter> create(const std::vector<std::string>& peers);

    bool enabled() const { return !v4_.empty() || !v6_.empty(); }
    // True when `source` is a trusted peer (or the filter is not enabled).
    // An IPv4-mapped IPv6 source is compared as IPv4.
    bool allows(const sockaddr* source) const;

    // Attaches the kernel filter; the reason on failure (setsockopt errno).
    Result<bool> attachTo(int fd) const;

    // The process's UDP socket bound to exactly host:port (host a numeric
    // literal), or nullopt.
    static std::optional<int> findBoundUdpSocket(const std::string& host, std::uint16_t port);
    // Datagrams the kernel dropped on `fd` (filter refusals + buffer overflows).
    static std::optional<std::uint64_t> kernelDrops(int fd);

  private:
    TrustedPeerFilter() = default;

    std::vector<std::uint32_t> v4_;                 // host byte order
    std::vector<std::array<std::uint32_t, 4>> v6_;  // host byte order words
};

}  // namespace confab::sip
