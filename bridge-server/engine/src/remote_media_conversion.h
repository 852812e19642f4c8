// Turns the SIP layer's validated NegotiatedMedia into the media engine's
// RemoteMedia. Pure; any thread.
#pragma once

#include <optional>

#include "confab/media/remote_media.h"
#include "confab/sip/negotiated_media.h"

namespace confab::engine {

// nullopt only if the address is not a numeric literal, which SdpNegotiator
// has already ruled out; the caller treats it as a failed leg.
std::optional<media::RemoteMedia> toRemoteMedia(const sip::NegotiatedMedia& negotiated);

}  // namespace confab::engine
