#include "confab/webhook/webhook_payload.h"

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <type_traits>
#include <ctime>

#include <nlohmann/json.hpp>

namespace confab::webhook {

namespace {

std::string text(const char* value) { return value != nullptr ? std::string(value) : std::string(); }

// A newer host may send enum values this build does not know; loading such
// a value as the enum type is undefined behaviour, so read the raw integer.
template <typename Enum>
int rawValue(const Enum& value) {
    std::underlying_type_t<Enum> raw{};
    std::memcpy(&raw, &value, sizeof raw);
    return static_cast<int>(raw);
}

}  // namespace

std::optional<std::string_view> eventName(int kind) {
    switch (kind) {
        case CONFAB_EVENT_CONFERENCE_STARTED: return "conference.started";
        case CONFAB_EVENT_CONFERENCE_ENDED: return "conference.ended";
        case CONFAB_EVENT_LEG_STATE: return "leg.state";
        case CONFAB_EVENT_TALKER: return "talker";
        case CONFAB_EVENT_DTMF: return "dtmf";
        default: return std::nullopt;
    }
}

std::string_view legStateName(int state) {
    switch (state) {
        case CONFAB_LEG_DIALING: return "dialing";
        case CONFAB_LEG_ALERTING: return "alerting";
        case CONFAB_LEG_CONNECTED: return "connected";
        case CONFAB_LEG_ON_HOLD: return "on_hold";
        case CONFAB_LEG_DISCONNECTED: return "disconnected";
        default: return "unknown";
    }
}

std::string formatRfc3339Utc(std::int64_t unix_ms) {
    // Floor division so times before 1970 still get a 0..999 millisecond part.
    std::int64_t seconds = unix_ms / 1000;
    std::int64_t millis = unix_ms % 1000;
    if (millis < 0) {
        millis += 1000;
        seconds -= 1;
    }
    const std::time_t when = static_cast<std::time_t>(seconds);
    std::tm utc{};
    if (gmtime_r(&when, &utc) == nullptr) return "1970-01-01T00:00:00.000Z";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(millis));
    return buffer;
}

int eventKind(const confab_event& event) { return rawValue(event.kind); }

bool eventIsComplete(const confab_event& event) {
    return event.struct_size >= offsetof(confab_event, live_legs) + sizeof(event.live_legs);
}

std::optional<std::string> payloadJson(const confab_event& event, std::uint64_t sequence) {
    const int kind = rawValue(event.kind);
    const auto name = eventName(kind);
    if (!name || !eventIsComplete(event)) return std::nullopt;
    nlohmann::ordered_json json;
    json["event"] = std::string(*name);
    json["sequence"] = sequence;
    json["at"] = formatRfc3339Utc(event.unix_ms);
    json["conference"] = event.conference;
    json["owner"] = text(event.owner);
    json["room"] = text(event.room);
    const bool leg_event = kind == CONFAB_EVENT_LEG_STATE || kind == CONFAB_EVENT_TALKER ||
                           kind == CONFAB_EVENT_DTMF;
    if (leg_event) {
        json["participant"] = event.participant;
        json["number"] = text(event.number);
        json["name"] = text(event.name);
        json["display"] = text(event.display);
    }
    switch (kind) {
        case CONFAB_EVENT_LEG_STATE:
            json["state"] = std::string(legStateName(rawValue(event.leg_state)));
            json["answered"] = event.answered != 0;
            json["reason"] = text(event.reason);
            break;
        case CONFAB_EVENT_CONFERENCE_ENDED:
            json["reason"] = text(event.reason);
            break;
        case CONFAB_EVENT_TALKER:
            json["talking"] = event.talking != 0;
            break;
        case CONFAB_EVENT_DTMF:
            json["digit"] = std::string(1, event.digit);
            break;
        default:
            break;
    }
    json["live_legs"] = event.live_legs;
    // Names and reasons come from phones and people: repair bad UTF-8
    // instead of letting dump() throw.
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace confab::webhook
