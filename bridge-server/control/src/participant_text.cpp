#include "participant_text.h"

#include <algorithm>
#include <cstdio>

namespace confab::bridge {

std::string qualityVerdict(const media::LegQuality& quality) {
    const double loss = std::max(quality.fraction_lost, quality.remote_report_known ? quality.remote_fraction_lost : 0.0);
    const double jitter = std::max(quality.jitter_ms, quality.remote_report_known ? quality.remote_jitter_ms : 0.0);
    if (loss > 0.05 || jitter > 80.0) return "poor";
    if (loss > 0.01 || jitter > 30.0) return "fair";
    return "good";
}

std::string formatParticipantLine(const ParticipantLine& line) {
    std::string text = std::to_string(line.index) + ". " + line.name + ": " + line.state;
    if (line.talking) text += ", talking";
    if (line.muted) text += ", muted";
    if (line.has_quality) {
        char figures[160];
        std::snprintf(figures, sizeof figures, "; quality %s (loss %.1f%%, jitter %.0f ms",
                      qualityVerdict(line.quality).c_str(), line.quality.fraction_lost * 100.0,
                      line.quality.jitter_ms);
        text += figures;
        if (line.quality.rtt_known) {
            std::snprintf(figures, sizeof figures, ", round trip %.0f ms", line.quality.rtt_ms);
            text += figures;
        }
        text += ")";
    }
    return text;
}

}  // namespace confab::bridge
