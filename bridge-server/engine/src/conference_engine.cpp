#include "confab/engine/conference_engine.h"

#include <map>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "confab/media/media_engine.h"
#include "confab/shared/bridge_config.h"
#include "remote_media_conversion.h"

namespace confab::engine {

namespace {

bool isLive(sip::LegState state) {
    return state != sip::LegState::Disconnected;
}

}  // namespace

struct ConferenceEngine::Impl : sip::LegListener {
    struct Leg {
        LegSnapshot info;
        sip::LegHandle handle;
        bool media_closed = false;
    };
    struct Conference {
        std::vector<LegId> legs;
        bool ending = false;
    };

    bridge::ControlLoop& loop;
    Options options;
    Listener listener;
    // Declared before `sip` so the SIP agent, whose shutdown may still call
    // onCloseMedia(), is destroyed first.
    std::unique_ptr<media::MediaEngine> media;
    std::unique_ptr<sip::SipUserAgent> sip;
    std::map<ConferenceId, Conference> conferences;
    std::unordered_map<LegId, Leg> legs;
    std::unordered_map<sip::LegHandle, LegId> leg_by_handle;
    ConferenceId next_conference = 1;
    LegId next_leg = 1;
    LegId dialing_leg = 0;  // the leg inside sip->dial(), whose handle is not known yet

    Impl(bridge::ControlLoop& l, Options o) : loop(l), options(std::move(o)) {}

    void emit(const EngineEvent& event) {
        if (listener) listener(event);
    }

    Leg* legFor(sip::LegHandle handle) {
        auto it = leg_by_handle.find(handle);
        if (it == leg_by_handle.end()) {
            if (dialing_leg == 0) return nullptr;
            it = leg_by_handle.emplace(handle, dialing_leg).first;
            legs.at(dialing_leg).handle = handle;
        }
        auto leg = legs.find(it->second);
        return leg == legs.end() ? nullptr : &leg->second;
    }

    Leg* find(LegId id) {
        auto it = legs.find(id);
        return it == legs.end() ? nullptr : &it->second;
    }

    void closeMedia(Leg& leg) {
        if (leg.media_closed) return;
        leg.media_closed = true;
        const media::MediaError error = media->closeLeg(leg.info.leg);
        if (error != media::MediaError::None)
            spdlog::warn("engine: leg {}: closing media: {}", leg.info.leg, media::toString(error));
    }

    // A conference that is ending goes away once none of its legs is live.
    void maybeFinishConference(ConferenceId id) {
        auto it = conferences.find(id);
        if (it == conferences.end() || !it->second.ending) return;
        for (LegId leg : it->second.legs)
            if (isLive(legs.at(leg).info.state)) return;
        media->destroyMix(id);
        for (LegId leg : it->second.legs) {
            leg_by_handle.erase(legs.at(leg).handle);
            legs.erase(leg);
        }
        conferences.erase(it);
        spdlog::info("engine: conference {} ended", id);
    }

    // sip::LegListener
    void onLegStateChanged(sip::LegHandle handle, const sip::command::EmitStateChange& change) override {
        Leg* leg = legFor(handle);
        if (!leg) return;
        leg->info.state = change.to;
        leg->info.ending = change.ending;
        spdlog::info("engine: leg {} ({}) {} -> {}{}{}", leg->info.leg, leg->info.number,
                     sip::toString(change.from), sip::toString(change.to),
                     change.ending.reason == sip::DisconnectReason::None ? "" : ": ",
                     change.ending.reason == sip::DisconnectReason::None
                         ? std::string()
                         : std::string(sip::toString(change.ending.reason)) +
                               (change.ending.sip_status ? " " + std::to_string(change.ending.sip_status) : "") +
                               (change.ending.detail.empty() ? "" : " " + change.ending.detail));
        if (change.to == sip::LegState::Disconnected && leg->info.talking) {
            // A leg that hangs up while talking always gets a final stop,
            // before its disconnect; the media thread's own TalkStopped may
            // come after the leg is forgotten, and is then ignored.
            leg->info.talking = false;
            emit(TalkerChanged{leg->info.conference, leg->info.leg, leg->info.number, false,
                               std::chrono::steady_clock::now()});
        }
        const LegSnapshot snapshot = leg->info;
        if (change.to == sip::LegState::Disconnected) closeMedia(*leg);
        emit(LegStateChanged{snapshot.conference, snapshot.leg, snapshot.number, change.from, change.to,
                             change.ending});
        if (change.to == sip::LegState::Disconnected) maybeFinishConference(snapshot.conference);
    }

    void onOpenMedia(sip::LegHandle handle, const sip::NegotiatedMedia& negotiated) override {
        Leg* leg = legFor(handle);
        if (!leg) return;
        const auto remote = toRemoteMedia(negotiated);
        if (!remote) {
            spdlog::error("engine: leg {}: unusable media address '{}'", leg->info.leg,
                          negotiated.remote_address);
            sip->hangup(handle);
            return;
        }
        const media::MediaError error = media->startLeg(leg->info.leg, leg->info.conference, *remote);
        if (error != media::MediaError::None) {
            spdlog::error("engine: leg {}: starting media: {}", leg->info.leg, media::toString(error));
            sip->hangup(handle);
            return;
        }
        // Mute and deaf set while the leg was ringing take effect now.
        if (leg->info.muted) media->setMuted(leg->info.leg, true);
        if (leg->info.deaf) media->setDeaf(leg->info.leg, true);
    }

    void onUpdateMedia(sip::LegHandle handle, const sip::NegotiatedMedia& negotiated) override {
        Leg* leg = legFor(handle);
        if (!leg) return;
        if (const auto remote = toRemoteMedia(negotiated)) media->updateLeg(leg->info.leg, *remote);
    }

    void onCloseMedia(sip::LegHandle handle) override {
        if (Leg* leg = legFor(handle)) closeMedia(*leg);
    }

    void onMediaEvent(const media::MediaEvent& event) {
        Leg* leg = find(event.leg);
        if (!leg) return;
        switch (event.kind) {
            case media::MediaEventKind::TalkStarted:
            case media::MediaEventKind::TalkStopped: {
                const bool talking = event.kind == media::MediaEventKind::TalkStarted;
                if (leg->info.talking == talking) return;
                leg->info.talking = talking;
                const auto at = std::chrono::steady_clock::time_point(
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(event.time));
                emit(TalkerChanged{leg->info.conference, leg->info.leg, leg->info.number, talking, at});
                return;
            }
            case media::MediaEventKind::Dtmf:
                emit(DtmfReceived{leg->info.conference, leg->info.leg, leg->info.number, event.digit});
                return;
            case media::MediaEventKind::MediaTimeout:
                spdlog::warn("engine: leg {} ({}): no RTP, hanging up", leg->info.leg, leg->info.number);
                sip->mediaTimedOut(leg->handle);
                return;
            case media::MediaEventKind::LegStats:
                leg->info.quality = event.stats.quality;
                return;
            case media::MediaEventKind::MediaResumed:
            case media::MediaEventKind::PromptFinished:
                return;
        }
    }
};

sip::Result<std::unique_ptr<ConferenceEngine>> ConferenceEngine::create(bridge::ControlLoop& loop,
                                                                       const SipSettings& settings,
                                                                       Options options) {
    auto impl = std::make_unique<Impl>(loop, std::move(options));
    std::string error;
    impl->media = media::MediaEngine::create(impl->options.media, &error);
    if (!impl->media) return sip::Result<std::unique_ptr<ConferenceEngine>>::failure("media engine: " + error);
    auto agent = sip::SipUserAgent::create(loop.sofiaRoot(), settings, impl->options.sip);
    if (!agent) return sip::Result<std::unique_ptr<ConferenceEngine>>::failure("SIP: " + agent.error());
    impl->sip = std::move(agent).value();
    impl->media->start();
    Impl* raw = impl.get();
    loop.watchReadable(impl->media->eventFd(), [raw] {
        raw->media->drainEvents([raw](const media::MediaEvent& event) { raw->onMediaEvent(event); });
    });
    return sip::Result<std::unique_ptr<ConferenceEngine>>::success(
        std::unique_ptr<ConferenceEngine>(new ConferenceEngine(std::move(impl))));
}

ConferenceEngine::ConferenceEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ConferenceEngine::~ConferenceEngine() {
    impl_->listener = nullptr;
    impl_->loop.unwatch(impl_->media->eventFd());
    impl_->sip.reset();
    impl_->media->stop();
}

void ConferenceEngine::setListener(Listener listener) { impl_->listener = std::move(listener); }

ConferenceId ConferenceEngine::createConference() {
    const ConferenceId id = impl_->next_conference++;
    const media::MediaError error = impl_->media->createMix(id, impl_->options.max_legs_per_conference);
    if (error != media::MediaError::None) {
        spdlog::error("engine: cannot create conference {}: {}", id, media::toString(error));
        return 0;
    }
    impl_->conferences.emplace(id, Impl::Conference{});
    return id;
}

sip::Result<LegId> ConferenceEngine::dial(ConferenceId conference, const std::string& number,
                                          const std::string& display_name) {
    using R = sip::Result<LegId>;
    auto conf = impl_->conferences.find(conference);
    if (conf == impl_->conferences.end()) return R::failure("no conference " + std::to_string(conference));
    if (conf->second.ending) return R::failure("the conference is ending");
    std::size_t live = 0;
    for (LegId leg : conf->second.legs) live += isLive(impl_->legs.at(leg).info.state) ? 1 : 0;
    if (live >= impl_->options.max_legs_per_conference)
        return R::failure("the conference is full (" + std::to_string(live) + " legs)");

    const LegId id = impl_->next_leg++;
    const media::OpenLegResult port = impl_->media->openLeg(id);
    if (!port.ok()) return R::failure(std::string("no media port: ") + std::string(media::toString(port.error)));

    Impl::Leg leg;
    leg.info.leg = id;
    leg.info.conference = conference;
    leg.info.number = number;
    impl_->legs.emplace(id, std::move(leg));

    sip::DialRequest request;
    request.number = number;
    request.local_rtp_address = impl_->media->config().bind_address;
    request.local_rtp_port = port.rtp_port;
    request.display_name = display_name;
    request.listener = impl_.get();
    impl_->dialing_leg = id;
    auto handle = impl_->sip->dial(request);
    impl_->dialing_leg = 0;
    if (!handle) {
        impl_->media->closeLeg(id);
        if (auto it = impl_->legs.find(id); it != impl_->legs.end()) impl_->leg_by_handle.erase(it->second.handle);
        impl_->legs.erase(id);
        return R::failure(handle.error());
    }
    impl_->legs.at(id).handle = handle.value();
    impl_->leg_by_handle[handle.value()] = id;
    conf->second.legs.push_back(id);
    return R::success(id);
}

bool ConferenceEngine::hangup(LegId leg) {
    Impl::Leg* record = impl_->find(leg);
    return record && impl_->sip->hangup(record->handle);
}

bool ConferenceEngine::setMuted(LegId leg, bool muted) {
    Impl::Leg* record = impl_->find(leg);
    if (!record || !isLive(record->info.state)) return false;
    record->info.muted = muted;
    impl_->media->setMuted(leg, muted);  // refused while ringing; applied at answer
    return true;
}

bool ConferenceEngine::setDeaf(LegId leg, bool deaf) {
    Impl::Leg* record = impl_->find(leg);
    if (!record || !isLive(record->info.state)) return false;
    record->info.deaf = deaf;
    impl_->media->setDeaf(leg, deaf);
    return true;
}

bool ConferenceEngine::sendDtmf(LegId leg, const std::string& digits) {
    return impl_->find(leg) && impl_->media->sendDtmf(leg, digits) == media::MediaError::None;
}

bool ConferenceEngine::playPrompt(LegId leg, std::shared_ptr<const media::Prompt> prompt) {
    return impl_->find(leg) && impl_->media->playPrompt(leg, std::move(prompt)) == media::MediaError::None;
}

bool ConferenceEngine::playConferencePrompt(ConferenceId conference,
                                            std::shared_ptr<const media::Prompt> prompt) {
    return impl_->conferences.count(conference) &&
           impl_->media->playMixPrompt(conference, std::move(prompt)) == media::MediaError::None;
}

bool ConferenceEngine::setConferenceTap(ConferenceId conference, std::shared_ptr<media::AudioTap> tap) {
    return impl_->conferences.count(conference) &&
           impl_->media->setMixTap(conference, std::move(tap)) == media::MediaError::None;
}

bool ConferenceEngine::setLegTap(LegId leg, std::shared_ptr<media::AudioTap> tap) {
    return impl_->find(leg) && impl_->media->setLegTap(leg, std::move(tap)) == media::MediaError::None;
}

bool ConferenceEngine::endConference(ConferenceId conference) {
    auto conf = impl_->conferences.find(conference);
    if (conf == impl_->conferences.end()) return false;
    conf->second.ending = true;
    const std::vector<LegId> members = conf->second.legs;
    for (LegId leg : members)
        if (Impl::Leg* record = impl_->find(leg); record && isLive(record->info.state))
            impl_->sip->hangup(record->handle);
    impl_->maybeFinishConference(conference);
    return true;
}

std::optional<LegSnapshot> ConferenceEngine::leg(LegId leg) const {
    auto it = impl_->legs.find(leg);
    if (it == impl_->legs.end()) return std::nullopt;
    return it->second.info;
}

std::vector<LegSnapshot> ConferenceEngine::legs(ConferenceId conference) const {
    std::vector<LegSnapshot> out;
    auto conf = impl_->conferences.find(conference);
    if (conf == impl_->conferences.end()) return out;
    for (LegId leg : conf->second.legs) out.push_back(impl_->legs.at(leg).info);
    return out;
}

std::vector<ConferenceId> ConferenceEngine::conferences() const {
    std::vector<ConferenceId> out;
    for (const auto& [id, conf] : impl_->conferences) out.push_back(id);
    return out;
}

const sip::SipUserAgent& ConferenceEngine::sipAgent() const { return *impl_->sip; }
const media::MediaEngine& ConferenceEngine::mediaEngine() const { return *impl_->media; }

}  // namespace confab::engine
