#include "confab/sip/sip_target_uri.h"

#include <optional>

#include <fmt/format.h>

#include "confab/sip/ip_literal.h"
#include "confab/sip/log_text.h"

namespace confab::sip {

namespace {

bool isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 3261 section 25.1: unreserved, reserved and the IPv6 brackets. '%' is
// checked separately, '?' is refused separately.
bool isUriChar(char c) {
    static constexpr std::string_view kMarks = "-_.!~*'()";
    static constexpr std::string_view kReserved = ";/:@&=+$,[]";
    return isAlnum(c) || kMarks.find(c) != std::string_view::npos ||
           kReserved.find(c) != std::string_view::npos;
}

bool startsWithIgnoringCase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

std::optional<std::string> checkPort(std::string_view port) {
    if (port.empty() || port.size() > 5) return "port must be 1..65535";
    unsigned value = 0;
    for (char c : port) {
        if (c < '0' || c > '9') return "port must be 1..65535";
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return "port must be 1..65535";
    return std::nullopt;
}

// host [":" port], host being a name, an IPv4 literal or "[" IPv6 "]".
std::optional<std::string> checkHostPort(std::string_view hostport, std::string& host) {
    std::string_view port;
    if (!hostport.empty() && hostport.front() == '[') {
        const auto close = hostport.find(']');
        if (close == std::string_view::npos) return "the IPv6 host has no ']'";
        const auto inside = hostport.substr(1, close - 1);
        const auto literal = IpLiteral::parse(inside);
        if (!literal || literal->family() != IpFamily::V6) return "the bracketed host is not IPv6";
        host = std::string(hostport.substr(0, close + 1));
        const auto after = hostport.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return "junk after the IPv6 host";
            port = after.substr(1);
            if (auto error = checkPort(port)) return error;
        }
        return std::nullopt;
    }
    const auto colon = hostport.find(':');
    const auto name = hostport.substr(0, colon);
    if (name.empty()) return "the host is empty";
    for (char c : name) {
        if (!isAlnum(c) && c != '-' && c != '.')
            return "the host has characters a host name cannot have";
    }
    if (name.front() == '-' || name.front() == '.' || name.back() == '-') {
        return "the host is not a valid name";
    }
    host = std::string(name);
    if (colon != std::string_view::npos) return checkPort(hostport.substr(colon + 1));
    return std::nullopt;
}

}  // namespace

Result<SipTargetUri> SipTargetUri::parse(std::string_view text) {
    auto refuse = [&](std::string_view why) {
        return Result<SipTargetUri>::failure(
            fmt::format("SIP URI {} is not acceptable: {}", quoteUntrusted(text, 80), why));
    };
    if (text.size() > kMaxLength) {
        return refuse(fmt::format("longer than {} characters", kMaxLength));
    }
    bool secure = false;
    std::string_view rest;
    if (startsWithIgnoringCase(text, "sips:")) {
        secure = true;
        rest = text.substr(5);
    } else if (startsWithIgnoringCase(text, "sip:")) {
        rest = text.substr(4);
    } else {
        return refuse("the scheme must be sip: or sips:");
    }
    for (std::size_t i = 0; i < rest.size(); ++i) {
        const char c = rest[i];
        if (c == '?') return refuse("a Request-URI cannot carry headers ('?')");
        if (c == '%') {
            if (i + 2 >= rest.size() || !isHex(rest[i + 1]) || !isHex(rest[i + 2])) {
                return refuse("'%' is not followed by two hex digits");
            }
            i += 2;
            continue;
        }
        if (!isUriChar(c)) {
            return refuse(fmt::format("character 0x{:02x} is not allowed in a SIP URI",
                                      static_cast<unsigned char>(c)));
        }
    }
    const auto at = rest.find('@');
    std::string_view after_user = rest;
    if (at != std::string_view::npos) {
        if (rest.find('@', at + 1) != std::string_view::npos) return refuse("more than one '@'");
        const auto user = rest.substr(0, at);
        if (user.empty()) return refuse("the user part before '@' is empty");
        // ';' may start user parameters; only ':' would start a password.
        if (user.find(':') != std::string_view::npos) return refuse("a password in the URI");
        after_user = rest.substr(at + 1);
    }
    const auto semicolon = after_user.find(';');
    std::string host;
    if (auto error = checkHostPort(after_user.substr(0, semicolon), host)) return refuse(*error);
    if (semicolon != std::string_view::npos) {
        const auto params = after_user.substr(semicolon);
        if (params.find(";;") != std::string_view::npos || params.back() == ';') {
            return refuse("an empty URI parameter");
        }
    }
    return Result<SipTargetUri>::success(SipTargetUri(std::string(text), secure, std::move(host)));
}

}  // namespace confab::sip
