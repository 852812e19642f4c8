// SipIdentity: the From, To and P-Asserted-Identity header values of our
// outgoing INVITEs, and the URI nua listens on. Pure string building so the
// quoting rules can be tested without a network.
//
//   From:                "Display" <sip:+15550001111@127.0.0.1>   (caller id set)
//                        "Display" <sip:confab@127.0.0.1>         (no caller id)
//   P-Asserted-Identity: <sip:+15550001111@127.0.0.1>             (caller id set only)
//   To:                  <sip:+15551234567@gw.example;user=phone>
//
// The display name is text we do not fully control (a conference name), so it
// is cleaned: printable ASCII only, no '"' or '\', at most 64 characters; an
// empty result leaves the display name out.
//
// Thread contract: pure functions; callable from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace confab::sip {

// The host part we put in From and P-Asserted-Identity: the listen host,
// bracketed when IPv6; "confab.invalid" when the listen host is unspecified
// (0.0.0.0 or ::), which says nothing routable about us (RFC 6761 .invalid).
std::string identityHost(std::string_view listen_host);

// "sip:127.0.0.1:5060;transport=udp", "sip:[::1]:5060;transport=udp".
std::string listenUri(std::string_view listen_host, std::uint16_t port);

std::string cleanDisplayName(std::string_view display_name);

// `caller_id` is an E.164 number that passed E164Number, or empty.
std::string fromHeader(std::string_view display_name, std::string_view caller_id,
                       std::string_view host);
// Empty when caller_id is empty (then the header is not sent).
std::string assertedIdentityHeader(std::string_view caller_id, std::string_view host);
// `target_uri` passed SipTargetUri.
std::string toHeader(std::string_view target_uri);

}  // namespace confab::sip
