// ConferenceService::Impl: what the admin web page asks of the conferences, on the
// control thread. Kept in its own file so conference_service.cpp stays
// readable; it uses Impl's members directly, like the chat commands do.
//
// Every action is checked and announced like the matching chat command: the
// room hears "admin alice muted Bob (+15550100).", and dials go through
// dial() with the conference owner as the requester, so the owner's role,
// limits and per-minute budget apply.
#include "conference_service_impl.h"

namespace confab::bridge {

std::string ConferenceService::Impl::adminStateOf(const Participant& p,
                                                  const std::optional<engine::LegSnapshot>& leg) {
    if (!p.live()) return "disconnected";
    if (p.kind == Kind::Invited) return "invited";
    if (p.kind == Kind::ChatOnly) return "connected";
    if (leg && leg->state == sip::LegState::Disconnecting) return "disconnecting";
    switch (p.status) {
        case EndpointStatus::DialingOut:
            return "dialing";
        case EndpointStatus::Alerting:
            return "alerting";
        case EndpointStatus::Connected:
        case EndpointStatus::MutedViaFocus:
            return "connected";
        case EndpointStatus::OnHold:
            return "on-hold";
        case EndpointStatus::Disconnected:
            return "disconnected";
    }
    return "dialing";
}

web::LegView ConferenceService::Impl::adminLegView(const Participant& p) const {
    web::LegView view;
    view.participant = p.id;
    view.name = p.display;
    view.number = p.number;
    view.jid = p.jid;
    view.talking = p.talking;
    view.muted = p.muted;
    view.joined = p.answered || p.kind == Kind::ChatOnly ? p.joined_ms.value_or(0) : 0;
    std::optional<engine::LegSnapshot> leg;
    if (p.kind == Kind::Phone && p.leg != 0 && p.live()) leg = engine.leg(p.leg);
    view.state = adminStateOf(p, leg);
    if (!p.live()) {
        view.end_reason = p.end_code.empty() ? "hangup" : p.end_code;
        if (view.end_reason != "hangup" && view.end_reason != "kicked") view.sip_code = p.sip_code;
    }
    if (leg && p.answered) {
        const media::LegQuality& quality = leg->quality;
        if (quality.packets_received > 0) {
            view.loss_percent = quality.fraction_lost * 100.0;
            view.jitter_ms = quality.jitter_ms;
        }
        if (quality.rtt_known) view.rtt_ms = quality.rtt_ms;
    }
    return view;
}

web::ConferenceView ConferenceService::Impl::adminView(const Conference& conf) const {
    web::ConferenceView view;
    view.id = conf.id;
    view.owner_jid = conf.owner;
    view.room_jid = conf.room_jid;
    view.locked = conf.locked;
    view.started = conf.started;
    for (const Participant& p : conf.participants) view.legs.push_back(adminLegView(p));
    return view;
}

std::vector<web::ConferenceView> ConferenceService::Impl::adminConferences() const {
    std::vector<web::ConferenceView> views;
    // Row ids grow, so the map's order is oldest first.
    for (const auto& [id, conf] : conferences) views.push_back(adminView(conf));
    return views;
}

std::optional<web::ConferenceView> ConferenceService::Impl::adminConference(std::int64_t id) const {
    const auto found = conferences.find(id);
    if (found == conferences.end()) return std::nullopt;
    return adminView(found->second);
}

std::size_t ConferenceService::Impl::liveLegCount() const {
    std::size_t legs = 0;
    for (const auto& [id, conf] : conferences) legs += conf.liveLegs();
    return legs;
}

web::ActionResult ConferenceService::Impl::refuse(std::string message) {
    return {false, std::move(message)};
}

web::ActionResult ConferenceService::Impl::done(std::string message) {
    return {true, std::move(message)};
}

std::string ConferenceService::Impl::shownText(const std::string& text) {
    constexpr std::size_t kMaxShown = 40;
    return text.size() <= kMaxShown ? text : text.substr(0, kMaxShown) + "...";
}

std::variant<Conference*, web::ActionResult> ConferenceService::Impl::adminTarget(std::int64_t id) {
    Conference* conf = conferenceById(id);
    if (!conf) return refuse("Conference " + std::to_string(id) + " is not live.");
    if (conf->ending) return refuse("Conference " + std::to_string(id) + " is already ending.");
    return conf;
}

web::ActionResult ConferenceService::Impl::adminDial(std::int64_t id,
                                                     const std::string& number_text,
                                                     const std::string& admin) {
    auto target_conf = adminTarget(id);
    if (auto* refusal = std::get_if<web::ActionResult>(&target_conf)) return *refusal;
    Conference& conf = *std::get<Conference*>(target_conf);
    if (!looksLikePhoneNumber(number_text)) {
        return refuse("\"" + shownText(number_text) +
                      "\" is not a phone number; type it as +15551234567 or as a national number.");
    }
    const E164Result number = normalizeToE164(number_text, settings.default_region);
    if (!number.ok()) {
        return refuse("\"" + shownText(number_text) +
                      "\" is not a phone number the bridge can dial: " + number.reason);
    }
    if (conf.locked) {
        return refuse("Conference " + std::to_string(id) +
                      " is locked; unlock it before adding anyone.");
    }
    // resolve() looks the number up in the directory, as /invite would.
    const Resolution resolution = resolve(number.e164);
    if (const auto* error = std::get_if<std::string>(&resolution)) return refuse(*error);
    const AdminActor actor(admin_actor, admin);
    const std::size_t before = conf.participants.size();
    const std::string line = addTarget(conf, std::get<Target>(resolution), conf.owner);
    if (conf.participants.size() == before) return refuse(line);  // already in
    const Participant& added = conf.participants.back();
    if (added.ended) return refuse(line);  // the policy or the engine said no
    say(conf, "admin " + admin + " is adding " + added.name() + ".");
    return done(line);
}

web::ActionResult ConferenceService::Impl::adminLegAction(std::int64_t id,
                                                          std::uint32_t participant,
                                                          web::LegAction action,
                                                          const std::string& admin) {
    auto target_conf = adminTarget(id);
    if (auto* refusal = std::get_if<web::ActionResult>(&target_conf)) return *refusal;
    Conference& conf = *std::get<Conference*>(target_conf);
    Participant* p = conf.find(participant);
    if (!p) {
        return refuse("Conference " + std::to_string(id) + " has no participant " +
                      std::to_string(participant) + ".");
    }
    if (!p->live()) return refuse(p->name() + " has already left the conference.");
    const AdminActor actor(admin_actor, admin);
    if (action == web::LegAction::Hangup) return adminHangup(conf, *p, admin);
    const bool mute = action == web::LegAction::Mute;
    if (p->kind != Kind::Phone || p->leg == 0) {
        return refuse(p->name() + " has no phone line to " + (mute ? "mute." : "unmute."));
    }
    if (p->muted == mute) return done(p->name() + (mute ? " is already muted." : " is not muted."));
    if (!engine.setMuted(p->leg, mute)) {
        return refuse("The bridge could not " + std::string(mute ? "mute " : "unmute ") +
                      p->name() + ": the call is ending.");
    }
    p->muted = mute;
    if (p->status == EndpointStatus::Connected || p->status == EndpointStatus::MutedViaFocus) {
        p->status = mute ? EndpointStatus::MutedViaFocus : EndpointStatus::Connected;
    }
    sendPartialInfo(conf, *p);
    say(conf, "admin " + admin + (mute ? " muted " : " unmuted ") + p->name() + ".");
    return done((mute ? "Muted " : "Unmuted ") + p->name() + ".");
}

web::ActionResult ConferenceService::Impl::adminHangup(Conference& conf, Participant& p,
                                                       const std::string& admin) {
    const std::string name = p.name();
    say(conf, "admin " + admin + " hung up " + name + ".");
    if (p.kind == Kind::Phone && p.leg != 0) {
        p.reason = "hung up by admin " + admin;
        engine.hangup(p.leg);  // legEnded follows with the engine's report
    } else {
        endWithoutCall(conf, p, DisconnectionMethod::Departed, "hung up by admin " + admin);
        maybeFinish(conf, "everyone has left");  // may end (and erase) the conference
    }
    return done("Hanging up " + name + ".");
}

web::ActionResult ConferenceService::Impl::adminSetLocked(std::int64_t id, bool lock,
                                                          const std::string& admin) {
    auto target_conf = adminTarget(id);
    if (auto* refusal = std::get_if<web::ActionResult>(&target_conf)) return *refusal;
    Conference& conf = *std::get<Conference*>(target_conf);
    const std::string which = "Conference " + std::to_string(id);
    if (conf.locked == lock)
        return done(which + (lock ? " is already locked." : " is not locked."));
    conf.locked = lock;
    sendStateOnly(conf);
    say(conf, lock ? "admin " + admin + " locked the conference: no one new can be added."
                   : "admin " + admin + " unlocked the conference.");
    return done(which + (lock ? " is locked." : " is unlocked."));
}

web::ActionResult ConferenceService::Impl::adminEnd(std::int64_t id, const std::string& admin) {
    auto target_conf = adminTarget(id);
    if (auto* refusal = std::get_if<web::ActionResult>(&target_conf)) return *refusal;
    const AdminActor actor(admin_actor, admin);
    endConference(*std::get<Conference*>(target_conf), "ended by admin " + admin);
    return done("Ending conference " + std::to_string(id) + ".");
}

void ConferenceService::Impl::replacePolicy(const PolicySettings& settings_in) {
    policy.replaceSettings(settings_in);
    settings.invitation_timeout = std::chrono::seconds(settings_in.invitation_timeout_seconds);
}

}  // namespace confab::bridge
