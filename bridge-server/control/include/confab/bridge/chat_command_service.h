// ChatCommandService: turns one chat message sent to the bridge into the
// plain-text reply a person reads in any XMPP client. It parses with the
// shared slash-command parser and answers /help from the shared command
// table. Pure: no I/O, no clock, so it is unit tested without XMPP.
//
// Thread contract: used on the control thread only; it keeps no state yet.
#pragma once

#include <string>

namespace confab::bridge {

class ChatCommandService {
public:
    // `from` is the sender's full JID. Returns the reply; empty means "send
    // nothing".
    std::string replyTo(const std::string& from, const std::string& body) const;
};

}  // namespace confab::bridge
