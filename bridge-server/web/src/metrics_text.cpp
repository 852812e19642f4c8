#include "metrics_text.h"

#include <cmath>
#include <cstdio>

namespace confab::web {
namespace {

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

std::string number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
    return buffer;
}

void sample(std::string& out, const char* name, const std::string& value) {
    out += name;
    out += ' ';
    out += value;
    out += '\n';
}

}  // namespace

std::string escapeLabelValue(std::string_view value) {
    std::string escaped;
    escaped.reserve(value.size());
    for (char c : value) {
        switch (c) {
            case '\\': escaped += "\\\\"; break;
            case '"': escaped += "\\\""; break;
            case '\n': escaped += "\\n"; break;
            default: escaped += c;
        }
    }
    return escaped;
}

std::string metricsText(const MetricsView& metrics, std::int64_t uptime_seconds) {
    std::string out;
    header(out, "confab_live_conferences", "gauge", "Conferences running now.");
    sample(out, "confab_live_conferences", std::to_string(metrics.live_conferences));
    header(out, "confab_live_legs", "gauge", "Phone legs in live conferences that have not ended.");
    sample(out, "confab_live_legs", std::to_string(metrics.live_legs));
    header(out, "confab_dials_total", "counter", "Dials since start, by how they ended or stand.");
    for (const auto& [result, count] : metrics.dials_by_result) {
        out += "confab_dials_total{result=\"" + escapeLabelValue(result) + "\"} " + std::to_string(count) + '\n';
    }
    header(out, "confab_talker_events_total", "counter", "Talk-start and talk-stop events since start.");
    sample(out, "confab_talker_events_total", std::to_string(metrics.talker_events));
    header(out, "confab_chat_commands_rate_limited_total", "counter",
           "Chat commands refused since start because their sender sent too many too fast.");
    sample(out, "confab_chat_commands_rate_limited_total", std::to_string(metrics.commands_rate_limited));
    header(out, "confab_mixer_tick_p99_seconds", "gauge", "99th percentile of the mixer tick's duration since start.");
    sample(out, "confab_mixer_tick_p99_seconds", number(metrics.tick_p99_us / 1e6));
    header(out, "confab_mixer_ticks_total", "counter", "Mixer ticks since start.");
    sample(out, "confab_mixer_ticks_total", std::to_string(metrics.ticks));
    header(out, "confab_mixer_late_ticks_total", "counter", "Mixer ticks that started late since start.");
    sample(out, "confab_mixer_late_ticks_total", std::to_string(metrics.late_ticks));
    header(out, "confab_rtp_dropped_packets_total", "counter",
           "RTP packets dropped (wrong source or malformed) since start.");
    sample(out, "confab_rtp_dropped_packets_total", std::to_string(metrics.rtp_dropped));
    header(out, "confab_uptime_seconds", "gauge", "Seconds since the bridge started.");
    sample(out, "confab_uptime_seconds", std::to_string(uptime_seconds));
    return out;
}

}  // namespace confab::web
