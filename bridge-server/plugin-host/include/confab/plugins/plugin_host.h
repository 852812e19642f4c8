// PluginHost: loads the plugins named in [plugins], hands each its own
// confab_host table (confab/plugin.h), keeps what they register (event
// listeners, slash commands, media taps, prompt sources) and calls them.
//
// Loading: a name is looked up first among the plugins linked into the
// bridge (CONFAB_STATIC_PLUGINS), then as <directory>/<name>.so. The
// descriptor's abi_version is checked before anything else of the plugin is
// read or called. A plugin that is refused, fails init(), or throws out of
// any callback is disabled with one error log line: its handles are removed
// and the bridge carries on.
//
// Thread contract: construct, loadAll(), dispatch(), runCommand(),
// closeAll() and the destructor on the control thread (the ControlLoop's).
// The host owns one extra thread, the tap thread, which polls the media
// taps (AudioTap rings filled by the media thread) every 20 ms and calls the
// plugins' tap callbacks; the tap thread owns the subscriber list, and the
// control thread changes it only by posting to it. Plugin calls to [any
// thread] host functions from their own threads are posted to the control
// loop; the posted work checks that the host is still alive.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "confab/shared/bridge_config.h"

struct confab_plugin;

namespace confab::bridge {
class ControlLoop;
}

namespace confab::plugins {

class BridgeServices;

// The events plugins can listen to; the C++ side of confab_event.
struct PluginEvent {
    enum class Kind { ConferenceStarted = 1, ConferenceEnded, LegState, Talker, Dtmf };
    enum class LegState { Dialing = 1, Alerting, Connected, OnHold, Disconnected };
    Kind kind = Kind::ConferenceStarted;
    std::int64_t conference = 0;
    std::int64_t unix_ms = 0;
    std::string owner;
    std::string room;
    std::uint32_t participant = 0;
    std::string number;
    std::string name;
    std::string display;
    LegState leg_state = LegState::Dialing;
    std::string reason;
    bool answered = false;
    bool talking = false;
    char digit = '\0';
    std::uint32_t live_legs = 0;
};

struct PluginCommandInfo {
    std::string name;     // "record"
    std::string usage;    // "/record start|stop"
    std::string summary;  // for /help
    bool moderators_only = false;
    std::string plugin;
};

struct PluginCommandResult {
    bool ok = false;
    std::string reply;
};

struct PluginStatus {
    std::string name;
    std::string description;
    std::string source;  // "static" or the .so path
    bool enabled = false;
    std::string problem;  // why it is not enabled
};

class PluginHost {
public:
    // `static_plugins`: descriptors linked into the program (may be empty).
    PluginHost(bridge::ControlLoop& loop, BridgeServices& services, PluginSettings settings,
               std::vector<const confab_plugin*> static_plugins);
    ~PluginHost();  // closeAll(), then dlclose()s
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    // Loads and initialises every plugin in settings.enable, in order.
    // Never throws: problems are logged and show in status().
    void loadAll();
    // Ends every media tap (their last NULL callbacks run, and the tap thread
    // stops), then calls close() of every enabled plugin, newest first, and
    // removes what they left registered. Work plugins posted meanwhile
    // (add_recording from a last tap callback) waits in the control loop:
    // run it with ControlLoop::runPosted() before the services go.
    // Idempotent.
    void closeAll();

    void dispatch(const PluginEvent& event);

    // A slash command a plugin registered, by lower-case name.
    std::optional<PluginCommandInfo> command(std::string_view name) const;
    std::vector<PluginCommandInfo> commands() const;
    // Runs it for `sender`; the caller has resolved the conference and
    // checked moderators_only. The reply is what the plugin wrote.
    PluginCommandResult runCommand(std::string_view name, std::int64_t conference,
                                   const std::string& sender, bool sender_is_moderator,
                                   const std::vector<std::string>& args);

    std::vector<PluginStatus> status() const;

    struct Impl;

private:
    std::shared_ptr<Impl> impl_;
};

// The descriptors linked in with CONFAB_STATIC_PLUGINS (generated table;
// empty otherwise).
std::vector<const confab_plugin*> staticPlugins();

}  // namespace confab::plugins
