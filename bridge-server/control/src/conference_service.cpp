#include "confab/bridge/conference_service.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string_view>
#include <variant>

#include <fmt/format.h>
#include <gloox/tag.h>
#include <spdlog/spdlog.h>

#include "confab/bridge/chat_command_service.h"
#include "confab/engine/conference_engine.h"
#include "confab/media/audio_tap.h"
#include "confab/media/media_engine.h"
#include "confab/media/prompt.h"
#include "confab/plugins/bridge_services.h"
#include "confab/plugins/plugin_host.h"
#include "confab/policy/dial_policy.h"
#include "confab/protocol/conference_info.h"
#include "confab/protocol/invitation.h"
#include "confab/protocol/muc.h"
#include "confab/protocol/stanza.h"
#include "confab/protocol/talker.h"
#include "confab/shared/command_table.h"
#include "confab/shared/phone_number.h"
#include "confab/shared/slash_command.h"
#include "confab/store/conference_log.h"
#include "confab/store/database.h"
#include "confab/store/directory.h"
#include "participant_text.h"

namespace confab::bridge {

namespace {

using Clock = std::chrono::steady_clock;
using protocol::DisconnectionMethod;
using protocol::EndpointStatus;

store::UnixMillis nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string lower(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

std::string bareOf(const std::string& jid) { return lower(jid.substr(0, jid.find('/'))); }
std::string resourceOf(const std::string& jid) {
    const auto slash = jid.find('/');
    return slash == std::string::npos ? std::string() : jid.substr(slash + 1);
}
std::string localPart(const std::string& bare) { return bare.substr(0, bare.find('@')); }

bool plausibleBareJid(const std::string& text) {
    const auto at = text.find('@');
    return at != std::string::npos && at > 0 && at + 1 < text.size() &&
           text.find('@', at + 1) == std::string::npos && text.find('/') == std::string::npos &&
           text.find_first_of(" \t<>'\"&") == std::string::npos && text.size() <= 1024;
}

// `length` characters drawn uniformly from `alphabet`.
std::string randomFrom(std::string_view alphabet, std::size_t length) {
    static std::mt19937_64 generator{std::random_device{}()};
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::string text;
    for (std::size_t i = 0; i < length; ++i) text += alphabet[pick(generator)];
    return text;
}

// Room names and invitation ids: no look-alike characters.
std::string randomToken(std::size_t length) { return randomFrom("abcdefghijkmnpqrstuvwxyz23456789", length); }

void appendLine(std::string& text, const std::string& line, const char* separator = "\n") {
    if (!text.empty()) text += separator;
    text += line;
}

enum class Kind { Phone, Invited, ChatOnly };

struct Participant {
    std::uint32_t id = 0;
    Kind kind = Kind::Phone;
    engine::LegId leg = 0;
    std::int64_t record = 0;  // the leg's row (call detail record)
    std::string number;       // E.164; empty for chat-only
    std::string jid;          // bare JID when the participant is an IM user
    std::string display;
    std::string requester;
    EndpointStatus status = EndpointStatus::DialingOut;
    DisconnectionMethod method = DisconnectionMethod::None;
    std::string reason;
    // Why it ended, as the admin page shows it: "busy", "no-answer",
    // "failed", "denied", "hangup", "kicked", "declined".
    std::string end_code;
    int sip_code = 0;
    bool muted = false;
    bool talking = false;
    bool answered = false;
    bool ended = false;
    std::string booted_by;  // set by /kick
    std::optional<std::int64_t> joined_ms;
    std::optional<std::int64_t> left_ms;
    // IM invitation
    std::string invitation_id;
    std::optional<ControlLoop::TimerId> invitation_timer;

    std::string entity() const {
        return number.empty() ? protocol::callUriForJid(jid) : protocol::callUriForNumber(number);
    }
    std::string name() const {
        if (!display.empty()) return number.empty() ? display : display + " (" + number + ")";
        return number.empty() ? jid : number;
    }
    bool live() const { return !ended; }
};

struct Conference {
    std::int64_t id = 0;  // the database row: unique across restarts
    engine::ConferenceId engine_id = 0;
    std::string owner;
    std::set<std::string> moderators;
    std::string room_jid;
    bool room_ready = false;
    std::vector<std::unique_ptr<gloox::Tag>> room_backlog;  // waiting for room_ready
    std::set<std::string> room_members;                      // granted membership
    std::map<std::string, std::string> occupants;            // nick -> real bare JID
    bool locked = false;
    bool ending = false;
    std::string ending_reason = "ended";  // why endConference() was called: "ended by alice"
    std::uint32_t version = 0;
    std::vector<Participant> participants;
    std::uint32_t next_participant = 1;
    store::UnixMillis started = 0;
    // Digits a phone-only participant can use to find the conference's data
    // session (images, chat); spoken by the announcer plugin.
    std::string access_code;
    bool recording = false;  // a plugin records it (set_recording)

    Participant* find(std::uint32_t pid) {
        for (auto& p : participants) {
            if (p.id == pid) return &p;
        }
        return nullptr;
    }
    std::size_t liveLegs() const {
        return static_cast<std::size_t>(std::count_if(
            participants.begin(), participants.end(),
            [](const Participant& p) { return p.kind == Kind::Phone && p.live(); }));
    }
    std::size_t liveParticipants() const {
        return static_cast<std::size_t>(std::count_if(
            participants.begin(), participants.end(), [](const Participant& p) { return p.live(); }));
    }
    bool anyoneLeft() const { return liveParticipants() > 0; }
};

struct Target {
    std::string number;
    std::string jid;
    std::string display;
    bool invite = false;  // an online IM user: invitation first
};

using Resolution = std::variant<Target, std::string>;  // target or error sentence

std::string describeEnding(const sip::LegEnding& ending) {
    using sip::DisconnectReason;
    std::string text;
    switch (ending.reason) {
        case DisconnectReason::Busy: text = "busy"; break;
        case DisconnectReason::NoAnswer: text = "no answer"; break;
        case DisconnectReason::Rejected: text = "declined the call"; break;
        case DisconnectReason::RemoteHangup: text = "hung up"; break;
        case DisconnectReason::Hangup:
        case DisconnectReason::Cancelled: text = "hung up by the bridge"; break;
        case DisconnectReason::MediaTimeout: text = "no audio received (media timeout)"; break;
        case DisconnectReason::MediaNegotiationFailed: text = "no common audio format"; break;
        case DisconnectReason::TransportError: text = "network error"; break;
        case DisconnectReason::Failed: text = "call failed"; break;
        case DisconnectReason::None: text = "ended"; break;
    }
    if (ending.sip_status != 0) {
        text += " (SIP " + std::to_string(ending.sip_status);
        if (!ending.detail.empty()) text += " " + ending.detail;
        text += ")";
    } else if (!ending.detail.empty() && ending.reason != DisconnectReason::Hangup) {
        text += " (" + ending.detail + ")";
    }
    return text;
}

}  // namespace

struct ConferenceService::Impl final : plugins::BridgeServices {
    ControlLoop& loop;
    XmppComponentLink& xmpp;
    engine::ConferenceEngine& engine;
    store::Database& database;
    store::Directory directory;
    store::ConferenceLog log;
    policy::DialPolicy& policy;
    ConferenceServiceSettings settings;
    ChatCommandService chat_commands;
    CommandRateLimiter command_rate;

    std::map<std::int64_t, Conference> conferences;
    std::map<engine::ConferenceId, std::int64_t> by_engine;
    std::map<engine::LegId, std::pair<std::int64_t, std::uint32_t>> by_leg;
    std::map<std::string, std::int64_t> current_of;             // owner -> newest conference
    std::map<std::string, std::set<std::string>> online;        // bare -> resources
    std::set<std::string> vcard_fetched;
    std::vector<store::ConferenceLog::Recovered> recovered;     // rooms to tell
    unsigned next_iq = 1;
    std::function<void()> change_listener;  // the admin page's live view
    ConferenceCounters counters;
    // While an admin page action runs: the audit actor ("admin:alice") that
    // stands in for the conference owner the action is checked for.
    std::string admin_actor;
    plugins::PluginHost* plugin_host = nullptr;  // null: no plugins

    Impl(ControlLoop& l, XmppComponentLink& x, engine::ConferenceEngine& e, store::Database& d,
         policy::DialPolicy& p, ConferenceServiceSettings s)
        : loop(l), xmpp(x), engine(e), database(d), directory(d), log(d), policy(p),
          settings(std::move(s)), command_rate(settings.command_rate) {}

    std::string iqId() { return "confab-" + std::to_string(next_iq++); }
    bool isOnline(const std::string& bare) const {
        const auto found = online.find(bare);
        return found != online.end() && !found->second.empty();
    }

    // ---- audit and replies ----

    void audit(const std::string& requester, const std::string& action, const std::string& detail,
               bool allowed, const std::string& reason) {
        const std::string& actor = admin_actor.empty() ? requester : admin_actor;
        if (!allowed) spdlog::warn("denied: {} {} {}: {}", actor, action, detail, reason);
        try {
            log.audit(actor, action, detail, allowed, reason, nowMillis());
        } catch (const std::exception& e) {
            spdlog::error("audit log write failed: {}", e.what());
        }
    }

    template <typename Fn>
    void record(const char* what, Fn&& fn) {
        try {
            fn();
        } catch (const std::exception& e) {
            spdlog::error("database: {} failed: {}", what, e.what());
        }
    }

    // ---- room and event output ----

    void changed() const {
        if (change_listener) change_listener();
    }

    void countDial(const char* result) { ++counters.dials_by_result[result]; }

    void sendToConference(Conference& conf, std::unique_ptr<gloox::Tag> payload, bool no_store,
                          const std::string& body) {
        // Every state change the room hears of is one the admin page shows.
        changed();
        if (!conf.room_jid.empty()) {
            auto message = protocol::eventMessage(settings.component_jid, conf.room_jid,
                                                  protocol::MessageType::Groupchat, std::move(payload), no_store, body);
            if (conf.room_ready) {
                xmpp.sendStanza(std::move(message));
            } else if (conf.room_backlog.size() < 500) {
                conf.room_backlog.push_back(std::move(message));
            }
            return;
        }
        // No MUC service: the owner gets the events directly.
        xmpp.sendStanza(protocol::eventMessage(settings.component_jid, conf.owner,
                                               body.empty() ? protocol::MessageType::Headline
                                                            : protocol::MessageType::Chat,
                                               std::move(payload), no_store, body));
    }

    void say(Conference& conf, const std::string& line) {
        sendToConference(conf, nullptr, false, line);
        record("event", [&] { log.event(conf.id, "message", line, nowMillis()); });
    }

    protocol::EndpointInfo endpointOf(const Participant& p) const {
        protocol::EndpointInfo endpoint;
        endpoint.entity = p.entity();
        endpoint.display_text = p.display.empty() ? p.name() : p.display;
        endpoint.status = p.status;
        endpoint.method = p.method;
        endpoint.reason = p.reason;
        endpoint.sip_code = p.sip_code;
        endpoint.joined_unix_ms = p.joined_ms;
        endpoint.left_unix_ms = p.left_ms;
        return endpoint;
    }

    protocol::UserInfo userOf(const Participant& p) const {
        protocol::UserInfo user;
        user.entity = p.jid.empty() ? p.entity() : protocol::callUriForJid(p.jid);
        user.display_text = p.display.empty() ? p.name() : p.display;
        user.endpoints.push_back(endpointOf(p));
        return user;
    }

    std::string conferenceEntity(const Conference& conf) const {
        return conf.room_jid.empty()
                   ? "xmpp:" + settings.component_jid + "?conference=" + std::to_string(conf.id)
                   : protocol::callUriForJid(conf.room_jid);
    }

    void sendFullInfo(Conference& conf) {
        protocol::ConferenceInfoDocument doc;
        doc.entity = conferenceEntity(conf);
        doc.version = ++conf.version;
        doc.state = protocol::ElementState::Full;
        doc.subject = "Conference of " + conf.owner;
        doc.active = !conf.ending;
        doc.locked = conf.locked;
        doc.recording = conf.recording;
        doc.user_count = static_cast<std::uint32_t>(conf.liveParticipants());
        for (const Participant& p : conf.participants) doc.users.push_back(userOf(p));
        sendToConference(conf, protocol::conferenceInfoTag(doc), true, "");
    }

    void sendPartialInfo(Conference& conf, const Participant& p) {
        protocol::ConferenceInfoDocument doc;
        doc.entity = conferenceEntity(conf);
        doc.version = ++conf.version;
        doc.state = protocol::ElementState::Partial;
        doc.locked = conf.locked;
        doc.recording = conf.recording;
        doc.active = !conf.ending;
        protocol::UserInfo user = userOf(p);
        user.state = protocol::ElementState::Partial;
        user.endpoints.front().state = protocol::ElementState::Partial;
        doc.users.push_back(std::move(user));
        sendToConference(conf, protocol::conferenceInfoTag(doc), true, "");
    }

    void sendStateOnly(Conference& conf) {
        protocol::ConferenceInfoDocument doc;
        doc.entity = conferenceEntity(conf);
        doc.version = ++conf.version;
        doc.state = protocol::ElementState::Partial;
        doc.locked = conf.locked;
        doc.recording = conf.recording;
        doc.active = !conf.ending;
        doc.user_count = static_cast<std::uint32_t>(conf.liveParticipants());
        sendToConference(conf, protocol::conferenceInfoTag(doc), true, "");
    }

    // ---- rooms ----

    void openRoom(Conference& conf) {
        if (settings.muc_service.empty()) return;
        if (conf.room_jid.empty()) {
            conf.room_jid = "conf-" + std::to_string(conf.id) + "-" + randomToken(6) + "@" +
                            settings.muc_service;
            record("room", [&] { log.setRoom(conf.id, conf.room_jid); });
        }
        conf.room_ready = false;
        conf.occupants.clear();
        xmpp.sendStanza(
            protocol::mucJoinPresence(settings.component_jid, conf.room_jid, settings.room_nick));
    }

    void configureRoom(std::int64_t id) {
        auto found = conferences.find(id);
        if (found == conferences.end()) return;
        Conference& conf = found->second;
        protocol::RoomConfig config;
        config.name = "Conference call of " + conf.owner;
        config.description = "Confab conference " + std::to_string(conf.id);
        config.members_only = true;
        config.non_anonymous = true;
        config.persistent = settings.archive_rooms;
        config.public_room = false;
        config.enable_logging = settings.archive_rooms;
        config.allow_invites = false;
        xmpp.sendIq(protocol::mucConfigureIq(settings.component_jid, conf.room_jid, iqId(), config),
                    [this, id](const IqAnswer& answer) {
                        if (!answer.ok) {
                            spdlog::warn("room of conference {}: configuration refused: {}", id,
                                         answer.error);
                        }
                        roomReady(id);
                    });
    }

    void roomReady(std::int64_t id) {
        auto found = conferences.find(id);
        if (found == conferences.end()) return;
        Conference& conf = found->second;
        conf.room_ready = true;
        spdlog::info("conference {}: room {} ready", conf.id, conf.room_jid);
        const std::set<std::string> members = conf.room_members;
        conf.room_members.clear();
        grantRoom(conf, conf.owner);
        for (const std::string& jid : members) grantRoom(conf, jid);
        for (const Participant& p : conf.participants) {
            if (!p.jid.empty() && p.live()) grantRoom(conf, p.jid);
        }
        for (auto& message : conf.room_backlog) xmpp.sendStanza(std::move(message));
        conf.room_backlog.clear();
        sendFullInfo(conf);
    }

    // The owner and the moderators are room admins, so the room gives them
    // the moderator role and clients show them as moderators; everyone else
    // is a member.
    void setRoomAffiliation(const Conference& conf, const std::string& jid) {
        const bool moderator = jid == conf.owner || conf.moderators.count(jid) > 0;
        const std::string room = conf.room_jid;
        xmpp.sendIq(protocol::mucAffiliationIq(settings.component_jid, room, iqId(), jid,
                                               moderator ? protocol::Affiliation::Admin
                                                         : protocol::Affiliation::Member,
                                               moderator ? "conference moderator" : "conference participant"),
                    [room, jid](const IqAnswer& answer) {
                        if (!answer.ok) {
                            spdlog::warn("room {}: could not set the affiliation of {}: {}", room, jid,
                                         answer.error);
                        }
                    });
    }

    // Makes `jid` a member of the conference's room and invites them there.
    void grantRoom(Conference& conf, const std::string& jid) {
        if (jid.empty() || conf.room_jid.empty()) return;
        if (!conf.room_ready) {
            conf.room_members.insert(jid);
            return;
        }
        if (!conf.room_members.insert(jid).second) return;
        setRoomAffiliation(conf, jid);
        const std::string& room = conf.room_jid;
        const std::string reason = "Conference call of " + conf.owner;
        xmpp.sendStanza(protocol::directInvitationMessage(settings.component_jid, jid, room, reason));
        xmpp.sendStanza(
            protocol::mediatedInvitationMessage(settings.component_jid, room, jid, reason));
    }

    void closeRoom(const std::string& room, const std::string& closing_line) {
        if (room.empty()) return;
        xmpp.sendStanza(protocol::eventMessage(settings.component_jid, room,
                                               protocol::MessageType::Groupchat, nullptr, false,
                                               closing_line));
        if (settings.archive_rooms) {
            xmpp.sendStanza(protocol::mucLeavePresence(settings.component_jid, room,
                                                       settings.room_nick, closing_line));
            return;
        }
        xmpp.sendIq(protocol::mucDestroyIq(settings.component_jid, room, iqId(), closing_line),
                    [room](const IqAnswer& answer) {
                        if (!answer.ok) {
                            spdlog::warn("room {}: destroy refused: {}", room, answer.error);
                        }
                    });
    }

    // ---- conferences ----

    Conference* conferenceById(std::int64_t id) {
        auto found = conferences.find(id);
        return found == conferences.end() ? nullptr : &found->second;
    }

    Conference* conferenceOfRoom(const std::string& room_bare) {
        for (auto& [id, conf] : conferences) {
            if (!conf.room_jid.empty() && conf.room_jid == room_bare) return &conf;
        }
        return nullptr;
    }

    bool participates(const Conference& conf, const std::string& who) const {
        for (const Participant& p : conf.participants) {
            if (p.live() && ownedBy(p, who)) return true;
        }
        return false;
    }

    // The conference a 1:1 command from `who` is about.
    Conference* conferenceFor(const std::string& who) {
        if (auto found = current_of.find(who); found != current_of.end()) {
            if (Conference* conf = conferenceById(found->second)) return conf;
        }
        Conference* best = nullptr;
        for (auto& [id, conf] : conferences) {
            if (conf.ending) continue;
            if (conf.moderators.count(who) || participates(conf, who)) best = &conf;
        }
        return best;
    }

    bool isModerator(const Conference& conf, const std::string& who) const {
        return conf.owner == who || conf.moderators.count(who) > 0;
    }

    // A participant's line is theirs when it was resolved to their JID: a
    // number that belongs to a directory user gets the JID in resolve(), so
    // no database lookup is needed per command.
    static bool ownedBy(const Participant& p, const std::string& who) {
        return !p.jid.empty() && p.jid == who;
    }

    std::size_t liveLegsRequestedBy(const std::string& who) const {
        std::size_t count = 0;
        for (const auto& [id, conf] : conferences) {
            for (const Participant& p : conf.participants) {
                if (p.kind == Kind::Phone && p.leg != 0 && p.live() && p.requester == who) ++count;
            }
        }
        return count;
    }

    Conference& startConference(const std::string& owner) {
        const store::UnixMillis now = nowMillis();
        std::int64_t id = 0;
        try {
            id = log.conferenceStarted(owner, "", now);
        } catch (const std::exception& e) {
            spdlog::error("database: conference start not recorded: {}", e.what());
            static std::int64_t fallback = 1'000'000'000;
            id = ++fallback;
        }
        Conference& conf = conferences[id];
        conf.id = id;
        conf.owner = owner;
        conf.started = now;
        conf.access_code = randomFrom("0123456789", 6);
        conf.engine_id = engine.createConference();
        by_engine[conf.engine_id] = id;
        current_of[owner] = id;
        spdlog::info("conference {} started by {}", id, owner);
        openRoom(conf);
        grantRoom(conf, owner);
        changed();
        tellPlugins(pluginEvent(plugins::PluginEvent::Kind::ConferenceStarted, conf));
        return conf;
    }

    void finishConference(Conference& conf, const std::string& reason) {
        const std::int64_t id = conf.id;
        spdlog::info("conference {} ended: {}", id, reason);
        if (plugin_host) {
            plugins::PluginEvent ended = pluginEvent(plugins::PluginEvent::Kind::ConferenceEnded, conf);
            ended.reason = reason;
            tellPlugins(ended);
        }
        record("conference end", [&] { log.conferenceEnded(id, nowMillis(), reason); });
        const auto minutes = (nowMillis() - conf.started) / 60000;
        const auto seconds = (nowMillis() - conf.started) / 1000 % 60;
        char duration[64];
        std::snprintf(duration, sizeof duration, "%lld:%02lld", static_cast<long long>(minutes),
                      static_cast<long long>(seconds));
        if (!conf.room_jid.empty()) {
            sendStateOnly(conf);
            for (auto& message : conf.room_backlog) xmpp.sendStanza(std::move(message));
            conf.room_backlog.clear();
            closeRoom(conf.room_jid, "The conference has ended (" + reason + "). Duration " +
                                         duration + ".");
        } else {
            xmpp.sendChat(conf.owner,
                          "Your conference has ended (" + reason + "). Duration " + duration + ".");
        }
        by_engine.erase(conf.engine_id);
        for (auto it = current_of.begin(); it != current_of.end();) {
            it = it->second == id ? current_of.erase(it) : std::next(it);
        }
        for (auto it = by_leg.begin(); it != by_leg.end();) {
            it = it->second.first == id ? by_leg.erase(it) : std::next(it);
        }
        conferences.erase(id);
        changed();
    }

    void endConference(Conference& conf, const std::string& reason) {
        if (conf.ending) return;
        conf.ending = true;
        conf.ending_reason = reason;
        for (Participant& p : conf.participants) {
            if (!p.live()) continue;
            if (p.kind == Kind::Phone && p.leg != 0) {
                engine.hangup(p.leg);  // the engine reports Disconnected later
                if (p.reason.empty()) p.reason = reason;
            } else {
                cancelInvitation(p);
                p.ended = true;
                p.status = EndpointStatus::Disconnected;
                p.method = DisconnectionMethod::Departed;
                p.reason = reason;
            }
        }
        engine.endConference(conf.engine_id);
        maybeFinish(conf, reason);
    }

    // Ends the conference once nothing in it is live any more.
    void maybeFinish(Conference& conf, const std::string& reason) {
        if (conf.anyoneLeft()) return;
        finishConference(conf, reason);
    }

    // ---- participants ----

    Participant& addParticipant(Conference& conf, const Target& target, const std::string& requester,
                                Kind kind) {
        Participant p;
        p.id = conf.next_participant++;
        p.kind = kind;
        p.number = target.number;
        p.jid = target.jid;
        p.display = target.display;
        p.requester = requester;
        conf.participants.push_back(std::move(p));
        return conf.participants.back();
    }

    // Places the call for a participant; returns the reply line.
    std::string dial(Conference& conf, Participant& p, const std::string& requester) {
        // Count only calls already placed: `p` itself is not one yet.
        policy::DialContext context;
        context.legs_in_conference = conf.liveLegs();
        context.user_live_legs = liveLegsRequestedBy(requester);
        const policy::Decision decision = policy.mayDial(requester, p.number, context, Clock::now());
        if (!decision.allowed) {
            audit(requester, "dial", p.number, false, decision.reason);
            countDial("denied");
            endWithoutCall(conf, p, DisconnectionMethod::Failed, "not allowed: " + decision.reason);
            return "Not dialling " + p.name() + ": " + decision.reason;
        }
        auto placed = engine.dial(conf.engine_id, p.number, p.display);
        if (!placed) {
            audit(requester, "dial", p.number, false, placed.error());
            countDial("failed");
            endWithoutCall(conf, p, DisconnectionMethod::Failed, placed.error());
            return "Could not dial " + p.name() + ": " + placed.error();
        }
        policy.recordDial(requester, Clock::now());
        audit(requester, "dial", p.number, true, "");
        p.kind = Kind::Phone;
        p.leg = placed.value();
        p.requester = requester;
        p.status = EndpointStatus::DialingOut;
        by_leg[p.leg] = {conf.id, p.id};
        record("leg", [&] {
            p.record = log.legCreated(conf.id, requester, p.number, p.display, nowMillis());
        });
        sendPartialInfo(conf, p);
        // The engine reports Dialing from inside dial(), before the leg is
        // ours to map: plugins hear it here, once.
        tellPluginsLegState(conf, p, plugins::PluginEvent::LegState::Dialing);
        return "Dialling " + p.name() + ".";
    }

    void endWithoutCall(Conference& conf, Participant& p, DisconnectionMethod method,
                        const std::string& reason) {
        cancelInvitation(p);
        p.ended = true;
        p.status = EndpointStatus::Disconnected;
        p.method = method;
        p.reason = reason;
        p.left_ms = nowMillis();
        if (reason.rfind("not allowed", 0) == 0) {
            p.end_code = "denied";
        } else if (reason == "declined the invitation") {
            p.end_code = "declined";
        } else if (method == DisconnectionMethod::Booted) {
            p.end_code = "kicked";
        } else {
            p.end_code = method == DisconnectionMethod::Failed ? "failed" : "hangup";
        }
        record("event", [&] { log.event(conf.id, "not-dialled", p.name() + ": " + reason, nowMillis()); });
        sendPartialInfo(conf, p);
    }

    void cancelInvitation(Participant& p) {
        if (p.invitation_timer) loop.cancelTimer(*p.invitation_timer);
        p.invitation_timer.reset();
        p.invitation_id.clear();
    }

    std::string invite(Conference& conf, Participant& p, const std::string& inviter) {
        p.kind = Kind::Invited;
        p.status = EndpointStatus::Alerting;
        p.invitation_id = randomToken(12);
        protocol::Invitation invitation;
        invitation.id = p.invitation_id;
        invitation.room_jid = conf.room_jid;
        invitation.inviter_jid = inviter;
        invitation.inviter_name = displayNameOf(inviter);
        invitation.timeout_seconds = static_cast<int>(settings.invitation_timeout.count());
        try {
            if (const auto user = directory.findByJid(p.jid)) {
                for (const auto& n : user->numbers) {
                    invitation.numbers.emplace_back(std::string(store::toString(n.kind)), n.number);
                }
            }
        } catch (const std::exception& e) {
            spdlog::error("directory lookup failed: {}", e.what());
        }
        std::string body = invitation.inviter_name + " invites you to a conference call. Reply ";
        body += p.number.empty() ? "/accept chat to join by chat"
                                 : "/accept to be called at " + p.number +
                                       ", /accept <number> for another number, /accept chat to "
                                       "join by chat only";
        body += ", or /decline.";
        if (!p.number.empty()) {
            body += " Without an answer within " +
                    std::to_string(settings.invitation_timeout.count()) + " s, " + p.number +
                    " is called anyway.";
        }
        xmpp.sendStanza(protocol::invitationMessage(settings.component_jid, p.jid, invitation, body));
        const std::int64_t conf_id = conf.id;
        const std::uint32_t pid = p.id;
        p.invitation_timer = loop.startTimer(settings.invitation_timeout,
                                             [this, conf_id, pid] { invitationTimedOut(conf_id, pid); });
        sendPartialInfo(conf, p);
        record("event", [&] { log.event(conf.id, "invited", p.jid, nowMillis()); });
        grantRoom(conf, p.jid);
        return "Invited " + p.name() + " by chat" +
               (p.number.empty() ? "." : "; " + p.number + " is called if they do not answer.");
    }

    void invitationTimedOut(std::int64_t conf_id, std::uint32_t pid) {
        Conference* conf = conferenceById(conf_id);
        if (!conf) return;
        Participant* p = conf->find(pid);
        if (!p || p->kind != Kind::Invited || !p->live()) return;
        p->invitation_timer.reset();
        p->invitation_id.clear();
        if (p->number.empty()) {
            endWithoutCall(*conf, *p, DisconnectionMethod::Failed, "no answer to the invitation");
            say(*conf, p->name() + " did not answer the invitation.");
            maybeFinish(*conf, "everyone has left");
            return;
        }
        say(*conf, p->name() + " did not answer the invitation; calling " + p->number + ".");
        const std::string line = dial(*conf, *p, p->requester);
        if (p->ended) say(*conf, line);
        maybeFinish(*conf, "everyone has left");
    }

    std::string displayNameOf(const std::string& jid) const {
        try {
            if (const auto user = directory.findByJid(jid); user && !user->display_name.empty()) {
                return user->display_name;
            }
        } catch (const std::exception&) {
        }
        return localPart(jid);
    }

    // ---- resolving <who> ----

    Resolution resolve(const std::string& who) const {
        if (looksLikePhoneNumber(who)) {
            const E164Result number = normalizeToE164(who, settings.default_region);
            if (!number.ok()) return "\"" + who + "\" is not a phone number I can dial: " + number.reason;
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

    Resolution resolveUser(const std::string& bare, const std::string& typed) const {
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

    // ---- commands ----

    struct Context {
        std::string sender;      // bare JID
        Conference* room = nullptr;  // the conference whose room the command came from
    };

    std::string execute(const Context& ctx, const SlashCommand& command) {
        try {
            return executeUnchecked(ctx, command);
        } catch (const std::exception& e) {
            spdlog::error("command /{} from {} failed: {}", command.raw_name, ctx.sender, e.what());
            return "Sorry, /" + command.raw_name + " failed inside the bridge: " + e.what();
        }
    }

    std::string executeUnchecked(const Context& ctx, const SlashCommand& command) {
        const std::string& who = ctx.sender;
        switch (command.name) {
            case CommandName::Help: return formatHelp();  // chat answers /help itself
            case CommandName::Call: return commandCall(who, command.args);
            case CommandName::Accept:
            case CommandName::Decline: return commandAnswer(who, command);
            case CommandName::Join: return commandJoin(who, command.args.front());
            default: break;
        }
        Conference* conf = ctx.room ? ctx.room : conferenceFor(who);
        if (!conf) {
            audit(who, "/" + command.raw_name, "", false, "no conference");
            return "You are not in a conference. Start one with /call <who>.";
        }
        switch (command.name) {
            case CommandName::Invite: return commandInvite(*conf, who, command.args);
            case CommandName::Hangup: return commandHangup(*conf, who, command.args, false);
            case CommandName::Kick: return commandHangup(*conf, who, command.args, true);
            case CommandName::Mute: return commandMute(*conf, who, command.args, true);
            case CommandName::Unmute: return commandMute(*conf, who, command.args, false);
            case CommandName::Lock:
            case CommandName::Unlock: return commandLock(*conf, who, command.name == CommandName::Lock);
            case CommandName::List: return commandList(*conf, who);
            case CommandName::End: return commandEnd(*conf, who);
            case CommandName::Moderator: return commandModerator(*conf, who, command.args);
            default: break;
        }
        return "/" + command.raw_name + " is not handled.";
    }

    std::string commandCall(const std::string& who, const std::vector<std::string>& args) {
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
                                       "conference (" + std::to_string(limit) + ")";
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

    std::string addTarget(Conference& conf, const Target& target, const std::string& who) {
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

    // /join <room>: someone who sees a buddy "on a conference call" asks to
    // come in. Whoever may start conferences may ask to join an unlocked one;
    // they get the same invitation as if the owner had invited them, so they
    // choose between chat only and a call to their phone.
    std::string commandJoin(const std::string& who, const std::string& typed_room) {
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

    std::string commandInvite(Conference& conf, const std::string& who,
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

    // Finds the live participants `args` name; fills `error` when one is
    // unknown or ambiguous.
    std::vector<Participant*> select(Conference& conf, const std::vector<std::string>& args,
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
            const bool index = !arg.empty() && arg.size() < 5 &&
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
                appendLine(error, std::string(("No live participant matches \"" + arg +
                                                        "\". /list shows who is in the conference.")), "\n");
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

    static bool nameMatches(const std::string& display, const std::string& needle) {
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

    // The live participants `args` names, when `who` may act on all of
    // them: moderators always; others only on their own lines, never on
    // "all", and not at all unless `own_line_allowed`. Otherwise the reply
    // (an unknown or ambiguous name, or the audited refusal).
    std::variant<std::vector<Participant*>, std::string> selectForAction(
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

    std::string commandHangup(Conference& conf, const std::string& who,
                              const std::vector<std::string>& args, bool kick) {
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
                endWithoutCall(conf, *p, kick ? DisconnectionMethod::Booted : DisconnectionMethod::Departed,
                               (kick ? "removed by " : "hung up by ") + who);
                if (!p->jid.empty() && kick) kickFromRoom(conf, p->jid);
            }
            appendLine(reply, (kick ? "Removing " : "Hanging up ") + p->name() + ".");
        }
        audit(who, verb, joinArgs(args), true, "");
        maybeFinish(conf, "everyone has left");
        return reply;
    }

    void kickFromRoom(Conference& conf, const std::string& jid) {
        if (conf.room_jid.empty() || !conf.room_ready) return;
        conf.room_members.erase(jid);
        xmpp.sendIq(protocol::mucAffiliationIq(settings.component_jid, conf.room_jid, iqId(), jid,
                                               protocol::Affiliation::None,
                                               "removed from the conference"),
                    [](const IqAnswer&) {});
    }

    std::string commandMute(Conference& conf, const std::string& who,
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
                if (!all) appendLine(reply, p->name() + (mute ? " is already muted." : " is not muted."));
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

    std::string commandLock(Conference& conf, const std::string& who, bool lock) {
        if (!isModerator(conf, who)) {
            audit(who, lock ? "/lock" : "/unlock", "", false, "not the owner or a moderator");
            return "Only the owner (" + conf.owner + ") or a moderator may " +
                   (lock ? "lock" : "unlock") + " the conference.";
        }
        audit(who, lock ? "/lock" : "/unlock", "", true, "");
        if (conf.locked == lock) return lock ? "The conference is already locked." : "The conference is not locked.";
        conf.locked = lock;
        sendStateOnly(conf);
        say(conf, lock ? "The conference is locked: no one new can be added."
                       : "The conference is unlocked.");
        return lock ? "Locked." : "Unlocked.";
    }

    std::string commandList(Conference& conf, const std::string& who) {
        if (!isModerator(conf, who) && !participates(conf, who)) {
            audit(who, "/list", "", false, "not in the conference");
            return "You are not in this conference.";
        }
        return formatParticipantList(conf);
    }

    std::string formatParticipantList(Conference& conf) {
        std::string text = "Conference " + std::to_string(conf.id) + " of " + conf.owner;
        if (conf.locked) text += " (locked)";
        text += ": " + std::to_string(conf.liveParticipants()) + " of " + std::to_string(conf.participants.size()) +
                " participant" + (conf.participants.size() == 1 ? "" : "s") + " live";
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

    static std::string statusText(const Participant& p) {
        if (p.kind == Kind::Invited && p.live()) return "invited, waiting for an answer";
        if (p.kind == Kind::ChatOnly && p.live()) return "by chat";
        switch (p.status) {
            case EndpointStatus::DialingOut: return "dialling";
            case EndpointStatus::Alerting: return "ringing";
            case EndpointStatus::Connected: return "connected";
            case EndpointStatus::OnHold: return "on hold";
            case EndpointStatus::MutedViaFocus: return "connected";
            case EndpointStatus::Disconnected: return "left: " + p.reason;
        }
        return "unknown";
    }

    std::string commandEnd(Conference& conf, const std::string& who) {
        if (!isModerator(conf, who)) {
            audit(who, "/end", "", false, "not the owner or a moderator");
            return "Only the owner (" + conf.owner + ") or a moderator may end the conference.";
        }
        audit(who, "/end", std::to_string(conf.id), true, "");
        const std::int64_t id = conf.id;
        endConference(conf, "ended by " + displayNameOf(who));
        return "Ending conference " + std::to_string(id) + ".";
    }

    std::string commandModerator(Conference& conf, const std::string& who,
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

    // The newest live invitation for `who`.
    std::pair<Conference*, Participant*> invitationFor(const std::string& who, const std::string& id) {
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

    std::string commandAnswer(const std::string& who, const SlashCommand& command) {
        const bool accept = command.name == CommandName::Accept;
        std::string choice = command.args.empty() ? "" : command.args.front();
        return answerInvitation(who, "", accept, choice);
    }

    std::string answerInvitation(const std::string& who, const std::string& id, bool accept,
                                 const std::string& choice) {
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
                p->invitation_timer = loop.startTimer(
                    settings.invitation_timeout, [this, conf_id, pid] { invitationTimedOut(conf_id, pid); });
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

    static std::string joinArgs(const std::vector<std::string>& args) {
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

    // ---- incoming stanzas ----

    void handleChat(const IncomingChat& chat) {
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
            const std::string reply =
                answerInvitation(from_bare, answer->id, answer->accepted,
                                 answer->chat_only ? "chat" : answer->number);
            xmpp.sendChat(chat.from, reply);
            return;
        }
        if (chat.body.empty() || chat.delayed) return;
        const std::string reply = replyToText(from_bare, chat.body, nullptr);
        if (!reply.empty()) xmpp.sendChat(chat.from, reply);
    }

    void handleRoomMessage(const IncomingChat& chat, const std::string& room) {
        Conference* conf = conferenceOfRoom(room);
        if (!conf || chat.delayed || chat.body.empty() || chat.body.front() != '/') return;
        const std::string nick = resourceOf(chat.from);
        if (nick == settings.room_nick) return;
        const auto occupant = conf->occupants.find(nick);
        if (occupant == conf->occupants.end() || occupant->second.empty()) return;
        const std::string reply = replyToText(occupant->second, chat.body, conf);
        if (!reply.empty()) say(*conf, reply);
    }

    // An empty reply means: say nothing (a sender already told to slow down).
    std::string replyToText(const std::string& sender, const std::string& body, Conference* room) {
        if (auto refusal = rateLimited(sender)) return *refusal;
        if (auto reply = pluginCommandReply(sender, body, room)) return *reply;
        ChatInterpretation meaning = chat_commands.interpret(sender, body, room != nullptr);
        if (auto* reply = std::get_if<std::string>(&meaning)) return *reply;
        return execute(Context{sender, room}, std::get<SlashCommand>(meaning));
    }

    std::optional<std::string> rateLimited(const std::string& sender) {
        const auto now = Clock::now();
        switch (command_rate.admit(sender, now)) {
            case CommandRateLimiter::Verdict::Allowed:
                return std::nullopt;
            case CommandRateLimiter::Verdict::RefusedWithReply: {
                ++counters.commands_rate_limited;
                const double wait = command_rate.secondsUntilAllowed(sender, now);
                audit(sender, "rate-limit", "chat commands", false, "too many commands too fast");
                return fmt::format("Too many commands: wait {:.0f} s and try again.", std::max(1.0, std::ceil(wait)));
            }
            case CommandRateLimiter::Verdict::RefusedSilently:
                ++counters.commands_rate_limited;
                return std::string();
        }
        return std::string();
    }

    bool isRoomJid(const std::string& bare) const {
        const std::string service = "@" + lower(settings.muc_service);
        return !settings.muc_service.empty() && bare.size() > service.size() &&
               bare.compare(bare.size() - service.size(), std::string::npos, service) == 0;
    }

    void handlePresence(const IncomingPresence& presence) {
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

    std::unique_ptr<gloox::Tag> presenceTo(const std::string& to, const std::string& type) const {
        auto tag = std::make_unique<gloox::Tag>("presence");
        tag->addAttribute("to", to);
        tag->addAttribute("from", settings.component_jid);
        if (!type.empty()) tag->addAttribute("type", type);
        return tag;
    }

    void handleRoomPresence(const IncomingPresence& presence) {
        const auto occupant = protocol::parseOccupantPresence(*presence.stanza);
        const std::string room = bareOf(presence.from);
        Conference* conf = conferenceOfRoom(room);
        if (!conf) return;
        const std::string nick = resourceOf(presence.from);
        const bool self = occupant && (std::find(occupant->status_codes.begin(),
                                                 occupant->status_codes.end(), 110) !=
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

    void maybeFetchVcard(const std::string& bare) {
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

    void mergeVcard(const std::string& bare, const gloox::Tag& vcard) {
        std::vector<store::PhoneEntry> numbers;
        for (const gloox::Tag* tel : vcard.findChildren("TEL")) {
            const gloox::Tag* number_tag = tel->findChild("NUMBER");
            if (!number_tag) continue;
            const E164Result number = normalizeToE164(number_tag->cdata(), settings.default_region);
            if (!number.ok()) {
                spdlog::info("vCard of {}: ignoring TEL \"{}\": {}", bare, number_tag->cdata(), number.reason);
                continue;
            }
            store::PhoneEntry entry;
            entry.number = number.e164;
            entry.kind = tel->findChild("CELL") ? store::NumberKind::Mobile
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

    // ---- engine events ----

    void handleEngineEvent(const engine::EngineEvent& event) {
        if (const auto* state = std::get_if<engine::LegStateChanged>(&event)) {
            legStateChanged(*state);
        } else if (const auto* talker = std::get_if<engine::TalkerChanged>(&event)) {
            talkerChanged(*talker);
        } else if (const auto* dtmf = std::get_if<engine::DtmfReceived>(&event)) {
            dtmfReceived(*dtmf);
        }
    }

    std::pair<Conference*, Participant*> participantOfLeg(engine::LegId leg) {
        const auto found = by_leg.find(leg);
        if (found == by_leg.end()) return {nullptr, nullptr};
        Conference* conf = conferenceById(found->second.first);
        if (!conf) return {nullptr, nullptr};
        return {conf, conf->find(found->second.second)};
    }

    void legStateChanged(const engine::LegStateChanged& change) {
        auto [conf, p] = participantOfLeg(change.leg);
        if (!conf || !p) return;
        using sip::LegState;
        switch (change.to) {
            case LegState::Dialing: p->status = EndpointStatus::DialingOut; break;
            case LegState::Alerting: p->status = EndpointStatus::Alerting; break;
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
            case LegState::OnHold: p->status = EndpointStatus::OnHold; break;
            case LegState::Disconnected: legEnded(*conf, *p, change.ending); return;
            case LegState::Disconnecting:
            case LegState::Idle: return;
        }
        sendPartialInfo(*conf, *p);
        using PluginLegState = plugins::PluginEvent::LegState;
        switch (change.to) {
            case LegState::Alerting: tellPluginsLegState(*conf, *p, PluginLegState::Alerting); break;
            case LegState::Connected: tellPluginsLegState(*conf, *p, PluginLegState::Connected); break;
            case LegState::OnHold: tellPluginsLegState(*conf, *p, PluginLegState::OnHold); break;
            default: break;
        }
    }

    static std::string endCodeOf(const Participant& p, const sip::LegEnding& ending) {
        using sip::DisconnectReason;
        if (!p.booted_by.empty()) return "kicked";
        switch (ending.reason) {
            case DisconnectReason::Busy:
            case DisconnectReason::Rejected: return "busy";
            case DisconnectReason::NoAnswer: return "no-answer";
            case DisconnectReason::RemoteHangup:
            case DisconnectReason::Hangup:
            case DisconnectReason::Cancelled:
            case DisconnectReason::None: return "hangup";
            case DisconnectReason::MediaTimeout:
            case DisconnectReason::MediaNegotiationFailed:
            case DisconnectReason::TransportError:
            case DisconnectReason::Failed: return "failed";
        }
        return "failed";
    }

    void legEnded(Conference& conf, Participant& p, const sip::LegEnding& ending) {
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

    void talkerChanged(const engine::TalkerChanged& change) {
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
        const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
            Clock::now() - change.at);
        spdlog::debug("conference {}: {} {} (sent {} us after the media thread decided)", conf->id,
                      p->name(), change.talking ? "started speaking" : "stopped speaking",
                      latency.count());
    }

    // ---- adhoc ----

    AdhocReply handleAdhoc(const AdhocRequest& request) {
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
                    if (first != std::string::npos) args.push_back(item.substr(first, last - first + 1));
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
                reply.note = "At most " + std::to_string(kMaxSlashCommandArguments) + " participants at once.";
                return reply;
            }
            reply.completed = true;
            reply.note = execute(Context{who, nullptr}, command);
            const std::string lowered = lower(reply.note.substr(0, 16));
            reply.error_note = lowered.rfind("not allowed", 0) == 0 || lowered.rfind("you may not", 0) == 0 ||
                               lowered.rfind("only the", 0) == 0 || lowered.rfind("you are not", 0) == 0;
            return reply;
        };
        if (request.node == "start-conference") {
            if (!submitted) return form("Start a conference call", "Who should be called?", true, false);
            return run(CommandName::Call, whoList());
        }
        if (request.node == "add-participant") {
            if (!submitted) return form("Add participants", "Who should be added to your conference?", true, false);
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

    // ---- lifecycle ----

    std::size_t recoverAfterCrash() {
        const auto started = Clock::now();
        try {
            recovered = log.recoverAfterCrash(nowMillis(), "bridge restarted; the call was lost");
        } catch (const std::exception& e) {
            spdlog::error("crash recovery failed: {}", e.what());
            return 0;
        }
        const auto took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
        std::size_t legs = 0;
        for (const auto& r : recovered) legs += r.open_legs.size();
        spdlog::info("crash recovery: closed {} conference(s) and {} leg(s) left open by the previous run in {} us",
                     recovered.size(), legs, took.count());
        return recovered.size();
    }

    void tellRecoveredRooms() {
        for (const auto& r : recovered) {
            if (r.conference.room_jid.empty()) continue;
            std::string names;
            for (const auto& leg : r.open_legs) {
                names += (names.empty() ? "" : ", ") +
                         (leg.display_name.empty() ? leg.number : leg.display_name + " (" + leg.number + ")");
            }
            std::string line = "The bridge restarted unexpectedly and this conference was lost.";
            if (!names.empty()) line += " Calls ended: " + names + ".";
            line += " Start a new one with /call.";
            xmpp.sendStanza(protocol::mucJoinPresence(settings.component_jid, r.conference.room_jid,
                                                      settings.room_nick));
            closeRoom(r.conference.room_jid, line);
        }
        recovered.clear();
    }

    void handleConnected() {
        tellRecoveredRooms();
        for (auto& [id, conf] : conferences) {
            if (conf.room_jid.empty()) continue;
            // The server may have restarted (rooms gone, members lost): join
            // again, then configure, re-grant and re-send the full state.
            conf.room_members.clear();
            openRoom(conf);
        }
        try {
            for (const auto& user : directory.all()) {
                // Probe first, then subscribe. Prosody answers a probe from a
                // contact without a subscription with `unsubscribed`, which
                // would cancel a subscription request sent before it: the
                // user's approval would then be lost.
                xmpp.sendStanza(presenceTo(user.jid, "probe"));
                xmpp.sendStanza(presenceTo(user.jid, "subscribe"));
            }
        } catch (const std::exception& e) {
            spdlog::error("directory read failed: {}", e.what());
        }
    }

    void shutdown(const std::string& reason) {
        std::vector<std::int64_t> ids;
        for (const auto& [id, conf] : conferences) ids.push_back(id);
        for (const std::int64_t id : ids) {
            Conference* conf = conferenceById(id);
            if (!conf) continue;
            for (Participant& p : conf->participants) {
                if (!p.live()) continue;
                cancelInvitation(p);
                if (p.kind == Kind::Phone && p.record != 0) {
                    record("leg end", [&] { log.legEnded(p.record, nowMillis(), reason, 0); });
                }
                p.ended = true;
                p.end_code = "hangup";
            }
            conf->ending = true;
            finishConference(*conf, reason);
        }
    }

#include "conference_service_admin.inc"
#include "conference_service_plugins.inc"
};

ConferenceService::ConferenceService(ControlLoop& loop, XmppComponentLink& xmpp,
                                     engine::ConferenceEngine& engine, store::Database& database,
                                     policy::DialPolicy& policy, ConferenceServiceSettings settings)
    : impl_(std::make_unique<Impl>(loop, xmpp, engine, database, policy, std::move(settings))) {}

ConferenceService::~ConferenceService() = default;

std::size_t ConferenceService::recoverAfterCrash() { return impl_->recoverAfterCrash(); }
void ConferenceService::handleChat(const IncomingChat& chat) { impl_->handleChat(chat); }
void ConferenceService::handlePresence(const IncomingPresence& presence) {
    impl_->handlePresence(presence);
}
AdhocReply ConferenceService::handleAdhoc(const AdhocRequest& request) {
    return impl_->handleAdhoc(request);
}
void ConferenceService::handleEngineEvent(const engine::EngineEvent& event) {
    impl_->handleEngineEvent(event);
}
void ConferenceService::handleConnected() { impl_->handleConnected(); }
void ConferenceService::shutdown(const std::string& reason) { impl_->shutdown(reason); }
void ConferenceService::setPluginHost(plugins::PluginHost* host) { impl_->plugin_host = host; }
plugins::BridgeServices& ConferenceService::pluginServices() { return *impl_; }

std::vector<web::ConferenceView> ConferenceService::adminConferences() const {
    return impl_->adminConferences();
}
std::optional<web::ConferenceView> ConferenceService::adminConference(std::int64_t id) const {
    return impl_->adminConference(id);
}
web::ActionResult ConferenceService::adminDial(std::int64_t id, const std::string& number_text,
                                               const std::string& admin) {
    return impl_->adminDial(id, number_text, admin);
}
web::ActionResult ConferenceService::adminLegAction(std::int64_t id, std::uint32_t participant,
                                                    web::LegAction action, const std::string& admin) {
    return impl_->adminLegAction(id, participant, action, admin);
}
web::ActionResult ConferenceService::adminSetLocked(std::int64_t id, bool locked,
                                                    const std::string& admin) {
    return impl_->adminSetLocked(id, locked, admin);
}
web::ActionResult ConferenceService::adminEnd(std::int64_t id, const std::string& admin) {
    return impl_->adminEnd(id, admin);
}
void ConferenceService::replacePolicy(const PolicySettings& policy) { impl_->replacePolicy(policy); }
const PolicySettings& ConferenceService::policy() const { return impl_->policy.settings(); }
ConferenceCounters ConferenceService::counters() const { return impl_->counters; }
std::size_t ConferenceService::liveConferenceCount() const { return impl_->conferences.size(); }
std::size_t ConferenceService::liveLegCount() const { return impl_->liveLegCount(); }
void ConferenceService::setChangeListener(std::function<void()> listener) {
    impl_->change_listener = std::move(listener);
}

std::vector<AdhocCommandInfo> ConferenceService::adhocCommands() {
    return {{"start-conference", "Start a conference call"},
            {"add-participant", "Add participants"},
            {"mute", "Mute or unmute"},
            {"hangup", "Hang up a participant"},
            {"list", "List participants"},
            {"end-conference", "End the conference"}};
}

}  // namespace confab::bridge
