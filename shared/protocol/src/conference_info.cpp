#include "confab/protocol/conference_info.h"

#include <limits>

#include "confab/protocol/namespaces.h"
#include "confab/protocol/rfc3339.h"
#include "tag_util.h"

namespace confab::protocol {
namespace {

using detail::addChild;
using detail::findChild;
using detail::setAttribute;

const std::string kNs = ns::kConferenceInfo;
const std::string kBridgeNs = ns::kConfabBridge;
constexpr int kMinSipCode = 100;
constexpr int kMaxSipCode = 699;

// <when> inside joining-info / disconnection-info; nothing for unwritable instants.
void addWhen(gloox::Tag& parent, std::int64_t unix_ms) {
    const std::string when = formatRfc3339Utc(unix_ms);
    if (!when.empty()) addChild(parent, "when", when);
}

void addEndpoint(gloox::Tag& user, const EndpointInfo& endpoint) {
    gloox::Tag& tag = addChild(user, "endpoint");
    setAttribute(tag, "entity", endpoint.entity);
    setAttribute(tag, "state", toString(endpoint.state));
    if (endpoint.state == ElementState::Deleted) return;

    if (!endpoint.display_text.empty()) addChild(tag, "display-text", endpoint.display_text);
    addChild(tag, "status", toString(endpoint.status));
    if (endpoint.joined_unix_ms) addWhen(addChild(tag, "joining-info"), *endpoint.joined_unix_ms);
    if (endpoint.method != DisconnectionMethod::None)
        addChild(tag, "disconnection-method", toString(endpoint.method));
    if (endpoint.left_unix_ms || !endpoint.reason.empty()) {
        gloox::Tag& info = addChild(tag, "disconnection-info");
        if (endpoint.left_unix_ms) addWhen(info, *endpoint.left_unix_ms);
        if (!endpoint.reason.empty()) addChild(info, "reason", endpoint.reason);
    }
    // RFC 4575's endpoint-type ends with <xs:any namespace="##other">, so the
    // extension goes last, in our namespace.
    if (endpoint.sip_code >= kMinSipCode && endpoint.sip_code <= kMaxSipCode) {
        gloox::Tag& code = addChild(tag, "sip-code", std::to_string(endpoint.sip_code));
        code.setXmlns(kBridgeNs);
    }
}

void addUser(gloox::Tag& users, const UserInfo& user) {
    gloox::Tag& tag = addChild(users, "user");
    setAttribute(tag, "entity", user.entity);
    setAttribute(tag, "state", toString(user.state));
    if (user.state == ElementState::Deleted) return;
    if (!user.display_text.empty()) addChild(tag, "display-text", user.display_text);
    for (const EndpointInfo& endpoint : user.endpoints) addEndpoint(tag, endpoint);
}

std::uint32_t presentUsers(const ConferenceInfoDocument& doc) {
    std::uint32_t count = 0;
    for (const UserInfo& user : doc.users)
        if (user.state != ElementState::Deleted) ++count;
    return count;
}

// The state attribute, "full" when absent (the RFC 4575 default).
std::optional<ElementState> stateOf(const gloox::Tag& tag) {
    if (!tag.hasAttribute("state")) return ElementState::Full;
    return elementStateFromString(tag.findAttribute("state"));
}

bool parseWhen(const gloox::Tag& info, std::optional<std::int64_t>& out) {
    const gloox::Tag* when = findChild(info, "when", kNs);
    if (!when) return true;
    out = parseRfc3339(when->cdata());
    return out.has_value();
}

std::optional<int> parseSipCode(const gloox::Tag& tag) {
    const auto value = detail::parseUnsigned(tag.cdata(), kMaxSipCode);
    if (!value || *value < static_cast<std::uint64_t>(kMinSipCode)) return std::nullopt;
    return static_cast<int>(*value);
}

std::optional<EndpointInfo> parseEndpoint(const gloox::Tag& tag) {
    EndpointInfo endpoint;
    endpoint.entity = tag.findAttribute("entity");
    const auto state = stateOf(tag);
    if (endpoint.entity.empty() || !state) return std::nullopt;
    endpoint.state = *state;
    if (endpoint.state == ElementState::Deleted) endpoint.status = EndpointStatus::Disconnected;

    if (const gloox::Tag* text = findChild(tag, "display-text", kNs))
        endpoint.display_text = text->cdata();
    if (const gloox::Tag* status = findChild(tag, "status", kNs)) {
        const auto value = endpointStatusFromString(status->cdata());
        if (!value) return std::nullopt;
        endpoint.status = *value;
    }
    if (const gloox::Tag* joining = findChild(tag, "joining-info", kNs))
        if (!parseWhen(*joining, endpoint.joined_unix_ms)) return std::nullopt;
    if (const gloox::Tag* method = findChild(tag, "disconnection-method", kNs)) {
        const auto value = disconnectionMethodFromString(method->cdata());
        if (!value) return std::nullopt;
        endpoint.method = *value;
    }
    const gloox::Tag* sip_code = findChild(tag, "sip-code", kBridgeNs);
    if (const gloox::Tag* info = findChild(tag, "disconnection-info", kNs)) {
        if (!parseWhen(*info, endpoint.left_unix_ms)) return std::nullopt;
        if (const gloox::Tag* reason = findChild(*info, "reason", kNs))
            endpoint.reason = reason->cdata();
        // Accepted here too, where a reader of the brief might expect it.
        if (!sip_code) sip_code = findChild(*info, "sip-code", kBridgeNs);
    }
    if (sip_code) {
        const auto code = parseSipCode(*sip_code);
        if (!code) return std::nullopt;
        endpoint.sip_code = *code;
    }
    return endpoint;
}

std::optional<UserInfo> parseUser(const gloox::Tag& tag) {
    UserInfo user;
    user.entity = tag.findAttribute("entity");
    const auto state = stateOf(tag);
    if (user.entity.empty() || !state) return std::nullopt;
    user.state = *state;
    if (const gloox::Tag* text = findChild(tag, "display-text", kNs))
        user.display_text = text->cdata();
    for (const gloox::Tag* child : tag.children()) {
        if (!detail::is(*child, "endpoint", kNs)) continue;
        auto endpoint = parseEndpoint(*child);
        if (!endpoint) return std::nullopt;
        user.endpoints.push_back(std::move(*endpoint));
    }
    return user;
}

bool parseConferenceState(const gloox::Tag& tag, ConferenceInfoDocument& doc) {
    if (const gloox::Tag* count = findChild(tag, "user-count", kNs)) {
        const auto value =
            detail::parseUnsigned(count->cdata(), std::numeric_limits<std::uint32_t>::max());
        if (!value) return false;
        doc.user_count = static_cast<std::uint32_t>(*value);
    }
    if (const gloox::Tag* active = findChild(tag, "active", kNs)) {
        const auto value = detail::parseBoolean(active->cdata());
        if (!value) return false;
        doc.active = *value;
    }
    if (const gloox::Tag* locked = findChild(tag, "locked", kNs)) {
        const auto value = detail::parseBoolean(locked->cdata());
        if (!value) return false;
        doc.locked = *value;
    }
    if (const gloox::Tag* recording = findChild(tag, "recording", kBridgeNs)) {
        const auto value = detail::parseBoolean(recording->cdata());
        if (!value) return false;
        doc.recording = *value;
    }
    return true;
}

}  // namespace

std::string_view toString(EndpointStatus status) {
    switch (status) {
        case EndpointStatus::DialingOut: return "dialing-out";
        case EndpointStatus::Alerting: return "alerting";
        case EndpointStatus::Connected: return "connected";
        case EndpointStatus::OnHold: return "on-hold";
        case EndpointStatus::MutedViaFocus: return "muted-via-focus";
        case EndpointStatus::Disconnected: return "disconnected";
    }
    return "disconnected";
}

std::string_view toString(DisconnectionMethod method) {
    switch (method) {
        case DisconnectionMethod::None: return "";
        case DisconnectionMethod::Departed: return "departed";
        case DisconnectionMethod::Booted: return "booted";
        case DisconnectionMethod::Failed: return "failed";
        case DisconnectionMethod::Busy: return "busy";
    }
    return "";
}

std::string_view toString(ElementState state) {
    switch (state) {
        case ElementState::Full: return "full";
        case ElementState::Partial: return "partial";
        case ElementState::Deleted: return "deleted";
    }
    return "full";
}

std::optional<EndpointStatus> endpointStatusFromString(std::string_view text) {
    for (const auto status :
         {EndpointStatus::DialingOut, EndpointStatus::Alerting, EndpointStatus::Connected,
          EndpointStatus::OnHold, EndpointStatus::MutedViaFocus, EndpointStatus::Disconnected})
        if (text == toString(status)) return status;
    return std::nullopt;
}

std::optional<DisconnectionMethod> disconnectionMethodFromString(std::string_view text) {
    for (const auto method : {DisconnectionMethod::Departed, DisconnectionMethod::Booted,
                              DisconnectionMethod::Failed, DisconnectionMethod::Busy})
        if (text == toString(method)) return method;
    return std::nullopt;
}

std::optional<ElementState> elementStateFromString(std::string_view text) {
    for (const auto state : {ElementState::Full, ElementState::Partial, ElementState::Deleted})
        if (text == toString(state)) return state;
    return std::nullopt;
}

std::unique_ptr<gloox::Tag> conferenceInfoTag(const ConferenceInfoDocument& doc) {
    auto root = detail::makeTag("conference-info", kNs);
    setAttribute(*root, "entity", doc.entity);
    setAttribute(*root, "version", std::to_string(doc.version));
    setAttribute(*root, "state", toString(doc.state));
    if (doc.state == ElementState::Deleted) return root;
    const bool full = doc.state == ElementState::Full;

    if (full || !doc.subject.empty()) {
        gloox::Tag& description = addChild(*root, "conference-description");
        if (!doc.subject.empty()) addChild(description, "subject", doc.subject);
    }
    if (full || doc.user_count) {
        gloox::Tag& state = addChild(*root, "conference-state");
        addChild(state, "user-count", std::to_string(doc.user_count.value_or(presentUsers(doc))));
        addChild(state, "active", doc.active ? "true" : "false");
        addChild(state, "locked", doc.locked ? "true" : "false");
        // conference-state-type ends with <xs:any namespace="##other">, so our
        // extension goes after the RFC 4575 elements.
        gloox::Tag& recording = addChild(state, "recording", doc.recording ? "true" : "false");
        recording.setXmlns(kBridgeNs);
    }
    if (full || !doc.users.empty()) {
        // An explicit state: the schema's default for <users> is "full", which
        // inside a partial document would claim the list is complete.
        gloox::Tag& users = addChild(*root, "users");
        setAttribute(users, "state", full ? "full" : "partial");
        for (const UserInfo& user : doc.users) addUser(users, user);
    }
    return root;
}

std::optional<ConferenceInfoDocument> parseConferenceInfo(const gloox::Tag& tag) {
    if (!detail::is(tag, "conference-info", kNs)) return std::nullopt;
    ConferenceInfoDocument doc;
    doc.entity = tag.findAttribute("entity");
    constexpr auto kMaxVersion = std::numeric_limits<std::uint32_t>::max();
    const auto version = detail::parseUnsigned(tag.findAttribute("version"), kMaxVersion);
    const auto state = stateOf(tag);
    if (doc.entity.empty() || !version || !state) return std::nullopt;
    doc.version = static_cast<std::uint32_t>(*version);
    doc.state = *state;

    if (const gloox::Tag* description = findChild(tag, "conference-description", kNs))
        if (const gloox::Tag* subject = findChild(*description, "subject", kNs))
            doc.subject = subject->cdata();
    if (const gloox::Tag* conference_state = findChild(tag, "conference-state", kNs))
        if (!parseConferenceState(*conference_state, doc)) return std::nullopt;
    if (const gloox::Tag* users = findChild(tag, "users", kNs)) {
        for (const gloox::Tag* child : users->children()) {
            if (!detail::is(*child, "user", kNs)) continue;
            auto user = parseUser(*child);
            if (!user) return std::nullopt;
            doc.users.push_back(std::move(*user));
        }
    }
    return doc;
}

}  // namespace confab::protocol
