// EventLog: the simulator's account of what it did, one JSON object per line,
// to a file and/or stdout, flushed per line so a test can tail it.
//
// Every line has "t_ms": milliseconds of CLOCK_MONOTONIC, which is what
// std::chrono::steady_clock reads on Linux. A test in another process on the
// same machine can therefore compare these stamps with its own
// steady_clock::now() directly (same clock, same epoch: boot). Call events
// also carry "number", "call" (1-based index of calls to that number, the
// same index as in the recording's file name) and "call_id" (SIP Call-ID).
// The full schema is in tests/pstn-sim/README.md.
//
// Thread contract: write() may be called from any thread (the SIP thread and
// the media thread both do); a mutex keeps lines whole and in stamp order.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace confab::pstnsim {

// CLOCK_MONOTONIC in milliseconds (== steady_clock on Linux).
std::int64_t monotonicMs();

// Who a call event is about.
struct CallRef {
    std::string number;   // Request-URI user part, as dialled
    int index = 0;        // 1-based per number; 0 for numbers not in the phonebook
    std::string call_id;  // SIP Call-ID
};

class EventLog {
  public:
    // `file` empty: no file. Throws std::runtime_error if the file cannot be opened.
    EventLog(const std::filesystem::path& file, bool to_stdout);
    ~EventLog();
    EventLog(const EventLog&) = delete;
    EventLog& operator=(const EventLog&) = delete;

    // Writes {"t_ms":..., "event": name, <call fields>, <fields>}.
    void callEvent(const CallRef& call, const char* name, nlohmann::json fields = nlohmann::json::object());
    // An event about the simulator itself ("started", "stopped").
    void simulatorEvent(const char* name, nlohmann::json fields = nlohmann::json::object());

  private:
    void writeLine(const char* name, const nlohmann::ordered_json& head, const nlohmann::json& fields);

    std::mutex mutex_;
    std::FILE* file_ = nullptr;
    bool to_stdout_;
};

}  // namespace confab::pstnsim
