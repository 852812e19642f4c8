// ChatCommandService: the text layer of the bridge's chat interface. It
// turns one chat line into either a reply a person reads in any XMPP client
// (parse errors, the plain-text hint, /help) or a parsed command for the
// ConferenceService to carry out. Pure: no I/O, no clock, no state, so it is
// unit tested without XMPP.
//
// Thread contract: any thread; it keeps no state.
#pragma once

#include <string>
#include <variant>

#include "confab/shared/slash_command.h"

namespace confab::bridge {

// What a chat line means: the reply to send back, or a command to run.
// An empty reply means "send nothing".
using ChatInterpretation = std::variant<std::string, SlashCommand>;

class ChatCommandService {
public:
    // `from` names the sender in log lines. In a room (`in_room`), lines that
    // are not commands are people chatting: they get no reply.
    ChatInterpretation interpret(const std::string& from, const std::string& body,
                                 bool in_room = false) const;
};

}  // namespace confab::bridge
