// Builders for RFC 4575 documents as the bridge sends them, for the
// conference model tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "confab/protocol/conference_info.h"

namespace confab::client::test {

inline protocol::EndpointInfo leg(const std::string& number, protocol::EndpointStatus status,
                                  protocol::ElementState state = protocol::ElementState::Full) {
    protocol::EndpointInfo endpoint;
    endpoint.entity = "tel:" + number;
    endpoint.status = status;
    endpoint.state = state;
    return endpoint;
}

inline protocol::EndpointInfo joinedLeg(const std::string& number, protocol::EndpointStatus status,
                                        std::int64_t joined_ms,
                                        protocol::ElementState state = protocol::ElementState::Full) {
    protocol::EndpointInfo endpoint = leg(number, status, state);
    endpoint.joined_unix_ms = joined_ms;
    return endpoint;
}

inline protocol::EndpointInfo endedLeg(const std::string& number, protocol::DisconnectionMethod method,
                                       int sip_code, const std::string& reason,
                                       protocol::ElementState state = protocol::ElementState::Partial) {
    protocol::EndpointInfo endpoint = leg(number, protocol::EndpointStatus::Disconnected, state);
    endpoint.method = method;
    endpoint.sip_code = sip_code;
    endpoint.reason = reason;
    return endpoint;
}

inline protocol::UserInfo user(const std::string& entity, const std::string& display,
                               std::vector<protocol::EndpointInfo> endpoints,
                               protocol::ElementState state = protocol::ElementState::Full) {
    protocol::UserInfo u;
    u.entity = entity;
    u.display_text = display;
    u.endpoints = std::move(endpoints);
    u.state = state;
    return u;
}

inline protocol::UserInfo deletedUser(const std::string& entity) {
    protocol::UserInfo u;
    u.entity = entity;
    u.state = protocol::ElementState::Deleted;
    return u;
}

inline protocol::ConferenceInfoDocument fullDocument(std::uint32_t version, std::vector<protocol::UserInfo> users,
                                                     const std::string& room = "standup@conference.example.com") {
    protocol::ConferenceInfoDocument doc;
    doc.entity = "xmpp:" + room;
    doc.version = version;
    doc.state = protocol::ElementState::Full;
    doc.subject = "Daily standup";
    doc.user_count = static_cast<std::uint32_t>(users.size());
    doc.users = std::move(users);
    return doc;
}

// A partial document the way the bridge writes one per change: the user and
// its endpoint both partial, and no <conference-state>.
inline protocol::ConferenceInfoDocument partialDocument(std::uint32_t version, std::vector<protocol::UserInfo> users,
                                                        const std::string& room = "standup@conference.example.com") {
    protocol::ConferenceInfoDocument doc;
    doc.entity = "xmpp:" + room;
    doc.version = version;
    doc.state = protocol::ElementState::Partial;
    for (protocol::UserInfo& u : users) {
        if (u.state == protocol::ElementState::Full) {
            u.state = protocol::ElementState::Partial;
        }
    }
    doc.users = std::move(users);
    return doc;
}

}  // namespace confab::client::test
