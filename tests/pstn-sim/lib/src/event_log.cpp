#include "confab/pstnsim/event_log.h"

#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

namespace confab::pstnsim {

std::int64_t monotonicMs() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1000 + now.tv_nsec / 1'000'000;
}

EventLog::EventLog(const std::filesystem::path& file, bool to_stdout) : to_stdout_(to_stdout) {
    if (!file.empty()) {
        file_ = std::fopen(file.c_str(), "a");
        if (file_ == nullptr) {
            throw std::runtime_error(fmt::format("cannot open events file {}", file.string()));
        }
    }
}

EventLog::~EventLog() {
    if (file_ != nullptr) std::fclose(file_);
}

void EventLog::callEvent(const CallRef& call, const char* name, nlohmann::json fields) {
    nlohmann::ordered_json head;
    head["number"] = call.number;
    head["call"] = call.index;
    head["call_id"] = call.call_id;
    writeLine(name, head, fields);
}

void EventLog::simulatorEvent(const char* name, nlohmann::json fields) {
    writeLine(name, nlohmann::ordered_json::object(), fields);
}

void EventLog::writeLine(const char* name, const nlohmann::ordered_json& head,
                         const nlohmann::json& fields) {
    std::lock_guard lock(mutex_);
    // Fixed keys first so the lines read well; stamped under the lock so that
    // lines are in stamp order across threads.
    nlohmann::ordered_json event;
    event["t_ms"] = monotonicMs();
    event["event"] = name;
    for (const auto& [key, value] : head.items()) event[key] = value;
    for (const auto& [key, value] : fields.items()) event[key] = value;
    // Invalid UTF-8 from the wire (a From user, say) is replaced, not thrown on.
    const std::string line =
        event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    if (file_ != nullptr) {
        std::fputs(line.c_str(), file_);
        std::fflush(file_);
    }
    if (to_stdout_) {
        std::fputs(line.c_str(), stdout);
        std::fflush(stdout);
    }
}

}  // namespace confab::pstnsim
