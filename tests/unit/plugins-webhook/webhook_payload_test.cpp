// The JSON a receiver gets for each kind of event.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstring>
#include <type_traits>

#include "confab/webhook/webhook_payload.h"

namespace confab::webhook {
namespace {

confab_event legEvent() {
    confab_event event{};
    event.struct_size = sizeof(confab_event);
    event.kind = CONFAB_EVENT_LEG_STATE;
    event.conference = 12;
    event.unix_ms = 1714564803250;  // 2024-05-01T12:00:03.250Z
    event.owner = "alice@example.com";
    event.room = "conf-12-x@conference.example.com";
    event.participant = 2;
    event.number = "+15551230001";
    event.name = "Bob (+15551230001)";
    event.display = "Bob";
    event.leg_state = CONFAB_LEG_CONNECTED;
    event.reason = "";
    event.answered = 1;
    event.live_legs = 1;
    return event;
}

// Stores a value the enum does not name, as a newer host could send.
template <typename Enum>
void setRaw(Enum& field, unsigned value) {
    std::underlying_type_t<Enum> raw = value;
    std::memcpy(&field, &raw, sizeof raw);
}

nlohmann::json parse(const confab_event& event, std::uint64_t sequence = 7) {
    const auto text = payloadJson(event, sequence);
    EXPECT_TRUE(text);
    return text ? nlohmann::json::parse(*text) : nlohmann::json{};
}

TEST(WebhookPayload, LegStateCarriesWhoWhatAndWhen) {
    const auto json = parse(legEvent());
    EXPECT_EQ(json["event"], "leg.state");
    EXPECT_EQ(json["sequence"], 7);
    EXPECT_EQ(json["at"], "2024-05-01T12:00:03.250Z");
    EXPECT_EQ(json["conference"], 12);
    EXPECT_EQ(json["owner"], "alice@example.com");
    EXPECT_EQ(json["room"], "conf-12-x@conference.example.com");
    EXPECT_EQ(json["participant"], 2);
    EXPECT_EQ(json["number"], "+15551230001");
    EXPECT_EQ(json["name"], "Bob (+15551230001)");
    EXPECT_EQ(json["display"], "Bob");
    EXPECT_EQ(json["state"], "connected");
    EXPECT_EQ(json["answered"], true);
    EXPECT_EQ(json["reason"], "");
    EXPECT_EQ(json["live_legs"], 1);
    EXPECT_FALSE(json.contains("talking"));
    EXPECT_FALSE(json.contains("digit"));
}

TEST(WebhookPayload, EveryLegStateHasAName) {
    confab_event event = legEvent();
    const std::pair<confab_leg_state, const char*> states[] = {
        {CONFAB_LEG_DIALING, "dialing"},     {CONFAB_LEG_ALERTING, "alerting"},
        {CONFAB_LEG_CONNECTED, "connected"}, {CONFAB_LEG_ON_HOLD, "on_hold"},
        {CONFAB_LEG_DISCONNECTED, "disconnected"}};
    for (const auto& [state, name] : states) {
        event.leg_state = state;
        EXPECT_EQ(parse(event)["state"], name);
    }
    setRaw(event.leg_state, 42);
    EXPECT_EQ(parse(event)["state"], "unknown");
}

TEST(WebhookPayload, ConferenceEventsHaveNoLegFields) {
    confab_event event = legEvent();
    event.kind = CONFAB_EVENT_CONFERENCE_STARTED;
    event.participant = 0;
    auto json = parse(event);
    EXPECT_EQ(json["event"], "conference.started");
    EXPECT_FALSE(json.contains("participant"));
    EXPECT_FALSE(json.contains("state"));
    EXPECT_FALSE(json.contains("reason"));

    event.kind = CONFAB_EVENT_CONFERENCE_ENDED;
    event.reason = "ended by the owner";
    json = parse(event);
    EXPECT_EQ(json["event"], "conference.ended");
    EXPECT_EQ(json["reason"], "ended by the owner");
    EXPECT_FALSE(json.contains("number"));
}

TEST(WebhookPayload, TalkerAndDtmf) {
    confab_event event = legEvent();
    event.kind = CONFAB_EVENT_TALKER;
    event.talking = 1;
    auto json = parse(event);
    EXPECT_EQ(json["event"], "talker");
    EXPECT_EQ(json["talking"], true);
    EXPECT_FALSE(json.contains("state"));

    event.kind = CONFAB_EVENT_DTMF;
    event.digit = '#';
    json = parse(event);
    EXPECT_EQ(json["event"], "dtmf");
    EXPECT_EQ(json["digit"], "#");
}

TEST(WebhookPayload, NullStringsBadUtf8AndQuotesAreSafe) {
    confab_event event = legEvent();
    event.owner = nullptr;
    event.name = "Bo\xff\"b\" <x>";
    const auto text = payloadJson(event, 1);
    ASSERT_TRUE(text);
    const auto json = nlohmann::json::parse(*text);  // valid JSON despite the input
    EXPECT_EQ(json["owner"], "");
    EXPECT_EQ(json["name"], "Bo\xEF\xBF\xBD\"b\" <x>");
}

TEST(WebhookPayload, UnknownKindsAndShortStructsAreRefused) {
    confab_event event = legEvent();
    setRaw(event.kind, 9);
    EXPECT_FALSE(payloadJson(event, 1));
    event = legEvent();
    event.struct_size = 16;
    EXPECT_FALSE(eventIsComplete(event));
    EXPECT_FALSE(payloadJson(event, 1));
}

TEST(WebhookPayload, Rfc3339UtcWithMilliseconds) {
    EXPECT_EQ(formatRfc3339Utc(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(formatRfc3339Utc(1714564803250), "2024-05-01T12:00:03.250Z");
    EXPECT_EQ(formatRfc3339Utc(951782400007), "2000-02-29T00:00:00.007Z");
    EXPECT_EQ(formatRfc3339Utc(-1), "1969-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace confab::webhook
