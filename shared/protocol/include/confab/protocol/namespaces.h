// The XML namespaces of every payload the bridge sends or parses, in one place
// so the builders, the parsers and the tests cannot drift apart.
#pragma once

namespace confab::protocol::ns {

// Ours.
inline constexpr const char* kConfabBridge = "urn:confab:bridge:0";  // extensions (sip-code)
inline constexpr const char* kConfabInvite = "urn:confab:invite:0";  // conference invitations

// RFC 4575 conference-info, XEP-0327 Rayo talker events, XEP-0334 hints.
inline constexpr const char* kConferenceInfo = "urn:ietf:params:xml:ns:conference-info";
inline constexpr const char* kRayo = "urn:xmpp:rayo:1";
inline constexpr const char* kHints = "urn:xmpp:hints";

// XEP-0045 multi-user chat, XEP-0004 data forms, XEP-0249 direct invitations.
inline constexpr const char* kMuc = "http://jabber.org/protocol/muc";
inline constexpr const char* kMucUser = "http://jabber.org/protocol/muc#user";
inline constexpr const char* kMucAdmin = "http://jabber.org/protocol/muc#admin";
inline constexpr const char* kMucOwner = "http://jabber.org/protocol/muc#owner";
inline constexpr const char* kMucRoomConfig = "http://jabber.org/protocol/muc#roomconfig";
inline constexpr const char* kDataForms = "jabber:x:data";
inline constexpr const char* kDirectInvite = "jabber:x:conference";

}  // namespace confab::protocol::ns
