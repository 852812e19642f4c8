#include "confab/recorder/record_command.h"

#include <algorithm>

namespace confab::recorder {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return text;
}

}  // namespace

std::optional<RecordCommand> parseRecordCommand(const std::vector<std::string>& args) {
    if (args.empty() || args.size() > 2) return std::nullopt;
    const std::string verb = lower(args[0]);
    RecordCommand command;
    if (verb == "stop") {
        if (args.size() != 1) return std::nullopt;
        command.action = RecordCommand::Action::Stop;
        return command;
    }
    if (verb != "start") return std::nullopt;
    command.action = RecordCommand::Action::Start;
    if (args.size() == 2) {
        if (lower(args[1]) != "tracks") return std::nullopt;
        command.per_leg_tracks = true;
    }
    return command;
}

}  // namespace confab::recorder
