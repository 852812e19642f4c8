#include "confab/bridge/recent_log.h"

#include <spdlog/sinks/ringbuffer_sink.h>

namespace confab::bridge {

namespace {

std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> ring() {
    static const auto sink = [] {
        auto created = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(kRecentLogCapacity);
        created->set_pattern("%Y-%m-%d %H:%M:%S.%e %-5l %v");
        return created;
    }();
    return sink;
}

}  // namespace

std::shared_ptr<spdlog::sinks::sink> recentLogSink() { return ring(); }

std::vector<std::string> recentLogLines(std::size_t max) {
    std::vector<std::string> lines = ring()->last_formatted(max);
    for (auto& line : lines) {
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    }
    return lines;
}

}  // namespace confab::bridge
