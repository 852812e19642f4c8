// SipUserAgent::Impl: the agent's state, shared by sip_user_agent.cpp (setup,
// public API, nua event translation) and leg_driver.cpp (feeding events to the
// legs' state machines and carrying out their commands).
//
// Thread contract: control thread only, like SipUserAgent.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <sofia-sip/su_wait.h>

#include "confab/sip/digest_credentials.h"
#include "confab/sip/leg_listener.h"
#include "confab/sip/leg_state_machine.h"
#include "confab/sip/sdp_negotiator.h"
#include "confab/sip/sdp_offer_builder.h"
#include "confab/sip/sip_route_table.h"
#include "confab/sip/sip_user_agent.h"
#include "confab/sip/trusted_peer_filter.h"
#include "nua_stack.h"

namespace confab::sip {

// One outgoing call. Owned by Impl::legs; forgotten once Disconnected.
struct Leg {
    // What a ring timer callback needs to find its leg again; the su_timer is
    // destroyed before this is.
    struct RingTimer {
        SipUserAgent::Impl* impl = nullptr;
        std::uint64_t leg_id = 0;
        su_timer_t* timer = nullptr;
    };

    Leg(LegHandle h, LegStateMachine::Options machine_options, SdpOfferBuilder builder,
        ResolvedRoute resolved, LegListener* l)
        : handle(h),
          machine(machine_options),
          sdp(std::move(builder)),
          route(std::move(resolved)),
          listener(l) {}

    LegHandle handle;
    LegStateMachine machine;
    SdpOfferBuilder sdp;
    ResolvedRoute route;
    LegListener* listener;               // null after detachListener()
    nua_handle_t* nua_handle = nullptr;  // ours; destroyed when the leg is forgotten
    std::string asserted_identity;       // P-Asserted-Identity value, or empty
    bool auth_tried = false;
    bool answered = false;
    std::optional<NegotiatedOffer> pending_offer;  // the re-INVITE being answered
    std::unique_ptr<RingTimer> ring_timer;
};

struct SipUserAgent::Impl {
    Impl(su_root_t* r, SipUserAgent::Options o, SipRouteTable table, TrustedPeerFilter filter)
        : root(r), options(o), routes(std::move(table)), trusted(std::move(filter)) {}
    ~Impl();

    // --- sip_user_agent.cpp: nua events in ---
    void onNuaEvent(const NuaEvent& event);
    void onInviteResponse(Leg& leg, const NuaEvent& event);
    void onIncomingInvite(const NuaEvent& event);
    void onReInvite(Leg& leg, const NuaEvent& event);

    // --- leg_driver.cpp: the legs' machines ---
    // Queues `event` for the leg and, unless already draining, runs the queue:
    // events raised while commands run (a listener calling hangup()) wait
    // their turn instead of nesting.
    void feed(std::uint64_t leg_id, LegEvent event);
    void drain();
    void execute(Leg& leg, const LegCommand& command);
    void startRingTimer(Leg& leg, std::chrono::milliseconds duration);
    void stopRingTimer(Leg& leg);
    void forget(std::uint64_t leg_id);
    Leg* find(std::uint64_t leg_id);

    su_root_t* root;
    SipUserAgent::Options options;
    SipRouteTable routes;
    TrustedPeerFilter trusted;
    std::vector<std::optional<DigestCredentials>> credentials;  // by route index
    std::string default_caller_id;
    std::string identity_host;
    std::string bound_uri;
    std::optional<int> sip_socket_fd;  // nua's UDP socket (owned by nua), if found
    bool kernel_filter = false;        // trusted_peers filter attached to it
    SdpNegotiator negotiator;
    std::unique_ptr<NuaStack> nua;

    std::unordered_map<std::uint64_t, std::unique_ptr<Leg>> legs;
    std::uint64_t next_leg_id = 1;
    std::deque<std::pair<std::uint64_t, LegEvent>> queue;
    bool draining = false;
    bool closing = false;  // in the destructor: nua's last events are dropped
    std::mt19937_64 random{std::random_device{}()};
    SipUserAgent::Counters counters;
};

}  // namespace confab::sip
