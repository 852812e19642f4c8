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
#include <memory>
#include <string>

#include "confab/bridge/control_loop.h"
#include "confab/bridge/xmpp_component_link.h"
#include "confab/engine/engine_event.h"

namespace confab::engine {
class ConferenceEngine;
}
namespace confab::policy {
class DialPolicy;
}
namespace confab::store {
class Database;
}

namespace confab::bridge {

struct ConferenceServiceSettings {
    std::string component_jid;   // "bridge.example.com"
    std::string domain;          // users' domain, for bare user names ("bob")
    std::string muc_service;     // "conference.example.com"; empty: no rooms
    std::string default_region;  // for national numbers
    std::chrono::seconds invitation_timeout{30};
    bool archive_rooms = false;  // keep ended rooms (persistent) instead of destroying them
    std::string room_nick = "Confab";
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

    // The ad-hoc commands to register with the link.
    static std::vector<AdhocCommandInfo> adhocCommands();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace confab::bridge
