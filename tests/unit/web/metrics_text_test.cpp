#include "metrics_text.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

namespace confab::web {
namespace {

// Every non-comment line of the exposition: "name{labels} value" -> value.
std::map<std::string, std::string> samples(const std::string& text) {
    std::map<std::string, std::string> result;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.rfind(' ');
        result[line.substr(0, space)] = line.substr(space + 1);
    }
    return result;
}

MetricsView exampleMetrics() {
    MetricsView metrics;
    metrics.live_conferences = 2;
    metrics.live_legs = 5;
    metrics.dials_by_result = {{"connected", 7}, {"busy", 1}, {"denied", 3}};
    metrics.talker_events = 42;
    metrics.commands_rate_limited = 6;
    metrics.tick_p99_us = 1250;
    metrics.ticks = 100000;
    metrics.late_ticks = 4;
    metrics.rtp_dropped = 9;
    return metrics;
}

TEST(MetricsTextTest, EveryMetricHasHelpTypeAndItsValue) {
    const std::string text = metricsText(exampleMetrics(), 3600);
    auto values = samples(text);
    EXPECT_EQ(values["confab_live_conferences"], "2");
    EXPECT_EQ(values["confab_live_legs"], "5");
    EXPECT_EQ(values["confab_dials_total{result=\"connected\"}"], "7");
    EXPECT_EQ(values["confab_dials_total{result=\"busy\"}"], "1");
    EXPECT_EQ(values["confab_dials_total{result=\"denied\"}"], "3");
    EXPECT_EQ(values["confab_talker_events_total"], "42");
    EXPECT_EQ(values["confab_chat_commands_rate_limited_total"], "6");
    EXPECT_DOUBLE_EQ(std::stod(values["confab_mixer_tick_p99_seconds"]), 0.00125);
    EXPECT_EQ(values["confab_mixer_ticks_total"], "100000");
    EXPECT_EQ(values["confab_mixer_late_ticks_total"], "4");
    EXPECT_EQ(values["confab_rtp_dropped_packets_total"], "9");
    EXPECT_EQ(values["confab_uptime_seconds"], "3600");

    for (const char* name : {"confab_live_conferences", "confab_live_legs", "confab_dials_total",
                             "confab_talker_events_total", "confab_mixer_tick_p99_seconds", "confab_mixer_ticks_total",
                             "confab_mixer_late_ticks_total", "confab_rtp_dropped_packets_total",
                             "confab_chat_commands_rate_limited_total", "confab_uptime_seconds"}) {
        EXPECT_NE(text.find(std::string("# HELP ") + name + " "), std::string::npos) << name;
        EXPECT_NE(text.find(std::string("# TYPE ") + name + " "), std::string::npos) << name;
    }
    EXPECT_NE(text.find("# TYPE confab_dials_total counter\n"), std::string::npos);
    EXPECT_NE(text.find("# TYPE confab_live_legs gauge\n"), std::string::npos);
    EXPECT_EQ(text.back(), '\n');
}

TEST(MetricsTextTest, EachMetricIsDescribedOnceAndBeforeItsSamples) {
    const std::string text = metricsText(exampleMetrics(), 1);
    std::istringstream lines(text);
    std::string line;
    std::set<std::string> typed;
    while (std::getline(lines, line)) {
        if (line.rfind("# TYPE ", 0) == 0) {
            const std::string name = line.substr(7, line.find(' ', 7) - 7);
            EXPECT_TRUE(typed.insert(name).second) << "TYPE twice for " << name;
        } else if (!line.empty() && line[0] != '#') {
            const std::string name = line.substr(0, line.find_first_of("{ "));
            EXPECT_TRUE(typed.count(name)) << "sample before its TYPE: " << line;
        }
    }
}

TEST(MetricsTextTest, LabelValuesAreEscaped) {
    EXPECT_EQ(escapeLabelValue(R"(a"b\c)" "\n" "d"), R"(a\"b\\c\nd)");
    MetricsView metrics;
    metrics.dials_by_result = {{"odd\"one\n", 1}};
    const std::string text = metricsText(metrics, 0);
    EXPECT_NE(text.find("confab_dials_total{result=\"odd\\\"one\\n\"} 1\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace confab::web
