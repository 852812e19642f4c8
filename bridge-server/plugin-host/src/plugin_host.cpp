#include "confab/plugins/plugin_host.h"

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "confab/bridge/control_loop.h"
#include "confab/media/audio_tap.h"
#include "host_impl.h"

namespace confab::plugins {

namespace {

constexpr std::size_t kCommandReplyBytes = 2048;

confab_event toCEvent(const PluginEvent& event) {
    confab_event out{};
    out.struct_size = sizeof(confab_event);
    out.kind = static_cast<confab_event_kind>(event.kind);
    out.conference = event.conference;
    out.unix_ms = event.unix_ms;
    out.owner = event.owner.c_str();
    out.room = event.room.c_str();
    out.participant = event.participant;
    out.number = event.number.c_str();
    out.name = event.name.c_str();
    out.display = event.display.c_str();
    out.leg_state = static_cast<confab_leg_state>(event.leg_state);
    out.reason = event.reason.c_str();
    out.answered = event.answered ? 1 : 0;
    out.talking = event.talking ? 1 : 0;
    out.digit = event.digit;
    out.live_legs = event.live_legs;
    return out;
}

}  // namespace

PluginHost::Impl::Impl(bridge::ControlLoop& l, BridgeServices& s, PluginSettings st,
                       std::vector<const confab_plugin*> statics)
    : loop(l), services(s), settings(std::move(st)), static_plugins(std::move(statics)) {}

std::int64_t PluginHost::Impl::add(Registration registration) {
    const std::int64_t handle = next_handle++;
    registrations.emplace(handle, std::move(registration));
    return handle;
}

Registration* PluginHost::Impl::commandRegistration(std::string_view name) {
    for (auto& [handle, registration] : registrations) {
        if (registration.kind == HandleKind::Command && registration.command.name == name) return &registration;
    }
    return nullptr;
}

int PluginHost::Impl::remove(PluginRecord* plugin, std::int64_t handle) {
    const auto found = registrations.find(handle);
    if (found == registrations.end() || found->second.plugin != plugin) return CONFAB_ERR_UNKNOWN;
    if (found->second.kind == HandleKind::Tap) {
        const TapSourceKey key = found->second.tap_key;
        pump->unsubscribe(handle);
        const auto source = tap_sources.find(key);
        if (source != tap_sources.end() && --source->second.readers == 0) {
            services.setTap(key.conference, key.participant, nullptr);
            tap_sources.erase(source);
        }
    }
    registrations.erase(found);
    return CONFAB_OK;
}

void PluginHost::Impl::removeAll(PluginRecord* plugin) {
    std::vector<std::int64_t> handles;
    for (const auto& [handle, registration] : registrations) {
        if (registration.plugin == plugin) handles.push_back(handle);
    }
    // Newest first, as close() should have done.
    for (auto it = handles.rbegin(); it != handles.rend(); ++it) remove(plugin, *it);
}

void PluginHost::Impl::disable(PluginRecord* plugin, const std::string& why) {
    if (!plugin->enabled && !plugin->initialised) return;
    const bool was_enabled = plugin->enabled;
    plugin->enabled = false;
    plugin->faulted = true;
    plugin->problem = why;
    if (was_enabled) spdlog::error("plugin {}: disabled: {}; the bridge carries on without it", plugin->name, why);
    pump->forget(plugin);
    if (plugin->initialised) {
        plugin->initialised = false;
        // Give it the chance to stop its threads; it is already cut off.
        try {
            if (plugin->descriptor->close) plugin->descriptor->close();
        } catch (...) {
            spdlog::error("plugin {}: close() threw as well", plugin->name);
        }
    }
    removeAll(plugin);
}

void PluginHost::Impl::endTapSource(TapSourceKey key) {
    const auto source = tap_sources.find(key);
    if (source == tap_sources.end()) return;
    pump->endSource(key);
    tap_sources.erase(source);
    for (auto it = registrations.begin(); it != registrations.end();) {
        const bool ended = it->second.kind == HandleKind::Tap && it->second.tap_key == key;
        it = ended ? registrations.erase(it) : std::next(it);
    }
}

PluginHost::PluginHost(bridge::ControlLoop& loop, BridgeServices& services, PluginSettings settings,
                       std::vector<const confab_plugin*> static_plugins)
    : impl_(std::make_shared<Impl>(loop, services, std::move(settings), std::move(static_plugins))) {
    std::weak_ptr<Impl> weak = impl_;
    impl_->pump = std::make_unique<TapPump>([weak, &loop](PluginRecord* plugin, std::string what) {
        loop.post([weak, plugin, what = std::move(what)] {
            if (auto alive = weak.lock()) alive->disable(plugin, what);
        });
    });
    impl_->pump->start();
}

PluginHost::~PluginHost() {
    closeAll();
    for (auto& plugin : impl_->plugins) {
        if (plugin->library) dlclose(plugin->library);
        plugin->library = nullptr;
    }
}

namespace {

// Finds and checks the descriptor; fills plugin.problem and returns false
// when the plugin cannot be used. Reads nothing but abi_version until that
// matches.
bool locate(PluginHost::Impl& impl, PluginRecord& plugin) {
    for (const confab_plugin* linked : impl.static_plugins) {
        if (linked && linked->abi_version == CONFAB_PLUGIN_ABI_VERSION && linked->name &&
            plugin.name == linked->name) {
            plugin.descriptor = linked;
            plugin.source = "static";
            return true;
        }
    }
    const std::filesystem::path directory =
        impl.settings.directory.empty() ? std::filesystem::path(CONFAB_DEFAULT_PLUGIN_DIR) : impl.settings.directory;
    const std::filesystem::path path = directory / (plugin.name + ".so");
    plugin.source = path.string();
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        plugin.problem = "not linked into the bridge, and " + path.string() + " is not there";
        return false;
    }
    plugin.library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!plugin.library) {
        const char* why = dlerror();
        plugin.problem = std::string("cannot load it: ") + (why ? why : "dlopen failed");
        return false;
    }
    const auto* descriptor = static_cast<const confab_plugin*>(dlsym(plugin.library, CONFAB_PLUGIN_SYMBOL));
    if (!descriptor) {
        plugin.problem = path.string() + " is not a confab plugin: it exports no \"" CONFAB_PLUGIN_SYMBOL "\"";
        return false;
    }
    if (descriptor->abi_version != CONFAB_PLUGIN_ABI_VERSION) {
        plugin.problem = "it was built for plugin ABI version " + std::to_string(descriptor->abi_version) +
                         ", and this bridge speaks version " + std::to_string(CONFAB_PLUGIN_ABI_VERSION) +
                         "; rebuild it against this bridge's confab/plugin.h";
        return false;
    }
    if (!descriptor->name || plugin.name != descriptor->name) {
        plugin.problem = path.string() + " calls itself \"" + (descriptor->name ? descriptor->name : "") +
                         "\", not \"" + plugin.name + "\"";
        return false;
    }
    if (!descriptor->init) {
        plugin.problem = "its descriptor has no init function";
        return false;
    }
    plugin.descriptor = descriptor;
    return true;
}

}  // namespace

void PluginHost::loadAll() {
    Impl& impl = *impl_;
    for (const auto& [name, table] : impl.settings.tables) {
        if (std::find(impl.settings.enable.begin(), impl.settings.enable.end(), name) == impl.settings.enable.end())
            spdlog::warn("plugins: [plugins.{}] is configured but \"{}\" is not in plugins.enable; it is not loaded",
                         name, name);
    }
    for (const std::string& name : impl.settings.enable) {
        auto plugin = std::make_unique<PluginRecord>();
        PluginRecord& record = *plugin;
        impl.plugins.push_back(std::move(plugin));
        record.name = name;
        record.host = &impl;
        record.weak_host = impl_;
        if (const auto table = impl.settings.tables.find(name); table != impl.settings.tables.end())
            record.config = table->second;
        if (!locate(impl, record)) {
            spdlog::error("plugin {}: not loaded: {}", name, record.problem);
            continue;
        }
        record.description = record.descriptor->description ? record.descriptor->description : "";
        record.table = makeHostTable(record);
        record.enabled = true;
        int result = 0;
        const bool returned = impl.guarded(&record, "init()", [&] { result = record.descriptor->init(&record.table); });
        if (!returned) continue;  // disabled, logged
        if (result != 0) {
            record.enabled = false;
            record.problem = "init() failed (returned " + std::to_string(result) + ")";
            spdlog::error("plugin {}: disabled: {}; see its lines above; the bridge carries on without it", name,
                          record.problem);
            impl.removeAll(&record);
            continue;
        }
        record.initialised = true;
        spdlog::info("plugin {}: loaded ({}) from {}", name, record.description, record.source);
    }
}

void PluginHost::closeAll() {
    Impl& impl = *impl_;
    if (impl.closed) return;
    // Taps first: every tap's last (NULL) callback has returned before any
    // close() runs, so a plugin can finish its files there and free its
    // state in close().
    std::vector<std::pair<PluginRecord*, std::int64_t>> taps;
    for (const auto& [handle, registration] : impl.registrations) {
        if (registration.kind == HandleKind::Tap) taps.emplace_back(registration.plugin, handle);
    }
    for (auto it = taps.rbegin(); it != taps.rend(); ++it) impl.remove(it->first, it->second);
    impl.pump->stop();
    for (auto it = impl.plugins.rbegin(); it != impl.plugins.rend(); ++it) {
        PluginRecord& plugin = **it;
        if (!plugin.initialised) continue;
        plugin.initialised = false;
        impl.guarded(&plugin, "close()", [&] {
            if (plugin.descriptor->close) plugin.descriptor->close();
        });
        plugin.enabled = false;
        std::size_t left = 0;
        for (const auto& [handle, registration] : impl.registrations) left += registration.plugin == &plugin;
        if (left > 0) spdlog::debug("plugin {}: {} handle(s) left registered after close(); removed", plugin.name, left);
        impl.removeAll(&plugin);
    }
    impl.closed = true;
}

void PluginHost::dispatch(const PluginEvent& event) {
    Impl& impl = *impl_;
    if (impl.closed) return;
    const confab_event c_event = toCEvent(event);
    std::vector<std::int64_t> listeners;
    for (const auto& [handle, registration] : impl.registrations) {
        if (registration.kind == HandleKind::Listener) listeners.push_back(handle);
    }
    for (const std::int64_t handle : listeners) {
        const auto found = impl.registrations.find(handle);  // an earlier listener may have removed it
        if (found == impl.registrations.end() || !found->second.plugin->enabled) continue;
        const Registration listener = found->second;
        impl.guarded(listener.plugin, "its event listener",
                     [&] { listener.event_fn(listener.user, &c_event); });
    }
    if (event.kind == PluginEvent::Kind::ConferenceEnded) {
        std::vector<TapSourceKey> ended;
        for (const auto& [key, source] : impl.tap_sources) {
            if (key.conference == event.conference) ended.push_back(key);
        }
        for (const TapSourceKey& key : ended) impl.endTapSource(key);
    } else if (event.kind == PluginEvent::Kind::LegState &&
               event.leg_state == PluginEvent::LegState::Disconnected) {
        impl.endTapSource(TapSourceKey{event.conference, event.participant});
    }
}

std::optional<PluginCommandInfo> PluginHost::command(std::string_view name) const {
    if (const Registration* registration = impl_->commandRegistration(name)) return registration->command;
    return std::nullopt;
}

std::vector<PluginCommandInfo> PluginHost::commands() const {
    std::vector<PluginCommandInfo> all;
    for (const auto& [handle, registration] : impl_->registrations) {
        if (registration.kind == HandleKind::Command) all.push_back(registration.command);
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return all;
}

PluginCommandResult PluginHost::runCommand(std::string_view name, std::int64_t conference,
                                           const std::string& sender, bool sender_is_moderator,
                                           const std::vector<std::string>& args) {
    Impl& impl = *impl_;
    const Registration* found = impl.commandRegistration(name);
    if (!found) return {false, "/" + std::string(name) + " is no longer available."};
    const Registration command = *found;
    std::vector<const char*> argv;
    argv.reserve(args.size());
    for (const std::string& arg : args) argv.push_back(arg.c_str());
    confab_command_call call{};
    call.struct_size = sizeof(confab_command_call);
    call.conference = conference;
    call.sender = sender.c_str();
    call.sender_is_moderator = sender_is_moderator ? 1 : 0;
    call.argc = argv.size();
    call.argv = argv.data();
    std::array<char, kCommandReplyBytes> reply{};
    int result = 0;
    if (!impl.guarded(command.plugin, "its slash command",
                      [&] { result = command.command_fn(command.user, &call, reply.data(), reply.size()); })) {
        return {false, "Sorry, /" + command.command.name + " failed inside the " + command.plugin->name +
                           " plugin, which has been disabled."};
    }
    reply.back() = '\0';
    return {result == 0, std::string(reply.data())};
}

std::vector<PluginStatus> PluginHost::status() const {
    std::vector<PluginStatus> all;
    for (const auto& plugin : impl_->plugins) {
        all.push_back(PluginStatus{plugin->name, plugin->description, plugin->source, plugin->enabled,
                                   plugin->problem});
    }
    return all;
}

}  // namespace confab::plugins
