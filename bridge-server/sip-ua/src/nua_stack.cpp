#include "nua_stack.h"

#include <cstdint>
#include <exception>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <sofia-sip/msg_addr.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/su_string.h>
#include <sofia-sip/su_wait.h>

namespace confab::sip {

namespace {

constexpr const char* kAllow = "INVITE, ACK, BYE, CANCEL, OPTIONS";
constexpr const char* kSdpType = "application/sdp";
constexpr const char* kContactUser = "confab";

nua_hmagic_t* magicForLeg(std::uint64_t leg_id) {
    return reinterpret_cast<nua_hmagic_t*>(static_cast<std::uintptr_t>(leg_id));
}

std::uint64_t legForMagic(nua_hmagic_t* magic) {
    return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(magic));
}

}  // namespace

// Sofia's tag macros (NUTAG_*, SIPTAG_*, NTATAG_*, TAG_END) expand to C-style
// casts to tag_type_t/tag_value_t in our code; every nua call below uses them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wcast-align"

Result<std::unique_ptr<NuaStack>> NuaStack::create(su_root_t* root, const NuaStackConfig& config,
                                                   EventHandler handler) {
    using R = Result<std::unique_ptr<NuaStack>>;
    std::unique_ptr<NuaStack> stack(new NuaStack(root, std::move(handler)));
    // Every parameter goes to nua_create(), which applies them before it
    // binds: nua_set_params() is asynchronous, and requests arriving before
    // it took effect would be answered with Sofia's defaults.
    stack->nua_ = nua_create(
        root, &NuaStack::onEvent, stack.get(), NUTAG_URL(config.bind_uri.c_str()),
        // We build and check every SDP ourselves (SdpOfferBuilder, SdpNegotiator).
        NUTAG_MEDIA_ENABLE(0),
        // Size limits for what we accept and what we send over UDP.
        NTATAG_MAXSIZE(config.max_message_size), NTATAG_UDP_MTU(config.udp_mtu),
        // No STUN, no NAT/network-change detection: we bind one known address.
        NUTAG_DETECT_NETWORK_UPDATES(NUA_NW_DETECT_NOTHING),
        NUTAG_OUTBOUND("no-natify no-options-keepalive no-validate"),
        // SIPTAG_USER_AGENT_STR, not NUTAG_USER_AGENT: the latter appends
        // "sofia-sip/<version>", which tells scanners more than they need.
        SIPTAG_USER_AGENT_STR(config.user_agent.c_str()), SIPTAG_ALLOW_STR(kAllow),
        // No session timers: we do not ask for them, and by not listing
        // "timer" the peer cannot make us the refresher. No 100rel either.
        NUTAG_SESSION_TIMER(0), SIPTAG_SUPPORTED_STR(""),
        // nua ACKs 2xx itself; answering and alerting stay ours.
        NUTAG_AUTOACK(1), NUTAG_AUTOANSWER(0), NUTAG_AUTOALERT(0), NUTAG_ENABLEINVITE(1),
        NUTAG_EARLY_MEDIA(0), NUTAG_ENABLEMESSAGE(0), NUTAG_M_USERNAME(kContactUser), TAG_END());
    if (stack->nua_ == nullptr) {
        return R::failure(fmt::format("sip.listen: cannot bind {} (address in use or not local?)",
                                      config.bind_uri));
    }
    return R::success(std::move(stack));
}

void NuaStack::shutdown(std::chrono::milliseconds timeout) {
    if (nua_ == nullptr || shutdown_complete_) return;
    if (!shutdown_requested_) {
        shutdown_requested_ = true;
        nua_shutdown(nua_);
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!shutdown_complete_ && std::chrono::steady_clock::now() < deadline) {
        su_root_step(root_, 20);
    }
}

NuaStack::~NuaStack() {
    if (nua_ == nullptr) return;
    if (!shutdown_complete_) shutdown(std::chrono::seconds(3));
    if (shutdown_complete_) {
        nua_destroy(nua_);
    } else {
        // nua_destroy() before nua_shutdown() finished would assert inside
        // Sofia; leaking the agent at exit is the lesser harm.
        spdlog::error("sip: nua did not shut down in time; leaving it");
    }
}

nua_handle_t* NuaStack::createCallHandle(std::uint64_t leg_id, const std::string& from,
                                         const std::string& to) {
    return nua_handle(nua_, magicForLeg(leg_id), SIPTAG_FROM_STR(from.c_str()),
                      SIPTAG_TO_STR(to.c_str()), TAG_END());
}

void NuaStack::invite(nua_handle_t* handle, const std::string& request_uri, const std::string& sdp,
                      const std::string& asserted_identity) {
    const std::string pai =
        asserted_identity.empty() ? std::string() : "P-Asserted-Identity: " + asserted_identity;
    nua_invite(handle, NUTAG_URL(request_uri.c_str()), SIPTAG_CONTENT_TYPE_STR(kSdpType),
               SIPTAG_PAYLOAD_STR(sdp.c_str()),
               TAG_IF(!pai.empty(), SIPTAG_HEADER_STR(pai.c_str())), TAG_END());
}

void NuaStack::cancel(nua_handle_t* handle) {
    nua_cancel(handle, TAG_END());
}

void NuaStack::bye(nua_handle_t* handle) {
    nua_bye(handle, TAG_END());
}

void NuaStack::respond(nua_handle_t* handle, int status, const std::string& phrase) {
    nua_respond(handle, status, intern(phrase), TAG_END());
}

void NuaStack::respondWithSdp(nua_handle_t* handle, int status, const std::string& phrase,
                              const std::string& sdp) {
    nua_respond(handle, status, intern(phrase), SIPTAG_CONTENT_TYPE_STR(kSdpType),
                SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
}

void NuaStack::authenticate(nua_handle_t* handle, const std::string& nua_auth) {
    nua_authenticate(handle, NUTAG_AUTH(nua_auth.c_str()), TAG_END());
}

#pragma GCC diagnostic pop

const char* NuaStack::intern(const std::string& phrase) {
    return phrases_.insert(phrase).first->c_str();
}

void NuaStack::destroyHandle(nua_handle_t* handle) {
    nua_handle_destroy(handle);
}

bool NuaStack::isDefaultHandle(const nua_handle_t* handle) const {
    return handle == nua_default(nua_);
}

const sockaddr* NuaStack::currentRequestSource() const {
    msg_t* request = nua_current_request(nua_);
    if (request == nullptr) return nullptr;
    su_addrinfo_t* info = msg_addrinfo(request);
    if (info == nullptr || info->ai_addr == nullptr) return nullptr;
    return info->ai_addr;
}

std::optional<std::string_view> NuaStack::sdpBody(const sip_t* sip) {
    if (sip == nullptr || sip->sip_payload == nullptr || sip->sip_content_type == nullptr) {
        return std::nullopt;
    }
    const char* type = sip->sip_content_type->c_type;
    if (type == nullptr || !su_casematch(type, kSdpType)) return std::nullopt;
    return std::string_view(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}

std::optional<DigestChallenge> NuaStack::digestChallenge(const sip_t* sip) {
    if (sip == nullptr) return std::nullopt;
    for (const msg_auth_t* challenge : {sip->sip_www_authenticate, sip->sip_proxy_authenticate}) {
        for (; challenge != nullptr; challenge = challenge->au_next) {
            if (challenge->au_scheme == nullptr || !su_casematch(challenge->au_scheme, "Digest")) {
                continue;
            }
            const char* realm = msg_params_find(challenge->au_params, "realm=");
            if (realm == nullptr) continue;
            return DigestChallenge{challenge->au_scheme, realm};
        }
    }
    return std::nullopt;
}

void NuaStack::onEvent(nua_event_t event, int status, char const* phrase, nua_t*,
                       nua_magic_t* magic, nua_handle_t* nh, nua_hmagic_t* hmagic, sip_t const* sip,
                       tagi_t[]) {
    auto* self = static_cast<NuaStack*>(magic);
    if (event == nua_r_shutdown) {
        if (status >= 200) self->shutdown_complete_ = true;
        return;
    }
    NuaEvent view;
    view.event = event;
    view.status = status;
    view.phrase = phrase != nullptr ? std::string_view(phrase) : std::string_view();
    view.handle = nh;
    view.leg_id = legForMagic(hmagic);
    view.sip = sip;
    // This is a C callback: nothing may propagate out of it.
    try {
        self->handler_(view);
    } catch (const std::exception& e) {
        spdlog::error("sip: handling {} threw: {}", nua_event_name(event), e.what());
    }
}

}  // namespace confab::sip
