// FakeHost: a confab_host table for the Recorder's unit tests. It records
// every call, hands out handles, and keeps the tap callbacks so a test can
// play the tap thread (send frames, then the frame == NULL of a removed tap).
// Single-threaded: the test thread is both control and tap thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "confab/plugin.h"

namespace confab::recorder::test {

class FakeHost {
public:
    FakeHost();
    ~FakeHost();  // like the host: every tap still open gets its frame == NULL
    const confab_host& host() const { return host_; }

    std::map<std::string, std::string> strings;  // config_string
    std::map<std::string, int> bools;           // config_bool
    int announce_result = CONFAB_ERR_UNAVAILABLE;
    int tap_result = 0;  // < 0: add_media_tap fails with it

    struct Tap {
        std::int64_t conference;
        std::uint32_t participant;
        confab_tap_fn fn;
        void* user;
        bool removed = false;
        bool ended = false;  // frame == NULL delivered
    };
    std::map<std::int64_t, Tap> taps;
    std::vector<std::int64_t> removed;
    std::vector<std::string> said;
    std::vector<std::string> logs;
    std::vector<std::string> announced;
    std::vector<std::pair<std::int64_t, int>> recording_flags;
    struct Recording {
        std::int64_t conference;
        std::string path;
        std::string format;
        std::uint32_t participant;
        std::uint64_t bytes;
    };
    std::vector<Recording> recordings;
    std::size_t played = 0;

    confab_command_fn command_fn = nullptr;
    void* command_user = nullptr;
    confab_command_access command_access = CONFAB_COMMAND_PARTICIPANTS;
    confab_event_fn event_fn = nullptr;
    void* event_user = nullptr;

    // Runs "/record <args>" as `sender`; returns the reply.
    std::string command(std::int64_t conference, const std::vector<std::string>& args,
                        bool moderator = true, const std::string& sender = "alice@localhost",
                        int* status = nullptr);
    void legState(std::int64_t conference, std::uint32_t participant, confab_leg_state state);
    void conferenceEnded(std::int64_t conference);
    // Sends one 160-sample frame to every live tap of `conference` whose
    // participant matches (or to all when participant < 0).
    void frame(std::int64_t conference, std::uint64_t tick, std::int16_t value, long participant = -1);
    // The tap thread's last call for every removed (or ended) tap.
    void endTaps(bool all_of_conference = false, std::int64_t conference = 0);
    std::size_t liveTaps(std::int64_t conference) const;

private:
    confab_host host_{};
    std::int64_t next_handle_ = 1;
    friend struct FakeHostCalls;
};

}  // namespace confab::recorder::test
