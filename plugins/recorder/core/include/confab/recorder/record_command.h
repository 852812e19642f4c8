// What "/record ..." asks for. Pure parsing, no state: callable from any
// thread (the plugin calls it on the control thread).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace confab::recorder {

inline constexpr const char* kRecordUsage = "/record start [tracks] | /record stop";

struct RecordCommand {
    enum class Action { Start, Stop };
    Action action = Action::Start;
    // "/record start tracks": one file per phone leg besides the mix.
    bool per_leg_tracks = false;
};

// Case-insensitive; nullopt for anything else (the caller replies with
// kRecordUsage). Arguments come from chat, so every shape is possible.
std::optional<RecordCommand> parseRecordCommand(const std::vector<std::string>& args);

}  // namespace confab::recorder
