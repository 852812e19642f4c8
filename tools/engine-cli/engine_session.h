// runEngineSession: one conference driven from the command line, for trying
// the media engine in the demo and for scripts. Runs the control loop on the
// calling thread until the duration ends or every leg has ended.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "confab/shared/bridge_config.h"

namespace confab::tools {

struct EngineSessionOptions {
    std::vector<std::string> numbers;  // E.164
    std::chrono::seconds duration{15};
};

// Returns the exit code: 0 when at least one leg connected.
int runEngineSession(const BridgeConfig& config, const EngineSessionOptions& options);

}  // namespace confab::tools
