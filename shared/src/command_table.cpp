#include "confab/shared/command_table.h"

#include <algorithm>

namespace confab {

namespace {

constexpr std::size_t kAny = kMaxSlashCommandArguments;

std::vector<CommandInfo> buildCommandTable() {
    // clang-format off
    return {
        {CommandName::Call, "call", {}, "/call <who>...",
         "Start a conference call with people or phone numbers", 1, kAny,
         "at least one participant", false},
        {CommandName::Invite, "invite", {"add"}, "/invite <who>...",
         "Bring more people or phone numbers into the running call", 1, kAny,
         "at least one participant", false},
        {CommandName::Hangup, "hangup", {}, "/hangup <who>... | all",
         "Hang up on participants, or on everyone with 'all'", 1, kAny,
         "<who> or all", true},
        {CommandName::Mute, "mute", {}, "/mute [<who>... | all]",
         "Mute yourself, the participants named, or everyone", 0, kAny, "", true},
        {CommandName::Unmute, "unmute", {}, "/unmute [<who>... | all]",
         "Unmute yourself, the participants named, or everyone", 0, kAny, "", true},
        {CommandName::Kick, "kick", {}, "/kick <who>...",
         "Remove participants from the call", 1, kAny,
         "the participant to remove", false},
        {CommandName::Lock, "lock", {}, "/lock",
         "Stop anyone else from joining the call", 0, 0, "", false},
        {CommandName::Unlock, "unlock", {}, "/unlock",
         "Let people join the call again", 0, 0, "", false},
        {CommandName::List, "list", {}, "/list",
         "Show who is in the call and their state", 0, 0, "", false},
        {CommandName::End, "end", {}, "/end",
         "End the call for everyone", 0, 0, "", false},
        {CommandName::Help, "help", {}, "/help [command]",
         "List the commands, or explain one", 0, 1, "", false},
        {CommandName::Moderator, "moderator", {}, "/moderator <who>...",
         "Give participants moderator rights", 1, kAny,
         "the participant to make moderator", false},
        {CommandName::Accept, "accept", {}, "/accept [call]",
         "Join the call you were invited to", 0, 1, "", false},
        {CommandName::Decline, "decline", {}, "/decline [call]",
         "Refuse the call you were invited to", 0, 1, "", false},
        {CommandName::Join, "join", {}, "/join <room>",
         "Ask to join a call that is already running (you get an invitation)", 1, 1,
         "the conference room to join", false},
    };
    // clang-format on
}

char asciiLower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return asciiLower(x) == asciiLower(y);
           });
}

bool startsWithIgnoringCase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           equalsIgnoringCase(text.substr(0, prefix.size()), prefix);
}

std::string_view withoutSlash(std::string_view name) {
    if (!name.empty() && name.front() == '/') {
        name.remove_prefix(1);
    }
    return name;
}

// Classic Levenshtein distance over bytes, lower-cased. Only called with
// short names (both sides capped by the caller), so the O(n*m) table is tiny.
std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution =
                previous[j - 1] + (asciiLower(a[i - 1]) == asciiLower(b[j - 1]) ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

template <typename Visit>
void forEachName(Visit visit) {
    for (const CommandInfo& command : commandTable()) {
        visit(command.name_text);
        for (const std::string_view alias : command.aliases) {
            visit(alias);
        }
    }
}

}  // namespace

const std::vector<CommandInfo>& commandTable() {
    static const std::vector<CommandInfo> table = buildCommandTable();
    return table;
}

const CommandInfo& commandInfo(CommandName name) {
    for (const CommandInfo& command : commandTable()) {
        if (command.name == name) {
            return command;
        }
    }
    // Every enumerator has a row; a missing one is a programming error that
    // the command-table unit test catches.
    return commandTable().front();
}

const CommandInfo* findCommand(std::string_view name_or_alias) {
    const std::string_view name = withoutSlash(name_or_alias);
    for (const CommandInfo& command : commandTable()) {
        if (equalsIgnoringCase(command.name_text, name)) {
            return &command;
        }
        for (const std::string_view alias : command.aliases) {
            if (equalsIgnoringCase(alias, name)) {
                return &command;
            }
        }
    }
    return nullptr;
}

std::string_view closestCommandName(std::string_view typed) {
    constexpr std::size_t kLongestUsefulGuess = 32;
    const std::string_view name = withoutSlash(typed);
    if (name.empty() || name.size() > kLongestUsefulGuess) {
        return {};
    }
    // A unique prefix is the strongest hint: "/hang" means /hangup.
    std::string_view prefix_match;
    std::size_t prefix_matches = 0;
    forEachName([&](std::string_view candidate) {
        if (name.size() >= 2 && startsWithIgnoringCase(candidate, name)) {
            prefix_match = candidate;
            ++prefix_matches;
        }
    });
    if (prefix_matches == 1) {
        return prefix_match;
    }
    // Otherwise the nearest name within two edits, and closer than the name
    // is long, so "/x" does not suggest "/end".
    std::string_view best;
    std::size_t best_distance = 3;
    forEachName([&](std::string_view candidate) {
        const std::size_t distance = editDistance(name, candidate);
        if (distance < best_distance && distance < name.size()) {
            best = candidate;
            best_distance = distance;
        }
    });
    return best;
}

std::vector<std::string_view> commandNamesStartingWith(std::string_view prefix) {
    const std::string_view name = withoutSlash(prefix);
    std::vector<std::string_view> matches;
    forEachName([&](std::string_view candidate) {
        if (startsWithIgnoringCase(candidate, name)) {
            matches.push_back(candidate);
        }
    });
    return matches;
}

std::string formatHelp() {
    std::string text = "Commands:";
    for (const CommandInfo& command : commandTable()) {
        text += "\n";
        text += command.usage;
        text += " - ";
        text += command.summary;
    }
    text += "\nType /help <command> for details.";
    return text;
}

std::string formatHelp(const CommandInfo& command) {
    std::string text(command.usage);
    text += "\n";
    text += command.summary;
    if (!command.aliases.empty()) {
        text += "\nAlso: ";
        for (std::size_t i = 0; i < command.aliases.size(); ++i) {
            text += (i == 0 ? "/" : ", /");
            text += command.aliases[i];
        }
    }
    return text;
}

}  // namespace confab
