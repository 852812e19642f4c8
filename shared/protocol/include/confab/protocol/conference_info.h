// RFC 4575 conference-info documents: who is in a conference and how each of
// their phone legs is doing. The bridge sends a full document to an occupant
// who joins, then partial documents with increasing versions as things change
// (docs/protocol.md). Pure functions, any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gloox {
class Tag;
}

namespace confab::protocol {

// RFC 4575 <status> values the bridge uses: dialing-out, alerting, connected,
// on-hold, muted-via-focus, disconnected.
enum class EndpointStatus { DialingOut, Alerting, Connected, OnHold, MutedViaFocus, Disconnected };
// RFC 4575 <disconnection-method>; None writes no element.
enum class DisconnectionMethod { None, Departed, Booted, Failed, Busy };
// The RFC 4575 state attribute: full, partial, deleted.
enum class ElementState { Full, Partial, Deleted };

struct EndpointInfo {
    std::string entity;  // "tel:+15551234567" or "xmpp:bob@example.com"
    std::string display_text;
    EndpointStatus status = EndpointStatus::DialingOut;
    DisconnectionMethod method = DisconnectionMethod::None;
    std::string reason;  // free text, e.g. "busy (SIP 486)"
    int sip_code = 0;    // final SIP status 100..699 that ended the leg; 0 = none
    std::optional<std::int64_t> joined_unix_ms;
    std::optional<std::int64_t> left_unix_ms;
    ElementState state = ElementState::Full;

    bool operator==(const EndpointInfo&) const = default;
};

struct UserInfo {
    std::string entity;
    std::string display_text;
    std::vector<EndpointInfo> endpoints;
    ElementState state = ElementState::Full;

    bool operator==(const UserInfo&) const = default;
};

struct ConferenceInfoDocument {
    std::string entity;  // "xmpp:room@conference.example.com"
    std::uint32_t version = 1;
    ElementState state = ElementState::Full;
    std::string subject;  // Partial: written only when not empty
    // <conference-state>. A Full document always carries it (user-count
    // defaults to the number of users not Deleted). A Partial document carries
    // it only when user_count is set, and then with active and locked too.
    bool active = true;
    bool locked = false;
    // A plugin is recording the conference: <recording xmlns='urn:confab:bridge:0'>
    // inside <conference-state>, written whenever conference-state is.
    bool recording = false;
    std::optional<std::uint32_t> user_count;
    std::vector<UserInfo> users;

    bool operator==(const ConferenceInfoDocument&) const = default;
};

// <conference-info xmlns='urn:ietf:params:xml:ns:conference-info' .../>.
// Elements in RFC 4575 schema order; empty strings and unset optionals are
// left out; a Deleted element carries only its entity and state; a Deleted
// document has no children. A SIP code goes into
// <sip-code xmlns='urn:confab:bridge:0'> as the endpoint's last child.
std::unique_ptr<gloox::Tag> conferenceInfoTag(const ConferenceInfoDocument& doc);

// The inverse, for tests and our own client. nullopt (never a throw) for a
// wrong element or namespace, a missing entity or version, a version above
// 2^32-1, a status, method or state value the bridge does not send, a bad
// <when>, user-count, boolean or sip-code. An endpoint without <status> keeps
// the default, except a Deleted one, which reads as Disconnected.
std::optional<ConferenceInfoDocument> parseConferenceInfo(const gloox::Tag& tag);

// The RFC 4575 strings, and back (nullopt for anything else).
std::string_view toString(EndpointStatus status);
std::string_view toString(DisconnectionMethod method);  // "" for None
std::string_view toString(ElementState state);
std::optional<EndpointStatus> endpointStatusFromString(std::string_view text);
std::optional<DisconnectionMethod> disconnectionMethodFromString(std::string_view text);
std::optional<ElementState> elementStateFromString(std::string_view text);

}  // namespace confab::protocol
