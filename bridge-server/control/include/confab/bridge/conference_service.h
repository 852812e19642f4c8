// ConferenceService: the bridge's conferences as IM users see them. It turns
// slash commands (chat or room) and XEP-0050 ad-hoc commands into conference
// engine calls, checks every request against the dial policy, resolves
// "<who>" through the directory, runs IM invitations, owns one MUC room per
// conference, sends RFC 4575 conference-info and Rayo talker events, and
// records conferences, legs (call detail records), events and the audit log
// in the database.
//
// Thread contract: everything here runs on the control thread (the
// ControlLoop's thread): construct it there, and feed it the link's chat,
// presence, ad-hoc and connected callbacks and the engine's listener events
// there. Database writes happen on this thread too, never on the media
// thread; they are short WAL transactions.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "confab/bridge/command_rate_limiter.h"
#include "confab/bridge/control_loop.h"
#include "confab/bridge/xmpp_component_link.h"
#include "confab/engine/engine_event.h"
#include "confab/shared/bridge_config.h"
#include "confab/web/admin_views.h"

namespace confab::engine {
class ConferenceEngine;
}
namespace confab::policy {
class DialPolicy;
}
namespace confab::plugins {
class BridgeServices;
class PluginHost;
}
namespace confab::store {
class Database;
}

namespace confab::bridge {

// What the admin page's /metrics counts, since start.
struct ConferenceCounters {
    // Dials by how they ended or stand: "connected" (answered), "busy",
    // "no-answer", "failed", "denied" (by the dial policy), "cancelled"
    // (hung up before the answer). Each dial is counted once, when its
    // result is known.
    std::map<std::string, std::uint64_t> dials_by_result;
    std::uint64_t talker_events = 0;  // talk-start plus talk-stop
    std::uint64_t commands_rate_limited = 0;  // chat commands refused for coming too fast
};

struct ConferenceServiceSettings {
    std::string component_jid;   // "bridge.example.com"
    std::string domain;          // users' domain, for bare user names ("bob")
    std::string muc_service;     // "conference.example.com"; empty: no rooms
    std::string default_region;  // for national numbers
    std::chrono::seconds invitation_timeout{30};
    bool archive_rooms = false;  // keep ended rooms (persistent) instead of destroying them
    std::string room_nick = "Confab";
    CommandRateSettings command_rate;  // per sender, over 1:1 chat and rooms together
};

class ConferenceService {
public:
    ConferenceService(ControlLoop& loop, XmppComponentLink& xmpp, engine::ConferenceEngine& engine,
                      store::Database& database, policy::DialPolicy& policy,
                      ConferenceServiceSettings settings);
    ~ConferenceService();
    ConferenceService(const ConferenceService&) = delete;
    ConferenceService& operator=(const ConferenceService&) = delete;

    // Closes what a previous run left open in the database (legs whose SIP
    // dialogs died with it) and remembers their rooms, to tell them once the
    // XMPP link is up. Call once, before the link starts. Returns how many
    // conferences were recovered.
    std::size_t recoverAfterCrash();

    void handleChat(const IncomingChat& chat);
    void handlePresence(const IncomingPresence& presence);
    AdhocReply handleAdhoc(const AdhocRequest& request);
    void handleEngineEvent(const engine::EngineEvent& event);
    // After every (re)connection of the XMPP link: re-join rooms, re-send
    // state, probe directory users' presence, tell recovered rooms.
    void handleConnected();
    // Orderly stop: ends every conference (rooms told, records completed).
    void shutdown(const std::string& reason);

    // ---- plugins (confab/plugin.h) ----

    // Events go to `host` and its plugins' slash commands are served from
    // now on; nullptr: no plugins. The host must outlive this service or be
    // unset first.
    void setPluginHost(plugins::PluginHost* host);
    // What the plugin host acts on: rooms, prompts, taps, recordings.
    plugins::BridgeServices& pluginServices();

    // The ad-hoc commands to register with the link.
    static std::vector<AdhocCommandInfo> adhocCommands();

    // ---- the admin page (through BridgeAdmin, on the control thread) ----

    // Live conferences, oldest first, every leg (ended ones too) included.
    std::vector<web::ConferenceView> adminConferences() const;
    // nullopt when the conference is not live.
    std::optional<web::ConferenceView> adminConference(std::int64_t id) const;
    // Dials `number_text` (normalised with the default region) into the
    // conference exactly as its owner's /invite would: the same dial policy,
    // checked and counted for the owner; a number that belongs to an online
    // directory user gets an IM invitation first. `admin` is named in the
    // room ("admin alice is adding +15550100.") and in the audit log.
    web::ActionResult adminDial(std::int64_t id, const std::string& number_text,
                                const std::string& admin);
    web::ActionResult adminLegAction(std::int64_t id, std::uint32_t participant,
                                     web::LegAction action, const std::string& admin);
    web::ActionResult adminSetLocked(std::int64_t id, bool locked, const std::string& admin);
    web::ActionResult adminEnd(std::int64_t id, const std::string& admin);
    // New policy for every later request: the DialPolicy (its rate limiter
    // keeps the dials already counted) and the invitation timeout. `policy`
    // must be valid (validatePolicySettings).
    void replacePolicy(const PolicySettings& policy);
    const PolicySettings& policy() const;
    ConferenceCounters counters() const;
    std::size_t liveConferenceCount() const;
    std::size_t liveLegCount() const;  // phone legs not yet ended, across conferences
    // Called on the control thread after every conference, leg, talker, mute
    // or lock change, and when a conference starts or ends. Must not block
    // (LiveChanges::notify()).
    void setChangeListener(std::function<void()> listener);

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace confab::bridge
