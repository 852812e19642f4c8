#include "confab/policy/jid_match.h"

namespace confab::policy {

namespace {

char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoringAsciiCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (asciiLower(a[i]) != asciiLower(b[i])) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string normalizeUserJid(std::string_view jid) {
    // RFC 7622: neither the local part nor the domain may hold '/', so the
    // first '/' starts the resource.
    const std::string_view bare = jid.substr(0, jid.find('/'));
    const auto at = bare.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == bare.size() ||
        bare.find('@', at + 1) != std::string_view::npos) {
        return {};
    }
    std::string normalized;
    normalized.reserve(bare.size());
    for (const char c : bare) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20U || byte == 0x7FU) {
            return {};
        }
        normalized += asciiLower(c);
    }
    return normalized;
}

MemberMatch matchMember(std::string_view member, std::string_view user_jid) {
    const auto at = user_jid.find('@');
    if (member.empty() || at == std::string_view::npos) {
        return MemberMatch::None;
    }
    if (member.find('@') != std::string_view::npos) {
        return equalsIgnoringAsciiCase(member, user_jid) ? MemberMatch::Jid : MemberMatch::None;
    }
    return equalsIgnoringAsciiCase(member, user_jid.substr(at + 1)) ? MemberMatch::Domain
                                                                    : MemberMatch::None;
}

}  // namespace confab::policy
