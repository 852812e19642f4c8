#include "confab/bridge/chat_command_service.h"

#include <spdlog/spdlog.h>

#include "confab/shared/command_table.h"

namespace confab::bridge {

namespace {

std::string withHelpHint(std::string message) {
    if (message.find("/help") == std::string::npos) message += " Send /help for the list of commands.";
    return message;
}

}  // namespace

ChatInterpretation ChatCommandService::interpret(const std::string& from, const std::string& body,
                                                 bool in_room) const {
    const SlashCommandResult parsed = parseSlashCommand(body);
    if (const auto* error = std::get_if<CommandError>(&parsed)) {
        if (error->kind == CommandErrorKind::NotACommand || error->kind == CommandErrorKind::EmptyInput) {
            if (in_room) return std::string();
            return std::string("I understand slash commands, such as /call bob. Send /help for the list.");
        }
        spdlog::info("chat from {}: rejected: {}", from, error->message);
        return withHelpHint(error->message);
    }
    const auto& command = std::get<SlashCommand>(parsed);
    spdlog::info("chat from {}: /{} with {} argument(s)", from, command.raw_name, command.args.size());
    if (command.name == CommandName::Help) {
        if (command.args.empty()) return formatHelp();
        if (const CommandInfo* info = findCommand(command.args.front())) return formatHelp(*info);
        return withHelpHint("There is no command /" + command.args.front() + ".");
    }
    return command;
}

}  // namespace confab::bridge
