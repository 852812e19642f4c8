// readMediaSettings: the [media] section of confab-bridge's config. Kept out
// of bridge_config.cpp, which reads every other section, to keep that file
// readable. Used once, by the thread that loads the config.
#pragma once

#include "confab/shared/bridge_config.h"
#include "config_reader.h"

namespace confab {

// Types, ranges and the cross-checks between keys. `policy` is the [policy]
// section already read: a conference must be able to hold
// max_legs_per_conference legs, so the RTP range must hold that many pairs.
// Throws ConfigError.
MediaSettings readMediaSettings(const ConfigSection& media, const PolicySettings& policy);

}  // namespace confab
