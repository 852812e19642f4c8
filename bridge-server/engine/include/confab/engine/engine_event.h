// What the conference engine reports: leg state changes, talker changes and
// DTMF digits, each naming the conference, the leg and the leg's number.
// Plain values, copied to the listener on the control thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>

#include "confab/sip/leg_state.h"

namespace confab::engine {

using ConferenceId = std::uint32_t;
using LegId = std::uint32_t;  // also the leg's id in the media engine

struct LegStateChanged {
    ConferenceId conference = 0;
    LegId leg = 0;
    std::string number;  // E.164
    sip::LegState from = sip::LegState::Idle;
    sip::LegState to = sip::LegState::Idle;
    sip::LegEnding ending;  // set when `to` is Disconnecting or Disconnected
};

struct TalkerChanged {
    ConferenceId conference = 0;
    LegId leg = 0;
    std::string number;
    bool talking = false;
    // When the media thread decided (steady_clock), so latency can be measured.
    std::chrono::steady_clock::time_point at;
};

struct DtmfReceived {
    ConferenceId conference = 0;
    LegId leg = 0;
    std::string number;
    char digit = '\0';
};

using EngineEvent = std::variant<LegStateChanged, TalkerChanged, DtmfReceived>;

}  // namespace confab::engine
