#include "sip_test_caller.h"

#include <stdexcept>

#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/su_wait.h>

#include "confab/harness/process.h"
#include "confab/media/codec.h"
#include "confab/media/g711_codec.h"
#include "confab/media/rtp_packet.h"
#include "confab/sip/sdp_negotiator.h"

namespace confab::pstnsim::test {

namespace {

// Sofia's tag macros expand to C-style casts; every tagged nua call of the
// test caller is in this block.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"

nua_t* createAgent(su_root_t* root, const std::string& url, nua_callback_f callback, void* magic) {
    return nua_create(root, callback, magic, NUTAG_URL(url.c_str()), NUTAG_MEDIA_ENABLE(0),
                      SIPTAG_USER_AGENT_STR("pstn-sim-test-caller"), TAG_END());
}

nua_handle_t* newHandle(nua_t* nua, void* call, const std::string& to) {
    return nua_handle(nua, static_cast<nua_hmagic_t*>(call), NUTAG_URL(to.c_str()), SIPTAG_TO_STR(to.c_str()),
                      TAG_END());
}

void invite(nua_handle_t* handle, const std::string& sdp) {
    nua_invite(handle, SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
}

void respondWithSdp(nua_handle_t* handle, int status, const char* phrase, const std::string& sdp) {
    nua_respond(handle, status, phrase, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
                SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
}

void respond(nua_handle_t* handle, int status, const char* phrase) { nua_respond(handle, status, phrase, TAG_END()); }
void cancelCall(nua_handle_t* handle) { nua_cancel(handle, TAG_END()); }
void bye(nua_handle_t* handle) { nua_bye(handle, TAG_END()); }

int callStateOf(tagi_t const* tags) {
    int state = -1;
    tl_gets(tags, NUTAG_CALLSTATE_REF(state), TAG_END());
    return state;
}

#pragma GCC diagnostic pop

void onNuaEvent(nua_event_t event, int status, char const* phrase, nua_t*, nua_magic_t* magic,
                nua_handle_t* handle, nua_hmagic_t* hmagic, sip_t const* sip, tagi_t tags[]) {
    auto* caller = static_cast<SipTestCaller*>(magic);
    auto* call = static_cast<TestCall*>(hmagic);
    if (event == nua_i_state) {
        if (call != nullptr && callStateOf(tags) == nua_callstate_terminated) call->terminated = true;
        return;
    }
    caller->onEvent(event, status, phrase, handle, call, sip);
}

std::string payloadOf(const sip_t* sip) {
    if (sip == nullptr || sip->sip_payload == nullptr || sip->sip_payload->pl_data == nullptr) return {};
    return std::string(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}

}  // namespace

SipTestCaller::SipTestCaller() {
    su_init();
    root_ = su_root_create(nullptr);
    const int port = harness::freeUdpPort();
    nua_ = createAgent(root_, "sip:127.0.0.1:" + std::to_string(port) + ";transport=udp", onNuaEvent, this);
    if (nua_ == nullptr) throw std::runtime_error("test caller: nua_create failed");
}

SipTestCaller::~SipTestCaller() {
    for (auto& call : calls_) {
        if (call->handle != nullptr) nua_handle_destroy(call->handle);
        call->handle = nullptr;
    }
    nua_shutdown(nua_);
    runUntil([this] { return shutdown_done_; }, std::chrono::seconds(5));
    nua_destroy(nua_);
    su_root_destroy(root_);
    su_deinit();
}

TestCall& SipTestCaller::call(const std::string& number, int sim_port, CallOptions options) {
    auto owned = std::make_unique<TestCall>();
    TestCall& call = *owned;
    calls_.push_back(std::move(owned));
    call.number = number;
    if (options.shared_rtp != nullptr) {
        call.rtp = options.shared_rtp;
        shared_sockets_.insert(options.shared_rtp);
    } else {
        std::string error;
        auto socket = UdpSocket::bind("127.0.0.1", 0, error);
        if (!socket) throw std::runtime_error("test caller: " + error);
        call.own_rtp = std::move(*socket);
        call.rtp = &call.own_rtp;
    }
    if (options.send_tone_hz) call.tone.emplace(*options.send_tone_hz, -12.0);
    call.sdp.emplace("127.0.0.1", call.rtp->port(), 4242 + calls_.size());
    const std::string to = "sip:" + number + "@127.0.0.1:" + std::to_string(sim_port);
    call.handle = newHandle(nua_, &call, to);
    call.invite_sent = Clock::now();
    invite(call.handle, call.sdp->buildOffer());
    return call;
}

void SipTestCaller::cancel(TestCall& call) { cancelCall(call.handle); }
void SipTestCaller::hangUp(TestCall& call) { bye(call.handle); }

void SipTestCaller::reInvite(TestCall& call, sip::MediaDirection direction) {
    call.reinvite_status = 0;
    call.reinvite_answer_direction.reset();
    invite(call.handle, call.sdp->buildOffer(direction));
}

void SipTestCaller::onEvent(int event_number, int status, const char* phrase, nua_handle_s* handle, TestCall* call,
                            const sip_s* sip) {
    const auto event = static_cast<nua_event_t>(event_number);
    if (event == nua_r_shutdown) {
        if (status >= 200) shutdown_done_ = true;
        return;
    }
    if (call == nullptr) {
        if (handle != nullptr && nua_event_is_incoming_request(event)) nua_handle_destroy(handle);
        return;
    }
    switch (event) {
        case nua_r_invite: {
            if (status < 200) {
                call->provisional.push_back(status);
                return;
            }
            if (call->final_status != 0) {  // the answer to a re-INVITE of ours
                call->reinvite_status = status;
                sip::SdpNegotiator negotiator;
                if (auto answer = negotiator.checkAnswer(payloadOf(sip))) {
                    call->reinvite_answer_direction = answer.value().direction;
                }
                return;
            }
            call->final_status = status;
            call->final_phrase = phrase ? phrase : "";
            call->final_received = Clock::now();
            if (status < 300) {
                call->answer_sdp = payloadOf(sip);
                sip::SdpNegotiator negotiator;
                auto answer = negotiator.checkAnswer(call->answer_sdp);
                if (answer) {
                    call->answer = answer.value();
                    call->next_send = Clock::now();
                } else {
                    call->answer_error = answer.error();
                }
            }
            return;
        }
        case nua_i_invite: {
            sip::SdpNegotiator negotiator;
            auto offer = negotiator.checkOffer(payloadOf(sip));
            if (!offer) {
                respond(handle, 488, "Not Acceptable Here");
                return;
            }
            call->reinvite_offers.push_back(offer.value().media.direction);
            call->answer = offer.value().media;
            respondWithSdp(handle, 200, "OK", call->sdp->buildAnswer(offer.value()));
            return;
        }
        case nua_i_bye:
            call->bye_received = true;
            return;
        default:
            return;
    }
}

bool SipTestCaller::runUntil(const std::function<bool()>& condition, std::chrono::milliseconds deadline) {
    const auto end = Clock::now() + deadline;
    while (!condition()) {
        if (Clock::now() >= end) return false;
        su_root_step(root_, 2);
        pumpMedia();
    }
    return true;
}

void SipTestCaller::pumpMedia() {
    const auto now = Clock::now();
    std::array<std::uint8_t, 2048> buffer{};
    for (auto& owned : calls_) {
        TestCall& call = *owned;
        if (!call.answer || call.terminated || call.bye_received) continue;
        while (call.tone && call.rtp == &call.own_rtp && now >= call.next_send) {
            sendFrame(call);
            call.next_send += std::chrono::milliseconds(20);
        }
        if (call.rtp != &call.own_rtp) continue;
        media::NetAddress from;
        while (const std::size_t n = call.own_rtp.receive(buffer, from)) {
            media::RtpPacketView view;
            if (media::parseRtp(std::span(buffer).first(n), view) != media::RtpParseError::None) continue;
            call.received.push_back(ReceivedPacket{now, from, view.ssrc, view.sequence, view.payload_type, view.marker,
                                                   {view.payload.begin(), view.payload.end()}});
        }
    }
    for (UdpSocket* shared : shared_sockets_) {
        media::NetAddress from;
        while (shared->receive(buffer, from) > 0) ++shared_received_;
    }
}

void SipTestCaller::sendFrame(TestCall& call) {
    media::Frame frame;
    call.tone->fill(frame);
    const auto codec = call.answer->codec == sip::AudioCodec::Pcmu ? media::Codec::Pcmu : media::Codec::Pcma;
    std::array<std::uint8_t, media::kFrameSamples> encoded{};
    media::G711Codec::encode(codec, frame, encoded);
    std::array<std::uint8_t, 256> packet{};
    const std::size_t length = media::buildRtp({call.answer->payload_type, call.sequence == 1, call.sequence,
                                                call.timestamp, 0x7E57CA11u},
                                               encoded, packet);
    ++call.sequence;
    call.timestamp += media::kFrameSamples;
    const auto to = parseNetAddress(call.answer->remote_address, call.answer->remote_port);
    if (to && call.rtp->sendTo(*to, std::span(packet).first(length))) ++call.packets_sent;
}

}  // namespace confab::pstnsim::test
