#include "confab/bridge/chat_command_service.h"

#include <spdlog/spdlog.h>

#include "confab/shared/command_table.h"
#include "confab/shared/slash_command.h"

namespace confab::bridge {

namespace {

std::string withHelpHint(std::string message) {
    if (message.find("/help") == std::string::npos) message += " Send /help for the list of commands.";
    return message;
}

}  // namespace

std::string ChatCommandService::replyTo(const std::string& from, const std::string& body) const {
    const SlashCommandResult parsed = parseSlashCommand(body);
    if (const auto* error = std::get_if<CommandError>(&parsed)) {
        spdlog::info("chat from {}: rejected: {}", from, error->message);
        if (error->kind == CommandErrorKind::NotACommand || error->kind == CommandErrorKind::EmptyInput)
            return "I understand slash commands, such as /call bob. Send /help for the list.";
        return withHelpHint(error->message);
    }
    const auto& command = std::get<SlashCommand>(parsed);
    spdlog::info("chat from {}: /{} with {} argument(s)", from, command.raw_name, command.args.size());
    if (command.name == CommandName::Help) {
        if (command.args.empty()) return formatHelp();
        if (const CommandInfo* info = findCommand(command.args.front())) return formatHelp(*info);
        return withHelpHint("There is no command /" + command.args.front() + ".");
    }
    // Recognised, but conferences are not wired up yet (see docs/architecture.md).
    return "/" + std::string(commandInfo(command.name).name_text) +
           " is not available on this bridge yet: it cannot place calls so far. "
           "Send /help for the list of commands.";
}

}  // namespace confab::bridge
