// XEP-0327 (Rayo) talker events, <started-speaking/> and <stopped-speaking/>,
// and the call URIs that name who is talking: "tel:+15551234567" for a phone
// leg, "xmpp:bob@example.com" for a chat user. Pure functions, any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gloox {
class Tag;
}

namespace confab::protocol {

// <started-speaking xmlns='urn:xmpp:rayo:1' call-uri='tel:+15551234567'/>, or
// <stopped-speaking .../> when `started` is false.
std::unique_ptr<gloox::Tag> speakingTag(bool started, const std::string& call_uri);

struct SpeakingEvent {
    bool started = false;
    std::string call_uri;

    bool operator==(const SpeakingEvent&) const = default;
};
// The event in a <started-speaking/> or <stopped-speaking/> element, or in the
// first such child of a <message/>. nullopt without a call-uri.
std::optional<SpeakingEvent> parseSpeaking(const gloox::Tag& tag);

// "tel:" + `e164` for "+" followed by 1..15 digits; "" for anything else.
std::string callUriForNumber(std::string_view e164);
// "xmpp:" + `bare_jid` ('%', '?' and '#' percent-encoded, RFC 5122); "" for
// anything that is not a bare JID (empty parts, a resource, spaces, controls).
std::string callUriForJid(std::string_view bare_jid);

// The E.164 number of "tel:+15551234567"; RFC 3966 visual separators
// ("-", ".", "(", ")") are dropped. nullopt for anything else.
std::optional<std::string> numberFromCallUri(std::string_view uri);
// The bare JID of "xmpp:bob@example.com" (percent-decoded); nullopt for
// anything else, including a full JID or a URI with a query.
std::optional<std::string> jidFromCallUri(std::string_view uri);

}  // namespace confab::protocol
