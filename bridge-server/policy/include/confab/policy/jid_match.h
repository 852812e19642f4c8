// Matching a user's JID against policy members ("alice@example.com" or
// "example.com"). A domain member matches users of exactly that domain: never
// a suffix ("bob@evil-example.com", "bob@example.com.evil") and never a
// subdomain, so a MUC occupant "room@conference.example.com/bob" is not a
// user of "example.com".
//
// Comparison is ASCII case-insensitive. Non-ASCII bytes compare exactly: the
// XMPP server has already applied PRECIS to the JIDs it routes to us.
//
// Threads: stateless; any thread.
#pragma once

#include <string>
#include <string_view>

namespace confab::policy {

enum class MemberMatch { None, Domain, Jid };

// "Bob@Example.COM/phone" -> "bob@example.com": resource dropped, ASCII lower
// case. Returns "" for anything that is not a user's JID: no local part, no
// domain, more than one '@', or spaces or control characters.
std::string normalizeUserJid(std::string_view jid);

// How `member` (a bare JID or a domain, any case) matches `user_jid`, which
// must come from normalizeUserJid. An empty `user_jid` matches nothing.
MemberMatch matchMember(std::string_view member, std::string_view user_jid);

}  // namespace confab::policy
