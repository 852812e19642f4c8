// SipTestCaller: a small SIP user agent (Sofia nua, UAC) that calls the
// simulator from inside a test, with a real RTP socket per call. It runs on
// the test's own thread: runUntil() steps Sofia's loop and, between steps,
// sends the call's 20 ms tone frames and drains its RTP socket, so a test is
// a straight line of "do this, wait until that (with a deadline)".
//
// Every SDP it sees goes through confab-sip's SdpNegotiator, so a test also
// proves the simulator's answers are valid to the bridge's own checks.
//
// Thread contract: one thread (the test's).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "confab/media/net_address.h"
#include "confab/pstnsim/audio_source.h"
#include "confab/pstnsim/udp_socket.h"
#include "confab/sip/media_direction.h"
#include "confab/sip/negotiated_media.h"
#include "confab/sip/result.h"
#include "confab/sip/sdp_offer_builder.h"

struct su_root_s;
struct nua_s;
struct nua_handle_s;
struct sip_s;

namespace confab::pstnsim::test {

using Clock = std::chrono::steady_clock;

struct ReceivedPacket {
    Clock::time_point arrival;
    media::NetAddress from;
    std::uint32_t ssrc = 0;
    std::uint16_t sequence = 0;
    std::uint8_t payload_type = 0;
    bool marker = false;
    std::vector<std::uint8_t> payload;
};

struct CallOptions {
    std::optional<double> send_tone_hz;  // send this tone once answered
    // Offer this socket's port instead of a fresh one (many calls, one socket).
    UdpSocket* shared_rtp = nullptr;
};

struct TestCall {
    nua_handle_s* handle = nullptr;
    std::string number;
    std::vector<int> provisional;  // 1xx statuses received
    int final_status = 0;
    std::string final_phrase;
    std::string answer_sdp;
    std::optional<sip::NegotiatedMedia> answer;  // when the answer passed checkAnswer
    std::string answer_error;                    // when it did not
    Clock::time_point invite_sent;
    Clock::time_point final_received;
    std::vector<sip::MediaDirection> reinvite_offers;  // the simulator's direction in each re-INVITE
    bool bye_received = false;
    bool terminated = false;
    // Our own re-INVITEs (reInvite()): the last final status and answer.
    int reinvite_status = 0;
    std::optional<sip::MediaDirection> reinvite_answer_direction;

    std::optional<sip::SdpOfferBuilder> sdp;
    UdpSocket own_rtp;
    UdpSocket* rtp = nullptr;  // own_rtp, or the shared one
    std::optional<ToneGenerator> tone;
    Clock::time_point next_send;
    std::uint16_t sequence = 1;
    std::uint32_t timestamp = 0;
    std::uint64_t packets_sent = 0;
    std::vector<ReceivedPacket> received;
};

class SipTestCaller {
  public:
    SipTestCaller();
    ~SipTestCaller();
    SipTestCaller(const SipTestCaller&) = delete;
    SipTestCaller& operator=(const SipTestCaller&) = delete;

    // INVITEs sip:<number>@127.0.0.1:<sim_port> with an offer for PCMU, PCMA
    // and telephone-event.
    TestCall& call(const std::string& number, int sim_port, CallOptions options = {});
    void cancel(TestCall& call);
    void hangUp(TestCall& call);
    // A re-INVITE offering `direction` (sendonly/inactive: we hold the simulator).
    void reInvite(TestCall& call, sip::MediaDirection direction);

    // Steps the SIP loop and the media until `condition` or the deadline.
    bool runUntil(const std::function<bool()>& condition, std::chrono::milliseconds deadline);

    // Packets that arrived on a shared socket (they are not split per call).
    std::uint64_t sharedPacketsReceived() const { return shared_received_; }

    // Public for the C trampoline.
    void onEvent(int event, int status, const char* phrase, nua_handle_s* handle, TestCall* call,
                 const sip_s* sip);

  private:
    void pumpMedia();
    void sendFrame(TestCall& call);

    su_root_s* root_ = nullptr;
    nua_s* nua_ = nullptr;
    std::vector<std::unique_ptr<TestCall>> calls_;
    std::set<UdpSocket*> shared_sockets_;
    std::uint64_t shared_received_ = 0;
    bool shutdown_done_ = false;
};

}  // namespace confab::pstnsim::test
