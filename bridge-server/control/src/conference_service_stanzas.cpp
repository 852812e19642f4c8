// ConferenceService::Impl: incoming chat and presence, engine events and
// ad-hoc commands.
#include "conference_service_impl.h"

namespace confab::bridge {

void ConferenceService::Impl::handleChat(const IncomingChat& chat) {
    const std::string from_bare = bareOf(chat.from);
    if (chat.groupchat) {
        handleRoomMessage(chat, from_bare);
        return;
    }
    if (bareOf(chat.to) != lower(settings.component_jid)) {
        return;  // private messages to our room nick and the like
    }
    if (from_bare.find('@') == std::string::npos) return;  // servers, components
    if (isRoomJid(from_bare)) return;  // room notices, declined mediated invitations
    maybeFetchVcard(from_bare);
    if (auto answer = protocol::parseInvitationAnswer(*chat.stanza)) {
        const std::string reply = answerInvitation(from_bare, answer->id, answer->accepted,
                                                   answer->chat_only ? "chat" : answer->number);
        xmpp.sendChat(chat.from, reply);
        return;
    }
    if (chat.body.empty() || chat.delayed) return;
    const std::string reply = replyToText(from_bare, chat.body, nullptr);
    if (!reply.empty()) xmpp.sendChat(chat.from, reply);
}

void ConferenceService::Impl::handleRoomMessage(const IncomingChat& chat, const std::string& room) {
    Conference* conf = conferenceOfRoom(room);
    if (!conf || chat.delayed || chat.body.empty() || chat.body.front() != '/') return;
    const std::string nick = resourceOf(chat.from);
    if (nick == settings.room_nick) return;
    const auto occupant = conf->occupants.find(nick);
    if (occupant == conf->occupants.end() || occupant->second.empty()) return;
    const std::string reply = replyToText(occupant->second, chat.body, conf);
    if (!reply.empty()) say(*conf, reply);
}

std::string ConferenceService::Impl::replyToText(const std::string& sender, const std::string& body,
                                                 Conference* room) {
    if (auto refusal = rateLimited(sender)) return *refusal;
    if (auto reply = pluginCommandReply(sender, body, room)) return *reply;
    ChatInterpretation meaning = chat_commands.interpret(sender, body, room != nullptr);
    if (auto* reply = std::get_if<std::string>(&meaning)) return *reply;
    return execute(Context{sender, room}, std::get<SlashCommand>(meaning));
}

std::optional<std::string> ConferenceService::Impl::rateLimited(const std::string& sender) {
    const auto now = Clock::now();
    switch (command_rate.admit(sender, now)) {
        case CommandRateLimiter::Verdict::Allowed:
            return std::nullopt;
        case CommandRateLimiter::Verdict::RefusedWithReply: {
            ++counters.commands_rate_limited;
            const double wait = command_rate.secondsUntilAllowed(sender, now);
            audit(sender, "rate-limit", "chat commands", false, "too many commands too fast");
            return fmt::format("Too many commands: wait {:.0f} s and try again.",
                               std::max(1.0, std::ceil(wait)));
        }
        case CommandRateLimiter::Verdict::RefusedSilently:
            ++counters.commands_rate_limited;
            return std::string();
    }
    return std::string();
}

bool ConferenceService::Impl::isRoomJid(const std::string& bare) const {
    const std::string service = "@" + lower(settings.muc_service);
    return !settings.muc_service.empty() && bare.size() > service.size() &&
           bare.compare(bare.size() - service.size(), std::string::npos, service) == 0;
}

void ConferenceService::Impl::handlePresence(const IncomingPresence& presence) {
    const std::string from_bare = bareOf(presence.from);
    if (isRoomJid(from_bare)) {
        handleRoomPresence(presence);
        return;
    }
    if (from_bare.find('@') == std::string::npos) return;
    const std::string resource = resourceOf(presence.from);
    if (presence.type == "subscribe") {
        // Anyone may see the bridge online; we ask back to see them, so
        // they can be invited by chat.
        xmpp.sendStanza(presenceTo(from_bare, "subscribed"));
        xmpp.sendStanza(presenceTo(from_bare, "subscribe"));
        return;
    }
    if (presence.type == "probe") {
        auto answer = std::make_unique<gloox::Tag>("presence");
        answer->addAttribute("to", presence.from);
        answer->addAttribute("from", settings.component_jid);
        xmpp.sendStanza(std::move(answer));
        return;
    }
    if (presence.type == "unavailable" || presence.type == "error") {
        auto found = online.find(from_bare);
        if (found != online.end()) {
            found->second.erase(resource);
            if (found->second.empty()) {
                online.erase(found);
                spdlog::debug("presence: {} is offline", from_bare);
            }
        }
        return;
    }
    if (presence.type.empty()) {
        if (!isOnline(from_bare)) spdlog::debug("presence: {} is online", from_bare);
        online[from_bare].insert(resource);
        maybeFetchVcard(from_bare);
    }
}

std::unique_ptr<gloox::Tag> ConferenceService::Impl::presenceTo(const std::string& to,
                                                                const std::string& type) const {
    auto tag = std::make_unique<gloox::Tag>("presence");
    tag->addAttribute("to", to);
    tag->addAttribute("from", settings.component_jid);
    if (!type.empty()) tag->addAttribute("type", type);
    return tag;
}

void ConferenceService::Impl::handleRoomPresence(const IncomingPresence& presence) {
    const auto occupant = protocol::parseOccupantPresence(*presence.stanza);
    const std::string room = bareOf(presence.from);
    Conference* conf = conferenceOfRoom(room);
    if (!conf) return;
    const std::string nick = resourceOf(presence.from);
    const bool self =
        occupant && (std::find(occupant->status_codes.begin(), occupant->status_codes.end(), 110) !=
                     occupant->status_codes.end());
    if (presence.type == "error") {
        spdlog::warn("room {}: presence error; the conference continues without its room", room);
        if (nick == settings.room_nick) {
            conf->room_ready = true;  // flush into the void rather than grow forever
            conf->room_backlog.clear();
        }
        return;
    }
    if (self || nick == settings.room_nick) {
        if (presence.type == "unavailable") {
            conf->room_ready = false;
            return;
        }
        if (!conf->room_ready) configureRoom(conf->id);
        return;
    }
    if (presence.type == "unavailable") {
        conf->occupants.erase(nick);
        return;
    }
    const bool fresh = conf->occupants.count(nick) == 0;
    conf->occupants[nick] = occupant ? bareOf(occupant->real_jid) : std::string();
    if (fresh && conf->room_ready) sendFullInfo(*conf);
}

void ConferenceService::Impl::maybeFetchVcard(const std::string& bare) {
    if (!vcard_fetched.insert(bare).second || vcard_fetched.size() > 100000) return;
    auto iq = std::make_unique<gloox::Tag>("iq");
    iq->addAttribute("type", "get");
    iq->addAttribute("to", bare);
    iq->addAttribute("from", settings.component_jid);
    iq->addAttribute("id", iqId());
    auto* vcard = new gloox::Tag(iq.get(), "vCard");
    vcard->setXmlns("vcard-temp");
    xmpp.sendIq(std::move(iq), [this, bare](const IqAnswer& answer) {
        if (!answer.ok || !answer.payload) return;
        mergeVcard(bare, *answer.payload);
    });
}

void ConferenceService::Impl::mergeVcard(const std::string& bare, const gloox::Tag& vcard) {
    std::vector<store::PhoneEntry> numbers;
    for (const gloox::Tag* tel : vcard.findChildren("TEL")) {
        const gloox::Tag* number_tag = tel->findChild("NUMBER");
        if (!number_tag) continue;
        const E164Result number = normalizeToE164(number_tag->cdata(), settings.default_region);
        if (!number.ok()) {
            spdlog::info("vCard of {}: ignoring TEL \"{}\": {}", bare, number_tag->cdata(),
                         number.reason);
            continue;
        }
        store::PhoneEntry entry;
        entry.number = number.e164;
        entry.kind = tel->findChild("CELL")   ? store::NumberKind::Mobile
                     : tel->findChild("WORK") ? store::NumberKind::Work
                                              : store::NumberKind::Other;
        entry.preferred = tel->findChild("PREF") != nullptr;
        numbers.push_back(entry);
    }
    if (numbers.empty()) return;
    std::string name;
    if (const gloox::Tag* fn = vcard.findChild("FN")) name = fn->cdata();
    if (name.empty()) name = localPart(bare);
    record("vcard merge", [&] { directory.mergeVcard(bare, name, numbers); });
    spdlog::info("directory: {} numbers from the vCard of {}", numbers.size(), bare);
}

void ConferenceService::Impl::handleEngineEvent(const engine::EngineEvent& event) {
    if (const auto* state = std::get_if<engine::LegStateChanged>(&event)) {
        legStateChanged(*state);
    } else if (const auto* talker = std::get_if<engine::TalkerChanged>(&event)) {
        talkerChanged(*talker);
    } else if (const auto* dtmf = std::get_if<engine::DtmfReceived>(&event)) {
        dtmfReceived(*dtmf);
    }
}

std::pair<Conference*, Participant*> ConferenceService::Impl::participantOfLeg(engine::LegId leg) {
    const auto found = by_leg.find(leg);
    if (found == by_leg.end()) return {nullptr, nullptr};
    Conference* conf = conferenceById(found->second.first);
    if (!conf) return {nullptr, nullptr};
    return {conf, conf->find(found->second.second)};
}

void ConferenceService::Impl::legStateChanged(const engine::LegStateChanged& change) {
    auto [conf, p] = participantOfLeg(change.leg);
    if (!conf || !p) return;
    using sip::LegState;
    switch (change.to) {
        case LegState::Dialing:
            p->status = EndpointStatus::DialingOut;
            break;
        case LegState::Alerting:
            p->status = EndpointStatus::Alerting;
            break;
        case LegState::Connected:
            p->status = p->muted ? EndpointStatus::MutedViaFocus : EndpointStatus::Connected;
            if (!p->answered) {
                countDial("connected");
                p->answered = true;
                p->joined_ms = nowMillis();
                record("leg answer", [&] { log.legAnswered(p->record, nowMillis()); });
                say(*conf, p->name() + " joined.");
            }
            break;
        case LegState::OnHold:
            p->status = EndpointStatus::OnHold;
            break;
        case LegState::Disconnected:
            legEnded(*conf, *p, change.ending);
            return;
        case LegState::Disconnecting:
        case LegState::Idle:
            return;
    }
    sendPartialInfo(*conf, *p);
    using PluginLegState = plugins::PluginEvent::LegState;
    switch (change.to) {
        case LegState::Alerting:
            tellPluginsLegState(*conf, *p, PluginLegState::Alerting);
            break;
        case LegState::Connected:
            tellPluginsLegState(*conf, *p, PluginLegState::Connected);
            break;
        case LegState::OnHold:
            tellPluginsLegState(*conf, *p, PluginLegState::OnHold);
            break;
        default:
            break;
    }
}

std::string ConferenceService::Impl::endCodeOf(const Participant& p, const sip::LegEnding& ending) {
    using sip::DisconnectReason;
    if (!p.booted_by.empty()) return "kicked";
    switch (ending.reason) {
        case DisconnectReason::Busy:
        case DisconnectReason::Rejected:
            return "busy";
        case DisconnectReason::NoAnswer:
            return "no-answer";
        case DisconnectReason::RemoteHangup:
        case DisconnectReason::Hangup:
        case DisconnectReason::Cancelled:
        case DisconnectReason::None:
            return "hangup";
        case DisconnectReason::MediaTimeout:
        case DisconnectReason::MediaNegotiationFailed:
        case DisconnectReason::TransportError:
        case DisconnectReason::Failed:
            return "failed";
    }
    return "failed";
}

void ConferenceService::Impl::legEnded(Conference& conf, Participant& p,
                                       const sip::LegEnding& ending) {
    using sip::DisconnectReason;
    if (p.ended) return;
    p.ended = true;
    p.talking = false;
    p.status = EndpointStatus::Disconnected;
    p.left_ms = nowMillis();
    p.sip_code = ending.sip_status;
    p.end_code = endCodeOf(p, ending);
    if (!p.answered) countDial(p.end_code == "hangup" ? "cancelled" : p.end_code.c_str());
    std::string line;
    if (!p.booted_by.empty()) {
        p.method = DisconnectionMethod::Booted;
        p.reason = "removed by " + p.booted_by;
        line = p.name() + " was removed by " + displayNameOf(p.booted_by) + ".";
    } else if (ending.reason == DisconnectReason::Busy) {
        p.method = DisconnectionMethod::Busy;
        p.reason = describeEnding(ending);
        line = p.name() + " is busy.";
    } else if (ending.reason == DisconnectReason::NoAnswer) {
        p.method = DisconnectionMethod::Failed;
        p.reason = describeEnding(ending);
        line = p.name() + " did not answer.";
    } else if (ending.reason == DisconnectReason::RemoteHangup ||
               ending.reason == DisconnectReason::Hangup ||
               ending.reason == DisconnectReason::Cancelled) {
        p.method = DisconnectionMethod::Departed;
        if (p.reason.empty()) p.reason = describeEnding(ending);
        line = p.name() + (p.answered ? " left." : " was hung up before answering.");
    } else {
        p.method = DisconnectionMethod::Failed;
        p.reason = describeEnding(ending);
        line = p.name() + " could not be reached: " + p.reason + ".";
        if (p.answered) line = p.name() + " was disconnected: " + p.reason + ".";
    }
    record("leg end", [&] { log.legEnded(p.record, nowMillis(), p.reason, ending.sip_status); });
    by_leg.erase(p.leg);
    sendPartialInfo(conf, p);
    if (!conf.ending) say(conf, line);
    tellPluginsLegState(conf, p, plugins::PluginEvent::LegState::Disconnected, p.reason);
    // A copy: finishing erases the conference and its ending_reason.
    const std::string reason = conf.ending ? conf.ending_reason : "everyone has left";
    maybeFinish(conf, reason);
}

void ConferenceService::Impl::talkerChanged(const engine::TalkerChanged& change) {
    auto [conf, p] = participantOfLeg(change.leg);
    if (!conf || !p || p->talking == change.talking) return;
    p->talking = change.talking;
    ++counters.talker_events;
    sendToConference(*conf, protocol::speakingTag(change.talking, p->entity()), true, "");
    if (plugin_host) {
        plugins::PluginEvent event = pluginEvent(plugins::PluginEvent::Kind::Talker, *conf, p);
        event.talking = change.talking;
        tellPlugins(event);
    }
    const auto latency =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - change.at);
    spdlog::debug("conference {}: {} {} (sent {} us after the media thread decided)", conf->id,
                  p->name(), change.talking ? "started speaking" : "stopped speaking",
                  latency.count());
}

AdhocReply ConferenceService::Impl::handleAdhoc(const AdhocRequest& request) {
    const std::string who = bareOf(request.from);
    AdhocReply reply;
    auto field = [&](const std::string& var) -> std::vector<std::string> {
        const auto found = request.fields.find(var);
        return found == request.fields.end() ? std::vector<std::string>{} : found->second;
    };
    auto whoList = [&]() {
        std::vector<std::string> args;
        for (const std::string& value : field("who")) {
            // One participant per line; commas separate too.
            std::size_t start = 0;
            while (start <= value.size()) {
                std::size_t end = value.find_first_of(",\n", start);
                if (end == std::string::npos) end = value.size();
                std::string item = value.substr(start, end - start);
                const auto first = item.find_first_not_of(" \t\r");
                const auto last = item.find_last_not_of(" \t\r");
                if (first != std::string::npos)
                    args.push_back(item.substr(first, last - first + 1));
                start = end + 1;
            }
        }
        return args;
    };
    auto form = [&](const std::string& title, const std::string& instructions, bool with_who,
                    bool with_mute) {
        reply.completed = false;
        reply.title = title;
        reply.instructions = instructions;
        if (with_who) {
            AdhocField f;
            f.var = "who";
            f.label = "Participants: phone numbers, JIDs or names, one per line";
            f.type = "text-multi";
            f.required = true;
            reply.fields.push_back(f);
        }
        if (with_mute) {
            AdhocField f;
            f.var = "action";
            f.label = "Mute or unmute";
            f.type = "list-single";
            f.options = {{"Mute", "mute"}, {"Unmute", "unmute"}};
            f.values = {"mute"};
            f.required = true;
            reply.fields.push_back(f);
        }
        return reply;
    };
    const bool submitted = !request.fields.empty();
    auto run = [&](CommandName name, std::vector<std::string> args) {
        SlashCommand command;
        command.name = name;
        command.raw_name = std::string(commandInfo(name).name_text);
        command.args = std::move(args);
        const CommandInfo& info = commandInfo(name);
        if (command.args.size() < info.min_args) {
            reply.completed = true;
            reply.error_note = true;
            reply.note = "Please give at least " + std::to_string(info.min_args) + " participant.";
            return reply;
        }
        if (command.args.size() > kMaxSlashCommandArguments) {
            reply.completed = true;
            reply.error_note = true;
            reply.note =
                "At most " + std::to_string(kMaxSlashCommandArguments) + " participants at once.";
            return reply;
        }
        reply.completed = true;
        reply.note = execute(Context{who, nullptr}, command);
        const std::string lowered = lower(reply.note.substr(0, 16));
        reply.error_note =
            lowered.rfind("not allowed", 0) == 0 || lowered.rfind("you may not", 0) == 0 ||
            lowered.rfind("only the", 0) == 0 || lowered.rfind("you are not", 0) == 0;
        return reply;
    };
    if (request.node == "start-conference") {
        if (!submitted)
            return form("Start a conference call", "Who should be called?", true, false);
        return run(CommandName::Call, whoList());
    }
    if (request.node == "add-participant") {
        if (!submitted)
            return form("Add participants", "Who should be added to your conference?", true, false);
        return run(CommandName::Invite, whoList());
    }
    if (request.node == "mute") {
        if (!submitted) return form("Mute or unmute", "Whom? (\"all\" for everyone)", true, true);
        const auto action = field("action");
        const bool unmute = !action.empty() && action.front() == "unmute";
        return run(unmute ? CommandName::Unmute : CommandName::Mute, whoList());
    }
    if (request.node == "hangup") {
        if (!submitted) return form("Hang up", "Whom? (\"all\" for everyone)", true, false);
        return run(CommandName::Hangup, whoList());
    }
    if (request.node == "list") return run(CommandName::List, {});
    if (request.node == "end-conference") return run(CommandName::End, {});
    reply.error_note = true;
    reply.note = "Unknown command.";
    return reply;
}

}  // namespace confab::bridge
