#include "confab/sip/leg_event.h"

#include <array>

namespace confab::sip {

namespace {

// In LegEvent's alternative order; the static_assert catches a new alternative
// added without a name.
constexpr std::array<std::string_view, 13> kEventNames = {
    "Dial",         "Provisional",  "Answered",       "AnsweredWithBadSdp", "Failure",
    "RingTimeout",  "RemoteBye",    "LocalHangup",    "ReInvite",           "BadReInvite",
    "ByeCompleted", "MediaTimeout", "TransportError",
};
static_assert(kEventNames.size() == std::variant_size_v<LegEvent>);

}  // namespace

std::string_view eventName(const LegEvent& event) {
    return kEventNames.at(event.index());
}

}  // namespace confab::sip
