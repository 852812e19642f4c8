// The functions behind each plugin's confab_host table. Every entry first
// finds the plugin from host->context, checks its arguments and thread, and
// never lets an exception out (this is a C ABI).
#include <algorithm>
#include <cstring>
#include <string>

#include <spdlog/spdlog.h>

#include "confab/bridge/control_loop.h"
#include "confab/media/audio_tap.h"
#include "confab/media/prompt.h"
#include "confab/shared/command_table.h"
#include "host_impl.h"

namespace confab::plugins {

namespace {

constexpr std::size_t kMaxCommandName = 32;
constexpr std::size_t kMaxPromptSamples = 60 * 8000;
constexpr std::size_t kMaxTextBytes = 4096;

PluginRecord* recordOf(const confab_host* host) {
    return host ? static_cast<PluginRecord*>(host->context) : nullptr;
}

// A [control] function's preamble: the plugin, enabled, on the control thread.
int controlCheck(const confab_host* host, PluginRecord*& plugin) {
    plugin = recordOf(host);
    if (!plugin || !plugin->host) return CONFAB_ERR_INVALID;
    if (!plugin->host->onControlThread()) return CONFAB_ERR_WRONG_THREAD;
    if (plugin->host->closed) return CONFAB_ERR_UNAVAILABLE;
    return CONFAB_OK;
}

bool validText(const char* text) {
    if (!text) return false;
    const std::size_t length = strnlen(text, kMaxTextBytes + 1);
    return length > 0 && length <= kMaxTextBytes;
}

// Posts `work` to the control thread for an [any thread] function; it runs
// only if the host is still there and the plugin still enabled.
template <typename Work>
int postForPlugin(PluginRecord* plugin, Work&& work) {
    if (!plugin || !plugin->host) return CONFAB_ERR_INVALID;
    std::weak_ptr<PluginHost::Impl> weak = plugin->weak_host;
    auto host = weak.lock();
    if (!host) return CONFAB_ERR_UNAVAILABLE;
    host->loop.post([weak, plugin, work = std::forward<Work>(work)]() mutable {
        const auto alive = weak.lock();
        if (!alive || plugin->faulted) return;
        work(*alive);
    });
    return CONFAB_OK;
}

const PluginValue* configValue(const confab_host* host, const char* key) {
    PluginRecord* plugin = nullptr;
    if (controlCheck(host, plugin) != CONFAB_OK || !key) return nullptr;
    const auto found = plugin->config.find(key);
    return found == plugin->config.end() ? nullptr : &found->second;
}

// ---- the table's entries ----

void hostLog(const confab_host* host, confab_log_level level, const char* message) {
    PluginRecord* plugin = recordOf(host);
    if (!plugin || !message) return;
    const std::string text(message, strnlen(message, kMaxTextBytes));
    switch (level) {
        case CONFAB_LOG_DEBUG: spdlog::debug("plugin {}: {}", plugin->name, text); break;
        case CONFAB_LOG_INFO: spdlog::info("plugin {}: {}", plugin->name, text); break;
        case CONFAB_LOG_WARN: spdlog::warn("plugin {}: {}", plugin->name, text); break;
        default: spdlog::error("plugin {}: {}", plugin->name, text); break;
    }
}

const char* configString(const confab_host* host, const char* key) {
    const PluginValue* value = configValue(host, key);
    const auto* text = value ? std::get_if<std::string>(value) : nullptr;
    return text ? text->c_str() : nullptr;
}

int configInt(const confab_host* host, const char* key, int64_t* out) {
    const PluginValue* value = configValue(host, key);
    if (!value) return CONFAB_ERR_UNKNOWN;
    const auto* number = std::get_if<std::int64_t>(value);
    if (!number || !out) return CONFAB_ERR_INVALID;
    *out = *number;
    return CONFAB_OK;
}

int configBool(const confab_host* host, const char* key, int* out) {
    const PluginValue* value = configValue(host, key);
    if (!value) return CONFAB_ERR_UNKNOWN;
    const auto* flag = std::get_if<bool>(value);
    if (!flag || !out) return CONFAB_ERR_INVALID;
    *out = *flag ? 1 : 0;
    return CONFAB_OK;
}

int configArraySize(const confab_host* host, const char* key) {
    const PluginValue* value = configValue(host, key);
    if (!value) return CONFAB_ERR_UNKNOWN;
    const auto* items = std::get_if<std::vector<std::string>>(value);
    return items ? static_cast<int>(items->size()) : CONFAB_ERR_INVALID;
}

const char* configArrayString(const confab_host* host, const char* key, size_t index) {
    const PluginValue* value = configValue(host, key);
    const auto* items = value ? std::get_if<std::vector<std::string>>(value) : nullptr;
    return items && index < items->size() ? (*items)[index].c_str() : nullptr;
}

int64_t addEventListener(const confab_host* host, confab_event_fn fn, void* user) {
    PluginRecord* plugin = nullptr;
    if (const int status = controlCheck(host, plugin); status != CONFAB_OK) return status;
    if (!fn) return CONFAB_ERR_INVALID;
    Registration registration;
    registration.kind = HandleKind::Listener;
    registration.plugin = plugin;
    registration.event_fn = fn;
    registration.user = user;
    return plugin->host->add(std::move(registration));
}

bool validCommandName(const char* name) {
    if (!name) return false;
    const std::size_t length = strnlen(name, kMaxCommandName + 1);
    if (length == 0 || length > kMaxCommandName) return false;
    return std::all_of(name, name + length, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

int64_t addCommand(const confab_host* host, const char* name, const char* usage, const char* summary,
                   confab_command_access access, confab_command_fn fn, void* user) {
    PluginRecord* plugin = nullptr;
    if (const int status = controlCheck(host, plugin); status != CONFAB_OK) return status;
    if (!fn || !validCommandName(name) || !validText(usage) || !validText(summary)) return CONFAB_ERR_INVALID;
    if (access != CONFAB_COMMAND_PARTICIPANTS && access != CONFAB_COMMAND_MODERATORS) return CONFAB_ERR_INVALID;
    if (findCommand(name) != nullptr || plugin->host->commandRegistration(name)) return CONFAB_ERR_EXISTS;
    Registration registration;
    registration.kind = HandleKind::Command;
    registration.plugin = plugin;
    registration.command_fn = fn;
    registration.user = user;
    registration.command = PluginCommandInfo{name, usage, summary, access == CONFAB_COMMAND_MODERATORS,
                                             plugin->name};
    return plugin->host->add(std::move(registration));
}

int64_t addMediaTap(const confab_host* host, int64_t conference, uint32_t participant, confab_tap_fn fn,
                    void* user) {
    PluginRecord* plugin = nullptr;
    if (const int status = controlCheck(host, plugin); status != CONFAB_OK) return status;
    if (!fn) return CONFAB_ERR_INVALID;
    PluginHost::Impl& impl = *plugin->host;
    const TapSourceKey key{conference, participant};
    auto& source = impl.tap_sources[key];
    if (!source.tap) {
        source.tap = std::make_shared<media::AudioTap>();
        if (!impl.services.setTap(conference, participant, source.tap)) {
            impl.tap_sources.erase(key);
            return CONFAB_ERR_UNKNOWN;
        }
    }
    ++source.readers;
    Registration registration;
    registration.kind = HandleKind::Tap;
    registration.plugin = plugin;
    registration.user = user;
    registration.tap_key = key;
    const std::int64_t handle = impl.add(std::move(registration));
    impl.pump->subscribe(handle, key, source.tap, fn, user, plugin);
    return handle;
}

int64_t addPromptSource(const confab_host* host, confab_prompt_fn fn, void* user) {
    PluginRecord* plugin = nullptr;
    if (const int status = controlCheck(host, plugin); status != CONFAB_OK) return status;
    if (!fn) return CONFAB_ERR_INVALID;
    Registration registration;
    registration.kind = HandleKind::PromptSource;
    registration.plugin = plugin;
    registration.prompt_fn = fn;
    registration.user = user;
    return plugin->host->add(std::move(registration));
}

int removeHandle(const confab_host* host, int64_t handle) {
    PluginRecord* plugin = nullptr;
    if (const int status = controlCheck(host, plugin); status != CONFAB_OK) return status;
    return plugin->host->remove(plugin, handle);
}

int conferenceInfo(const confab_host* host, int64_t conference, confab_conference_info* out) {
    PluginRecord* plugin = nullptr;
    if (const int status = controlCheck(host, plugin); status != CONFAB_OK) return status;
    if (!out || out->struct_size < sizeof(confab_conference_info)) return CONFAB_ERR_INVALID;
    PluginHost::Impl& impl = *plugin->host;
    auto facts = impl.services.conferenceFacts(conference);
    if (!facts) return CONFAB_ERR_UNKNOWN;
    // Outside any callback (init) nothing would clear the scratch: keep one.
    if (impl.callback_depth == 0) impl.facts_scratch.clear();
    const ConferenceFacts& kept = impl.facts_scratch.emplace_back(std::move(*facts));
    out->owner = kept.owner.c_str();
    out->room = kept.room.c_str();
    out->access_code = kept.access_code.c_str();
    out->live_legs = kept.live_legs;
    out->participants = kept.participants;
    out->recording = kept.recording ? 1 : 0;
    return CONFAB_OK;
}

int announce(const confab_host* host, int64_t conference, uint32_t participant, const char* text) {
    PluginRecord* plugin = nullptr;
    if (const int status = controlCheck(host, plugin); status != CONFAB_OK) return status;
    if (!validText(text)) return CONFAB_ERR_INVALID;
    PluginHost::Impl& impl = *plugin->host;
    if (!impl.services.conferenceFacts(conference)) return CONFAB_ERR_UNKNOWN;
    for (auto& [handle, registration] : impl.registrations) {
        if (registration.kind != HandleKind::PromptSource || !registration.plugin->enabled) continue;
        int result = CONFAB_ERR_FAILED;
        const Registration source = registration;  // the call may change the map
        if (!impl.guarded(source.plugin, "its prompt source", [&] {
                result = source.prompt_fn(source.user, conference, participant, text);
            })) {
            return CONFAB_ERR_FAILED;
        }
        return result == 0 ? CONFAB_OK : CONFAB_ERR_FAILED;
    }
    return CONFAB_ERR_UNAVAILABLE;
}

int playAudio(const confab_host* host, int64_t conference, uint32_t participant, const int16_t* samples,
              size_t sample_count, uint32_t sample_rate) {
    PluginRecord* plugin = recordOf(host);
    if (!plugin || !samples || sample_count == 0 || sample_count > kMaxPromptSamples || sample_rate != 8000)
        return CONFAB_ERR_INVALID;
    auto prompt = std::make_shared<const media::Prompt>(
        media::Prompt::fromSamples(std::vector<int16_t>(samples, samples + sample_count)));
    return postForPlugin(plugin, [conference, participant, prompt](PluginHost::Impl& impl) {
        if (!impl.services.playPrompt(conference, participant, prompt))
            spdlog::debug("plugin audio for conference {} participant {} not played: gone", conference,
                          participant);
    });
}

int say(const confab_host* host, int64_t conference, const char* text) {
    PluginRecord* plugin = recordOf(host);
    if (!plugin || !validText(text)) return CONFAB_ERR_INVALID;
    return postForPlugin(plugin, [conference, line = std::string(text)](PluginHost::Impl& impl) {
        impl.services.say(conference, line);
    });
}

int setRecording(const confab_host* host, int64_t conference, int recording) {
    PluginRecord* plugin = recordOf(host);
    if (!plugin) return CONFAB_ERR_INVALID;
    return postForPlugin(plugin, [conference, recording](PluginHost::Impl& impl) {
        impl.services.setRecording(conference, recording != 0);
    });
}

int addRecording(const confab_host* host, const confab_recording* recording) {
    PluginRecord* plugin = recordOf(host);
    if (!plugin || !recording || recording->struct_size < sizeof(confab_recording) ||
        !validText(recording->path) || !validText(recording->format))
        return CONFAB_ERR_INVALID;
    RecordingEntry entry;
    entry.conference = recording->conference;
    entry.participant = recording->participant;
    entry.path = recording->path;
    entry.format = recording->format;
    entry.started_unix_ms = recording->started_unix_ms;
    entry.ended_unix_ms = recording->ended_unix_ms;
    entry.bytes = recording->bytes;
    return postForPlugin(plugin, [entry = std::move(entry)](PluginHost::Impl& impl) {
        impl.services.addRecording(entry);
    });
}

}  // namespace

confab_host makeHostTable(PluginRecord& plugin) {
    confab_host table{};
    table.struct_size = sizeof(confab_host);
    table.abi_version = CONFAB_PLUGIN_ABI_VERSION;
    table.plugin_name = plugin.name.c_str();
    table.context = &plugin;
    table.log = hostLog;
    table.config_string = configString;
    table.config_int = configInt;
    table.config_bool = configBool;
    table.config_array_size = configArraySize;
    table.config_array_string = configArrayString;
    table.add_event_listener = addEventListener;
    table.add_command = addCommand;
    table.add_media_tap = addMediaTap;
    table.add_prompt_source = addPromptSource;
    table.remove = removeHandle;
    table.conference_info = conferenceInfo;
    table.announce = announce;
    table.play_audio = playAudio;
    table.say = say;
    table.set_recording = setRecording;
    table.add_recording = addRecording;
    return table;
}

}  // namespace confab::plugins
