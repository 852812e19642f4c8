// liveJson: the dashboard's SSE payload. It must parse, keep every field
// app.js reads (docs/admin.md documents the shape), survive hostile text and
// stay on one line so it fits one "data:" field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sample_views.h"

namespace confab::web {
namespace {

using nlohmann::json;

TEST(LiveJson, HasTheDocumentedShape) {
    const std::string text = liveJson(test::sampleHealth(), {test::sampleConference()});
    EXPECT_EQ(text.find('\n'), std::string::npos);
    EXPECT_EQ(text.find('\r'), std::string::npos);
    const json document = json::parse(text);

    const json& health = document.at("health");
    EXPECT_EQ(health.at("uptime_seconds"), 3725);
    EXPECT_EQ(health.at("live_conferences"), 1);
    EXPECT_EQ(health.at("live_legs"), 2);
    EXPECT_DOUBLE_EQ(health.at("media_cpu_percent").get<double>(), 3.25);
    EXPECT_DOUBLE_EQ(health.at("tick_p99_ms").get<double>(), 0.41);
    EXPECT_EQ(health.at("xmpp_connected"), true);
    for (const char* key : {"version", "xmpp_status", "sip_status"}) EXPECT_TRUE(health.at(key).is_string()) << key;

    ASSERT_EQ(document.at("conferences").size(), 1u);
    const json& conference = document.at("conferences").at(0);
    EXPECT_EQ(conference.at("id"), 42);
    EXPECT_EQ(conference.at("locked"), true);
    EXPECT_EQ(conference.at("started"), 1714570000000);
    EXPECT_EQ(conference.at("started_text"), "2024-05-01 13:26:40 UTC");
    ASSERT_EQ(conference.at("legs").size(), 3u);  // ended legs too: the detail page lists them

    const json& talker = conference.at("legs").at(0);
    EXPECT_EQ(talker.at("participant"), 7);
    EXPECT_EQ(talker.at("number"), "+15551234567");
    EXPECT_EQ(talker.at("state"), "connected");
    EXPECT_EQ(talker.at("talking"), true);
    EXPECT_EQ(talker.at("muted"), false);
    EXPECT_DOUBLE_EQ(talker.at("loss_percent").get<double>(), 1.5);
    EXPECT_DOUBLE_EQ(talker.at("jitter_ms").get<double>(), 12.25);
    EXPECT_DOUBLE_EQ(talker.at("rtt_ms").get<double>(), 80);
    EXPECT_EQ(talker.at("joined"), 1714570005000);

    const json& muted = conference.at("legs").at(1);
    EXPECT_EQ(muted.at("muted"), true);
    // Unknown quality is null, not a negative number.
    EXPECT_TRUE(muted.at("loss_percent").is_null());
    EXPECT_TRUE(muted.at("jitter_ms").is_null());
    EXPECT_TRUE(muted.at("rtt_ms").is_null());

    const json& gone = conference.at("legs").at(2);
    EXPECT_EQ(gone.at("state"), "disconnected");
    EXPECT_EQ(gone.at("end_reason"), "busy");
    EXPECT_EQ(gone.at("sip_code"), 486);
}

TEST(LiveJson, HostileTextRoundTripsAndInvalidUtf8IsReplaced) {
    ConferenceView conference = test::sampleConference();
    conference.owner_jid = "\"}],\"x\":{\"</script>\n\x01";
    conference.legs.at(0).name = "Zo\xC3\xAB \xFF";
    const json document = json::parse(liveJson(test::sampleHealth(), {conference}));
    EXPECT_EQ(document.at("conferences").at(0).at("owner_jid"), conference.owner_jid);
    EXPECT_EQ(document.at("conferences").at(0).at("legs").at(0).at("name"), "Zo\xC3\xAB \xEF\xBF\xBD");
    EXPECT_FALSE(document.contains("x"));
}

TEST(LiveJson, NoConferencesIsAnEmptyArray) {
    const json document = json::parse(liveJson(HealthView{}, {}));
    EXPECT_TRUE(document.at("conferences").is_array());
    EXPECT_TRUE(document.at("conferences").empty());
    EXPECT_EQ(document.at("health").at("xmpp_connected"), false);
}

}  // namespace
}  // namespace confab::web
