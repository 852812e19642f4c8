// Deliberately broken SDP answers, for the bridge's robustness tests. Each
// one takes a well-formed answer (SdpOfferBuilder::buildAnswer) and breaks
// exactly one thing, so a test knows which check it is exercising:
//   missing_c        every c= line removed
//   hostname_c       c=IN IP4 pstn-sim.invalid (a host name, not a literal)
//   port_zero        m=audio 0 ... (the stream refused)
//   no_common_codec  only G.729 (payload type 18) offered back
// Pure function; any thread.
#pragma once

#include <string>

#include "confab/pstnsim/phonebook.h"

namespace confab::pstnsim {

std::string malformAnswer(const std::string& good_answer, MalformedSdp kind);

}  // namespace confab::pstnsim
