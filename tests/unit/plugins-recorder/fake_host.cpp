#include "fake_host.h"

namespace confab::recorder::test {

struct FakeHostCalls {
    static FakeHost& self(const confab_host* host) { return *static_cast<FakeHost*>(host->context); }

    static void log(const confab_host* host, confab_log_level, const char* message) {
        self(host).logs.emplace_back(message);
    }
    static const char* configString(const confab_host* host, const char* key) {
        auto& strings = self(host).strings;
        const auto found = strings.find(key);
        return found == strings.end() ? nullptr : found->second.c_str();
    }
    static int configInt(const confab_host*, const char*, int64_t*) { return CONFAB_ERR_UNKNOWN; }
    static int configBool(const confab_host* host, const char* key, int* out) {
        auto& bools = self(host).bools;
        const auto found = bools.find(key);
        if (found == bools.end()) return CONFAB_ERR_UNKNOWN;
        if (found->second < 0) return CONFAB_ERR_INVALID;
        *out = found->second;
        return CONFAB_OK;
    }
    static int configArraySize(const confab_host*, const char*) { return CONFAB_ERR_UNKNOWN; }
    static const char* configArrayString(const confab_host*, const char*, size_t) { return nullptr; }
    static int64_t addListener(const confab_host* host, confab_event_fn fn, void* user) {
        FakeHost& h = self(host);
        h.event_fn = fn;
        h.event_user = user;
        return h.next_handle_++;
    }
    static int64_t addCommand(const confab_host* host, const char*, const char*, const char*,
                              confab_command_access access, confab_command_fn fn, void* user) {
        FakeHost& h = self(host);
        h.command_fn = fn;
        h.command_user = user;
        h.command_access = access;
        return h.next_handle_++;
    }
    static int64_t addTap(const confab_host* host, int64_t conference, uint32_t participant, confab_tap_fn fn,
                          void* user) {
        FakeHost& h = self(host);
        if (h.tap_result < 0) return h.tap_result;
        const int64_t handle = h.next_handle_++;
        h.taps[handle] = FakeHost::Tap{conference, participant, fn, user};
        return handle;
    }
    static int64_t addPrompt(const confab_host*, confab_prompt_fn, void*) { return CONFAB_ERR_FAILED; }
    static int remove(const confab_host* host, int64_t handle) {
        FakeHost& h = self(host);
        h.removed.push_back(handle);
        if (auto found = h.taps.find(handle); found != h.taps.end()) {
            if (found->second.removed || found->second.ended) return CONFAB_ERR_UNKNOWN;
            found->second.removed = true;
        }
        return CONFAB_OK;
    }
    static int info(const confab_host*, int64_t, confab_conference_info*) { return CONFAB_ERR_UNKNOWN; }
    static int announce(const confab_host* host, int64_t, uint32_t, const char* text) {
        FakeHost& h = self(host);
        h.announced.emplace_back(text);
        return h.announce_result;
    }
    static int play(const confab_host* host, int64_t, uint32_t, const int16_t*, size_t count, uint32_t) {
        self(host).played += count;
        return CONFAB_OK;
    }
    static int say(const confab_host* host, int64_t, const char* text) {
        self(host).said.emplace_back(text);
        return CONFAB_OK;
    }
    static int setRecording(const confab_host* host, int64_t conference, int recording) {
        self(host).recording_flags.emplace_back(conference, recording);
        return CONFAB_OK;
    }
    static int addRecording(const confab_host* host, const confab_recording* r) {
        self(host).recordings.push_back({r->conference, r->path, r->format, r->participant, r->bytes});
        return CONFAB_OK;
    }
};

FakeHost::FakeHost() {
    host_.struct_size = sizeof host_;
    host_.abi_version = CONFAB_PLUGIN_ABI_VERSION;
    host_.plugin_name = "recorder";
    host_.context = this;
    host_.log = FakeHostCalls::log;
    host_.config_string = FakeHostCalls::configString;
    host_.config_int = FakeHostCalls::configInt;
    host_.config_bool = FakeHostCalls::configBool;
    host_.config_array_size = FakeHostCalls::configArraySize;
    host_.config_array_string = FakeHostCalls::configArrayString;
    host_.add_event_listener = FakeHostCalls::addListener;
    host_.add_command = FakeHostCalls::addCommand;
    host_.add_media_tap = FakeHostCalls::addTap;
    host_.add_prompt_source = FakeHostCalls::addPrompt;
    host_.remove = FakeHostCalls::remove;
    host_.conference_info = FakeHostCalls::info;
    host_.announce = FakeHostCalls::announce;
    host_.play_audio = FakeHostCalls::play;
    host_.say = FakeHostCalls::say;
    host_.set_recording = FakeHostCalls::setRecording;
    host_.add_recording = FakeHostCalls::addRecording;
}

FakeHost::~FakeHost() {
    for (auto& [handle, tap] : taps) {
        if (!tap.ended) {
            tap.ended = true;
            tap.fn(tap.user, nullptr);
        }
    }
}

std::string FakeHost::command(std::int64_t conference, const std::vector<std::string>& args, bool moderator,
                              const std::string& sender, int* status) {
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    confab_command_call call{};
    call.struct_size = sizeof call;
    call.conference = conference;
    call.sender = sender.c_str();
    call.sender_is_moderator = moderator ? 1 : 0;
    call.argc = argv.size();
    call.argv = argv.data();
    char reply[512] = "<unset>";
    const int result = command_fn(command_user, &call, reply, sizeof reply);
    if (status) *status = result;
    return reply;
}

void FakeHost::legState(std::int64_t conference, std::uint32_t participant, confab_leg_state state) {
    confab_event event{};
    event.struct_size = sizeof event;
    event.kind = CONFAB_EVENT_LEG_STATE;
    event.conference = conference;
    event.participant = participant;
    event.owner = "alice@localhost";
    event.room = "";
    event.number = "+15551230001";
    event.name = "+15551230001";
    event.display = "+15551230001";
    event.reason = "";
    event.leg_state = state;
    event_fn(event_user, &event);
    if (state == CONFAB_LEG_DISCONNECTED) {
        // Like the host: the leg's tap ends with it.
        for (auto& [handle, tap] : taps) {
            if (tap.conference == conference && tap.participant == participant && !tap.ended && !tap.removed) {
                tap.ended = true;
                tap.fn(tap.user, nullptr);
            }
        }
    }
}

void FakeHost::conferenceEnded(std::int64_t conference) {
    for (auto& [handle, tap] : taps) {
        if (tap.conference == conference && !tap.ended) {
            tap.ended = true;
            tap.fn(tap.user, nullptr);
        }
    }
    confab_event event{};
    event.struct_size = sizeof event;
    event.kind = CONFAB_EVENT_CONFERENCE_ENDED;
    event.conference = conference;
    event.owner = "alice@localhost";
    event.room = event.number = event.name = event.display = event.reason = "";
    event_fn(event_user, &event);
}

void FakeHost::frame(std::int64_t conference, std::uint64_t tick, std::int16_t value, long participant) {
    std::vector<std::int16_t> samples(160, value);
    for (auto& [handle, tap] : taps) {
        if (tap.conference != conference || tap.removed || tap.ended) continue;
        if (participant >= 0 && tap.participant != static_cast<std::uint32_t>(participant)) continue;
        confab_audio_frame f{};
        f.conference = conference;
        f.participant = tap.participant;
        f.tick = tick;
        f.silence = value == 0;
        f.samples = samples.data();
        f.sample_count = samples.size();
        f.sample_rate = 8000;
        tap.fn(tap.user, &f);
    }
}

void FakeHost::endTaps(bool all_of_conference, std::int64_t conference) {
    for (auto& [handle, tap] : taps) {
        if (tap.ended) continue;
        if (tap.removed || (all_of_conference && tap.conference == conference)) {
            tap.ended = true;
            tap.fn(tap.user, nullptr);
        }
    }
}

std::size_t FakeHost::liveTaps(std::int64_t conference) const {
    std::size_t n = 0;
    for (const auto& [handle, tap] : taps) {
        if (tap.conference == conference && !tap.removed && !tap.ended) ++n;
    }
    return n;
}

}  // namespace confab::recorder::test
