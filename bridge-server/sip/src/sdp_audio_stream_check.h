// Internal to confab-sip: the checks SdpNegotiator runs on one audio m= section.
// Kept apart so the negotiator reads as the offer/answer rules and this file as
// the field-by-field validation.
//
// Thread contract: pure function; control thread.
#pragma once

#include "confab/sip/negotiated_media.h"
#include "confab/sip/result.h"
#include "confab/sip/sdp_session.h"

namespace confab::sip::detail {

enum class SdpRole { Offer, Answer };

// Reasons come without the "SDP answer: " prefix. The caller has checked that
// `media` belongs to `session` and that its media type is "audio".
Result<NegotiatedMedia> checkAudioStream(const SdpSessionDescription& session,
                                         const SdpMediaDescription& media, SdpRole role);

}  // namespace confab::sip::detail
