// The plugin host's private state, shared by plugin_host.cpp (loading,
// dispatch, commands) and plugin_host_table.cpp (the C function table each
// plugin calls). Control thread only, except where a field says otherwise.
#pragma once

#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "confab/plugin.h"
#include "confab/plugins/bridge_services.h"
#include "confab/plugins/plugin_host.h"
#include "tap_pump.h"

namespace confab::bridge {
class ControlLoop;
}

namespace confab::plugins {

// One plugin named in [plugins] enable, loaded or not.
struct PluginRecord {
    std::string name;
    std::string description;
    std::string source;  // "static" or the .so path
    const confab_plugin* descriptor = nullptr;
    void* library = nullptr;  // dlopen() handle; closed by the host's destructor
    bool enabled = false;     // init() returned 0 and nothing failed since
    bool initialised = false; // init() returned 0 (close() is owed)
    bool faulted = false;     // disabled after a failure: its posted work is dropped
    std::string problem;
    std::map<std::string, PluginValue> config;
    confab_host table{};      // handed to init(); context points back here
    // Set once before init(), read by [any thread] functions.
    PluginHost::Impl* host = nullptr;
    std::weak_ptr<PluginHost::Impl> weak_host;
};

enum class HandleKind { Listener, Command, Tap, PromptSource };

struct Registration {
    HandleKind kind = HandleKind::Listener;
    PluginRecord* plugin = nullptr;
    void* user = nullptr;
    confab_event_fn event_fn = nullptr;
    confab_command_fn command_fn = nullptr;
    confab_prompt_fn prompt_fn = nullptr;
    PluginCommandInfo command;  // Command
    TapSourceKey tap_key;       // Tap
};

struct PluginHost::Impl {
    Impl(bridge::ControlLoop& l, BridgeServices& s, PluginSettings st,
         std::vector<const confab_plugin*> statics);

    bridge::ControlLoop& loop;
    BridgeServices& services;
    PluginSettings settings;
    std::vector<const confab_plugin*> static_plugins;
    std::thread::id control_thread = std::this_thread::get_id();
    std::vector<std::unique_ptr<PluginRecord>> plugins;
    std::map<std::int64_t, Registration> registrations;  // by handle, in registration order
    std::int64_t next_handle = 1;
    // Tapped sources: the engine's tap and how many handles read it.
    struct TapSource {
        std::shared_ptr<media::AudioTap> tap;
        std::size_t readers = 0;
    };
    std::map<TapSourceKey, TapSource> tap_sources;
    std::unique_ptr<TapPump> pump;
    // conference_info() strings: valid until the outermost callback returns.
    std::deque<ConferenceFacts> facts_scratch;
    int callback_depth = 0;
    bool closed = false;

    bool onControlThread() const { return std::this_thread::get_id() == control_thread; }
    std::int64_t add(Registration registration);
    int remove(PluginRecord* plugin, std::int64_t handle);
    void removeAll(PluginRecord* plugin);
    // Disables a plugin after a failure: one error line, its handles gone.
    void disable(PluginRecord* plugin, const std::string& why);
    // Runs `call` (a call into plugin code) with exception isolation; false
    // (the plugin disabled) when it threw.
    template <typename Call>
    bool guarded(PluginRecord* plugin, const char* what, Call&& call);
    void endTapSource(TapSourceKey key);
    Registration* commandRegistration(std::string_view name);
};

template <typename Call>
bool PluginHost::Impl::guarded(PluginRecord* plugin, const char* what, Call&& call) {
    ++callback_depth;
    std::string failure;
    try {
        call();
    } catch (const std::exception& error) {
        failure = std::string(what) + " threw: " + error.what();
    } catch (...) {
        failure = std::string(what) + " threw a non-standard exception";
    }
    if (--callback_depth == 0) facts_scratch.clear();
    if (failure.empty()) return true;
    disable(plugin, failure);
    return false;
}

// The C table of host functions for one plugin (plugin_host_table.cpp).
confab_host makeHostTable(PluginRecord& plugin);

}  // namespace confab::plugins
