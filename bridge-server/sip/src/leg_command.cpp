#include "confab/sip/leg_command.h"

#include <array>

namespace confab::sip {

namespace {

// In LegCommand's alternative order; the static_assert catches a new
// alternative added without a name.
constexpr std::array<std::string_view, 12> kCommandNames = {
    "SendInvite",     "SendCancel",     "SendBye",         "StartRingTimer",
    "StopRingTimer",  "OpenMedia",      "UpdateMedia",     "CloseMedia",
    "AcceptReInvite", "RejectReInvite", "EmitStateChange", "ReportIgnoredEvent",
};
static_assert(kCommandNames.size() == std::variant_size_v<LegCommand>);

}  // namespace

std::string_view commandName(const LegCommand& command) {
    return kCommandNames.at(command.index());
}

}  // namespace confab::sip
