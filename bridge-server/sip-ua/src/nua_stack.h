// NuaStack: the one place that talks to Sofia-SIP's nua API. It creates and
// shuts down the nua agent with our policy tags and turns our few operations
// (INVITE, CANCEL, BYE, responses, authentication) into nua calls. Sofia's
// tag macros expand to C casts, so they are confined to nua_stack.cpp.
//
// Thread contract: control thread only (the thread running the su_root given
// to create()). The event handler runs there, from nua's callback.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <sofia-sip/nua.h>
#include <sofia-sip/sip.h>

#include "confab/sip/result.h"

struct sockaddr;

namespace confab::sip {

struct NuaStackConfig {
    std::string bind_uri;  // "sip:127.0.0.1:5060;transport=udp"
    std::string user_agent;
    std::size_t max_message_size = 0;
    unsigned udp_mtu = 0;
};

// One nua callback, as our code sees it. Valid only during the handler call.
struct NuaEvent {
    nua_event_t event = nua_i_none;
    int status = 0;
    std::string_view phrase;
    nua_handle_t* handle = nullptr;
    std::uint64_t leg_id = 0;  // from the handle's magic; 0 for handles nua created
    const sip_t* sip = nullptr;
};

// A 401/407 challenge: the scheme and the realm exactly as the peer quoted it.
struct DigestChallenge {
    std::string scheme;
    std::string quoted_realm;
};

class NuaStack {
  public:
    using EventHandler = std::function<void(const NuaEvent&)>;

    static Result<std::unique_ptr<NuaStack>> create(su_root_t* root, const NuaStackConfig& config,
                                                    EventHandler handler);
    // Shuts nua down, pumping `root` up to `timeout` (see SipUserAgent).
    void shutdown(std::chrono::milliseconds timeout);
    ~NuaStack();
    NuaStack(const NuaStack&) = delete;
    NuaStack& operator=(const NuaStack&) = delete;

    // A handle for one outgoing call; its events carry `leg_id`.
    nua_handle_t* createCallHandle(std::uint64_t leg_id, const std::string& from,
                                   const std::string& to);
    // `asserted_identity` empty = no P-Asserted-Identity header.
    void invite(nua_handle_t* handle, const std::string& request_uri, const std::string& sdp,
                const std::string& asserted_identity);
    void cancel(nua_handle_t* handle);
    void bye(nua_handle_t* handle);
    // Responds to the pending INVITE (initial or re-INVITE) on `handle`.
    void respond(nua_handle_t* handle, int status, const std::string& phrase);
    void respondWithSdp(nua_handle_t* handle, int status, const std::string& phrase,
                        const std::string& sdp);
    void authenticate(nua_handle_t* handle, const std::string& nua_auth);
    void destroyHandle(nua_handle_t* handle);
    bool isDefaultHandle(const nua_handle_t* handle) const;

    // The source address of the request being reported right now, or null
    // (call only from inside the event handler).
    const sockaddr* currentRequestSource() const;

    // The SDP body of a message: present only with Content-Type application/sdp.
    static std::optional<std::string_view> sdpBody(const sip_t* sip);
    // The first Digest challenge of a 401 (WWW-) or 407 (Proxy-Authenticate).
    static std::optional<DigestChallenge> digestChallenge(const sip_t* sip);

  private:
    NuaStack(su_root_t* root, EventHandler handler) : root_(root), handler_(std::move(handler)) {}
    static void onEvent(nua_event_t event, int status, char const* phrase, nua_t* nua,
                        nua_magic_t* magic, nua_handle_t* nh, nua_hmagic_t* hmagic,
                        sip_t const* sip, tagi_t tags[]);

    // nua_respond() keeps the phrase pointer (only tags are copied) until its
    // stack thread sends the response, so phrases live here, interned. They
    // all come from our own code, so the set stays small.
    const char* intern(const std::string& phrase);

    su_root_t* root_;
    nua_t* nua_ = nullptr;
    std::set<std::string> phrases_;
    EventHandler handler_;
    bool shutdown_requested_ = false;
    bool shutdown_complete_ = false;
};

}  // namespace confab::sip
