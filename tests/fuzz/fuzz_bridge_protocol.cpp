// Fuzz target: the bridge's XMPP payload parsers (confab-bridge-protocol) on
// arbitrary bytes. parseXml() turns the bytes into one element, then every
// parser reads it. Besides "no crash", what parses must survive a round trip:
// the matching builder's tag, read directly and again after Tag::xml() and
// parseXml() (the wire), gives back the same value, up to what the builders
// document they change (text made XML-safe, a Deleted element reduced to its
// entity and state, a Full document's user-count filled in...). A parser and a
// builder that disagree would make the bridge and our client see different
// conferences.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <gloox/tag.h>

#include "confab/protocol/conference_info.h"
#include "confab/protocol/invitation.h"
#include "confab/protocol/muc.h"
#include "confab/protocol/rfc3339.h"
#include "confab/protocol/talker.h"
#include "confab/protocol/xml_text.h"
#include "fuzz_check.h"

namespace {

namespace protocol = confab::protocol;
using protocol::ElementState;

// What the builders do to every element text: xmlSafeText().
std::string builtText(std::string_view text) {
    return protocol::xmlSafeText(text);
}

// What the builders do to every attribute value: xmlSafeText(), then tab, LF
// and CR become spaces (see tag_util.h).
std::string builtAttribute(std::string_view text) {
    std::string safe = protocol::xmlSafeText(text);
    for (char& c : safe)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return safe;
}

// A <when> the builder can write; RFC 3339 cannot hold years outside 0000..9999,
// which an offset can reach from "0000-01-01T00:00:00+01:00".
std::optional<std::int64_t> builtWhen(std::optional<std::int64_t> unix_ms) {
    if (unix_ms && protocol::formatRfc3339Utc(*unix_ms).empty()) return std::nullopt;
    return unix_ms;
}

// The tag after a trip over the wire; it must still be XML-safe and parse.
std::unique_ptr<gloox::Tag> overTheWire(const gloox::Tag& tag) {
    const std::string xml = tag.xml();
    FUZZ_CHECK(protocol::xmlSafeText(xml) == xml);
    auto parsed = protocol::parseXml(xml);
    FUZZ_CHECK(parsed != nullptr);
    return parsed;
}

// ---- conference-info ------------------------------------------------------

protocol::EndpointInfo expectedEndpoint(const protocol::EndpointInfo& parsed) {
    protocol::EndpointInfo endpoint;
    endpoint.entity = builtAttribute(parsed.entity);
    endpoint.state = parsed.state;
    if (parsed.state == ElementState::Deleted) {
        endpoint.status = protocol::EndpointStatus::Disconnected;
        return endpoint;
    }
    endpoint.display_text = builtText(parsed.display_text);
    endpoint.status = parsed.status;
    endpoint.method = parsed.method;
    endpoint.reason = builtText(parsed.reason);
    endpoint.sip_code = parsed.sip_code;
    endpoint.joined_unix_ms = builtWhen(parsed.joined_unix_ms);
    endpoint.left_unix_ms = builtWhen(parsed.left_unix_ms);
    return endpoint;
}

protocol::UserInfo expectedUser(const protocol::UserInfo& parsed) {
    protocol::UserInfo user;
    user.entity = builtAttribute(parsed.entity);
    user.state = parsed.state;
    if (parsed.state == ElementState::Deleted) return user;
    user.display_text = builtText(parsed.display_text);
    for (const auto& endpoint : parsed.endpoints)
        user.endpoints.push_back(expectedEndpoint(endpoint));
    return user;
}

protocol::ConferenceInfoDocument expectedDocument(const protocol::ConferenceInfoDocument& parsed) {
    protocol::ConferenceInfoDocument doc;
    doc.entity = builtAttribute(parsed.entity);
    doc.version = parsed.version;
    doc.state = parsed.state;
    if (parsed.state == ElementState::Deleted) return doc;
    doc.subject = builtText(parsed.subject);
    for (const auto& user : parsed.users) doc.users.push_back(expectedUser(user));
    if (parsed.state == ElementState::Full || parsed.user_count) {
        // <conference-state> is written, with all three values.
        doc.active = parsed.active;
        doc.locked = parsed.locked;
        doc.user_count = parsed.user_count;
        if (!doc.user_count) {
            std::uint32_t present = 0;
            for (const auto& user : parsed.users)
                if (user.state != ElementState::Deleted) ++present;
            doc.user_count = present;
        }
    }
    return doc;
}

void checkConferenceInfo(const gloox::Tag& tag) {
    const auto parsed = protocol::parseConferenceInfo(tag);
    if (!parsed) return;
    const protocol::ConferenceInfoDocument expected = expectedDocument(*parsed);
    const auto rebuilt = protocol::conferenceInfoTag(*parsed);
    const auto reparsed = protocol::parseConferenceInfo(*rebuilt);
    FUZZ_CHECK(reparsed.has_value());
    FUZZ_CHECK(*reparsed == expected);
    const auto wire = overTheWire(*rebuilt);
    const auto from_wire = protocol::parseConferenceInfo(*wire);
    FUZZ_CHECK(from_wire.has_value());
    FUZZ_CHECK(*from_wire == expected);
}

// ---- talker events ----------------------------------------------------------

void checkSpeaking(const gloox::Tag& tag) {
    const auto parsed = protocol::parseSpeaking(tag);
    if (!parsed) return;
    FUZZ_CHECK(!parsed->call_uri.empty());
    const protocol::SpeakingEvent expected{parsed->started, builtAttribute(parsed->call_uri)};
    const auto rebuilt = protocol::speakingTag(parsed->started, parsed->call_uri);
    const auto reparsed = protocol::parseSpeaking(*rebuilt);
    FUZZ_CHECK(reparsed.has_value());
    FUZZ_CHECK(*reparsed == expected);
    const auto wire = overTheWire(*rebuilt);
    const auto from_wire = protocol::parseSpeaking(*wire);
    FUZZ_CHECK(from_wire.has_value());
    FUZZ_CHECK(*from_wire == expected);

    // The call URI helpers see the same untrusted text; what they accept must
    // turn back into the same URI.
    if (const auto number = protocol::numberFromCallUri(parsed->call_uri))
        FUZZ_CHECK(protocol::callUriForNumber(*number) == "tel:" + *number);
    if (const auto jid = protocol::jidFromCallUri(parsed->call_uri)) {
        const std::string uri = protocol::callUriForJid(*jid);
        FUZZ_CHECK(!uri.empty());
        FUZZ_CHECK(protocol::jidFromCallUri(uri) == jid);
    }
}

// ---- MUC occupant presence (parse only: the bridge never builds one) --------

bool isOneOf(const std::string& value, std::initializer_list<std::string_view> allowed) {
    for (const std::string_view candidate : allowed)
        if (value == candidate) return true;
    return false;
}

void checkOccupantPresence(const gloox::Tag& tag) {
    const auto occupant = protocol::parseOccupantPresence(tag);
    if (!occupant) return;
    const auto at = occupant->room_jid.find('@');
    FUZZ_CHECK(at != std::string::npos && at > 0 && at + 1 < occupant->room_jid.size());
    FUZZ_CHECK(occupant->room_jid.find('/') == std::string::npos);
    FUZZ_CHECK(!occupant->nick.empty());
    FUZZ_CHECK(isOneOf(occupant->affiliation, {"owner", "admin", "member", "none", "outcast"}));
    FUZZ_CHECK(isOneOf(occupant->role, {"moderator", "participant", "visitor", "none"}));
    FUZZ_CHECK(occupant->status_codes.size() <= 32);
    for (const int code : occupant->status_codes) FUZZ_CHECK(code >= 100 && code <= 999);
}

// ---- invitations --------------------------------------------------------------

void checkInvitation(const gloox::Tag& tag) {
    const auto parsed = protocol::parseInvitation(tag);
    if (!parsed) return;
    FUZZ_CHECK(parsed->timeout_seconds >= 1);
    FUZZ_CHECK(parsed->timeout_seconds <= protocol::kMaxInvitationTimeoutSeconds);
    FUZZ_CHECK(parsed->numbers.size() <= protocol::kMaxInvitationNumbers);
    protocol::Invitation expected = *parsed;
    expected.id = builtAttribute(parsed->id);
    expected.room_jid = builtAttribute(parsed->room_jid);
    expected.inviter_jid = builtAttribute(parsed->inviter_jid);
    expected.inviter_name = builtAttribute(parsed->inviter_name);

    const auto rebuilt = protocol::invitationTag(*parsed);
    const auto reparsed = protocol::parseInvitation(*rebuilt);
    FUZZ_CHECK(reparsed.has_value());
    FUZZ_CHECK(*reparsed == expected);
    // The whole message, as the bridge sends it, over the wire.
    const auto message = protocol::invitationMessage("bridge.example.com", "bob@example.com",
                                                     *parsed, "You are invited.", "m1");
    const auto wire = overTheWire(*message);
    const auto from_wire = protocol::parseInvitation(*wire);
    FUZZ_CHECK(from_wire.has_value());
    FUZZ_CHECK(*from_wire == expected);
}

void checkInvitationAnswer(const gloox::Tag& tag) {
    const auto parsed = protocol::parseInvitationAnswer(tag);
    if (!parsed) return;
    FUZZ_CHECK(!parsed->id.empty());
    FUZZ_CHECK(!(parsed->chat_only && !parsed->number.empty()));
    FUZZ_CHECK(parsed->accepted || (parsed->number.empty() && !parsed->chat_only));
    protocol::InvitationAnswer expected = *parsed;
    expected.id = builtAttribute(parsed->id);

    const auto rebuilt = protocol::invitationAnswerTag(*parsed);
    const auto reparsed = protocol::parseInvitationAnswer(*rebuilt);
    FUZZ_CHECK(reparsed.has_value());
    FUZZ_CHECK(*reparsed == expected);
    const auto wire = overTheWire(*rebuilt);
    const auto from_wire = protocol::parseInvitationAnswer(*wire);
    FUZZ_CHECK(from_wire.has_value());
    FUZZ_CHECK(*from_wire == expected);
}

void checkEveryParser(const gloox::Tag& tag) {
    checkConferenceInfo(tag);
    checkSpeaking(tag);
    checkOccupantPresence(tag);
    checkInvitation(tag);
    checkInvitationAnswer(tag);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::unique_ptr<gloox::Tag> tag = protocol::parseXml(input);
    if (!tag) return 0;
    checkEveryParser(*tag);
    // A client hands the parsers a message's payload too (conference-info
    // arrives inside a <message/>, and parseConferenceInfo wants the element).
    for (const gloox::Tag* child : tag->children()) checkEveryParser(*child);
    return 0;
}
