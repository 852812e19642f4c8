// ConferenceService::Impl: the bridge as plugins see it. Impl is the plugin
// host's BridgeServices (control thread), tells the host about conference,
// leg, talker and DTMF events, and runs the slash commands plugins
// registered with the same conference lookup, moderator check and audit
// as the built-in commands.
#include "conference_service_impl.h"

namespace confab::bridge {

std::uint32_t ConferenceService::Impl::connectedLegs(const Conference& conf) {
    return static_cast<std::uint32_t>(std::count_if(
        conf.participants.begin(), conf.participants.end(),
        [](const Participant& p) { return p.kind == Kind::Phone && p.live() && p.answered; }));
}

plugins::PluginEvent ConferenceService::Impl::pluginEvent(plugins::PluginEvent::Kind kind,
                                                          const Conference& conf,
                                                          const Participant* p) const {
    plugins::PluginEvent event;
    event.kind = kind;
    event.conference = conf.id;
    event.unix_ms = nowMillis();
    event.owner = conf.owner;
    event.room = conf.room_jid;
    event.live_legs = connectedLegs(conf);
    if (p) {
        event.participant = p->id;
        event.number = p->number;
        event.name = p->name();
        event.display = p->display.empty() ? (p->number.empty() ? p->jid : p->number) : p->display;
        event.answered = p->answered;
    }
    return event;
}

void ConferenceService::Impl::tellPlugins(const plugins::PluginEvent& event) {
    if (plugin_host) plugin_host->dispatch(event);
}

void ConferenceService::Impl::tellPluginsLegState(const Conference& conf, const Participant& p,
                                                  plugins::PluginEvent::LegState state,
                                                  const std::string& reason) {
    if (!plugin_host) return;
    plugins::PluginEvent event = pluginEvent(plugins::PluginEvent::Kind::LegState, conf, &p);
    event.leg_state = state;
    event.reason = reason;
    tellPlugins(event);
}

void ConferenceService::Impl::dtmfReceived(const engine::DtmfReceived& dtmf) {
    auto [conf, p] = participantOfLeg(dtmf.leg);
    if (!conf || !p || !plugin_host) return;
    plugins::PluginEvent event = pluginEvent(plugins::PluginEvent::Kind::Dtmf, *conf, p);
    event.digit = dtmf.digit;
    tellPlugins(event);
}

std::optional<std::string> ConferenceService::Impl::pluginCommandReply(const std::string& sender,
                                                                       const std::string& body,
                                                                       Conference* room) {
    if (!plugin_host) return std::nullopt;
    const std::string name = slashCommandName(body);
    if (name.empty()) return std::nullopt;
    if (name == "help") return pluginHelp(body);
    const auto info = plugin_host->command(name);
    if (!info) return std::nullopt;
    auto parsed = parseExtensionCommand(body);
    if (const auto* problem = std::get_if<CommandError>(&parsed)) {
        spdlog::info("chat from {}: rejected: {}", sender, problem->message);
        return problem->message + ". Usage: " + info->usage;
    }
    const auto& command = std::get<ExtensionCommand>(parsed);
    const std::string action = "/" + command.name;
    Conference* conf = room ? room : conferenceFor(sender);
    if (!conf) {
        audit(sender, action, joinArgs(command.args), false, "no conference");
        return std::string("You are not in a conference. Start one with /call <who>.");
    }
    const bool moderator = isModerator(*conf, sender);
    if (info->moderators_only && !moderator) {
        audit(sender, action, joinArgs(command.args), false, "not the owner or a moderator");
        return "Only the owner (" + conf->owner + ") or a moderator may use " + action + ".";
    }
    const std::int64_t conference_id = conf->id;  // the command may end the conference
    const plugins::PluginCommandResult result =
        plugin_host->runCommand(command.name, conference_id, sender, moderator, command.args);
    audit(sender, action, joinArgs(command.args), result.ok, result.ok ? "" : result.reply);
    return result.reply;
}

std::optional<std::string> ConferenceService::Impl::pluginHelp(const std::string& body) {
    const auto commands = plugin_host->commands();
    if (commands.empty()) return std::nullopt;
    auto parsed = parseExtensionCommand(body);
    const auto* help = std::get_if<ExtensionCommand>(&parsed);
    if (!help) return std::nullopt;
    if (help->args.empty()) {
        std::string text = formatHelp();
        for (const auto& command : commands) {
            appendLine(text, command.usage + " - " + command.summary +
                                 (command.moderators_only ? " (owner and moderators)" : ""));
        }
        return text;
    }
    std::string asked = help->args.front();
    if (!asked.empty() && asked.front() == '/') asked.erase(0, 1);
    for (auto& c : asked) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& command : commands) {
        if (command.name == asked) {
            return command.usage + "\n" + command.summary + "\nFrom the " + command.plugin +
                   " plugin" + (command.moderators_only ? "; for the owner and moderators." : ".");
        }
    }
    return std::nullopt;
}

std::optional<plugins::ConferenceFacts> ConferenceService::Impl::conferenceFacts(std::int64_t id) {
    const Conference* conf = conferenceById(id);
    if (!conf || conf->ending) return std::nullopt;
    plugins::ConferenceFacts facts;
    facts.owner = conf->owner;
    facts.room = conf->room_jid;
    facts.access_code = conf->access_code;
    facts.live_legs = connectedLegs(*conf);
    facts.participants = static_cast<std::uint32_t>(conf->liveParticipants());
    facts.recording = conf->recording;
    return facts;
}

bool ConferenceService::Impl::isModerator(std::int64_t id, const std::string& sender) {
    const Conference* conf = conferenceById(id);
    return conf && isModerator(*conf, sender);
}

bool ConferenceService::Impl::say(std::int64_t id, const std::string& text) {
    Conference* conf = conferenceById(id);
    if (!conf) {
        spdlog::info("conference {} has ended; not said: {}", id, text);
        return false;
    }
    say(*conf, text);
    return true;
}

bool ConferenceService::Impl::setRecording(std::int64_t id, bool recording) {
    Conference* conf = conferenceById(id);
    if (!conf) return false;
    if (conf->recording == recording) return true;
    conf->recording = recording;
    const char* what = recording ? "recording-on" : "recording-off";
    record("event", [this, id, what] { log.event(id, what, "", nowMillis()); });
    sendStateOnly(*conf);
    return true;
}

bool ConferenceService::Impl::addRecording(const plugins::RecordingEntry& entry) {
    bool stored = false;
    record("recording", [&] {
        store::RecordingRecord row;
        row.conference_id = entry.conference;
        row.participant = entry.participant;
        row.path = entry.path;
        row.format = entry.format;
        row.started = entry.started_unix_ms;
        row.ended = entry.ended_unix_ms;
        row.bytes = entry.bytes;
        log.recordingAdded(row);
        stored = true;
    });
    if (stored) spdlog::info("conference {}: recording {} listed", entry.conference, entry.path);
    return stored;
}

bool ConferenceService::Impl::playPrompt(std::int64_t id, std::uint32_t participant,
                                         std::shared_ptr<const media::Prompt> prompt) {
    Conference* conf = conferenceById(id);
    if (!conf) return false;
    if (participant == 0) return engine.playConferencePrompt(conf->engine_id, std::move(prompt));
    const Participant* p = conf->find(participant);
    if (!p || p->kind != Kind::Phone || p->leg == 0 || !p->live()) return false;
    return engine.playPrompt(p->leg, std::move(prompt));
}

bool ConferenceService::Impl::setTap(std::int64_t id, std::uint32_t participant,
                                     std::shared_ptr<media::AudioTap> tap) {
    Conference* conf = conferenceById(id);
    if (!conf) return false;
    if (participant == 0) return engine.setConferenceTap(conf->engine_id, std::move(tap));
    const Participant* p = conf->find(participant);
    if (!p || p->kind != Kind::Phone || p->leg == 0 || !p->live()) return false;
    return engine.setLegTap(p->leg, std::move(tap));
}

}  // namespace confab::bridge
