// The [media] section of the bridge config: defaults, every key, and one test
// per kind of mistake, asserting the key name, line and message.
#include "config_file_test.h"

#include <gtest/gtest.h>

namespace confab {
namespace {

using MediaConfigTest = test::ConfigFileTest;

// Lines 1-4 of every config below; "[media]" is then line 5, its first key line 6.
const std::string kXmpp =
    "[xmpp]\n"
    "domain = \"localhost\"\n"
    "component = \"bridge.localhost\"\n"
    "secret_file = \"component.secret\"\n";

std::string media(const std::string& keys) { return kXmpp + "[media]\n" + keys; }

TEST_F(MediaConfigTest, DefaultsWithoutTheSection) {
    const MediaSettings settings = parse(kXmpp).media;
    EXPECT_EQ(settings.rtp_port_min, 16384);
    EXPECT_EQ(settings.rtp_port_max, 32767);
    EXPECT_EQ(settings.dscp, 46U);
    EXPECT_EQ(settings.realtime_priority, 0U);
    EXPECT_EQ(settings.jitter_min_delay_ms, 20U);
    EXPECT_EQ(settings.jitter_max_delay_ms, 300U);
    EXPECT_EQ(settings.talk_hangover_ms, 600U);
    EXPECT_EQ(settings.media_timeout_seconds, 30U);
    // An empty section is the same.
    EXPECT_EQ(parse(media("")).media.rtp_port_max, 32767);
}

TEST_F(MediaConfigTest, ReadsEveryKey) {
    const MediaSettings settings = parse(media("rtp_port_min = 20000\n"
                                               "rtp_port_max = 20999\n"
                                               "dscp = 34\n"
                                               "realtime_priority = 50\n"
                                               "jitter_min_delay_ms = 40\n"
                                               "jitter_max_delay_ms = 200\n"
                                               "talk_hangover_ms = 1000\n"
                                               "media_timeout_seconds = 0\n"))
                                         .media;
    EXPECT_EQ(settings.rtp_port_min, 20000);
    EXPECT_EQ(settings.rtp_port_max, 20999);
    EXPECT_EQ(settings.dscp, 34U);
    EXPECT_EQ(settings.realtime_priority, 50U);
    EXPECT_EQ(settings.jitter_min_delay_ms, 40U);
    EXPECT_EQ(settings.jitter_max_delay_ms, 200U);
    EXPECT_EQ(settings.talk_hangover_ms, 1000U);
    EXPECT_EQ(settings.media_timeout_seconds, 0U);
}

TEST_F(MediaConfigTest, TheBoundsThemselvesAreAccepted) {
    const MediaSettings low = parse(kXmpp + "[policy]\nmax_legs_per_conference = 1\n" +
                                    "[media]\nrtp_port_min = 1024\nrtp_port_max = 1025\n"
                                    "realtime_priority = 99\njitter_min_delay_ms = 20\n"
                                    "jitter_max_delay_ms = 20\ntalk_hangover_ms = 100\n"
                                    "media_timeout_seconds = 5\ndscp = 0\n")
                                  .media;
    EXPECT_EQ(low.rtp_port_min, 1024);
    EXPECT_EQ(low.rtp_port_max, 1025);
    EXPECT_EQ(low.realtime_priority, 99U);
    const MediaSettings high = parse(media("rtp_port_min = 65494\nrtp_port_max = 65535\n"
                                           "jitter_max_delay_ms = 500\ntalk_hangover_ms = 5000\n"
                                           "media_timeout_seconds = 3600\ndscp = 63\n"))
                                   .media;
    EXPECT_EQ(high.rtp_port_max, 65535);
    EXPECT_EQ(high.media_timeout_seconds, 3600U);
}

TEST_F(MediaConfigTest, UnknownKeyListsTheKnownOnes) {
    EXPECT_EQ(errorFor(media("rtp_port_minimum = 20000\n")),
              "bridge.toml:6: media.rtp_port_minimum: unknown key (known keys in [media]: "
              "rtp_port_min, rtp_port_max, dscp, realtime_priority, jitter_min_delay_ms, "
              "jitter_max_delay_ms, talk_hangover_ms, media_timeout_seconds)");
    EXPECT_EQ(errorFor("media = 5\n" + kXmpp),
              "bridge.toml:1: media: expected a table, written [media], got 5");
}

TEST_F(MediaConfigTest, WrongTypes) {
    EXPECT_EQ(errorFor(media("rtp_port_min = \"20000\"\n")),
              "bridge.toml:6: media.rtp_port_min: expected an integer between 1024 and 65534, "
              "got \"20000\"");
    EXPECT_EQ(errorFor(media("realtime_priority = true\n")),
              "bridge.toml:6: media.realtime_priority: expected an integer between 0 and 99, "
              "got true");
    EXPECT_EQ(errorFor(media("jitter_max_delay_ms = 200.0\n")),
              "bridge.toml:6: media.jitter_max_delay_ms: expected an integer between 20 and 500, "
              "got 200.0");
    EXPECT_EQ(errorFor(media("media_timeout_seconds = [30]\n")),
              "bridge.toml:6: media.media_timeout_seconds: expected an integer between 0 and "
              "3600, got an array");
}

TEST_F(MediaConfigTest, OutOfRange) {
    EXPECT_EQ(errorFor(media("rtp_port_min = 80\n")),
              "bridge.toml:6: media.rtp_port_min: expected an integer between 1024 and 65534, "
              "got 80");
    EXPECT_EQ(errorFor(media("rtp_port_max = 70000\n")),
              "bridge.toml:6: media.rtp_port_max: expected an integer between 1025 and 65535, "
              "got 70000");
    EXPECT_EQ(errorFor(media("dscp = 64\n")),
              "bridge.toml:6: media.dscp: expected an integer between 0 and 63, got 64");
    EXPECT_EQ(errorFor(media("realtime_priority = -1\n")),
              "bridge.toml:6: media.realtime_priority: expected an integer between 0 and 99, "
              "got -1");
    EXPECT_EQ(errorFor(media("realtime_priority = 100\n")),
              "bridge.toml:6: media.realtime_priority: expected an integer between 0 and 99, "
              "got 100");
    EXPECT_EQ(errorFor(media("jitter_min_delay_ms = 10\n")),
              "bridge.toml:6: media.jitter_min_delay_ms: expected an integer between 20 and 500, "
              "got 10");
    EXPECT_EQ(errorFor(media("talk_hangover_ms = 50\n")),
              "bridge.toml:6: media.talk_hangover_ms: expected an integer between 100 and 5000, "
              "got 50");
    EXPECT_EQ(errorFor(media("media_timeout_seconds = 3601\n")),
              "bridge.toml:6: media.media_timeout_seconds: expected an integer between 0 and "
              "3600, got 3601");
    // 1..4 s would end legs over an ordinary pause in a phone's RTP.
    EXPECT_EQ(errorFor(media("media_timeout_seconds = 2\n")),
              "bridge.toml:6: media.media_timeout_seconds: expected 0 (never) or an integer "
              "between 5 and 3600, got 2");
}

TEST_F(MediaConfigTest, RtpPortMinMustBeEven) {
    EXPECT_EQ(errorFor(media("rtp_port_min = 20001\n")),
              "bridge.toml:6: media.rtp_port_min: expected an even port (RTP takes the even port "
              "of each pair, RTCP the odd one above it), got 20001");
}

TEST_F(MediaConfigTest, RtpPortMaxMustBeAboveMin) {
    EXPECT_EQ(errorFor(media("rtp_port_min = 20000\nrtp_port_max = 20000\n")),
              "bridge.toml:7: media.rtp_port_max: expected rtp_port_max above rtp_port_min, got "
              "the range 20000..20000");
    // Only the minimum written: it is the key named, against the default maximum.
    EXPECT_EQ(errorFor(media("rtp_port_min = 40000\n")),
              "bridge.toml:6: media.rtp_port_min: expected rtp_port_max above rtp_port_min, got "
              "the range 40000..32767");
}

TEST_F(MediaConfigTest, RtpRangeHoldsAPairForEveryLegOfAConference) {
    // policy.max_legs_per_conference defaults to 20: 40 ports.
    EXPECT_EQ(errorFor(media("rtp_port_min = 20000\nrtp_port_max = 20009\n")),
              "bridge.toml:7: media.rtp_port_max: the range 20000..20009 holds 5 RTP/RTCP port "
              "pairs, fewer than policy.max_legs_per_conference (20); every leg needs a pair");
    // An even maximum leaves its port unused: 20000..20038 is 19 pairs.
    EXPECT_NE(errorFor(media("rtp_port_min = 20000\nrtp_port_max = 20038\n")).find("holds 19 "),
              std::string::npos);
    EXPECT_EQ(parse(media("rtp_port_min = 20000\nrtp_port_max = 20039\n")).media.rtp_port_max,
              20039);
    // With a smaller policy the small range is enough, and a larger one needs more.
    EXPECT_EQ(parse(kXmpp + "[policy]\nmax_legs_per_conference = 5\n" +
                    "[media]\nrtp_port_min = 20000\nrtp_port_max = 20009\n")
                  .media.rtp_port_max,
              20009);
    EXPECT_NE(errorFor(kXmpp + "[policy]\nmax_legs_per_conference = 1000\n" +
                       "[media]\nrtp_port_min = 20000\nrtp_port_max = 21000\n")
                  .find("holds 500 RTP/RTCP port pairs, fewer than "
                        "policy.max_legs_per_conference (1000)"),
              std::string::npos);
}

TEST_F(MediaConfigTest, JitterMinimumAtMostMaximum) {
    EXPECT_EQ(errorFor(media("jitter_min_delay_ms = 200\njitter_max_delay_ms = 100\n")),
              "bridge.toml:7: media.jitter_max_delay_ms: expected jitter_min_delay_ms (200) at "
              "most jitter_max_delay_ms (100)");
    // Only the minimum written, above the default maximum of 300.
    EXPECT_EQ(errorFor(media("jitter_min_delay_ms = 400\n")),
              "bridge.toml:6: media.jitter_min_delay_ms: expected jitter_min_delay_ms (400) at "
              "most jitter_max_delay_ms (300)");
}

}  // namespace
}  // namespace confab
