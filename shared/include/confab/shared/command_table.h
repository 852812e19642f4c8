// The list of slash commands with their usage and one-line help: the single
// source for the bridge's /help reply, the parser's argument checks and the
// IM client's tab completion. Immutable static data; any thread may read it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "confab/shared/slash_command.h"

namespace confab {

struct CommandInfo {
    CommandName name;
    std::string_view name_text;             // canonical, lower case, no '/': "invite"
    std::vector<std::string_view> aliases;  // other names: {"add"}
    std::string_view usage;                 // "/invite <who>..."
    std::string_view summary;               // one line for /help
    std::size_t min_args = 0;
    std::size_t max_args = 0;  // kMaxSlashCommandArguments for "any number"
    // Completes "/invite needs ...": said when fewer than min_args are given.
    std::string_view needs;
    // True when the single word "all" may stand for every participant; "all"
    // may then not be mixed with other arguments.
    bool accepts_all = false;
};

// Every command in the order /help lists them.
const std::vector<CommandInfo>& commandTable();

// The entry for a command.
const CommandInfo& commandInfo(CommandName name);

// Looks up a name or alias, case-insensitively, with or without a leading
// '/'. Returns nullptr when there is no such command.
const CommandInfo* findCommand(std::string_view name_or_alias);

// The known name or alias closest to a mistyped one ("cal" -> "call",
// "hang" -> "hangup"), or an empty view when nothing is close enough to
// be a helpful guess.
std::string_view closestCommandName(std::string_view typed);

// Names and aliases that start with `prefix` (case-insensitive, leading '/'
// optional), in table order, for tab completion: "/mu" -> {"mute"}.
std::vector<std::string_view> commandNamesStartingWith(std::string_view prefix);

// The /help reply: one line per command, "/call <who>... - Start a call ...".
std::string formatHelp();

// The /help <command> reply: usage, summary and aliases of one command.
std::string formatHelp(const CommandInfo& command);

}  // namespace confab
