// One line of the /list reply, built from plain values so it can be tested
// without a conference: "2. Bob Smith (+15551230001): connected, talking,
// muted; quality good (loss 0.4%, jitter 3 ms, round trip 40 ms)".
#pragma once

#include <cstdint>
#include <string>

#include "confab/media/leg_quality.h"

namespace confab::bridge {

struct ParticipantLine {
    std::uint32_t index = 0;
    std::string name;
    std::string state;  // "connected", "ringing", "left: busy (SIP 486 Busy Here)"
    bool talking = false;
    bool muted = false;
    bool has_quality = false;  // answered: receive statistics mean something
    media::LegQuality quality;
};

// "good", "fair" or "poor" from loss and jitter (ITU-T G.107-style rule of
// thumb: under 1 % loss and 30 ms jitter is good, over 5 % or 80 ms is poor).
std::string qualityVerdict(const media::LegQuality& quality);

std::string formatParticipantLine(const ParticipantLine& line);

}  // namespace confab::bridge
