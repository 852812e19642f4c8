#include "bridge_config_media.h"

#include <string>

namespace confab {

namespace {

// Every [media] integer with its range; cross-checks come after all are read,
// so a type error is reported before any conclusion drawn from the value.
template <typename Field>
void readInteger(const ConfigSection& media, std::string_view key, std::int64_t min,
                 std::int64_t max, Field& field) {
    if (const auto value = media.optionalIntegerInRange(key, min, max)) {
        field = static_cast<Field>(*value);
    }
}

}  // namespace

MediaSettings readMediaSettings(const ConfigSection& media, const PolicySettings& policy) {
    MediaSettings settings;
    // Ports below 1024 need privileges the bridge should not have.
    readInteger(media, "rtp_port_min", 1024, 65534, settings.rtp_port_min);
    readInteger(media, "rtp_port_max", 1025, 65535, settings.rtp_port_max);
    readInteger(media, "dscp", 0, 63, settings.dscp);
    readInteger(media, "realtime_priority", 0, 99, settings.realtime_priority);
    readInteger(media, "jitter_min_delay_ms", 20, 500, settings.jitter_min_delay_ms);
    readInteger(media, "jitter_max_delay_ms", 20, 500, settings.jitter_max_delay_ms);
    readInteger(media, "talk_hangover_ms", 100, 5000, settings.talk_hangover_ms);
    readInteger(media, "media_timeout_seconds", 0, 3600, settings.media_timeout_seconds);

    if (settings.rtp_port_min % 2 != 0) {
        media.fail("rtp_port_min",
                   "expected an even port (RTP takes the even port of each pair, RTCP the odd one "
                   "above it)");
    }
    // The key named is the one written: with only rtp_port_min given, the
    // default maximum may be what it collides with.
    const std::string_view range_key = media.has("rtp_port_max") ? "rtp_port_max" : "rtp_port_min";
    const std::string range = std::to_string(settings.rtp_port_min) + ".." +
                              std::to_string(settings.rtp_port_max);
    if (settings.rtp_port_max <= settings.rtp_port_min) {
        media.fail(range_key, "expected rtp_port_max above rtp_port_min, got the range " + range,
                   false);
    }
    const std::uint32_t pairs = (std::uint32_t{settings.rtp_port_max} - settings.rtp_port_min + 1) / 2;
    if (pairs < policy.max_legs_per_conference) {
        media.fail(range_key,
                   "the range " + range + " holds " + std::to_string(pairs) +
                       " RTP/RTCP port pairs, fewer than policy.max_legs_per_conference (" +
                       std::to_string(policy.max_legs_per_conference) +
                       "); every leg needs a pair",
                   false);
    }
    if (settings.jitter_min_delay_ms > settings.jitter_max_delay_ms) {
        const std::string_view key =
            media.has("jitter_max_delay_ms") ? "jitter_max_delay_ms" : "jitter_min_delay_ms";
        media.fail(key,
                   "expected jitter_min_delay_ms (" + std::to_string(settings.jitter_min_delay_ms) +
                       ") at most jitter_max_delay_ms (" +
                       std::to_string(settings.jitter_max_delay_ms) + ")",
                   false);
    }
    // 1..4 s would end legs over an ordinary gap in a phone's RTP (some
    // gateways pause while they play their own prompts).
    if (settings.media_timeout_seconds > 0 && settings.media_timeout_seconds < 5) {
        media.fail("media_timeout_seconds", "expected 0 (never) or an integer between 5 and 3600");
    }
    return settings;
}

}  // namespace confab
