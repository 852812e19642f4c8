// The half of SipUserAgent::Impl that runs the legs' state machines: the
// event queue, the commands, the ring timers and forgetting finished legs.
#include <exception>

#include <spdlog/spdlog.h>

#include "sip_user_agent_impl.h"

namespace confab::sip {

namespace {

template <typename... Handlers>
struct Overloaded : Handlers... {
    using Handlers::operator()...;
};
template <typename... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

void onRingTimer(su_root_magic_t*, su_timer_t*, su_timer_arg_t* arg) {
    auto* ring = static_cast<Leg::RingTimer*>(static_cast<void*>(arg));
    try {
        ring->impl->feed(ring->leg_id, event::RingTimeout{});
    } catch (const std::exception& e) {
        spdlog::error("sip: ring timer handling threw: {}", e.what());
    }
}

}  // namespace

Leg* SipUserAgent::Impl::find(std::uint64_t leg_id) {
    auto it = legs.find(leg_id);
    return it == legs.end() ? nullptr : it->second.get();
}

void SipUserAgent::Impl::feed(std::uint64_t leg_id, LegEvent event) {
    queue.emplace_back(leg_id, std::move(event));
    if (!draining) drain();
}

void SipUserAgent::Impl::drain() {
    draining = true;
    while (!queue.empty()) {
        auto [leg_id, event] = std::move(queue.front());
        queue.pop_front();
        Leg* leg = find(leg_id);
        if (leg == nullptr) continue;  // ended while the event waited
        const auto commands = leg->machine.handle(event);
        for (const auto& command : commands) {
            // A throwing listener must not leave SIP half done (a re-INVITE
            // unanswered) nor stop the queue.
            try {
                execute(*leg, command);
            } catch (const std::exception& e) {
                spdlog::error("sip: leg {}: {} threw: {}", leg_id, commandName(command), e.what());
            }
        }
        if (leg->machine.state() == LegState::Disconnected) forget(leg_id);
    }
    draining = false;
}

void SipUserAgent::Impl::execute(Leg& leg, const LegCommand& command) {
    const LegHandle handle = leg.handle;
    std::visit(
        Overloaded{
            [&](const command::SendInvite& invite) {
                nua->invite(leg.nua_handle, invite.target_uri, leg.sdp.buildOffer(),
                            leg.asserted_identity);
            },
            [&](const command::SendCancel&) { nua->cancel(leg.nua_handle); },
            [&](const command::SendBye&) { nua->bye(leg.nua_handle); },
            [&](const command::StartRingTimer& start) { startRingTimer(leg, start.duration); },
            [&](const command::StopRingTimer&) { stopRingTimer(leg); },
            [&](const command::OpenMedia& open) {
                if (!leg.answered) {
                    leg.answered = true;
                    ++counters.dials_answered;
                }
                spdlog::info("sip: leg {}: media {}:{} {} pt {} {}", handle.id,
                             open.media.remote_address, open.media.remote_port,
                             toString(open.media.codec), open.media.payload_type,
                             toString(open.media.direction));
                if (leg.listener) leg.listener->onOpenMedia(handle, open.media);
            },
            [&](const command::UpdateMedia& update) {
                spdlog::info("sip: leg {}: media now {}:{} {} {}", handle.id,
                             update.media.remote_address, update.media.remote_port,
                             toString(update.media.codec), toString(update.media.direction));
                if (leg.listener) leg.listener->onUpdateMedia(handle, update.media);
            },
            [&](const command::CloseMedia&) {
                if (leg.listener) leg.listener->onCloseMedia(handle);
            },
            [&](const command::AcceptReInvite&) {
                if (!leg.pending_offer) {
                    // The machine only accepts what onReInvite() checked and kept.
                    spdlog::error("sip: leg {}: AcceptReInvite without a checked offer", handle.id);
                    nua->respond(leg.nua_handle, 500, "Server Internal Error");
                    return;
                }
                nua->respondWithSdp(leg.nua_handle, 200, "OK",
                                    leg.sdp.buildAnswer(*leg.pending_offer));
                leg.pending_offer.reset();
            },
            [&](const command::RejectReInvite& reject) {
                nua->respond(leg.nua_handle, reject.status, reject.phrase);
                leg.pending_offer.reset();
            },
            [&](const command::EmitStateChange& change) {
                if (change.ending.reason == DisconnectReason::None) {
                    spdlog::info("sip: leg {}: {} -> {}", handle.id, toString(change.from),
                                 toString(change.to));
                } else {
                    spdlog::info("sip: leg {}: {} -> {} ({}, status {}, '{}')", handle.id,
                                 toString(change.from), toString(change.to),
                                 toString(change.ending.reason), change.ending.sip_status,
                                 change.ending.detail);
                }
                if (change.to == LegState::Disconnected) {
                    ++counters.legs_ended[static_cast<std::size_t>(change.ending.reason)];
                }
                if (leg.listener) leg.listener->onLegStateChanged(handle, change);
            },
            [&](const command::ReportIgnoredEvent& report) {
                ++counters.ignored_events;
                spdlog::warn("sip: leg {}: ignored {} in {}: {}", handle.id, report.event,
                             toString(report.state), report.why);
                if (leg.listener) leg.listener->onIgnoredEvent(handle, report);
            },
        },
        command);
}

void SipUserAgent::Impl::startRingTimer(Leg& leg, std::chrono::milliseconds duration) {
    if (!leg.ring_timer) {
        auto ring = std::make_unique<Leg::RingTimer>();
        ring->impl = this;
        ring->leg_id = leg.handle.id;
        ring->timer = su_timer_create(su_root_task(root), 0);
        if (ring->timer == nullptr) {
            // Without a timer the leg can still end by hangup() or the peer.
            spdlog::error("sip: leg {}: su_timer_create failed; no ring timeout", leg.handle.id);
            return;
        }
        leg.ring_timer = std::move(ring);
    }
    su_timer_set_interval(leg.ring_timer->timer, &onRingTimer,
                          static_cast<su_timer_arg_t*>(static_cast<void*>(leg.ring_timer.get())),
                          static_cast<su_duration_t>(duration.count()));
}

void SipUserAgent::Impl::stopRingTimer(Leg& leg) {
    if (leg.ring_timer) su_timer_reset(leg.ring_timer->timer);
}

void SipUserAgent::Impl::forget(std::uint64_t leg_id) {
    auto it = legs.find(leg_id);
    if (it == legs.end()) return;
    Leg& leg = *it->second;
    if (leg.ring_timer) su_timer_destroy(leg.ring_timer->timer);
    if (leg.nua_handle) nua->destroyHandle(leg.nua_handle);
    legs.erase(it);
}

}  // namespace confab::sip
