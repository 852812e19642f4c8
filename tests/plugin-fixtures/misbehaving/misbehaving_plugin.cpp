// misbehaving: fails on purpose, as [plugins.misbehaving] mode says:
//   "fail-init"        init() returns 1 after registering /misbehave
//   "throw-in-init"    init() throws
//   "throw-on-event"   its event listener throws on the first leg event
//   "throw-in-command" /misbehave throws
//   "throw-in-tap"     /misbehave taps the mix; the tap callback throws
//   "well"             behaves: /misbehave answers "fine", counts events
// Control thread except the tap callback (tap thread).
#include <atomic>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "confab/plugin.h"

namespace {

const confab_host* host = nullptr;
std::string mode;
std::int64_t command_handle = 0;
std::int64_t listener_handle = 0;
std::atomic<int> events{0};
std::atomic<int> frames{0};

void onTap(void*, const confab_audio_frame* frame) {
    if (frame == nullptr) return;
    ++frames;
    if (mode == "throw-in-tap") throw std::runtime_error("a deliberate tap failure");
}

void onEvent(void*, const confab_event* event) {
    ++events;
    if (mode == "throw-on-event" && event->kind == CONFAB_EVENT_LEG_STATE)
        throw std::runtime_error("a deliberate event failure");
}

int onCommand(void*, const confab_command_call* call, char* reply, std::size_t capacity) {
    if (mode == "throw-in-command") throw std::logic_error("a deliberate command failure");
    if (mode == "throw-in-tap") {
        const std::int64_t tap = host->add_media_tap(host, call->conference, 0, onTap, nullptr);
        std::snprintf(reply, capacity, "tap %lld", static_cast<long long>(tap));
        return tap > 0 ? 0 : 1;
    }
    std::snprintf(reply, capacity, "fine: %d events, %zu arguments", events.load(), call->argc);
    return 0;
}

int misbehavingInit(const confab_host* h) {
    host = h;
    const char* configured = host->config_string(host, "mode");
    mode = configured ? configured : "well";
    command_handle = host->add_command(host, "misbehave", "/misbehave [anything]", "Test plugin",
                                       CONFAB_COMMAND_PARTICIPANTS, onCommand, nullptr);
    listener_handle = host->add_event_listener(host, onEvent, nullptr);
    if (mode == "throw-in-init") throw std::runtime_error("a deliberate init failure");
    if (mode == "fail-init") {
        host->log(host, CONFAB_LOG_ERROR, "failing init on purpose (mode = \"fail-init\")");
        return 1;
    }
    return 0;
}

void misbehavingClose() {
    host->remove(host, listener_handle);
    host->remove(host, command_handle);
}

}  // namespace

CONFAB_PLUGIN_DESCRIPTOR(misbehaving) = {
    CONFAB_PLUGIN_ABI_VERSION, "misbehaving", "fails on purpose, for tests", misbehavingInit,
    misbehavingClose,
};
