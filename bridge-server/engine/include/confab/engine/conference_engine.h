// ConferenceEngine: the bridge's voice behind one API. A conference is a set
// of telephone legs that hear each other. dial() places a SIP call through
// the SipUserAgent, and when the far end answers, the leg's RTP joins the
// conference's mix in the MediaEngine. The engine reports every leg state
// change, talker change and DTMF digit to one listener.
//
// It wires three things and adds no rules of its own (authorization, dial
// policy and rooms are the caller's business):
//   - SipUserAgent (control thread): signalling and the per-leg state machine;
//   - MediaEngine (its own media thread): sockets, mixing, talk detection;
//   - the media engine's events, read from its eventfd on the control loop.
//
// Thread contract: create, use and destroy on the control thread (the thread
// running the ControlLoop). The listener runs there too and may call back into
// the engine. Destroy the engine after ControlLoop::run() returned.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "confab/bridge/control_loop.h"
#include "confab/engine/engine_event.h"
#include "confab/media/leg_quality.h"
#include "confab/media/media_engine_config.h"
#include "confab/media/prompt.h"
#include "confab/sip/result.h"
#include "confab/sip/sip_user_agent.h"

namespace confab {
struct SipSettings;
}

namespace confab::media {
class AudioTap;
class MediaEngine;
}

namespace confab::engine {

struct LegSnapshot {
    LegId leg = 0;
    ConferenceId conference = 0;
    std::string number;
    sip::LegState state = sip::LegState::Idle;
    sip::LegEnding ending;
    bool muted = false;
    bool deaf = false;
    bool talking = false;
    media::LegQuality quality;  // from the latest RTCP/receive statistics
};

class ConferenceEngine {
public:
    struct Options {
        sip::SipUserAgent::Options sip;
        media::MediaEngineConfig media;
        std::size_t max_legs_per_conference = 64;
    };
    using Listener = std::function<void(const EngineEvent&)>;

    static sip::Result<std::unique_ptr<ConferenceEngine>> create(bridge::ControlLoop& loop,
                                                                 const SipSettings& settings,
                                                                 Options options);
    ~ConferenceEngine();
    ConferenceEngine(const ConferenceEngine&) = delete;
    ConferenceEngine& operator=(const ConferenceEngine&) = delete;

    void setListener(Listener listener);

    ConferenceId createConference();
    // Dials `number` (E.164) into the conference. Fails with a reason when the
    // conference is unknown or full, no RTP port is free, or the SIP layer
    // refuses the number (no route, not E.164).
    sip::Result<LegId> dial(ConferenceId conference, const std::string& number,
                            const std::string& display_name = {});
    bool hangup(LegId leg);
    bool setMuted(LegId leg, bool muted);
    bool setDeaf(LegId leg, bool deaf);
    bool sendDtmf(LegId leg, const std::string& digits);
    bool playPrompt(LegId leg, std::shared_ptr<const media::Prompt> prompt);
    bool playConferencePrompt(ConferenceId conference, std::shared_ptr<const media::Prompt> prompt);
    // A copy of the conference's mix or of one leg's received audio for a
    // plugin (media::AudioTap); replaces any tap there, nullptr detaches.
    // False when the conference or leg is unknown or the media queue is full.
    bool setConferenceTap(ConferenceId conference, std::shared_ptr<media::AudioTap> tap);
    bool setLegTap(LegId leg, std::shared_ptr<media::AudioTap> tap);
    // Hangs up every leg; the conference disappears once they have all ended.
    bool endConference(ConferenceId conference);

    std::optional<LegSnapshot> leg(LegId leg) const;
    std::vector<LegSnapshot> legs(ConferenceId conference) const;
    std::vector<ConferenceId> conferences() const;

    const sip::SipUserAgent& sipAgent() const;
    const media::MediaEngine& mediaEngine() const;

    struct Impl;

private:
    explicit ConferenceEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace confab::engine
