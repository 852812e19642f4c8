#include "confab/pstnsim/sip_endpoint.h"

#include <random>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/su_tag.h>
#include <sofia-sip/su_wait.h>
#include <sofia-sip/url.h>

#include "confab/pstnsim/malformed_sdp.h"

namespace confab::pstnsim {

namespace {

// ---------------------------------------------------------------------------
// Every nua call that takes tags is in this block: Sofia's tag macros
// (NUTAG_*, SIPTAG_*, TAG_END) expand to C-style casts in our code, so the
// warning is silenced here and nowhere else.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"

nua_t* createAgent(su_root_t* root, const std::string& url, nua_callback_f callback, void* magic) {
    return nua_create(root, callback, magic, NUTAG_URL(url.c_str()), NUTAG_MEDIA_ENABLE(0),
                      NUTAG_AUTOANSWER(0), NUTAG_AUTOALERT(0), NUTAG_AUTOACK(1), NUTAG_SESSION_TIMER(0),
                      SIPTAG_USER_AGENT_STR("confab-pstn-sim"), TAG_END());
}

// nua_respond() hands `phrase` to Sofia's stack thread without copying it:
// it must outlive the call (a literal, or a string owned by the Phonebook).
// Tags, SDP included, are copied.
void respond(nua_handle_t* handle, int status, const char* phrase) {
    nua_respond(handle, status, phrase, TAG_END());
}

void respondWithSdp(nua_handle_t* handle, int status, const char* phrase, const std::string& sdp) {
    nua_respond(handle, status, phrase, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
                SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
}

void reInvite(nua_handle_t* handle, const std::string& sdp) {
    nua_invite(handle, SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
}

void sendBye(nua_handle_t* handle) { nua_bye(handle, TAG_END()); }

int callStateOf(tagi_t const* tags) {
    int state = -1;
    tl_gets(tags, NUTAG_CALLSTATE_REF(state), TAG_END());
    return state;
}

#pragma GCC diagnostic pop
// ---------------------------------------------------------------------------

void onNuaEvent(nua_event_t event, int status, char const* phrase, nua_t*, nua_magic_t* magic,
                nua_handle_t* handle, nua_hmagic_t* hmagic, sip_t const* sip, tagi_t tags[]) {
    const int call_state = event == nua_i_state ? callStateOf(tags) : -1;
    static_cast<SipEndpoint*>(magic)->onEvent(event, status, phrase, handle, static_cast<SimCall*>(hmagic), sip,
                                              call_state);
}

template <CallTimer Which>
void onCallTimer(su_root_magic_t*, su_timer_t*, su_timer_arg_t* arg) {
    auto* call = static_cast<SimCall*>(arg);
    call->endpoint->onTimer(*call, Which);
}

void onShutdownTimer(su_root_magic_t*, su_timer_t*, su_timer_arg_t* arg) {
    static_cast<SipEndpoint*>(arg)->onShutdownDeadline();
}

std::string payloadOf(const sip_t* sip) {
    if (sip == nullptr || sip->sip_payload == nullptr || sip->sip_payload->pl_data == nullptr) return {};
    return std::string(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}

// The Request-URI user part, %-unescaped, without user parameters
// (";phone-context=..."): "+15551230001".
std::string dialledNumber(const sip_t* sip) {
    if (sip == nullptr || sip->sip_request == nullptr || sip->sip_request->rq_url->url_user == nullptr) return {};
    std::string user = sip->sip_request->rq_url->url_user;
    user.resize(url_unescape_to(user.data(), user.c_str(), user.size()));
    return user.substr(0, user.find(';'));
}

std::string fromAddress(const sip_t* sip) {
    if (sip == nullptr || sip->sip_from == nullptr) return {};
    const url_t* url = sip->sip_from->a_url;
    return fmt::format("{}@{}", url->url_user ? url->url_user : "", url->url_host ? url->url_host : "");
}

media::Codec toMediaCodec(sip::AudioCodec codec) {
    return codec == sip::AudioCodec::Pcmu ? media::Codec::Pcmu : media::Codec::Pcma;
}

bool weMaySend(sip::MediaDirection ours) {
    return ours == sip::MediaDirection::SendRecv || ours == sip::MediaDirection::SendOnly;
}

}  // namespace

SipEndpoint::SipEndpoint(SipEndpointConfig config, const Phonebook& book, const ClipLibrary& clips,
                         EventLog& events, MediaEngine& media)
    : config_(std::move(config)), book_(book), clips_(clips), events_(events), media_(media) {}

SipEndpoint::~SipEndpoint() {
    for (auto& [key, call] : calls_) {
        for (auto*& timer : call->timers) {
            if (timer != nullptr) su_timer_destroy(timer);
            timer = nullptr;
        }
        if (call->media_running) media_.removeStream(call->key, "shutdown");
    }
    calls_.clear();
    if (shutdown_timer_ != nullptr) su_timer_destroy(shutdown_timer_);
    if (nua_ != nullptr) nua_destroy(nua_);
}

std::string SipEndpoint::uri() const {
    const bool v6 = config_.listen_ip.find(':') != std::string::npos;
    return v6 ? fmt::format("sip:[{}]:{}", config_.listen_ip, config_.listen_port)
              : fmt::format("sip:{}:{}", config_.listen_ip, config_.listen_port);
}

void SipEndpoint::start(su_root_s* root) {
    root_ = root;
    nua_ = createAgent(root, uri() + ";transport=udp", onNuaEvent, this);
    if (nua_ == nullptr) throw std::runtime_error(fmt::format("cannot listen on {} (UDP)", uri()));
}

void SipEndpoint::onEvent(int event_number, int status, const char* phrase, nua_handle_s* handle, SimCall* call,
                          const sip_s* sip, int call_state) {
    const auto event = static_cast<nua_event_t>(event_number);
    spdlog::debug("nua {} {} {} call {}", nua_event_name(event), status, phrase ? phrase : "",
                  call ? call->key : 0);
    switch (event) {
        case nua_i_invite:
            if (call == nullptr) {
                onIncomingInvite(handle, sip);
            } else {
                onReInvite(*call, sip);
            }
            return;
        case nua_i_cancel:
            if (call != nullptr) onCancelled(*call);
            return;
        case nua_i_bye:
            if (call != nullptr) onBye(*call);
            return;
        case nua_i_ack:
            if (call != nullptr) onAck(*call, sip);
            return;
        case nua_r_invite:
            if (call != nullptr) onReInviteResponse(*call, status, phrase, sip);
            return;
        case nua_i_state:
            if (call != nullptr && call_state == nua_callstate_terminated) onTerminated(*call, status, phrase);
            return;
        case nua_r_shutdown:
            if (status >= 200 && shutdown_done_) {
                auto done = std::move(shutdown_done_);
                shutdown_done_ = nullptr;
                done();
            }
            return;
        case nua_i_error:
            spdlog::warn("nua error {} {}", status, phrase ? phrase : "");
            return;
        default:
            // Requests outside any call (OPTIONS, MESSAGE...): nua has answered;
            // the handle it made for them is ours to free.
            if (call == nullptr && handle != nullptr && nua_event_is_incoming_request(event)) {
                nua_handle_destroy(handle);
            }
            return;
    }
}

void SipEndpoint::onIncomingInvite(nua_handle_s* handle, const sip_s* sip) {
    auto owned = std::make_unique<SimCall>();
    SimCall& call = *owned;
    call.endpoint = this;
    call.key = next_key_++;
    call.handle = handle;
    call.ref.number = dialledNumber(sip);
    call.ref.index = ++calls_per_number_[call.ref.number];
    call.ref.call_id = sip->sip_call_id != nullptr ? sip->sip_call_id->i_id : "";
    call.behaviour = book_.find(call.ref.number);
    calls_.emplace(call.key, std::move(owned));
    nua_handle_bind(handle, &call);

    events_.callEvent(call.ref, "incoming",
                      {{"from", fromAddress(sip)}, {"in_phonebook", call.behaviour != nullptr}});
    if (shutting_down_) return reject(call, 503, "Service Unavailable", "simulator shutting down");
    if (call.behaviour == nullptr) return reject(call, 404, "Not Found", "number not in the phonebook");
    const NumberBehaviour& behaviour = *call.behaviour;
    if (behaviour.action == CallAction::Busy) return reject(call, 486, "Busy Here", "busy");
    if (behaviour.action == CallAction::Reject) {
        return reject(call, behaviour.reject_code, behaviour.reject_phrase.c_str(), "scripted rejection");
    }
    const std::string body = payloadOf(sip);
    if (body.empty()) return reject(call, 488, "Not Acceptable Here", "INVITE without SDP offer is not supported");
    auto offer = negotiator_.checkOffer(body);
    if (!offer) return reject(call, 488, "Not Acceptable Here", offer.error());
    call.offer = std::move(offer).value();

    respond(handle, 180, "Ringing");
    events_.callEvent(call.ref, "ringing");
    if (behaviour.action == CallAction::Answer) startTimer(call, CallTimer::Answer, behaviour.answer_after);
}

void SipEndpoint::reject(SimCall& call, int code, const char* phrase, const std::string& reason) {
    respond(call.handle, code, phrase);
    call.phase = CallPhase::Ending;
    call.end_reported = true;
    call.end_reason = "rejected";
    events_.callEvent(call.ref, "rejected", {{"code", code}, {"phrase", phrase}, {"reason", reason}});
}

void SipEndpoint::answer(SimCall& call) {
    const NumberBehaviour& behaviour = *call.behaviour;
    std::string error;
    auto socket = UdpSocket::bind(config_.listen_ip, 0, error);
    std::optional<UdpSocket> rogue_socket;
    if (socket && behaviour.rogue.from_foreign_port) rogue_socket = UdpSocket::bind(config_.listen_ip, 0, error);
    if (!socket || (behaviour.rogue.from_foreign_port && !rogue_socket)) {
        spdlog::error("call {}: no RTP socket: {}", call.key, error);
        return reject(call, 503, "Service Unavailable", "no RTP socket: " + error);
    }

    std::random_device entropy;
    call.sdp.emplace(config_.listen_ip, socket->port(), (std::uint64_t{entropy()} << 20) ^ entropy());
    const std::string answer_sdp = malformAnswer(call.sdp->buildAnswer(call.offer), behaviour.malformed_sdp);
    respondWithSdp(call.handle, 200, "OK", answer_sdp);
    call.phase = CallPhase::Answered;
    const Clock::time_point answered_at = Clock::now();

    applyRemote(call, call.offer.media);
    const auto& media = call.offer.media;
    nlohmann::json fields = {
        {"codec", std::string(sip::toString(media.codec))},
        {"payload_type", media.payload_type},
        {"telephone_event_pt", media.telephone_event_pt ? nlohmann::json(*media.telephone_event_pt) : nullptr},
        {"local_rtp", toString(*parseNetAddress(config_.listen_ip, socket->port()))},
        {"remote_rtp", toString(call.remote.address)},
        {"direction", std::string(sip::toString(sip::answerDirectionFor(media.direction)))},
        {"sdp", std::string(toString(behaviour.malformed_sdp))},
    };
    if (rogue_socket) fields["rogue_rtp"] = toString(*parseNetAddress(config_.listen_ip, rogue_socket->port()));

    StreamSetup setup;
    setup.key = call.key;
    setup.call = call.ref;
    setup.behaviour = &behaviour;
    setup.clip = clips_.clipFor(behaviour.number);
    setup.socket = std::move(*socket);
    if (rogue_socket) setup.rogue_socket = std::move(*rogue_socket);
    setup.remote = call.remote;
    setup.answered_at = answered_at;
    setup.send_audio = behaviour.malformed_sdp == MalformedSdp::None;
    if (!config_.record_dir.empty() && behaviour.record) {
        const auto file = config_.record_dir / fmt::format("{}_{}.wav", call.ref.number, call.ref.index);
        setup.recorder = WavRecorder::create(file, error);
        if (setup.recorder) {
            fields["recording"] = file.string();
        } else {
            spdlog::error("call {}: cannot record to {}: {}", call.key, file.string(), error);
        }
    }
    events_.callEvent(call.ref, "answered", std::move(fields));
    media_.addStream(std::make_unique<MediaStream>(std::move(setup), events_));
    call.media_running = true;

    if (behaviour.hangup_after) startTimer(call, CallTimer::Hangup, *behaviour.hangup_after);
    if (behaviour.hold) {
        startTimer(call, CallTimer::Hold, behaviour.hold->at);
        if (behaviour.hold->resume) startTimer(call, CallTimer::Resume, *behaviour.hold->resume);
    }
}

void SipEndpoint::applyRemote(SimCall& call, const sip::NegotiatedMedia& media) {
    RemoteMedia remote;
    remote.address = parseNetAddress(media.remote_address, media.remote_port).value_or(media::NetAddress{});
    remote.codec = toMediaCodec(media.codec);
    remote.payload_type = media.payload_type;
    remote.telephone_event_pt = media.telephone_event_pt;
    remote.we_send = sip::weSendTo(media.direction) && weMaySend(call.our_direction);
    remote.we_receive = sip::weReceiveFrom(media.direction);
    call.remote = remote;
    if (call.media_running) media_.updateStream(call.key, remote);
}

void SipEndpoint::onTimer(SimCall& call, CallTimer which) {
    su_timer_destroy(call.timers[static_cast<std::size_t>(which)]);
    call.timers[static_cast<std::size_t>(which)] = nullptr;
    if (which == CallTimer::Answer) {
        if (call.phase == CallPhase::Ringing) answer(call);
        return;
    }
    if (call.phase != CallPhase::Answered) return;
    switch (which) {
        case CallTimer::Hangup:
            hangUp(call, "hangup_after_ms");
            break;
        case CallTimer::Hold:
            sendHoldOffer(call, call.behaviour->hold->direction == "inactive" ? sip::MediaDirection::Inactive
                                                                             : sip::MediaDirection::SendOnly);
            break;
        case CallTimer::Resume:
            sendHoldOffer(call, sip::MediaDirection::SendRecv);
            break;
        case CallTimer::Answer:
            break;
    }
}

void SipEndpoint::hangUp(SimCall& call, const char* reason) {
    sendBye(call.handle);
    call.phase = CallPhase::Ending;
    call.end_reported = true;
    call.end_reason = "bye_sent";
    events_.callEvent(call.ref, "hangup", {{"by", "simulator"}, {"reason", reason}});
}

void SipEndpoint::sendHoldOffer(SimCall& call, sip::MediaDirection direction) {
    call.our_direction = direction;
    reInvite(call.handle, call.sdp->buildOffer(direction));
    // Stop sending at once when going inactive; the answer may refine it.
    applyRemote(call, call.offer.media);
    if (direction == sip::MediaDirection::SendRecv) {
        events_.callEvent(call.ref, "resume", {{"direction", "sendrecv"}});
    } else {
        events_.callEvent(call.ref, "hold", {{"direction", std::string(sip::toString(direction))}});
    }
}

void SipEndpoint::onReInvite(SimCall& call, const sip_s* sip) {
    if (call.phase != CallPhase::Answered || !call.sdp) {
        respond(call.handle, 491, "Request Pending");
        return;
    }
    const std::string body = payloadOf(sip);
    if (body.empty()) {
        // An offer-less re-INVITE: we offer in the 200, the answer comes in the ACK.
        respondWithSdp(call.handle, 200, "OK", call.sdp->buildOffer(call.our_direction));
        call.awaiting_answer_in_ack = true;
        events_.callEvent(call.ref, "reinvite", {{"offer", "ours"}});
        return;
    }
    auto offer = negotiator_.checkOffer(body);
    if (!offer) {
        respond(call.handle, 488, "Not Acceptable Here");
        events_.callEvent(call.ref, "reinvite", {{"accepted", false}, {"reason", offer.error()}});
        return;
    }
    call.offer = std::move(offer).value();
    respondWithSdp(call.handle, 200, "OK", call.sdp->buildAnswer(call.offer));
    applyRemote(call, call.offer.media);
    const auto direction = call.offer.media.direction;
    events_.callEvent(call.ref, "reinvite",
                      {{"accepted", true},
                       {"direction", std::string(sip::toString(direction))},
                       {"held_by_caller", sip::isHoldDirection(direction)}});
}

void SipEndpoint::onAck(SimCall& call, const sip_s* sip) {
    if (!call.awaiting_answer_in_ack) return;
    call.awaiting_answer_in_ack = false;
    const auto answer = negotiator_.checkAnswer(payloadOf(sip));
    if (!answer) {
        spdlog::warn("call {}: SDP answer in ACK refused: {}", call.key, answer.error());
        return;
    }
    call.offer.media = answer.value();
    applyRemote(call, call.offer.media);
}

void SipEndpoint::onReInviteResponse(SimCall& call, int status, const char* phrase, const sip_s* sip) {
    if (status < 200) return;
    if (status >= 300) {
        events_.callEvent(call.ref, "reinvite_failed", {{"code", status}, {"phrase", phrase ? phrase : ""}});
        return;
    }
    const auto answer = negotiator_.checkAnswer(payloadOf(sip));
    if (!answer) {
        events_.callEvent(call.ref, "reinvite_failed", {{"code", status}, {"reason", answer.error()}});
        return;
    }
    call.offer.media = answer.value();
    applyRemote(call, call.offer.media);
}

void SipEndpoint::onCancelled(SimCall& call) {
    call.phase = CallPhase::Ending;
    call.end_reported = true;
    call.end_reason = "cancelled";
    events_.callEvent(call.ref, "cancelled");
}

void SipEndpoint::onBye(SimCall& call) {
    call.phase = CallPhase::Ending;
    call.end_reason = "bye_received";
    if (call.end_reported) return;
    call.end_reported = true;
    events_.callEvent(call.ref, "hangup", {{"by", "caller"}, {"reason", "BYE"}});
}

void SipEndpoint::onTerminated(SimCall& call, int status, const char* phrase) {
    if (!call.end_reported) {
        // Neither side hung up by the script: a timeout or transport error in the stack.
        events_.callEvent(call.ref, "hangup",
                          {{"by", "stack"}, {"reason", phrase ? phrase : ""}, {"status", status}});
    }
    if (call.media_running) media_.removeStream(call.key, call.end_reason);
    destroyCall(call);
    maybeFinishShutdown();
}

void SipEndpoint::startTimer(SimCall& call, CallTimer which, Milliseconds after) {
    auto& timer = call.timers[static_cast<std::size_t>(which)];
    if (timer == nullptr) timer = su_timer_create(su_root_task(root_), 0);
    su_timer_reset(timer);
    switch (which) {
        case CallTimer::Answer:
            su_timer_set_interval(timer, onCallTimer<CallTimer::Answer>, &call, after.count());
            break;
        case CallTimer::Hangup:
            su_timer_set_interval(timer, onCallTimer<CallTimer::Hangup>, &call, after.count());
            break;
        case CallTimer::Hold:
            su_timer_set_interval(timer, onCallTimer<CallTimer::Hold>, &call, after.count());
            break;
        case CallTimer::Resume:
            su_timer_set_interval(timer, onCallTimer<CallTimer::Resume>, &call, after.count());
            break;
    }
}

void SipEndpoint::destroyCall(SimCall& call) {
    for (auto*& timer : call.timers) {
        if (timer != nullptr) su_timer_destroy(timer);
        timer = nullptr;
    }
    nua_handle_bind(call.handle, nullptr);
    nua_handle_destroy(call.handle);
    calls_.erase(call.key);  // `call` is gone after this line
}

void SipEndpoint::shutdown(std::function<void()> done) {
    shutting_down_ = true;
    shutdown_done_ = std::move(done);
    std::vector<SimCall*> live;
    for (auto& [key, call] : calls_) live.push_back(call.get());
    for (SimCall* call : live) {
        if (call->phase == CallPhase::Answered) {
            hangUp(*call, "shutdown");
        } else if (call->phase == CallPhase::Ringing) {
            reject(*call, 480, "Temporarily Unavailable", "simulator shutting down");
        }
    }
    // Dialogs get this long to close before nua is shut down regardless.
    shutdown_timer_ = su_timer_create(su_root_task(root_), 0);
    su_timer_set_interval(shutdown_timer_, onShutdownTimer, this, 3000);
    maybeFinishShutdown();
}

void SipEndpoint::maybeFinishShutdown() {
    if (!shutting_down_ || nua_shutdown_sent_ || !calls_.empty()) return;
    nua_shutdown_sent_ = true;
    nua_shutdown(nua_);
}

void SipEndpoint::onShutdownDeadline() {
    if (!nua_shutdown_sent_) {
        spdlog::warn("{} calls still open at shutdown deadline", calls_.size());
        nua_shutdown_sent_ = true;
        nua_shutdown(nua_);
        su_timer_set_interval(shutdown_timer_, onShutdownTimer, this, 3000);
        return;
    }
    // nua never confirmed its shutdown: stop waiting for it.
    spdlog::warn("nua shutdown not confirmed in time");
    if (shutdown_done_) {
        auto done = std::move(shutdown_done_);
        shutdown_done_ = nullptr;
        done();
    }
}

}  // namespace confab::pstnsim
