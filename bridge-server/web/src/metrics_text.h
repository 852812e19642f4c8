// /metrics: the bridge's counters in the Prometheus text exposition format
// 0.0.4 (HELP and TYPE lines, one sample per line, label values escaped).
//
// Thread contract: a pure function, callable from any thread.
#pragma once

#include <string>
#include <string_view>

#include "confab/web/admin_views.h"

namespace confab::web {

// The Content-Type /metrics answers with.
inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

// Backslash, double quote and newline escaped as the format requires.
std::string escapeLabelValue(std::string_view value);

std::string metricsText(const MetricsView& metrics, std::int64_t uptime_seconds);

}  // namespace confab::web
