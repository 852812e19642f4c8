// ConferenceService::Impl, private to confab-bridge-control: the state of
// every conference and the member functions that change it. The definitions
// are split by subject:
//   conference_service.cpp           the facade, replies, rooms, conferences,
//                                    participants and the lifecycle
//   conference_service_commands.cpp  resolving <who> and the slash commands
//   conference_service_stanzas.cpp   incoming chat and presence, engine
//                                    events and ad-hoc commands
//   conference_service_admin.cpp     what the admin web page asks
//   conference_service_plugins.cpp   the bridge as plugins see it
//
// Thread contract: everything here runs on the control thread (ControlLoop),
// like ConferenceService itself; nothing locks.
#pragma once

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

// Helpers and the in-memory model of a conference, shared by the files above.
namespace conference_detail {

using Clock = std::chrono::steady_clock;
using protocol::DisconnectionMethod;
using protocol::EndpointStatus;

inline store::UnixMillis nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

inline std::string lower(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

inline std::string bareOf(const std::string& jid) {
    return lower(jid.substr(0, jid.find('/')));
}
inline std::string resourceOf(const std::string& jid) {
    const auto slash = jid.find('/');
    return slash == std::string::npos ? std::string() : jid.substr(slash + 1);
}
inline std::string localPart(const std::string& bare) {
    return bare.substr(0, bare.find('@'));
}

inline bool plausibleBareJid(const std::string& text) {
    const auto at = text.find('@');
    return at != std::string::npos && at > 0 && at + 1 < text.size() &&
           text.find('@', at + 1) == std::string::npos && text.find('/') == std::string::npos &&
           text.find_first_of(" \t<>'\"&") == std::string::npos && text.size() <= 1024;
}

// `length` characters drawn uniformly from `alphabet`.
inline std::string randomFrom(std::string_view alphabet, std::size_t length) {
    static std::mt19937_64 generator{std::random_device{}()};
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::string text;
    for (std::size_t i = 0; i < length; ++i) text += alphabet[pick(generator)];
    return text;
}

// Room names and invitation ids: no look-alike characters.
inline std::string randomToken(std::size_t length) {
    return randomFrom("abcdefghijkmnpqrstuvwxyz23456789", length);
}

inline void appendLine(std::string& text, const std::string& line, const char* separator = "\n") {
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
    std::set<std::string> room_members;                     // granted membership
    std::map<std::string, std::string> occupants;           // nick -> real bare JID
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
        return static_cast<std::size_t>(
            std::count_if(participants.begin(), participants.end(),
                          [](const Participant& p) { return p.kind == Kind::Phone && p.live(); }));
    }
    std::size_t liveParticipants() const {
        return static_cast<std::size_t>(
            std::count_if(participants.begin(), participants.end(),
                          [](const Participant& p) { return p.live(); }));
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

inline std::string describeEnding(const sip::LegEnding& ending) {
    using sip::DisconnectReason;
    std::string text;
    switch (ending.reason) {
        case DisconnectReason::Busy:
            text = "busy";
            break;
        case DisconnectReason::NoAnswer:
            text = "no answer";
            break;
        case DisconnectReason::Rejected:
            text = "declined the call";
            break;
        case DisconnectReason::RemoteHangup:
            text = "hung up";
            break;
        case DisconnectReason::Hangup:
        case DisconnectReason::Cancelled:
            text = "hung up by the bridge";
            break;
        case DisconnectReason::MediaTimeout:
            text = "no audio received (media timeout)";
            break;
        case DisconnectReason::MediaNegotiationFailed:
            text = "no common audio format";
            break;
        case DisconnectReason::TransportError:
            text = "network error";
            break;
        case DisconnectReason::Failed:
            text = "call failed";
            break;
        case DisconnectReason::None:
            text = "ended";
            break;
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

}  // namespace conference_detail

// Private header: the files that include it use these names unqualified.
using namespace conference_detail;

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
    std::map<std::string, std::int64_t> current_of;       // owner -> newest conference
    std::map<std::string, std::set<std::string>> online;  // bare -> resources
    std::set<std::string> vcard_fetched;
    std::vector<store::ConferenceLog::Recovered> recovered;  // rooms to tell
    unsigned next_iq = 1;
    std::function<void()> change_listener;  // the admin page's live view
    ConferenceCounters counters;

    // While an admin page action runs: the audit actor ("admin:alice") that
    // stands in for the conference owner the action is checked for.
    std::string admin_actor;
    plugins::PluginHost* plugin_host = nullptr;  // null: no plugins
    Impl(ControlLoop& l, XmppComponentLink& x, engine::ConferenceEngine& e, store::Database& d,
         policy::DialPolicy& p, ConferenceServiceSettings s)
        : loop(l),
          xmpp(x),
          engine(e),
          database(d),
          directory(d),
          log(d),
          policy(p),
          settings(std::move(s)),
          command_rate(settings.command_rate) {}
    std::string iqId();
    bool isOnline(const std::string& bare) const;

    // ---- audit and replies ----
    void audit(const std::string& requester, const std::string& action, const std::string& detail,
               bool allowed, const std::string& reason);

    template <typename Fn>
    void record(const char* what, Fn&& fn) {
        try {
            fn();
        } catch (const std::exception& e) {
            spdlog::error("database: {} failed: {}", what, e.what());
        }
    }

    // ---- room and event output ----
    void changed() const;
    void countDial(const char* result);
    void sendToConference(Conference& conf, std::unique_ptr<gloox::Tag> payload, bool no_store,
                          const std::string& body);
    void say(Conference& conf, const std::string& line);
    protocol::EndpointInfo endpointOf(const Participant& p) const;
    protocol::UserInfo userOf(const Participant& p) const;
    std::string conferenceEntity(const Conference& conf) const;
    // A conference-info document with the next version and the conference's
    // own state (entity, active, locked, recording); callers add the rest.
    protocol::ConferenceInfoDocument nextDocument(Conference& conf, protocol::ElementState state);
    void sendFullInfo(Conference& conf);
    void sendPartialInfo(Conference& conf, const Participant& p);
    void sendStateOnly(Conference& conf);

    // ---- rooms ----
    void openRoom(Conference& conf);
    void configureRoom(std::int64_t id);
    void roomReady(std::int64_t id);
    // The owner and the moderators are room admins, so the room gives them
    // the moderator role and clients show them as moderators; everyone else
    // is a member.
    void setRoomAffiliation(const Conference& conf, const std::string& jid);
    // Makes `jid` a member of the conference's room and invites them there.
    void grantRoom(Conference& conf, const std::string& jid);
    void closeRoom(const std::string& room, const std::string& closing_line);

    // ---- conferences ----
    Conference* conferenceById(std::int64_t id);
    Conference* conferenceOfRoom(const std::string& room_bare);
    bool participates(const Conference& conf, const std::string& who) const;
    // The conference a 1:1 command from `who` is about.
    Conference* conferenceFor(const std::string& who);
    bool isModerator(const Conference& conf, const std::string& who) const;
    // A participant's line is theirs when it was resolved to their JID: a
    // number that belongs to a directory user gets the JID in resolve(), so
    // no database lookup is needed per command.
    static bool ownedBy(const Participant& p, const std::string& who);
    std::size_t liveLegsRequestedBy(const std::string& who) const;
    Conference& startConference(const std::string& owner);
    void finishConference(Conference& conf, const std::string& reason);
    void endConference(Conference& conf, const std::string& reason);
    // Ends the conference once nothing in it is live any more.
    void maybeFinish(Conference& conf, const std::string& reason);

    // ---- participants ----
    Participant& addParticipant(Conference& conf, const Target& target,
                                const std::string& requester, Kind kind);
    // Places the call for a participant; returns the reply line.
    std::string dial(Conference& conf, Participant& p, const std::string& requester);
    void endWithoutCall(Conference& conf, Participant& p, DisconnectionMethod method,
                        const std::string& reason);
    void cancelInvitation(Participant& p);
    std::string invite(Conference& conf, Participant& p, const std::string& inviter);
    void invitationTimedOut(std::int64_t conf_id, std::uint32_t pid);
    std::string displayNameOf(const std::string& jid) const;

    // ---- resolving <who> ----
    Resolution resolve(const std::string& who) const;
    Resolution resolveUser(const std::string& bare, const std::string& typed) const;

    // ---- commands ----

    // ---- commands ----
    struct Context {
        std::string sender;          // bare JID
        Conference* room = nullptr;  // the conference whose room the command came from
    };

    std::string execute(const Context& ctx, const SlashCommand& command);
    std::string executeUnchecked(const Context& ctx, const SlashCommand& command);
    std::string commandCall(const std::string& who, const std::vector<std::string>& args);
    std::string addTarget(Conference& conf, const Target& target, const std::string& who);
    // /join <room>: someone who sees a buddy "on a conference call" asks to
    // come in. Whoever may start conferences may ask to join an unlocked one;
    // they get the same invitation as if the owner had invited them, so they
    // choose between chat only and a call to their phone.
    std::string commandJoin(const std::string& who, const std::string& typed_room);
    std::string commandInvite(Conference& conf, const std::string& who,
                              const std::vector<std::string>& args);
    // Finds the live participants `args` name; fills `error` when one is
    // unknown or ambiguous.
    std::vector<Participant*> select(Conference& conf, const std::vector<std::string>& args,
                                     std::string& error);
    static bool nameMatches(const std::string& display, const std::string& needle);
    // The live participants `args` names, when `who` may act on all of
    // them: moderators always; others only on their own lines, never on
    // "all", and not at all unless `own_line_allowed`. Otherwise the reply
    // (an unknown or ambiguous name, or the audited refusal).
    std::variant<std::vector<Participant*>, std::string> selectForAction(
        Conference& conf, const std::string& who, const std::vector<std::string>& args,
        const char* verb, bool own_line_allowed, const std::string& rule, const std::string& hint);
    std::string commandHangup(Conference& conf, const std::string& who,
                              const std::vector<std::string>& args, bool kick);
    void kickFromRoom(Conference& conf, const std::string& jid);
    std::string commandMute(Conference& conf, const std::string& who,
                            const std::vector<std::string>& args, bool mute);
    std::string commandLock(Conference& conf, const std::string& who, bool lock);
    std::string commandList(Conference& conf, const std::string& who);
    std::string formatParticipantList(Conference& conf);
    static std::string statusText(const Participant& p);
    std::string commandEnd(Conference& conf, const std::string& who);
    std::string commandModerator(Conference& conf, const std::string& who,
                                 const std::vector<std::string>& args);
    // The newest live invitation for `who`.
    std::pair<Conference*, Participant*> invitationFor(const std::string& who,
                                                       const std::string& id);
    std::string commandAnswer(const std::string& who, const SlashCommand& command);
    std::string answerInvitation(const std::string& who, const std::string& id, bool accept,
                                 const std::string& choice);
    static std::string joinArgs(const std::vector<std::string>& args);

    // ---- incoming stanzas ----
    void handleChat(const IncomingChat& chat);
    void handleRoomMessage(const IncomingChat& chat, const std::string& room);
    // An empty reply means: say nothing (a sender already told to slow down).
    std::string replyToText(const std::string& sender, const std::string& body, Conference* room);
    std::optional<std::string> rateLimited(const std::string& sender);
    bool isRoomJid(const std::string& bare) const;
    void handlePresence(const IncomingPresence& presence);
    std::unique_ptr<gloox::Tag> presenceTo(const std::string& to, const std::string& type) const;
    void handleRoomPresence(const IncomingPresence& presence);
    void maybeFetchVcard(const std::string& bare);
    void mergeVcard(const std::string& bare, const gloox::Tag& vcard);

    // ---- engine events ----
    void handleEngineEvent(const engine::EngineEvent& event);
    std::pair<Conference*, Participant*> participantOfLeg(engine::LegId leg);
    void legStateChanged(const engine::LegStateChanged& change);
    static std::string endCodeOf(const Participant& p, const sip::LegEnding& ending);
    void legEnded(Conference& conf, Participant& p, const sip::LegEnding& ending);
    void talkerChanged(const engine::TalkerChanged& change);

    // ---- adhoc ----
    AdhocReply handleAdhoc(const AdhocRequest& request);

    // ---- lifecycle ----
    std::size_t recoverAfterCrash();
    void tellRecoveredRooms();
    void handleConnected();
    void shutdown(const std::string& reason);

    // ---- admin page: views ----
    static std::string adminStateOf(const Participant& p,
                                    const std::optional<engine::LegSnapshot>& leg);
    web::LegView adminLegView(const Participant& p) const;
    web::ConferenceView adminView(const Conference& conf) const;
    std::vector<web::ConferenceView> adminConferences() const;
    std::optional<web::ConferenceView> adminConference(std::int64_t id) const;
    std::size_t liveLegCount() const;

    // ---- admin page: actions ----

    // ---- admin page: actions ----

    // Names the admin in audit rows written while an action runs.
    class AdminActor {
      public:
        AdminActor(std::string& slot, const std::string& admin) : slot_(slot) {
            slot_ = "admin:" + admin;
        }
        ~AdminActor() { slot_.clear(); }
        AdminActor(const AdminActor&) = delete;
        AdminActor& operator=(const AdminActor&) = delete;

      private:
        std::string& slot_;
    };

    static web::ActionResult refuse(std::string message);
    static web::ActionResult done(std::string message);
    // Typed text as it may appear in a message: bounded.
    static std::string shownText(const std::string& text);
    // The live conference, or why not.
    std::variant<Conference*, web::ActionResult> adminTarget(std::int64_t id);
    web::ActionResult adminDial(std::int64_t id, const std::string& number_text,
                                const std::string& admin);
    web::ActionResult adminLegAction(std::int64_t id, std::uint32_t participant,
                                     web::LegAction action, const std::string& admin);
    web::ActionResult adminHangup(Conference& conf, Participant& p, const std::string& admin);
    web::ActionResult adminSetLocked(std::int64_t id, bool lock, const std::string& admin);
    web::ActionResult adminEnd(std::int64_t id, const std::string& admin);
    void replacePolicy(const PolicySettings& settings_in);

    // ---- events for plugins ----
    static std::uint32_t connectedLegs(const Conference& conf);
    plugins::PluginEvent pluginEvent(plugins::PluginEvent::Kind kind, const Conference& conf,
                                     const Participant* p = nullptr) const;
    void tellPlugins(const plugins::PluginEvent& event);
    void tellPluginsLegState(const Conference& conf, const Participant& p,
                             plugins::PluginEvent::LegState state, const std::string& reason = {});
    void dtmfReceived(const engine::DtmfReceived& dtmf);

    // ---- plugin slash commands ----
    // The reply to a plugin's command, or nullopt when `body` is not one (nor
    // /help, which then lists the plugins' commands too).
    std::optional<std::string> pluginCommandReply(const std::string& sender,
                                                  const std::string& body, Conference* room);
    // /help with the plugins' commands; nullopt leaves other /help forms
    // (/help call) to the built-in parser.
    std::optional<std::string> pluginHelp(const std::string& body);

    // ---- plugins::BridgeServices ----
    std::optional<plugins::ConferenceFacts> conferenceFacts(std::int64_t id) override;
    bool isModerator(std::int64_t id, const std::string& sender) override;
    bool say(std::int64_t id, const std::string& text) override;
    bool setRecording(std::int64_t id, bool recording) override;
    bool addRecording(const plugins::RecordingEntry& entry) override;
    bool playPrompt(std::int64_t id, std::uint32_t participant,
                    std::shared_ptr<const media::Prompt> prompt) override;
    bool setTap(std::int64_t id, std::uint32_t participant,
                std::shared_ptr<media::AudioTap> tap) override;
};

}  // namespace confab::bridge
