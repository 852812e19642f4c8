// conferenceEngineOptions: the ConferenceEngine's options as the bridge's
// config file sets them ([sip] ring_timeout_seconds and listen host, [media]).
// One function, so confab-bridge, the engine CLI and the tests that start an
// engine from a parsed config all build it the same way. Pure; any thread.
#pragma once

#include <cstddef>

#include "confab/engine/conference_engine.h"
#include "confab/shared/bridge_config.h"

namespace confab::engine {

// `max_legs_per_conference` is the policy in force, which the admin page may
// have changed from the file's [policy]; it sizes each conference's mix.
ConferenceEngine::Options conferenceEngineOptions(const BridgeConfig& config,
                                                  std::size_t max_legs_per_conference);

}  // namespace confab::engine
