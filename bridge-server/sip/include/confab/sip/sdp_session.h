// SdpSessionDescription: the syntax of one SDP body (RFC 4566) as SdpParser
// found it. Nothing here is checked for meaning yet (addresses, ports, codecs):
// that is SdpNegotiator's job, which is why every field is the peer's text.
//
// Thread contract: plain values; used on the control thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace confab::sip {

// a=<name>[:<value>]
struct SdpAttribute {
    std::string name;
    std::optional<std::string> value;  // absent for flags like a=sendrecv
    std::size_t line = 0;              // 1-based line number, for reasons
};

// c=<nettype> <addrtype> <address>
struct SdpConnection {
    std::string net_type;   // "IN"
    std::string addr_type;  // "IP4" / "IP6"
    std::string address;    // may still be a host name, or carry "/ttl"
    std::size_t line = 0;
};

// m=<media> <port>[/<count>] <proto> <fmt> ...
struct SdpMediaDescription {
    std::string media;       // "audio"
    std::uint32_t port = 0;  // as written; may exceed 65535
    std::optional<std::uint32_t> port_count;
    std::string proto;                 // "RTP/AVP"
    std::vector<std::string> formats;  // payload type numbers, as text
    std::optional<SdpConnection> connection;
    std::vector<SdpAttribute> attributes;
    std::size_t line = 0;
};

struct SdpSessionDescription {
    std::string origin_username;
    std::string origin_session_id;
    std::string origin_session_version;
    std::string session_name;
    std::optional<SdpConnection> connection;
    std::vector<SdpAttribute> attributes;  // session-level
    std::vector<SdpMediaDescription> media;
};

}  // namespace confab::sip
