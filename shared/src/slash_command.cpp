#include "confab/shared/slash_command.h"

#include <optional>

#include "confab/shared/command_table.h"
#include "confab/shared/utf8.h"
#include "slash_tokenizer.h"

namespace confab {

namespace {

// How much of an unknown command name is echoed back: enough to recognise
// it, not enough to turn the bridge into an amplifier.
constexpr std::size_t kMaxEchoedNameBytes = 32;

CommandError error(CommandErrorKind kind, std::string message, std::size_t column = 0) {
    return CommandError{kind, std::move(message), column};
}

std::string_view withoutTrailingNewline(std::string_view input) {
    if (!input.empty() && input.back() == '\n') {
        input.remove_suffix(1);
        if (!input.empty() && input.back() == '\r') {
            input.remove_suffix(1);
        }
    }
    return input;
}

// Rejects ill-formed UTF-8, control characters (tab excepted: it separates
// arguments) and characters that change how text is displayed.
std::optional<CommandError> checkCharacters(std::string_view line) {
    const std::size_t invalid = findInvalidUtf8(line);
    if (invalid != std::string_view::npos) {
        const std::size_t column = columnAt(line, invalid);
        return error(CommandErrorKind::InvalidUtf8,
                     "the text is not valid UTF-8 at column " + std::to_string(column), column);
    }
    std::size_t offset = 0;
    while (offset < line.size()) {
        const auto code_point = decodeUtf8At(line, offset);
        const char32_t value = code_point->value;
        const bool control = isControlCodePoint(value) && value != '\t';
        if (control || isDisplayTrickCodePoint(value)) {
            const std::size_t column = columnAt(line, offset);
            return error(
                CommandErrorKind::ControlCharacter,
                std::string(control ? "the control character " : "the invisible character ") +
                    codePointName(value) + " at column " + std::to_string(column) +
                    " is not allowed in a command",
                column);
        }
        offset += code_point->length;
    }
    return std::nullopt;
}

// Byte offset where the command name ends: at a space, a quote or a comma.
std::size_t findNameEnd(std::string_view line) {
    std::size_t offset = 1;
    while (offset < line.size()) {
        const char c = line[offset];
        if (c == '"' || c == ',') {
            break;
        }
        const auto code_point = decodeUtf8At(line, offset);
        if (isArgumentSpace(code_point->value)) {
            break;
        }
        offset += code_point->length;
    }
    return offset;
}

// The typed name, cut to a whole number of characters for echoing.
std::string echoName(std::string_view name) {
    if (name.size() <= kMaxEchoedNameBytes) {
        return std::string(name);
    }
    std::size_t end = 0;
    while (end < name.size()) {
        const auto code_point = decodeUtf8At(name, end);
        if (!code_point || end + code_point->length > kMaxEchoedNameBytes) {
            break;
        }
        end += code_point->length;
    }
    return std::string(name.substr(0, end)) + "...";
}

CommandError unknownCommand(std::string_view name, std::size_t column) {
    std::string message = "unknown command /" + echoName(name);
    const std::string_view guess = closestCommandName(name);
    message += guess.empty() ? "." : "; did you mean /" + std::string(guess) + "?";
    message += " Type /help for the list of commands.";
    return error(CommandErrorKind::UnknownCommand, std::move(message), column);
}

// The usage line with the name the user typed, so "/add" errors show
// "/add <who>..." rather than "/invite <who>...".
std::string usageAsTyped(const CommandInfo& command, std::string_view typed_name) {
    std::string_view usage = command.usage;
    usage.remove_prefix(1 + command.name_text.size());
    return "/" + std::string(typed_name) + std::string(usage);
}

std::optional<CommandError> checkArguments(const CommandInfo& command, std::string_view typed_name,
                                           const std::vector<std::string>& args) {
    const std::string shown = "/" + std::string(typed_name);
    if (args.size() < command.min_args) {
        return error(CommandErrorKind::MissingArgument, shown + " needs " +
                                                            std::string(command.needs) + ": " +
                                                            usageAsTyped(command, typed_name));
    }
    if (args.size() > command.max_args) {
        const std::string limit =
            command.max_args == 0 ? "takes no arguments"
            : command.max_args == 1
                ? "takes at most one argument"
                : "takes at most " + std::to_string(command.max_args) + " arguments";
        return error(CommandErrorKind::UnexpectedArgument,
                     shown + " " + limit + ": " + usageAsTyped(command, typed_name));
    }
    if (command.accepts_all && args.size() > 1) {
        for (const std::string& arg : args) {
            if (arg == "all") {
                return error(CommandErrorKind::BadArgument,
                             shown + " all means everyone and cannot be combined with names: " +
                                 usageAsTyped(command, typed_name));
            }
        }
    }
    if (command.name == CommandName::Help && !args.empty() && findCommand(args[0]) == nullptr) {
        const std::string_view asked = args[0];
        return unknownCommand(asked.front() == '/' ? asked.substr(1) : asked, 0);
    }
    return std::nullopt;
}

std::string lowerAscii(std::string_view text) {
    std::string lower(text);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return lower;
}

// The checks every command line gets before its name is looked up: the
// line without its newline, or the error.
std::variant<std::string_view, CommandError> checkCommandLine(std::string_view input) {
    if (input.size() > kMaxSlashCommandBytes) {
        return error(CommandErrorKind::TooLong,
                     "the command is too long (" + std::to_string(input.size()) +
                         " bytes; the limit is " + std::to_string(kMaxSlashCommandBytes) + ")");
    }
    const std::string_view line = withoutTrailingNewline(input);
    if (line.empty()) {
        return error(CommandErrorKind::EmptyInput, "the message is empty");
    }
    if (auto problem = checkCharacters(line)) {
        return *problem;
    }
    if (line.front() != '/') {
        return error(CommandErrorKind::NotACommand,
                     "commands start with '/'; type /help for the list of commands", 1);
    }
    if (findNameEnd(line) == 1) {
        return error(CommandErrorKind::NoCommandName,
                     "'/' must be followed by a command name; type /help for the list of commands",
                     2);
    }
    return line;
}

}  // namespace

std::string slashCommandName(std::string_view input) {
    if (input.empty() || input.front() != '/' || input.size() > kMaxSlashCommandBytes) return {};
    std::size_t end = 1;
    while (end < input.size() && input[end] != ' ' && input[end] != '\t' && input[end] != '\n' &&
           input[end] != '\r' && input[end] != '"' && input[end] != ',') {
        ++end;
    }
    return lowerAscii(input.substr(1, end - 1));
}

std::variant<ExtensionCommand, CommandError> parseExtensionCommand(std::string_view input) {
    auto checked = checkCommandLine(input);
    if (auto* problem = std::get_if<CommandError>(&checked)) {
        return *problem;
    }
    const std::string_view line = std::get<std::string_view>(checked);
    const std::size_t name_end = findNameEnd(line);
    auto tokenized = tokenizeSlashArguments(line, name_end);
    if (auto* problem = std::get_if<CommandError>(&tokenized)) {
        return *problem;
    }
    return ExtensionCommand{lowerAscii(line.substr(1, name_end - 1)),
                            std::move(std::get<std::vector<std::string>>(tokenized))};
}

SlashCommandResult parseSlashCommand(std::string_view input) {
    auto checked = checkCommandLine(input);
    if (auto* problem = std::get_if<CommandError>(&checked)) {
        return *problem;
    }
    const std::string_view line = std::get<std::string_view>(checked);
    const std::size_t name_end = findNameEnd(line);
    const std::string_view typed_name = line.substr(1, name_end - 1);
    const CommandInfo* command = findCommand(typed_name);
    if (command == nullptr) {
        return unknownCommand(typed_name, 2);
    }
    const std::string shown_name = lowerAscii(typed_name);

    auto tokenized = tokenizeSlashArguments(line, name_end);
    if (auto* problem = std::get_if<CommandError>(&tokenized)) {
        return *problem;
    }
    auto& args = std::get<std::vector<std::string>>(tokenized);
    if (auto problem = checkArguments(*command, shown_name, args)) {
        return *problem;
    }
    return SlashCommand{command->name, std::string(typed_name), std::move(args)};
}

}  // namespace confab
