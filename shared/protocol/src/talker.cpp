#include "confab/protocol/talker.h"

#include "confab/protocol/namespaces.h"
#include "tag_util.h"

namespace confab::protocol {
namespace {

const std::string kNs = ns::kRayo;
constexpr std::string_view kTel = "tel:";
constexpr std::string_view kXmpp = "xmpp:";
constexpr std::size_t kMaxJidBytes = 3071;  // RFC 7622: three parts of 1023 bytes, plus '@'

bool isBareJid(std::string_view jid) {
    if (jid.empty() || jid.size() > kMaxJidBytes) return false;
    for (const char c : jid) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7F || c == '/' || c == '"' || c == '<' || c == '>' ||
            c == '\'' || c == '&')
            return false;
    }
    const auto at = jid.find('@');
    if (at == std::string_view::npos) return true;  // a domain JID
    return at > 0 && at + 1 < jid.size() && jid.find('@', at + 1) == std::string_view::npos;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::unique_ptr<gloox::Tag> speakingTag(bool started, const std::string& call_uri) {
    auto tag = detail::makeTag(started ? "started-speaking" : "stopped-speaking", kNs);
    detail::setAttribute(*tag, "call-uri", call_uri);
    return tag;
}

std::optional<SpeakingEvent> parseSpeaking(const gloox::Tag& tag) {
    const gloox::Tag* event = &tag;
    if (tag.name() == "message") {
        if (detail::isErrorStanza(tag)) return std::nullopt;
        event = detail::findChild(tag, "started-speaking", kNs);
        if (!event) event = detail::findChild(tag, "stopped-speaking", kNs);
        if (!event) return std::nullopt;
    }
    SpeakingEvent result;
    if (detail::is(*event, "started-speaking", kNs))
        result.started = true;
    else if (!detail::is(*event, "stopped-speaking", kNs))
        return std::nullopt;
    result.call_uri = event->findAttribute("call-uri");
    if (result.call_uri.empty()) return std::nullopt;
    return result;
}

std::string callUriForNumber(std::string_view e164) {
    if (!detail::isE164(e164)) return {};
    return std::string(kTel) + std::string(e164);
}

std::string callUriForJid(std::string_view bare_jid) {
    if (!isBareJid(bare_jid)) return {};
    std::string uri(kXmpp);
    for (const char c : bare_jid) {
        if (c == '%' || c == '?' || c == '#') {
            static constexpr char kHex[] = "0123456789ABCDEF";
            const auto byte = static_cast<unsigned char>(c);
            uri.push_back('%');
            uri.push_back(kHex[byte >> 4]);
            uri.push_back(kHex[byte & 0xF]);
        } else {
            uri.push_back(c);
        }
    }
    return uri;
}

std::optional<std::string> numberFromCallUri(std::string_view uri) {
    if (uri.substr(0, kTel.size()) != kTel) return std::nullopt;
    std::string number;
    for (const char c : uri.substr(kTel.size())) {
        if (c == '-' || c == '.' || c == '(' || c == ')') continue;
        number.push_back(c);
        if (number.size() > 16) return std::nullopt;
    }
    if (!detail::isE164(number)) return std::nullopt;
    return number;
}

std::optional<std::string> jidFromCallUri(std::string_view uri) {
    if (uri.substr(0, kXmpp.size()) != kXmpp) return std::nullopt;
    std::string jid;
    const std::string_view rest = uri.substr(kXmpp.size());
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '?' || rest[i] == '#') return std::nullopt;
        if (rest[i] != '%') {
            jid.push_back(rest[i]);
            continue;
        }
        if (i + 2 >= rest.size()) return std::nullopt;
        const int high = hexValue(rest[i + 1]);
        const int low = hexValue(rest[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        jid.push_back(static_cast<char>(high * 16 + low));
        i += 2;
    }
    if (!isBareJid(jid)) return std::nullopt;
    return jid;
}

}  // namespace confab::protocol
