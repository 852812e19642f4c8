// The bridge's recent log lines, kept in memory for the admin page's System
// view: a process-wide spdlog ring buffer sink that the command line adds to
// the bridge's logger.
//
// Thread contract: any thread (spdlog's _mt sink has its own mutex).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace spdlog::sinks {
class sink;
}

namespace confab::bridge {

// How many formatted lines the ring keeps.
inline constexpr std::size_t kRecentLogCapacity = 500;

// The one ring sink of this process (created on first use).
std::shared_ptr<spdlog::sinks::sink> recentLogSink();
// The newest `max` lines, oldest first, without line endings.
std::vector<std::string> recentLogLines(std::size_t max);

}  // namespace confab::bridge
