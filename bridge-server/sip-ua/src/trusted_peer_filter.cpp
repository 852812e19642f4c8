#include "confab/sip/trusted_peer_filter.h"

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

namespace confab::sip {

namespace {

constexpr std::uint32_t kAccept = 0xffffffffU;  // keep the whole datagram
constexpr std::uint32_t kDrop = 0;

// SKF_NET_OFF-relative loads reach the IP header from a UDP socket filter,
// where the packet data itself starts at the UDP header.
std::uint32_t netOffset(std::int32_t offset) {
    return static_cast<std::uint32_t>(SKF_NET_OFF + offset);
}

sock_filter statement(std::uint16_t code, std::uint32_t k) {
    return sock_filter{code, 0, 0, k};
}

sock_filter jumpIfEqual(std::uint32_t k, std::uint8_t if_true, std::uint8_t if_false) {
    return sock_filter{static_cast<std::uint16_t>(BPF_JMP | BPF_JEQ | BPF_K), if_true, if_false, k};
}

constexpr std::uint16_t kLoadWord = BPF_LD | BPF_W | BPF_ABS;
constexpr std::uint16_t kLoadByte = BPF_LD | BPF_B | BPF_ABS;
constexpr std::uint16_t kReturn = BPF_RET | BPF_K;

std::uint32_t v4Word(const in_addr& address) {
    return ntohl(address.s_addr);
}

std::array<std::uint32_t, 4> v6Words(const in6_addr& address) {
    std::array<std::uint32_t, 4> words{};
    for (std::size_t i = 0; i < 4; ++i) {
        std::uint32_t word = 0;
        std::memcpy(&word, address.s6_addr + 4 * i, sizeof word);
        words[i] = ntohl(word);
    }
    return words;
}

bool isV4Mapped(const in6_addr& address) {
    static constexpr std::uint8_t kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::memcmp(address.s6_addr, kPrefix, sizeof kPrefix) == 0;
}

bool sameBoundAddress(const sockaddr_storage& bound, const sockaddr_storage& wanted) {
    if (bound.ss_family != wanted.ss_family) return false;
    if (bound.ss_family == AF_INET) {
        sockaddr_in a{};
        sockaddr_in b{};
        std::memcpy(&a, &bound, sizeof a);
        std::memcpy(&b, &wanted, sizeof b);
        return a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr;
    }
    sockaddr_in6 a{};
    sockaddr_in6 b{};
    std::memcpy(&a, &bound, sizeof a);
    std::memcpy(&b, &wanted, sizeof b);
    return a.sin6_port == b.sin6_port &&
           std::memcmp(&a.sin6_addr, &b.sin6_addr, sizeof a.sin6_addr) == 0;
}

}  // namespace

Result<TrustedPeerFilter> TrustedPeerFilter::create(const std::vector<std::string>& peers) {
    if (peers.size() > kMaxPeers) {
        return Result<TrustedPeerFilter>::failure(fmt::format(
            "sip.trusted_peers: {} entries, at most {} are supported", peers.size(), kMaxPeers));
    }
    TrustedPeerFilter filter;
    for (std::size_t i = 0; i < peers.size(); ++i) {
        in_addr v4{};
        in6_addr v6{};
        if (inet_pton(AF_INET, peers[i].c_str(), &v4) == 1) {
            filter.v4_.push_back(v4Word(v4));
        } else if (inet_pton(AF_INET6, peers[i].c_str(), &v6) == 1) {
            if (isV4Mapped(v6)) {
                filter.v4_.push_back(v6Words(v6)[3]);
            } else {
                filter.v6_.push_back(v6Words(v6));
            }
        } else {
            return Result<TrustedPeerFilter>::failure(fmt::format(
                "sip.trusted_peers[{}]: '{}' is not a numeric IPv4 or IPv6 address", i, peers[i]));
        }
    }
    return Result<TrustedPeerFilter>::success(std::move(filter));
}

bool TrustedPeerFilter::allows(const sockaddr* source) const {
    if (!enabled()) return true;
    if (source == nullptr) return false;
    if (source->sa_family == AF_INET) {
        sockaddr_in in{};
        std::memcpy(&in, source, sizeof in);
        const std::uint32_t word = v4Word(in.sin_addr);
        for (auto peer : v4_) {
            if (peer == word) return true;
        }
        return false;
    }
    if (source->sa_family == AF_INET6) {
        sockaddr_in6 in6{};
        std::memcpy(&in6, source, sizeof in6);
        const auto words = v6Words(in6.sin6_addr);
        if (isV4Mapped(in6.sin6_addr)) {
            for (auto peer : v4_) {
                if (peer == words[3]) return true;
            }
            return false;
        }
        for (const auto& peer : v6_) {
            if (peer == words) return true;
        }
    }
    return false;
}

// The program:
//   A = IP version nibble
//   IPv4: for each v4 peer: if src == peer, accept.   Then drop.
//   IPv6: for each v6 peer: compare the four words, accept when all match. Then drop.
// Each comparison block returns directly, so every jump is short and constant.
Result<bool> TrustedPeerFilter::attachTo(int fd) const {
    std::vector<sock_filter> v4_block;
    v4_block.push_back(statement(kLoadWord, netOffset(12)));  // IPv4 source address
    for (auto peer : v4_) {
        v4_block.push_back(jumpIfEqual(peer, 0, 1));
        v4_block.push_back(statement(kReturn, kAccept));
    }
    v4_block.push_back(statement(kReturn, kDrop));

    std::vector<sock_filter> v6_block;
    for (const auto& peer : v6_) {
        for (std::size_t i = 0; i < 4; ++i) {
            v6_block.push_back(statement(kLoadWord, netOffset(8 + 4 * static_cast<int>(i))));
            // On a mismatch skip the rest of this peer's block, accept included.
            const auto skip = static_cast<std::uint8_t>(2 * (3 - i) + 1);
            v6_block.push_back(jumpIfEqual(peer[i], 0, skip));
        }
        v6_block.push_back(statement(kReturn, kAccept));
    }
    v6_block.push_back(statement(kReturn, kDrop));

    std::vector<sock_filter> program;
    program.push_back(statement(kLoadByte, netOffset(0)));
    program.push_back(statement(BPF_ALU | BPF_AND | BPF_K, 0xf0));
    // v4_block is at most 2 + 2 * kMaxPeers instructions long: fits in a jump.
    program.push_back(jumpIfEqual(0x40, 0, static_cast<std::uint8_t>(v4_block.size())));
    program.insert(program.end(), v4_block.begin(), v4_block.end());
    program.insert(program.end(), v6_block.begin(), v6_block.end());

    sock_fprog fprog{};
    fprog.len = static_cast<unsigned short>(program.size());
    fprog.filter = program.data();
    if (::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog) != 0) {
        return Result<bool>::failure(
            fmt::format("SO_ATTACH_FILTER failed: {}", std::strerror(errno)));
    }
    return Result<bool>::success(true);
}

std::optional<int> TrustedPeerFilter::findBoundUdpSocket(const std::string& host,
                                                         std::uint16_t port) {
    sockaddr_storage wanted{};
    sockaddr_in v4{};
    sockaddr_in6 v6{};
    if (inet_pton(AF_INET, host.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        std::memcpy(&wanted, &v4, sizeof v4);
    } else if (inet_pton(AF_INET6, host.c_str(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        std::memcpy(&wanted, &v6, sizeof v6);
    } else {
        return std::nullopt;
    }

    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
        int fd = -1;
        try {
            fd = std::stoi(entry.path().filename().string());
        } catch (const std::exception&) {
            continue;
        }
        struct stat info {};
        if (::fstat(fd, &info) != 0 || !S_ISSOCK(info.st_mode)) continue;
        int type = 0;
        socklen_t type_length = sizeof type;
        if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &type_length) != 0 || type != SOCK_DGRAM) {
            continue;
        }
        sockaddr_storage bound{};
        socklen_t bound_length = sizeof bound;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_length) != 0) continue;
        if (sameBoundAddress(bound, wanted)) return fd;
    }
    return std::nullopt;
}

std::optional<std::uint64_t> TrustedPeerFilter::kernelDrops(int fd) {
    std::uint32_t meminfo[SK_MEMINFO_VARS] = {};
    socklen_t length = sizeof meminfo;
    if (::getsockopt(fd, SOL_SOCKET, SO_MEMINFO, meminfo, &length) != 0) return std::nullopt;
    if (length < sizeof(std::uint32_t) * (SK_MEMINFO_DROPS + 1)) return std::nullopt;
    return meminfo[SK_MEMINFO_DROPS];
}

}  // namespace confab::sip
