// SipUserAgent: setup, the public API, and the translation of nua events into
// LegEvents (the machines themselves run in leg_driver.cpp).
#include "confab/sip/sip_user_agent.h"

#include <bit>
#include <cerrno>
#include <cstring>
#include <exception>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include "confab/shared/bridge_config.h"
#include "confab/sip/e164_number.h"
#include "confab/sip/log_text.h"
#include "confab/sip/sip_identity.h"
#include "sip_user_agent_impl.h"

namespace confab::sip {

namespace {

constexpr const char* kDialInRefusedPhrase = "Dial-in not enabled";
constexpr int kDialInRefusedStatus = 403;

// Warn on the 1st, 2nd, 4th, 8th... occurrence: a flood stays visible in the
// log without writing one line per packet.
bool worthWarning(std::uint64_t count) {
    return std::has_single_bit(count);
}

Result<std::unique_ptr<SipUserAgent>> refuseSetup(std::string reason) {
    return Result<std::unique_ptr<SipUserAgent>>::failure(std::move(reason));
}

}  // namespace

SipUserAgent::SipUserAgent(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SipUserAgent::~SipUserAgent() = default;

SipUserAgent::Impl::~Impl() {
    closing = true;
    for (auto& [id, leg] : legs) {
        if (leg->ring_timer) su_timer_destroy(leg->ring_timer->timer);
        leg->ring_timer.reset();
    }
    // nua_shutdown() BYEs/CANCELs the calls still up and frees every handle.
    if (nua) nua->shutdown(options.shutdown_timeout);
    nua.reset();
    legs.clear();
}

Result<std::unique_ptr<SipUserAgent>> SipUserAgent::create(su_root_s* root,
                                                           const confab::SipSettings& settings,
                                                           Options options) {
    if (settings.listen.port == 0) return refuseSetup("sip.listen: port must not be 0");
    if (!settings.caller_id.empty()) {
        if (auto caller = E164Number::parse(settings.caller_id); !caller) {
            return refuseSetup(fmt::format("sip.caller_id: {}", caller.error()));
        }
    }
    std::vector<RouteSpec> specs;
    for (const auto& route : settings.routes) {
        specs.push_back(RouteSpec{route.prefix, route.uri, route.username, route.password_file,
                                  route.caller_id});
    }
    auto table = SipRouteTable::create(specs);
    if (!table) return refuseSetup(table.error());
    auto filter = TrustedPeerFilter::create(settings.trusted_peers);
    if (!filter) return refuseSetup(filter.error());

    auto impl =
        std::make_unique<Impl>(root, options, std::move(table).value(), std::move(filter).value());
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (!specs[i].password_file) {
            if (!specs[i].username.empty()) {
                spdlog::warn(
                    "sip.route[{}]: username without password_file; challenges to "
                    "this route will fail",
                    i);
            }
            impl->credentials.emplace_back();
            continue;
        }
        auto credentials = DigestCredentials::load(i, specs[i].username, *specs[i].password_file);
        if (!credentials) return refuseSetup(credentials.error());
        impl->credentials.emplace_back(std::move(credentials).value());
    }
    impl->default_caller_id = settings.caller_id;
    impl->identity_host = identityHost(settings.listen.host);
    impl->bound_uri = listenUri(settings.listen.host, settings.listen.port);

    Impl* raw = impl.get();
    auto stack = NuaStack::create(
        root,
        NuaStackConfig{impl->bound_uri, "Confab/0.1", options.max_message_size, options.udp_mtu},
        [raw](const NuaEvent& event) { raw->onNuaEvent(event); });
    if (!stack) return refuseSetup(stack.error());
    impl->nua = std::move(stack).value();

    // nua's socket, found by its address: for the kernel's drop counter and,
    // with trusted_peers, for the filter.
    const auto fd =
        TrustedPeerFilter::findBoundUdpSocket(settings.listen.host, settings.listen.port);
    impl->sip_socket_fd = fd;
    if (fd) {
        // A burst of call set-ups (or a flood) arrives while the control
        // thread is busy or descheduled; the default ~200 KiB buffer then
        // overflows and the kernel drops answers we are waiting for. The
        // kernel caps this at net.core.rmem_max.
        const int wanted = 2 * 1024 * 1024;
        if (::setsockopt(*fd, SOL_SOCKET, SO_RCVBUF, &wanted, sizeof wanted) != 0) {
            spdlog::warn("sip: SO_RCVBUF {} refused: {}", wanted, std::strerror(errno));
        }
    }
    if (impl->trusted.enabled()) {
        const auto attached = fd ? impl->trusted.attachTo(*fd)
                                 : Result<bool>::failure("nua's UDP socket was not found");
        if (attached) {
            impl->kernel_filter = true;
            spdlog::info("sip: trusted_peers enforced by a socket filter ({} peers)",
                         settings.trusted_peers.size());
        } else {
            spdlog::warn("sip: trusted_peers: {}; refusing untrusted INVITEs with 403 instead",
                         attached.error());
        }
    }
    spdlog::info("sip: listening on {}, {} routes", impl->bound_uri, specs.size());
    return Result<std::unique_ptr<SipUserAgent>>::success(
        std::unique_ptr<SipUserAgent>(new SipUserAgent(std::move(impl))));
}

Result<LegHandle> SipUserAgent::dial(const DialRequest& request) {
    Impl& impl = *impl_;
    ++impl.counters.dials_requested;
    auto refuse = [&](std::string reason) {
        ++impl.counters.dials_refused;
        spdlog::warn("sip: dial refused: {}", reason);
        return Result<LegHandle>::failure(std::move(reason));
    };
    if (request.listener == nullptr) return refuse("dial: no listener given");
    if (impl.legs.size() >= impl.options.max_legs) {
        return refuse(fmt::format("dial: {} legs are already up", impl.legs.size()));
    }
    auto route = impl.routes.resolve(request.number);
    if (!route) return refuse(route.error());

    std::optional<SdpOfferBuilder> builder;
    try {
        builder.emplace(request.local_rtp_address, request.local_rtp_port,
                        impl.random() >> 1);  // o= session ids fit in 63 bits
    } catch (const std::invalid_argument& e) {
        return refuse(e.what());
    }

    const LegHandle handle{impl.next_leg_id++};
    LegStateMachine::Options machine_options;
    machine_options.ring_timeout = impl.options.ring_timeout;
    auto leg = std::make_unique<Leg>(handle, machine_options, std::move(*builder), route.value(),
                                     request.listener);
    const std::string& caller_id =
        route.value().caller_id.empty() ? impl.default_caller_id : route.value().caller_id;
    leg->asserted_identity = assertedIdentityHeader(caller_id, impl.identity_host);
    leg->nua_handle = impl.nua->createCallHandle(
        handle.id, fromHeader(request.display_name, caller_id, impl.identity_host),
        toHeader(route.value().target_uri));
    if (leg->nua_handle == nullptr) return refuse("dial: nua_handle() failed");

    spdlog::info("sip: leg {}: dialling {} via route {} ({})", handle.id, route.value().number,
                 route.value().route_index, route.value().target_uri);
    const std::string target = route.value().target_uri;
    impl.legs.emplace(handle.id, std::move(leg));
    impl.feed(handle.id, event::Dial{target});
    return Result<LegHandle>::success(handle);
}

bool SipUserAgent::hangup(LegHandle leg) {
    if (impl_->find(leg.id) == nullptr) return false;
    impl_->feed(leg.id, event::LocalHangup{});
    return true;
}

bool SipUserAgent::mediaTimedOut(LegHandle leg) {
    if (impl_->find(leg.id) == nullptr) return false;
    impl_->feed(leg.id, event::MediaTimeout{});
    return true;
}

void SipUserAgent::detachListener(LegHandle leg) {
    if (Leg* found = impl_->find(leg.id)) found->listener = nullptr;
}

std::optional<LegState> SipUserAgent::legState(LegHandle leg) const {
    if (Leg* found = impl_->find(leg.id)) return found->machine.state();
    return std::nullopt;
}

std::size_t SipUserAgent::legCount() const {
    return impl_->legs.size();
}

SipUserAgent::Counters SipUserAgent::counters() const {
    Counters copy = impl_->counters;
    if (impl_->sip_socket_fd) {
        copy.kernel_dropped_datagrams =
            TrustedPeerFilter::kernelDrops(*impl_->sip_socket_fd).value_or(0);
    }
    return copy;
}

const std::string& SipUserAgent::boundUri() const {
    return impl_->bound_uri;
}

bool SipUserAgent::kernelFilterActive() const {
    return impl_->kernel_filter;
}

// --- nua events -------------------------------------------------------------

void SipUserAgent::Impl::onNuaEvent(const NuaEvent& event) {
    if (closing) return;
    Leg* leg = event.leg_id != 0 ? find(event.leg_id) : nullptr;
    switch (event.event) {
        case nua_i_invite:
            if (event.leg_id == 0) {
                onIncomingInvite(event);
            } else if (leg != nullptr) {
                onReInvite(*leg, event);
            } else {
                ++counters.unexpected_events;
                nua->respond(event.handle, 481, "Call/Transaction Does Not Exist");
            }
            return;
        case nua_r_invite:
            if (leg != nullptr) {
                onInviteResponse(*leg, event);
                return;
            }
            break;
        case nua_i_bye:
            if (leg != nullptr) {
                feed(leg->handle.id, event::RemoteBye{});
                return;
            }
            break;
        case nua_r_bye:
            if (leg != nullptr) {
                if (event.status >= 200) feed(leg->handle.id, event::ByeCompleted{event.status});
                return;
            }
            break;
        case nua_i_error:
            if (leg != nullptr) {
                feed(leg->handle.id, event::TransportError{std::string(event.phrase)});
                return;
            }
            spdlog::warn("sip: nua error {} {}", event.status, quoteUntrusted(event.phrase));
            return;
        // Progress reports we need nothing from: the responses above carry
        // the same information, in the order the machine wants it.
        case nua_i_state:
        case nua_i_active:
        case nua_i_terminated:
        case nua_i_ack:
        case nua_i_cancel:
        case nua_r_cancel:
        case nua_r_set_params:
        case nua_r_authenticate:
        case nua_i_outbound:
            return;
        default:
            if (nua_event_is_incoming_request(event.event) && event.leg_id == 0 &&
                event.status < 200 && !nua->isDefaultHandle(event.handle)) {
                // A request nua left to us that we do not serve.
                nua->respond(event.handle, 501, "Not Implemented");
                nua->destroyHandle(event.handle);
            }
            break;
    }
    if (event.leg_id != 0) {
        // Events for legs already forgotten: the tail of a finished call.
        ++counters.unexpected_events;
        spdlog::debug("sip: {} {} for ended leg {}", nua_event_name(event.event), event.status,
                      event.leg_id);
    }
}

void SipUserAgent::Impl::onInviteResponse(Leg& leg, const NuaEvent& event) {
    const std::uint64_t id = leg.handle.id;
    const int status = event.status;
    if (status < 200) {
        feed(id, event::Provisional{status});
        return;
    }
    if (status < 300) {
        const auto body = NuaStack::sdpBody(event.sip);
        if (!body) {
            ++counters.bad_sdp_answers;
            feed(id, event::AnsweredWithBadSdp{"SDP answer: the 2xx carries no application/sdp "
                                               "body"});
            return;
        }
        auto media = negotiator.checkAnswer(*body);
        if (!media) {
            ++counters.bad_sdp_answers;
            spdlog::warn("sip: leg {}: {}", id, media.error());
            feed(id, event::AnsweredWithBadSdp{media.error()});
            return;
        }
        feed(id, event::Answered{std::move(media).value()});
        return;
    }
    if ((status == 401 || status == 407) && !leg.auth_tried) {
        leg.auth_tried = true;
        const auto& route_credentials = credentials.at(leg.route.route_index);
        const auto challenge = NuaStack::digestChallenge(event.sip);
        if (route_credentials && challenge) {
            ++counters.auth_attempts;
            spdlog::info("sip: leg {}: {} challenge, authenticating as '{}'", id, status,
                         route_credentials->username);
            nua->authenticate(leg.nua_handle, route_credentials->nuaAuthString(
                                                  challenge->scheme, challenge->quoted_realm));
            return;
        }
        spdlog::warn("sip: leg {}: {} challenge but {}", id, status,
                     route_credentials ? "no Digest realm in it" : "the route has no credentials");
    }
    // nua's own 503 after a transport failure comes without a peer's message.
    if (status == 503 && event.sip == nullptr) {
        feed(id, event::TransportError{std::string(event.phrase)});
        return;
    }
    feed(id, event::Failure{status, std::string(event.phrase)});
}

void SipUserAgent::Impl::onIncomingInvite(const NuaEvent& event) {
    if (trusted.enabled() && !trusted.allows(nua->currentRequestSource())) {
        const auto count = ++counters.untrusted_refused;
        if (worthWarning(count)) {
            spdlog::warn("sip: INVITE from an untrusted address refused (403), {} so far", count);
        }
        nua->respond(event.handle, 403, "Forbidden");
    } else {
        const auto count = ++counters.incoming_refused;
        if (worthWarning(count)) {
            spdlog::warn("sip: dial-in INVITE refused ({} {}), {} so far", kDialInRefusedStatus,
                         kDialInRefusedPhrase, count);
        }
        nua->respond(event.handle, kDialInRefusedStatus, kDialInRefusedPhrase);
    }
    nua->destroyHandle(event.handle);
}

void SipUserAgent::Impl::onReInvite(Leg& leg, const NuaEvent& event) {
    const std::uint64_t id = leg.handle.id;
    if (trusted.enabled() && !trusted.allows(nua->currentRequestSource())) {
        ++counters.untrusted_refused;
        spdlog::warn("sip: leg {}: re-INVITE from an untrusted address refused (403)", id);
        nua->respond(leg.nua_handle, 403, "Forbidden");
        return;
    }
    const auto body = NuaStack::sdpBody(event.sip);
    if (!body) {
        // An offerless re-INVITE would have us offer in the 200 and take the
        // answer from the ACK; we do not support that yet.
        ++counters.bad_sdp_offers;
        spdlog::warn("sip: leg {}: re-INVITE without an SDP offer refused", id);
        feed(id, event::BadReInvite{"SDP offer: the re-INVITE carries no application/sdp body"});
        return;
    }
    auto offer = negotiator.checkOffer(*body);
    if (!offer) {
        ++counters.bad_sdp_offers;
        spdlog::warn("sip: leg {}: {}", id, offer.error());
        feed(id, event::BadReInvite{offer.error()});
        return;
    }
    leg.pending_offer = offer.value();
    feed(id, event::ReInvite{offer.value().media});
}

}  // namespace confab::sip
