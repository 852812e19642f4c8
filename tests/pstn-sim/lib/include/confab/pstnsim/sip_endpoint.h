// SipEndpoint: the simulator's SIP user agent (Sofia-SIP nua, UAS on UDP).
// It looks each INVITE's Request-URI user up in the Phonebook and follows
// that number's script: 404 for strangers, 486 / reject codes, 180 then 200
// with our SDP answer after a delay, or ringing until CANCEL; once answered,
// scripted BYE and hold/resume re-INVITEs, and answers to the caller's own
// re-INVITEs. Media starts (MediaEngine) when the 200 OK is sent and stops
// when the dialog ends.
//
// nua runs with its SDP engine disabled: the SDP is ours (confab-sip's
// SdpNegotiator / SdpOfferBuilder), carried as opaque payloads.
//
// Thread contract: created, started and called on the thread that runs the
// su_root given to start(); nua's callback runs there too. Only
// sip_endpoint.cpp sees Sofia's headers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "confab/pstnsim/clip_library.h"
#include "confab/pstnsim/event_log.h"
#include "confab/pstnsim/media_engine.h"
#include "confab/pstnsim/phonebook.h"
#include "confab/pstnsim/sim_call.h"
#include "confab/sip/sdp_negotiator.h"

struct su_root_s;
struct nua_s;
struct sip_s;

namespace confab::pstnsim {

struct SipEndpointConfig {
    std::string listen_ip = "127.0.0.1";  // SIP and RTP; must be an IP literal
    std::uint16_t listen_port = 5060;
    std::filesystem::path record_dir;  // empty: nothing is recorded
};

class SipEndpoint {
  public:
    SipEndpoint(SipEndpointConfig config, const Phonebook& book, const ClipLibrary& clips, EventLog& events,
                MediaEngine& media);
    ~SipEndpoint();
    SipEndpoint(const SipEndpoint&) = delete;
    SipEndpoint& operator=(const SipEndpoint&) = delete;

    // Binds the SIP port; throws std::runtime_error when nua cannot start.
    void start(su_root_s* root);
    // Ends every call (BYE when answered, 480 while ringing), waits for the
    // dialogs to close (at most a few seconds), shuts nua down, then calls
    // `done` on this thread.
    void shutdown(std::function<void()> done);

    std::string uri() const;
    std::size_t liveCalls() const { return calls_.size(); }

    // Sofia callbacks; public only so the C trampolines can reach them.
    // `call_state`: NUTAG_CALLSTATE of nua_i_state events, else -1.
    void onEvent(int event, int status, const char* phrase, nua_handle_s* handle, SimCall* call,
                 const sip_s* sip, int call_state);
    void onTimer(SimCall& call, CallTimer which);
    void onShutdownDeadline();

  private:
    void onIncomingInvite(nua_handle_s* handle, const sip_s* sip);
    void onReInvite(SimCall& call, const sip_s* sip);
    void onReInviteResponse(SimCall& call, int status, const char* phrase, const sip_s* sip);
    void onAck(SimCall& call, const sip_s* sip);
    void onTerminated(SimCall& call, int status, const char* phrase);
    void onCancelled(SimCall& call);
    void onBye(SimCall& call);

    void answer(SimCall& call);
    // `phrase` must outlive the call: Sofia's stack thread reads it later.
    void reject(SimCall& call, int code, const char* phrase, const std::string& reason);
    void hangUp(SimCall& call, const char* reason);
    void sendHoldOffer(SimCall& call, sip::MediaDirection direction);
    void applyRemote(SimCall& call, const sip::NegotiatedMedia& media);
    bool startMedia(SimCall& call);
    void startTimer(SimCall& call, CallTimer which, Milliseconds after);
    void destroyCall(SimCall& call);
    void maybeFinishShutdown();

    SipEndpointConfig config_;
    const Phonebook& book_;
    const ClipLibrary& clips_;
    EventLog& events_;
    MediaEngine& media_;
    sip::SdpNegotiator negotiator_;

    su_root_s* root_ = nullptr;
    nua_s* nua_ = nullptr;
    std::map<std::uint64_t, std::unique_ptr<SimCall>> calls_;
    std::map<std::string, int> calls_per_number_;
    std::uint64_t next_key_ = 1;

    bool shutting_down_ = false;
    bool nua_shutdown_sent_ = false;
    std::function<void()> shutdown_done_;
    struct su_timer_s* shutdown_timer_ = nullptr;
};

}  // namespace confab::pstnsim
