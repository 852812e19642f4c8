// The conference-info documents the tests and docs/protocol.md use: a full
// document for a new occupant, then partial updates as legs change.
#pragma once

#include "confab/protocol/conference_info.h"

namespace confab::protocol::testing {

constexpr std::int64_t kJoinedMs = 1'795'295'444'000;  // 2026-11-21T21:10:44Z
constexpr std::int64_t kLeftMs = 1'795'295'502'000;    // 2026-11-21T21:11:42Z
inline const std::string kRoomEntity = "xmpp:standup@conference.example.com";

inline ConferenceInfoDocument fullDocument() {
    ConferenceInfoDocument doc;
    doc.entity = kRoomEntity;
    doc.version = 1;
    doc.subject = "Daily standup";
    doc.user_count = 2;
    UserInfo alice{"xmpp:alice@example.com", "Alice", {}, ElementState::Full};
    EndpointInfo alice_phone;
    alice_phone.entity = "tel:+15551234567";
    alice_phone.display_text = "Alice (work)";
    alice_phone.status = EndpointStatus::Connected;
    alice_phone.joined_unix_ms = kJoinedMs;
    alice.endpoints.push_back(alice_phone);
    UserInfo bob{"xmpp:bob@example.com", "Bob", {}, ElementState::Full};
    EndpointInfo bob_mobile;
    bob_mobile.entity = "tel:+15557654321";
    bob_mobile.status = EndpointStatus::Alerting;
    bob.endpoints.push_back(bob_mobile);
    doc.users = {alice, bob};
    return doc;
}

// Bob's phone was busy.
inline ConferenceInfoDocument bobBusyUpdate() {
    ConferenceInfoDocument doc;
    doc.entity = kRoomEntity;
    doc.version = 2;
    doc.state = ElementState::Partial;
    UserInfo bob{"xmpp:bob@example.com", "", {}, ElementState::Partial};
    EndpointInfo bob_mobile;
    bob_mobile.entity = "tel:+15557654321";
    bob_mobile.status = EndpointStatus::Disconnected;
    bob_mobile.method = DisconnectionMethod::Busy;
    bob_mobile.reason = "busy (SIP 486)";
    bob_mobile.sip_code = 486;
    bob_mobile.left_unix_ms = kLeftMs;
    bob_mobile.state = ElementState::Partial;
    bob.endpoints.push_back(bob_mobile);
    doc.users = {bob};
    return doc;
}

// Bob is gone from the conference; it is locked and has one user left.
inline ConferenceInfoDocument bobRemovedUpdate() {
    ConferenceInfoDocument doc;
    doc.entity = kRoomEntity;
    doc.version = 3;
    doc.state = ElementState::Partial;
    doc.user_count = 1;
    doc.locked = true;
    doc.users = {UserInfo{"xmpp:bob@example.com", "", {}, ElementState::Deleted}};
    return doc;
}

}  // namespace confab::protocol::testing
