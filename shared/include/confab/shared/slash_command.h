// SlashCommand: a chat line such as `/call bob "Carol Smith" +1 555 123 4567`
// turned into a typed command with its arguments, or into a precise error to
// send back to the user. The input is untrusted: it comes from any XMPP
// account that can message the bridge, so every byte is checked and nothing
// throws. Stateless; any thread may call parseSlashCommand.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace confab {

enum class CommandName {
    Call,
    Invite,  // alias /add
    Hangup,
    Mute,
    Unmute,
    Kick,
    Lock,
    Unlock,
    List,
    End,
    Help,
    Moderator,
    Accept,
    Decline,
    Join,  // ask to join a running conference by its room
};

struct SlashCommand {
    CommandName name = CommandName::Help;
    std::string raw_name;  // as typed, without the '/': "add", "CALL"
    // Arguments as data, never escaped or interpreted: `<b>&"` stays `<b>&"`.
    // Quoted text is one argument with the quotes removed. A run of phone
    // number pieces ("+1 555 123 4567", "(555) 123-4567") is one argument,
    // its pieces joined by single spaces; normalizeToE164 turns it into a
    // number. An unquoted ',' separates arguments and ends a number run.
    std::vector<std::string> args;
};

enum class CommandErrorKind {
    EmptyInput,     // "" (a trailing newline alone counts as empty)
    NotACommand,    // does not start with '/'
    NoCommandName,  // "/" or "/ call"
    TooLong,        // more than kMaxSlashCommandBytes
    InvalidUtf8,
    ControlCharacter,  // control or text-direction character
    UnbalancedQuote,
    EmptyArgument,     // ""
    TooManyArguments,  // more than kMaxSlashCommandArguments
    UnknownCommand,
    MissingArgument,
    UnexpectedArgument,  // more arguments than the command takes
    BadArgument,         // right count, wrong content ("/hangup all bob")
};

struct CommandError {
    CommandErrorKind kind = CommandErrorKind::EmptyInput;
    std::string message;  // one sentence for the user, safe to send back as text
    // 1-based column (in characters, not bytes) where the problem starts;
    // 0 when the problem is about the whole line.
    std::size_t column = 0;
};

using SlashCommandResult = std::variant<SlashCommand, CommandError>;

inline constexpr std::size_t kMaxSlashCommandBytes = 4096;
inline constexpr std::size_t kMaxSlashCommandArguments = 100;

// Parses one line. A command starts with '/' as its very first character;
// one trailing "\n" or "\r\n" is ignored, any other control character is an
// error. Tabs and Unicode spaces (no-break space, ideographic space...)
// separate arguments like spaces. Command names are case-insensitive ASCII.
// Inside double quotes, \" is a quote, \\ a backslash and a tab a space; a
// backslash before anything else, or outside quotes, is kept as is. So no
// argument ever contains a control character.
SlashCommandResult parseSlashCommand(std::string_view input);

// A command that is not in the built-in table: a plugin's ("/record start").
struct ExtensionCommand {
    std::string name;  // lower case, without the '/'
    std::vector<std::string> args;
};

// The same length, UTF-8, control-character and argument-splitting rules as
// parseSlashCommand, without the table's name and argument-count checks (the
// plugin checks its own arguments).
std::variant<ExtensionCommand, CommandError> parseExtensionCommand(std::string_view input);

// The lower-cased name of a line that starts with '/', or "" when there is
// none: a cheap look before deciding which parser to use.
std::string slashCommandName(std::string_view input);

}  // namespace confab
