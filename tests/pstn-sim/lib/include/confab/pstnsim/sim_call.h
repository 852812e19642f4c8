// SimCall: the signalling state of one incoming call, as the SIP thread keeps
// it: who it is, which script it follows, where it is in that script, and
// what offer/answer last agreed. The media for it lives in a MediaStream on
// the media thread, reached only through MediaEngine commands by `key`.
//
// Thread contract: SIP thread only. Sofia types are opaque here so that only
// sip_endpoint.cpp includes Sofia's headers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "confab/pstnsim/event_log.h"
#include "confab/pstnsim/media_stream.h"
#include "confab/pstnsim/phonebook.h"
#include "confab/sip/media_direction.h"
#include "confab/sip/negotiated_media.h"
#include "confab/sip/sdp_offer_builder.h"

struct nua_handle_s;
struct su_timer_s;

namespace confab::pstnsim {

class SipEndpoint;

enum class CallPhase {
    Ringing,   // 180 sent, waiting for the answer timer (or CANCEL)
    Answered,  // 200 sent; media running unless the SDP was malformed on purpose
    Ending,    // final error response sent, BYE sent or received, CANCEL received
};

// Scripted actions, each on its own Sofia timer.
enum class CallTimer { Answer, Hangup, Hold, Resume };
inline constexpr std::size_t kCallTimerCount = 4;

struct SimCall {
    SipEndpoint* endpoint = nullptr;
    std::uint64_t key = 0;
    CallRef ref;
    const NumberBehaviour* behaviour = nullptr;  // null: not in the phonebook
    nua_handle_s* handle = nullptr;
    CallPhase phase = CallPhase::Ringing;
    std::array<su_timer_s*, kCallTimerCount> timers{};

    // From the caller's offer (and later offers/answers).
    sip::NegotiatedOffer offer;
    std::optional<sip::SdpOfferBuilder> sdp;  // ours: made when answering
    sip::MediaDirection our_direction = sip::MediaDirection::SendRecv;
    bool awaiting_answer_in_ack = false;  // we offered in a 200 to an offer-less re-INVITE
    RemoteMedia remote;
    bool media_running = false;
    // Set once hangup/cancelled/rejected has been written, so the end of the
    // dialog is reported exactly once.
    bool end_reported = false;
    std::string end_reason = "terminated";  // goes into rtp_stats
};

}  // namespace confab::pstnsim
