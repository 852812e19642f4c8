// The JSON body of a webhook delivery, one conference event per request:
//   {"event": "leg.state", "sequence": 7, "at": "2024-05-01T12:00:03.250Z",
//    "conference": 12, "owner": "alice@example.com", "room": "conf-12-x@...",
//    "participant": 2, "number": "+15551230001", "name": "Bob (+15551230001)",
//    "display": "Bob", "state": "connected", "answered": true, "reason": "",
//    "live_legs": 1}
// `event` is one of conference.started, conference.ended, leg.state, talker,
// dtmf. Every payload has event, sequence, at (the bridge's time of the
// event, RFC 3339 UTC with milliseconds), conference, owner, room ("" without
// MUC) and live_legs. Leg events (leg.state, talker, dtmf) add participant,
// number, name and display; leg.state adds state (dialing, alerting,
// connected, on_hold, disconnected), answered and reason; conference.ended
// adds reason; talker adds talking (true/false); dtmf adds digit ("5").
// `sequence` counts the events this plugin accepted since the bridge started
// (1, 2, ...), the same for every URL: a receiver that sees a gap lost events
// (dropped from a full queue, or given up after the last retry).
// Strings from the bridge that are not valid UTF-8 are repaired (U+FFFD).
// Pure functions, any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "confab/plugin.h"

namespace confab::webhook {

// "leg.state" for CONFAB_EVENT_LEG_STATE...; nullopt for a kind this build
// does not know (a newer host).
std::optional<std::string_view> eventName(int kind);
// "connected" for CONFAB_LEG_CONNECTED...; "unknown" otherwise.
std::string_view legStateName(int state);

// "2024-05-01T12:00:03.250Z"
std::string formatRfc3339Utc(std::int64_t unix_ms);

// True when `event` is large enough (struct_size) to hold every field this
// build reads; a smaller one comes from a host this plugin does not support.
bool eventIsComplete(const confab_event& event);

// The event's kind as an integer, without loading an unknown value as the enum.
int eventKind(const confab_event& event);

// The JSON text for `event`; nullopt for an unknown kind or an incomplete event.
std::optional<std::string> payloadJson(const confab_event& event, std::uint64_t sequence);

}  // namespace confab::webhook
