// ConferenceService::Impl: resolving <who> and the slash commands.
#include "conference_service_impl.h"

namespace confab::bridge {

Resolution ConferenceService::Impl::resolve(const std::string& who) const {
    if (looksLikePhoneNumber(who)) {
        const E164Result number = normalizeToE164(who, settings.default_region);
        if (!number.ok())
            return "\"" + who + "\" is not a phone number I can dial: " + number.reason;
        Target target;
        target.number = number.e164;
        if (const auto user = directory.findByNumber(number.e164)) {
            target.jid = user->jid;
            target.display = user->display_name;
            target.invite = isOnline(user->jid);
        }
        return target;
    }
    if (who.find('@') != std::string::npos) {
        const std::string bare = lower(who);
        if (!plausibleBareJid(bare)) return "\"" + who + "\" is not a valid JID.";
        return resolveUser(bare, who);
    }
    const std::string local = lower(who);
    if (local.find_first_of(" /") == std::string::npos && !settings.domain.empty()) {
        const std::string bare = local + "@" + settings.domain;
        if (plausibleBareJid(bare) && (directory.findByJid(bare) || isOnline(bare))) {
            return resolveUser(bare, who);
        }
    }
    const auto candidates = directory.findByName(who);
    if (candidates.empty()) {
        return "No one called \"" + who +
               "\" is in the directory. Use a phone number (+15551234567), a JID or a user name.";
    }
    if (candidates.size() > 1) {
        std::string list;
        for (const auto& c : candidates) {
            appendLine(list, std::string(c.display_name + " <" + c.jid + ">"), ", ");
        }
        return "\"" + who + "\" is ambiguous: " + list + ". Say which one, e.g. /call " +
               candidates.front().jid;
    }
    return resolveUser(candidates.front().jid, who);
}

Resolution ConferenceService::Impl::resolveUser(const std::string& bare,
                                                const std::string& typed) const {
    Target target;
    target.jid = bare;
    target.invite = isOnline(bare);
    if (const auto user = directory.findByJid(bare)) {
        target.display = user->display_name;
        if (const auto* preferred = user->preferredNumber()) target.number = preferred->number;
    }
    if (target.number.empty() && !target.invite) {
        return "\"" + typed + "\" (" + bare +
               ") has no phone number in the directory and is not online, so there is no way to "
               "reach them.";
    }
    return target;
}

std::string ConferenceService::Impl::execute(const Context& ctx, const SlashCommand& command) {
    try {
        return executeUnchecked(ctx, command);
    } catch (const std::exception& e) {
        spdlog::error("command /{} from {} failed: {}", command.raw_name, ctx.sender, e.what());
        return "Sorry, /" + command.raw_name + " failed inside the bridge: " + e.what();
    }
}

std::string ConferenceService::Impl::executeUnchecked(const Context& ctx,
                                                      const SlashCommand& command) {
    const std::string& who = ctx.sender;
    switch (command.name) {
        case CommandName::Help:
            return formatHelp();  // chat answers /help itself
        case CommandName::Call:
            return commandCall(who, command.args);
        case CommandName::Accept:
        case CommandName::Decline:
            return commandAnswer(who, command);
        case CommandName::Join:
            return commandJoin(who, command.args.front());
        default:
            break;
    }
    Conference* conf = ctx.room ? ctx.room : conferenceFor(who);
    if (!conf) {
        audit(who, "/" + command.raw_name, "", false, "no conference");
        return "You are not in a conference. Start one with /call <who>.";
    }
    switch (command.name) {
        case CommandName::Invite:
            return commandInvite(*conf, who, command.args);
        case CommandName::Hangup:
            return commandHangup(*conf, who, command.args, false);
        case CommandName::Kick:
            return commandHangup(*conf, who, command.args, true);
        case CommandName::Mute:
            return commandMute(*conf, who, command.args, true);
        case CommandName::Unmute:
            return commandMute(*conf, who, command.args, false);
        case CommandName::Lock:
        case CommandName::Unlock:
            return commandLock(*conf, who, command.name == CommandName::Lock);
        case CommandName::List:
            return commandList(*conf, who);
        case CommandName::End:
            return commandEnd(*conf, who);
        case CommandName::Moderator:
            return commandModerator(*conf, who, command.args);
        default:
            break;
    }
    return "/" + command.raw_name + " is not handled.";
}

std::string ConferenceService::Impl::commandCall(const std::string& who,
                                                 const std::vector<std::string>& args) {
    const policy::Decision may = policy.mayStartConference(who);
    if (!may.allowed) {
        audit(who, "/call", joinArgs(args), false, may.reason);
        return "You may not start conferences on this bridge: " + may.reason;
    }
    // Resolve everyone first: one typo must not leave half a conference.
    std::vector<Target> targets;
    std::string errors;
    for (const std::string& arg : args) {
        const Resolution r = resolve(arg);
        if (const auto* error = std::get_if<std::string>(&r)) {
            appendLine(errors, *error);
        } else {
            targets.push_back(std::get<Target>(r));
        }
    }
    if (!errors.empty()) {
        audit(who, "/call", joinArgs(args), false, "unresolved participants");
        return errors + "\nNo conference was started.";
    }
    const std::size_t limit = policy.settings().max_legs_per_conference;
    if (targets.size() > limit) {
        const std::string reason = std::to_string(targets.size()) +
                                   " participants is more than this bridge allows in one "
                                   "conference (" +
                                   std::to_string(limit) + ")";
        audit(who, "/call", joinArgs(args), false, reason);
        return "No conference was started: " + reason + ".";
    }
    audit(who, "/call", joinArgs(args), true, "");
    Conference& conf = startConference(who);
    std::string reply = "Conference started";
    if (!conf.room_jid.empty()) reply += " in room " + conf.room_jid;
    reply += ".";
    for (const Target& target : targets) reply += "\n" + addTarget(conf, target, who);
    maybeFinish(conf, "no one could be reached");
    return reply;
}

std::string ConferenceService::Impl::addTarget(Conference& conf, const Target& target,
                                               const std::string& who) {
    for (const Participant& p : conf.participants) {
        if (!p.live()) continue;
        if ((!target.number.empty() && p.number == target.number) ||
            (!target.jid.empty() && p.jid == target.jid)) {
            return p.name() + " is already in the conference.";
        }
    }
    if (target.invite && target.jid != who) {
        Participant& p = addParticipant(conf, target, who, Kind::Invited);
        return invite(conf, p, who);
    }
    if (target.number.empty()) {
        Participant& p = addParticipant(conf, target, who, Kind::ChatOnly);
        p.status = EndpointStatus::Connected;
        p.joined_ms = nowMillis();
        grantRoom(conf, p.jid);
        sendPartialInfo(conf, p);
        return p.name() + " joins by chat.";
    }
    Participant& p = addParticipant(conf, target, who, Kind::Phone);
    if (!p.jid.empty()) grantRoom(conf, p.jid);
    return dial(conf, p, who);
}

std::string ConferenceService::Impl::commandJoin(const std::string& who,
                                                 const std::string& typed_room) {
    std::string room = lower(typed_room);
    if (room.rfind("xmpp:", 0) == 0) room.erase(0, 5);
    Conference* conf = conferenceOfRoom(room);
    if (!conf || conf->ending) {
        audit(who, "/join", typed_room, false, "no such conference");
        return "There is no conference call in " + typed_room + ".";
    }
    const policy::Decision may = policy.mayStartConference(who);
    if (!may.allowed) {
        audit(who, "/join", room, false, may.reason);
        return "You may not join conference calls on this bridge: " + may.reason;
    }
    if (conf->locked) {
        audit(who, "/join", room, false, "conference locked");
        return "The conference is locked. Ask " + displayNameOf(conf->owner) + " to /unlock it.";
    }
    for (const Participant& p : conf->participants) {
        if (p.live() && p.jid == who) {
            audit(who, "/join", room, false, "already in the conference");
            return "You are already in this conference.";
        }
    }
    const Resolution r = resolveUser(who, who);
    if (const auto* error = std::get_if<std::string>(&r)) {
        audit(who, "/join", room, false, "unresolved");
        return *error;
    }
    Participant& p = addParticipant(*conf, std::get<Target>(r), conf->owner, Kind::Invited);
    invite(*conf, p, conf->owner);
    audit(who, "/join", room, true, "");
    return "You are invited to the call in " + room +
           ". Answer the invitation: /accept to be called, /accept chat to join by chat.";
}

std::string ConferenceService::Impl::commandInvite(Conference& conf, const std::string& who,
                                                   const std::vector<std::string>& args) {
    if (!isModerator(conf, who)) {
        audit(who, "/invite", joinArgs(args), false, "not the owner or a moderator");
        return "Only the owner (" + conf.owner + ") or a moderator may add people.";
    }
    if (conf.locked) {
        audit(who, "/invite", joinArgs(args), false, "conference locked");
        return "The conference is locked. /unlock it first.";
    }
    std::string reply;
    for (const std::string& arg : args) {
        const Resolution r = resolve(arg);
        const std::string line = std::holds_alternative<std::string>(r)
                                     ? std::get<std::string>(r)
                                     : addTarget(conf, std::get<Target>(r), who);
        appendLine(reply, line);
    }
    audit(who, "/invite", joinArgs(args), true, "");
    return reply;
}

std::vector<Participant*> ConferenceService::Impl::select(Conference& conf,
                                                          const std::vector<std::string>& args,
                                                          std::string& error) {
    std::vector<Participant*> chosen;
    if (args.size() == 1 && lower(args.front()) == "all") {
        for (Participant& p : conf.participants) {
            if (p.live()) chosen.push_back(&p);
        }
        return chosen;
    }
    for (const std::string& arg : args) {
        std::vector<Participant*> matches;
        const std::string needle = lower(arg);
        std::string number;
        if (looksLikePhoneNumber(arg)) {
            const E164Result r = normalizeToE164(arg, settings.default_region);
            if (r.ok()) number = r.e164;
        }
        const bool index =
            !arg.empty() && arg.size() < 5 &&
            std::all_of(arg.begin(), arg.end(), [](char c) { return c >= '0' && c <= '9'; });
        for (Participant& p : conf.participants) {
            if (!p.live()) continue;
            if ((index && std::to_string(p.id) == arg) || (!number.empty() && p.number == number) ||
                (!p.jid.empty() && (p.jid == needle || localPart(p.jid) == needle)) ||
                (!p.display.empty() && nameMatches(p.display, needle))) {
                matches.push_back(&p);
            }
        }
        if (matches.empty()) {
            appendLine(error,
                       std::string(("No live participant matches \"" + arg +
                                    "\". /list shows who is in the conference.")),
                       "\n");
        } else if (matches.size() > 1) {
            std::string names;
            for (const Participant* m : matches) {
                appendLine(names, std::string(std::to_string(m->id) + ". " + m->name()), ", ");
            }
            error += (error.empty() ? "" : "\n") +
                     ("\"" + arg + "\" is ambiguous: " + names + ". Use the number from /list.");
        } else if (std::find(chosen.begin(), chosen.end(), matches.front()) == chosen.end()) {
            chosen.push_back(matches.front());
        }
    }
    return chosen;
}

bool ConferenceService::Impl::nameMatches(const std::string& display, const std::string& needle) {
    const std::string name = lower(display);
    if (name == needle) return true;
    // a word of the name starts with the needle
    std::size_t pos = 0;
    while (pos < name.size()) {
        if (name.compare(pos, needle.size(), needle) == 0) return true;
        pos = name.find(' ', pos);
        if (pos == std::string::npos) break;
        ++pos;
    }
    return false;
}

std::variant<std::vector<Participant*>, std::string> ConferenceService::Impl::selectForAction(
    Conference& conf, const std::string& who, const std::vector<std::string>& args,
    const char* verb, bool own_line_allowed, const std::string& rule, const std::string& hint) {
    std::string error;
    const bool all = args.size() == 1 && lower(args.front()) == "all";
    std::vector<Participant*> chosen = select(conf, args, error);
    if (!error.empty()) return error;
    if (isModerator(conf, who)) return chosen;
    for (Participant* p : chosen) {
        if (!own_line_allowed || all || !ownedBy(*p, who)) {
            audit(who, verb, joinArgs(args), false, rule);
            return "Not allowed: " + rule + ". " + hint;
        }
    }
    return chosen;
}

std::string ConferenceService::Impl::commandHangup(Conference& conf, const std::string& who,
                                                   const std::vector<std::string>& args,
                                                   bool kick) {
    const char* verb = kick ? "/kick" : "/hangup";
    auto selected = selectForAction(conf, who, args, verb, !kick,
                                    kick ? "only the owner or a moderator may remove people"
                                         : "only the owner or a moderator may hang up others",
                                    "You may hang up your own line.");
    if (auto* refusal = std::get_if<std::string>(&selected)) return *refusal;
    const auto& chosen = std::get<std::vector<Participant*>>(selected);
    std::string reply;
    for (Participant* p : chosen) {
        if (kick) p->booted_by = who;
        if (p->kind == Kind::Phone && p->leg != 0) {
            p->reason = kick ? "removed by " + who : "hung up by " + who;
            engine.hangup(p->leg);
        } else {
            endWithoutCall(conf, *p,
                           kick ? DisconnectionMethod::Booted : DisconnectionMethod::Departed,
                           (kick ? "removed by " : "hung up by ") + who);
            if (!p->jid.empty() && kick) kickFromRoom(conf, p->jid);
        }
        appendLine(reply, (kick ? "Removing " : "Hanging up ") + p->name() + ".");
    }
    audit(who, verb, joinArgs(args), true, "");
    maybeFinish(conf, "everyone has left");
    return reply;
}

void ConferenceService::Impl::kickFromRoom(Conference& conf, const std::string& jid) {
    if (conf.room_jid.empty() || !conf.room_ready) return;
    conf.room_members.erase(jid);
    xmpp.sendIq(
        protocol::mucAffiliationIq(settings.component_jid, conf.room_jid, iqId(), jid,
                                   protocol::Affiliation::None, "removed from the conference"),
        [](const IqAnswer&) {});
}

std::string ConferenceService::Impl::commandMute(Conference& conf, const std::string& who,
                                                 const std::vector<std::string>& args, bool mute) {
    const char* verb = mute ? "/mute" : "/unmute";
    const bool all = args.size() == 1 && lower(args.front()) == "all";
    const std::string action = mute ? "mute" : "unmute";
    auto selected = selectForAction(conf, who, args, verb, true,
                                    "only the owner or a moderator may " + action + " others",
                                    "You may " + action + " yourself.");
    if (auto* refusal = std::get_if<std::string>(&selected)) return *refusal;
    const auto& chosen = std::get<std::vector<Participant*>>(selected);
    std::string reply;
    for (Participant* p : chosen) {
        if (p->kind != Kind::Phone || p->leg == 0) {
            if (!all) appendLine(reply, p->name() + " has no phone line to mute.");
            continue;
        }
        if (p->muted == mute) {
            if (!all)
                appendLine(reply, p->name() + (mute ? " is already muted." : " is not muted."));
            continue;
        }
        engine.setMuted(p->leg, mute);
        p->muted = mute;
        if (p->status == EndpointStatus::Connected || p->status == EndpointStatus::MutedViaFocus) {
            p->status = mute ? EndpointStatus::MutedViaFocus : EndpointStatus::Connected;
        }
        sendPartialInfo(conf, *p);
        const bool self = ownedBy(*p, who);
        const std::string line = p->name() + (mute ? " was muted" : " was unmuted") +
                                 (self ? "." : " by " + displayNameOf(who) + ".");
        say(conf, line);
        appendLine(reply, (mute ? "Muted " : "Unmuted ") + p->name() + ".");
    }
    audit(who, verb, joinArgs(args), true, "");
    return reply.empty() ? "Nothing to change." : reply;
}

std::string ConferenceService::Impl::commandLock(Conference& conf, const std::string& who,
                                                 bool lock) {
    if (!isModerator(conf, who)) {
        audit(who, lock ? "/lock" : "/unlock", "", false, "not the owner or a moderator");
        return "Only the owner (" + conf.owner + ") or a moderator may " +
               (lock ? "lock" : "unlock") + " the conference.";
    }
    audit(who, lock ? "/lock" : "/unlock", "", true, "");
    if (conf.locked == lock)
        return lock ? "The conference is already locked." : "The conference is not locked.";
    conf.locked = lock;
    sendStateOnly(conf);
    say(conf, lock ? "The conference is locked: no one new can be added."
                   : "The conference is unlocked.");
    return lock ? "Locked." : "Unlocked.";
}

std::string ConferenceService::Impl::commandList(Conference& conf, const std::string& who) {
    if (!isModerator(conf, who) && !participates(conf, who)) {
        audit(who, "/list", "", false, "not in the conference");
        return "You are not in this conference.";
    }
    return formatParticipantList(conf);
}

std::string ConferenceService::Impl::formatParticipantList(Conference& conf) {
    std::string text = "Conference " + std::to_string(conf.id) + " of " + conf.owner;
    if (conf.locked) text += " (locked)";
    text += ": " + std::to_string(conf.liveParticipants()) + " of " +
            std::to_string(conf.participants.size()) + " participant" +
            (conf.participants.size() == 1 ? "" : "s") + " live";
    for (const Participant& p : conf.participants) {
        ParticipantLine line;
        line.index = p.id;
        line.name = p.name();
        line.state = statusText(p);
        line.talking = p.talking;
        line.muted = p.muted;
        if (p.kind == Kind::Phone && p.leg != 0 && p.live()) {
            if (const auto snapshot = engine.leg(p.leg)) line.quality = snapshot->quality;
            line.has_quality = p.answered;
        }
        text += "\n" + formatParticipantLine(line);
    }
    return text;
}

std::string ConferenceService::Impl::statusText(const Participant& p) {
    if (p.kind == Kind::Invited && p.live()) return "invited, waiting for an answer";
    if (p.kind == Kind::ChatOnly && p.live()) return "by chat";
    switch (p.status) {
        case EndpointStatus::DialingOut:
            return "dialling";
        case EndpointStatus::Alerting:
            return "ringing";
        case EndpointStatus::Connected:
            return "connected";
        case EndpointStatus::OnHold:
            return "on hold";
        case EndpointStatus::MutedViaFocus:
            return "connected";
        case EndpointStatus::Disconnected:
            return "left: " + p.reason;
    }
    return "unknown";
}

std::string ConferenceService::Impl::commandEnd(Conference& conf, const std::string& who) {
    if (!isModerator(conf, who)) {
        audit(who, "/end", "", false, "not the owner or a moderator");
        return "Only the owner (" + conf.owner + ") or a moderator may end the conference.";
    }
    audit(who, "/end", std::to_string(conf.id), true, "");
    const std::int64_t id = conf.id;
    endConference(conf, "ended by " + displayNameOf(who));
    return "Ending conference " + std::to_string(id) + ".";
}

std::string ConferenceService::Impl::commandModerator(Conference& conf, const std::string& who,
                                                      const std::vector<std::string>& args) {
    if (conf.owner != who) {
        audit(who, "/moderator", joinArgs(args), false, "not the owner");
        return "Only the owner (" + conf.owner + ") may name moderators.";
    }
    std::string reply;
    for (const std::string& arg : args) {
        const Resolution r = resolve(arg);
        if (const auto* e = std::get_if<std::string>(&r)) {
            appendLine(reply, *e);
            continue;
        }
        const Target& t = std::get<Target>(r);
        if (t.jid.empty()) {
            appendLine(reply, ("\"" + arg + "\" is not an IM user; moderators must be."));
            continue;
        }
        conf.moderators.insert(t.jid);
        if (conf.room_ready && conf.room_members.count(t.jid)) {
            setRoomAffiliation(conf, t.jid);  // already in: promote
        } else {
            grantRoom(conf, t.jid);
        }
        appendLine(reply, t.jid + " is now a moderator.");
        say(conf, t.jid + " is now a moderator.");
    }
    audit(who, "/moderator", joinArgs(args), true, "");
    return reply;
}

std::pair<Conference*, Participant*> ConferenceService::Impl::invitationFor(const std::string& who,
                                                                            const std::string& id) {
    std::pair<Conference*, Participant*> found{nullptr, nullptr};
    for (auto& [cid, conf] : conferences) {
        for (Participant& p : conf.participants) {
            if (p.kind == Kind::Invited && p.live() && p.jid == who &&
                (id.empty() || p.invitation_id == id)) {
                found = {&conf, &p};
            }
        }
    }
    return found;
}

std::string ConferenceService::Impl::commandAnswer(const std::string& who,
                                                   const SlashCommand& command) {
    const bool accept = command.name == CommandName::Accept;
    std::string choice = command.args.empty() ? "" : command.args.front();
    return answerInvitation(who, "", accept, choice);
}

std::string ConferenceService::Impl::answerInvitation(const std::string& who, const std::string& id,
                                                      bool accept, const std::string& choice) {
    auto [conf, p] = invitationFor(who, id);
    if (!conf) return "You have no open invitation.";
    cancelInvitation(*p);
    if (!accept) {
        endWithoutCall(*conf, *p, DisconnectionMethod::Departed, "declined the invitation");
        say(*conf, p->name() + " declined the invitation.");
        audit(who, "/decline", std::to_string(conf->id), true, "");
        maybeFinish(*conf, "everyone has left");
        return "You declined. " + displayNameOf(conf->owner) + " has been told.";
    }
    audit(who, "/accept", std::to_string(conf->id) + " " + choice, true, "");
    if (lower(choice) == "chat") {
        p->kind = Kind::ChatOnly;
        p->status = EndpointStatus::Connected;
        p->joined_ms = nowMillis();
        sendPartialInfo(*conf, *p);
        say(*conf, p->name() + " joined by chat.");
        return conf->room_jid.empty() ? "You joined by chat."
                                      : "You joined by chat: the room is " + conf->room_jid + ".";
    }
    if (!choice.empty()) {
        const E164Result number = normalizeToE164(choice, settings.default_region);
        if (!number.ok()) {
            // Keep the invitation open so they can try again.
            const std::int64_t conf_id = conf->id;
            const std::uint32_t pid = p->id;
            p->invitation_id = randomToken(12);
            p->invitation_timer =
                loop.startTimer(settings.invitation_timeout,
                                [this, conf_id, pid] { invitationTimedOut(conf_id, pid); });
            return "\"" + choice + "\" is not a number I can dial: " + number.reason +
                   " Reply /accept <number>, /accept chat or /decline.";
        }
        p->number = number.e164;
    }
    if (p->number.empty()) {
        p->kind = Kind::ChatOnly;
        p->status = EndpointStatus::Connected;
        sendPartialInfo(*conf, *p);
        return "You have no phone number in the directory, so you joined by chat. Use /accept "
               "<number> next time to be called.";
    }
    const std::string line = dial(*conf, *p, p->requester);
    say(*conf, p->name() + " accepted the invitation.");
    maybeFinish(*conf, "no one could be reached");
    return line;
}

std::string ConferenceService::Impl::joinArgs(const std::vector<std::string>& args) {
    std::string joined;
    for (const auto& a : args) {
        if (joined.size() > 512) {
            joined += " ...";
            break;
        }
        joined += (joined.empty() ? "" : " ") + a;
    }
    return joined;
}

}  // namespace confab::bridge
