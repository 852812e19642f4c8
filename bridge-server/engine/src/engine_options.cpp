#include "confab/engine/engine_options.h"

#include <chrono>

namespace confab::engine {

ConferenceEngine::Options conferenceEngineOptions(const BridgeConfig& config,
                                                  std::size_t max_legs_per_conference) {
    ConferenceEngine::Options options;
    options.max_legs_per_conference = max_legs_per_conference;
    options.sip.ring_timeout = std::chrono::seconds(config.sip.ring_timeout_seconds);

    // RTP on the address SIP listens on: the SDP offer carries it as c=.
    media::MediaEngineConfig& media = options.media;
    const MediaSettings& settings = config.media;
    media.bind_address = config.sip.listen.host;
    media.rtp_port_min = settings.rtp_port_min;
    media.rtp_port_max = settings.rtp_port_max;
    media.dscp = static_cast<int>(settings.dscp);
    media.realtime_priority = static_cast<int>(settings.realtime_priority);
    media.jitter.min_delay = std::chrono::milliseconds(settings.jitter_min_delay_ms);
    media.jitter.max_delay = std::chrono::milliseconds(settings.jitter_max_delay_ms);
    media.talk.hangover = std::chrono::milliseconds(settings.talk_hangover_ms);
    media.media_timeout = std::chrono::seconds(settings.media_timeout_seconds);
    return options;
}

}  // namespace confab::engine
