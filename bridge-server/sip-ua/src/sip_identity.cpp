#include "confab/sip/sip_identity.h"

#include <fmt/format.h>

#include "confab/sip/ip_literal.h"

namespace confab::sip {

namespace {

constexpr std::size_t kMaxDisplayName = 64;
constexpr std::string_view kAnonymousUser = "confab";

}  // namespace

std::string identityHost(std::string_view listen_host) {
    const auto literal = IpLiteral::parse(listen_host);
    if (!literal) return std::string(listen_host);  // a host name from our own config
    if (literal->isUnspecified()) return "confab.invalid";
    if (literal->family() == IpFamily::V6) return fmt::format("[{}]", literal->toString());
    return literal->toString();
}

std::string listenUri(std::string_view listen_host, std::uint16_t port) {
    const auto literal = IpLiteral::parse(listen_host);
    if (literal && literal->family() == IpFamily::V6) {
        return fmt::format("sip:[{}]:{};transport=udp", literal->toString(), port);
    }
    return fmt::format("sip:{}:{};transport=udp", listen_host, port);
}

std::string cleanDisplayName(std::string_view display_name) {
    std::string clean;
    for (char c : display_name) {
        if (clean.size() == kMaxDisplayName) break;
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\') continue;
        clean.push_back(c);
    }
    // Leading/trailing blanks are not worth quoting.
    const auto first = clean.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    const auto last = clean.find_last_not_of(' ');
    return clean.substr(first, last - first + 1);
}

std::string fromHeader(std::string_view display_name, std::string_view caller_id,
                       std::string_view host) {
    const std::string user(caller_id.empty() ? kAnonymousUser : caller_id);
    const std::string display = cleanDisplayName(display_name);
    if (display.empty()) return fmt::format("<sip:{}@{}>", user, host);
    return fmt::format("\"{}\" <sip:{}@{}>", display, user, host);
}

std::string assertedIdentityHeader(std::string_view caller_id, std::string_view host) {
    if (caller_id.empty()) return {};
    return fmt::format("<sip:{}@{}>", caller_id, host);
}

std::string toHeader(std::string_view target_uri) {
    return fmt::format("<{}>", target_uri);
}

}  // namespace confab::sip
