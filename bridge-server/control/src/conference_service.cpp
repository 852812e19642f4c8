// ConferenceService: the facade, and Impl's replies, rooms, conferences,
// participants and lifecycle (see conference_service_impl.h for the rest).
#include "conference_service_impl.h"

namespace confab::bridge {

std::string ConferenceService::Impl::iqId() {
    return "confab-" + std::to_string(next_iq++);
}

bool ConferenceService::Impl::isOnline(const std::string& bare) const {
    const auto found = online.find(bare);
    return found != online.end() && !found->second.empty();
}

void ConferenceService::Impl::audit(const std::string& requester, const std::string& action,
                                    const std::string& detail, bool allowed,
                                    const std::string& reason) {
    const std::string& actor = admin_actor.empty() ? requester : admin_actor;
    if (!allowed) spdlog::warn("denied: {} {} {}: {}", actor, action, detail, reason);
    try {
        log.audit(actor, action, detail, allowed, reason, nowMillis());
    } catch (const std::exception& e) {
        spdlog::error("audit log write failed: {}", e.what());
    }
}

void ConferenceService::Impl::changed() const {
    if (change_listener) change_listener();
}

void ConferenceService::Impl::countDial(const char* result) {
    ++counters.dials_by_result[result];
}

void ConferenceService::Impl::sendToConference(Conference& conf,
                                               std::unique_ptr<gloox::Tag> payload, bool no_store,
                                               const std::string& body) {
    // Every state change the room hears of is one the admin page shows.
    changed();
    if (!conf.room_jid.empty()) {
        auto message = protocol::eventMessage(settings.component_jid, conf.room_jid,
                                              protocol::MessageType::Groupchat, std::move(payload),
                                              no_store, body);
        if (conf.room_ready) {
            xmpp.sendStanza(std::move(message));
        } else if (conf.room_backlog.size() < 500) {
            conf.room_backlog.push_back(std::move(message));
        }
        return;
    }
    // No MUC service: the owner gets the events directly.
    xmpp.sendStanza(protocol::eventMessage(
        settings.component_jid, conf.owner,
        body.empty() ? protocol::MessageType::Headline : protocol::MessageType::Chat,
        std::move(payload), no_store, body));
}

void ConferenceService::Impl::say(Conference& conf, const std::string& line) {
    sendToConference(conf, nullptr, false, line);
    record("event", [&] { log.event(conf.id, "message", line, nowMillis()); });
}

protocol::EndpointInfo ConferenceService::Impl::endpointOf(const Participant& p) const {
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

protocol::UserInfo ConferenceService::Impl::userOf(const Participant& p) const {
    protocol::UserInfo user;
    user.entity = p.jid.empty() ? p.entity() : protocol::callUriForJid(p.jid);
    user.display_text = p.display.empty() ? p.name() : p.display;
    user.endpoints.push_back(endpointOf(p));
    return user;
}

std::string ConferenceService::Impl::conferenceEntity(const Conference& conf) const {
    return conf.room_jid.empty()
               ? "xmpp:" + settings.component_jid + "?conference=" + std::to_string(conf.id)
               : protocol::callUriForJid(conf.room_jid);
}

protocol::ConferenceInfoDocument ConferenceService::Impl::nextDocument(Conference& conf,
                                                                     protocol::ElementState state) {
    protocol::ConferenceInfoDocument doc;
    doc.entity = conferenceEntity(conf);
    doc.version = ++conf.version;
    doc.state = state;
    doc.active = !conf.ending;
    doc.locked = conf.locked;
    doc.recording = conf.recording;
    return doc;
}

void ConferenceService::Impl::sendFullInfo(Conference& conf) {
    protocol::ConferenceInfoDocument doc = nextDocument(conf, protocol::ElementState::Full);
    doc.subject = "Conference of " + conf.owner;
    doc.user_count = static_cast<std::uint32_t>(conf.liveParticipants());
    for (const Participant& p : conf.participants) doc.users.push_back(userOf(p));
    sendToConference(conf, protocol::conferenceInfoTag(doc), true, "");
}

void ConferenceService::Impl::sendPartialInfo(Conference& conf, const Participant& p) {
    protocol::ConferenceInfoDocument doc = nextDocument(conf, protocol::ElementState::Partial);
    protocol::UserInfo user = userOf(p);
    user.state = protocol::ElementState::Partial;
    user.endpoints.front().state = protocol::ElementState::Partial;
    doc.users.push_back(std::move(user));
    sendToConference(conf, protocol::conferenceInfoTag(doc), true, "");
}

void ConferenceService::Impl::sendStateOnly(Conference& conf) {
    protocol::ConferenceInfoDocument doc = nextDocument(conf, protocol::ElementState::Partial);
    doc.user_count = static_cast<std::uint32_t>(conf.liveParticipants());
    sendToConference(conf, protocol::conferenceInfoTag(doc), true, "");
}

void ConferenceService::Impl::openRoom(Conference& conf) {
    if (settings.muc_service.empty()) return;
    if (conf.room_jid.empty()) {
        conf.room_jid =
            "conf-" + std::to_string(conf.id) + "-" + randomToken(6) + "@" + settings.muc_service;
        record("room", [&] { log.setRoom(conf.id, conf.room_jid); });
    }
    conf.room_ready = false;
    conf.occupants.clear();
    xmpp.sendStanza(
        protocol::mucJoinPresence(settings.component_jid, conf.room_jid, settings.room_nick));
}

void ConferenceService::Impl::configureRoom(std::int64_t id) {
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

void ConferenceService::Impl::roomReady(std::int64_t id) {
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

void ConferenceService::Impl::setRoomAffiliation(const Conference& conf, const std::string& jid) {
    const bool moderator = jid == conf.owner || conf.moderators.count(jid) > 0;
    const std::string room = conf.room_jid;
    xmpp.sendIq(protocol::mucAffiliationIq(
                    settings.component_jid, room, iqId(), jid,
                    moderator ? protocol::Affiliation::Admin : protocol::Affiliation::Member,
                    moderator ? "conference moderator" : "conference participant"),
                [room, jid](const IqAnswer& answer) {
                    if (!answer.ok) {
                        spdlog::warn("room {}: could not set the affiliation of {}: {}", room, jid,
                                     answer.error);
                    }
                });
}

void ConferenceService::Impl::grantRoom(Conference& conf, const std::string& jid) {
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
    xmpp.sendStanza(protocol::mediatedInvitationMessage(settings.component_jid, room, jid, reason));
}

void ConferenceService::Impl::closeRoom(const std::string& room, const std::string& closing_line) {
    if (room.empty()) return;
    xmpp.sendStanza(protocol::eventMessage(settings.component_jid, room,
                                           protocol::MessageType::Groupchat, nullptr, false,
                                           closing_line));
    if (settings.archive_rooms) {
        xmpp.sendStanza(protocol::mucLeavePresence(settings.component_jid, room, settings.room_nick,
                                                   closing_line));
        return;
    }
    xmpp.sendIq(protocol::mucDestroyIq(settings.component_jid, room, iqId(), closing_line),
                [room](const IqAnswer& answer) {
                    if (!answer.ok) {
                        spdlog::warn("room {}: destroy refused: {}", room, answer.error);
                    }
                });
}

Conference* ConferenceService::Impl::conferenceById(std::int64_t id) {
    auto found = conferences.find(id);
    return found == conferences.end() ? nullptr : &found->second;
}

Conference* ConferenceService::Impl::conferenceOfRoom(const std::string& room_bare) {
    for (auto& [id, conf] : conferences) {
        if (!conf.room_jid.empty() && conf.room_jid == room_bare) return &conf;
    }
    return nullptr;
}

bool ConferenceService::Impl::participates(const Conference& conf, const std::string& who) const {
    for (const Participant& p : conf.participants) {
        if (p.live() && ownedBy(p, who)) return true;
    }
    return false;
}

Conference* ConferenceService::Impl::conferenceFor(const std::string& who) {
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

bool ConferenceService::Impl::isModerator(const Conference& conf, const std::string& who) const {
    return conf.owner == who || conf.moderators.count(who) > 0;
}

bool ConferenceService::Impl::ownedBy(const Participant& p, const std::string& who) {
    return !p.jid.empty() && p.jid == who;
}

std::size_t ConferenceService::Impl::liveLegsRequestedBy(const std::string& who) const {
    std::size_t count = 0;
    for (const auto& [id, conf] : conferences) {
        for (const Participant& p : conf.participants) {
            if (p.kind == Kind::Phone && p.leg != 0 && p.live() && p.requester == who) ++count;
        }
    }
    return count;
}

Conference& ConferenceService::Impl::startConference(const std::string& owner) {
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

void ConferenceService::Impl::finishConference(Conference& conf, const std::string& reason) {
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
        closeRoom(conf.room_jid,
                  "The conference has ended (" + reason + "). Duration " + duration + ".");
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

void ConferenceService::Impl::endConference(Conference& conf, const std::string& reason) {
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

void ConferenceService::Impl::maybeFinish(Conference& conf, const std::string& reason) {
    if (conf.anyoneLeft()) return;
    finishConference(conf, reason);
}

Participant& ConferenceService::Impl::addParticipant(Conference& conf, const Target& target,
                                                     const std::string& requester, Kind kind) {
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

std::string ConferenceService::Impl::dial(Conference& conf, Participant& p,
                                          const std::string& requester) {
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

void ConferenceService::Impl::endWithoutCall(Conference& conf, Participant& p,
                                             DisconnectionMethod method,
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
    record("event",
           [&] { log.event(conf.id, "not-dialled", p.name() + ": " + reason, nowMillis()); });
    sendPartialInfo(conf, p);
}

void ConferenceService::Impl::cancelInvitation(Participant& p) {
    if (p.invitation_timer) loop.cancelTimer(*p.invitation_timer);
    p.invitation_timer.reset();
    p.invitation_id.clear();
}

std::string ConferenceService::Impl::invite(Conference& conf, Participant& p,
                                            const std::string& inviter) {
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
        body += " Without an answer within " + std::to_string(settings.invitation_timeout.count()) +
                " s, " + p.number + " is called anyway.";
    }
    xmpp.sendStanza(protocol::invitationMessage(settings.component_jid, p.jid, invitation, body));
    const std::int64_t conf_id = conf.id;
    const std::uint32_t pid = p.id;
    p.invitation_timer = loop.startTimer(
        settings.invitation_timeout, [this, conf_id, pid] { invitationTimedOut(conf_id, pid); });
    sendPartialInfo(conf, p);
    record("event", [&] { log.event(conf.id, "invited", p.jid, nowMillis()); });
    grantRoom(conf, p.jid);
    return "Invited " + p.name() + " by chat" +
           (p.number.empty() ? "." : "; " + p.number + " is called if they do not answer.");
}

void ConferenceService::Impl::invitationTimedOut(std::int64_t conf_id, std::uint32_t pid) {
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

std::string ConferenceService::Impl::displayNameOf(const std::string& jid) const {
    try {
        if (const auto user = directory.findByJid(jid); user && !user->display_name.empty()) {
            return user->display_name;
        }
    } catch (const std::exception&) {
    }
    return localPart(jid);
}

std::size_t ConferenceService::Impl::recoverAfterCrash() {
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
    spdlog::info(
        "crash recovery: closed {} conference(s) and {} leg(s) left open by the previous run in {} "
        "us",
        recovered.size(), legs, took.count());
    return recovered.size();
}

void ConferenceService::Impl::tellRecoveredRooms() {
    for (const auto& r : recovered) {
        if (r.conference.room_jid.empty()) continue;
        std::string names;
        for (const auto& leg : r.open_legs) {
            names += (names.empty() ? "" : ", ") +
                     (leg.display_name.empty() ? leg.number
                                               : leg.display_name + " (" + leg.number + ")");
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

void ConferenceService::Impl::handleConnected() {
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

void ConferenceService::Impl::shutdown(const std::string& reason) {
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

ConferenceService::ConferenceService(ControlLoop& loop, XmppComponentLink& xmpp,
                                     engine::ConferenceEngine& engine, store::Database& database,
                                     policy::DialPolicy& policy, ConferenceServiceSettings settings)
    : impl_(std::make_unique<Impl>(loop, xmpp, engine, database, policy, std::move(settings))) {}

ConferenceService::~ConferenceService() = default;

std::size_t ConferenceService::recoverAfterCrash() {
    return impl_->recoverAfterCrash();
}
void ConferenceService::handleChat(const IncomingChat& chat) {
    impl_->handleChat(chat);
}
void ConferenceService::handlePresence(const IncomingPresence& presence) {
    impl_->handlePresence(presence);
}
AdhocReply ConferenceService::handleAdhoc(const AdhocRequest& request) {
    return impl_->handleAdhoc(request);
}
void ConferenceService::handleEngineEvent(const engine::EngineEvent& event) {
    impl_->handleEngineEvent(event);
}
void ConferenceService::handleConnected() {
    impl_->handleConnected();
}
void ConferenceService::shutdown(const std::string& reason) {
    impl_->shutdown(reason);
}
void ConferenceService::setPluginHost(plugins::PluginHost* host) {
    impl_->plugin_host = host;
}
plugins::BridgeServices& ConferenceService::pluginServices() {
    return *impl_;
}

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
                                                    web::LegAction action,
                                                    const std::string& admin) {
    return impl_->adminLegAction(id, participant, action, admin);
}
web::ActionResult ConferenceService::adminSetLocked(std::int64_t id, bool locked,
                                                    const std::string& admin) {
    return impl_->adminSetLocked(id, locked, admin);
}
web::ActionResult ConferenceService::adminEnd(std::int64_t id, const std::string& admin) {
    return impl_->adminEnd(id, admin);
}
void ConferenceService::replacePolicy(const PolicySettings& policy) {
    impl_->replacePolicy(policy);
}
const PolicySettings& ConferenceService::policy() const {
    return impl_->policy.settings();
}
ConferenceCounters ConferenceService::counters() const {
    return impl_->counters;
}
std::size_t ConferenceService::liveConferenceCount() const {
    return impl_->conferences.size();
}
std::size_t ConferenceService::liveLegCount() const {
    return impl_->liveLegCount();
}
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
