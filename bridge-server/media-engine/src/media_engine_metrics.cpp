#include "confab/media/media_engine_metrics.h"

#include <algorithm>
#include <cmath>

namespace confab::media {

std::string_view toString(DropReason reason) {
    switch (reason) {
        case DropReason::WrongAddress:
            return "wrong_address";
        case DropReason::WrongPort:
            return "wrong_port";
        case DropReason::WrongSsrc:
            return "wrong_ssrc";
        case DropReason::Malformed:
            return "malformed";
        case DropReason::UnknownPayloadType:
            return "unknown_payload_type";
        case DropReason::LegIdle:
            return "leg_idle";
        case DropReason::JitterLate:
            return "jitter_late";
        case DropReason::JitterDuplicate:
            return "jitter_duplicate";
        case DropReason::JitterOverflow:
            return "jitter_overflow";
        case DropReason::JitterRejected:
            return "jitter_rejected";
        case DropReason::RtcpMalformed:
            return "rtcp_malformed";
        case DropReason::RtcpForeign:
            return "rtcp_foreign";
        case DropReason::ReceiveError:
            return "receive_error";
        case DropReason::SendError:
            return "send_error";
    }
    return "unknown";
}

std::size_t TickHistogram::bucketFor(uint64_t duration_us) {
    if (duration_us < kFineBuckets * 10) return static_cast<std::size_t>(duration_us / 10);
    const uint64_t coarse = (duration_us - kFineBuckets * 10) / 100;
    if (coarse < kCoarseBuckets) return kFineBuckets + static_cast<std::size_t>(coarse);
    return kBuckets - 1;
}

uint64_t TickHistogram::upperBoundUs(std::size_t bucket) {
    if (bucket < kFineBuckets) return (bucket + 1) * 10;
    if (bucket < kFineBuckets + kCoarseBuckets)
        return kFineBuckets * 10 + (bucket - kFineBuckets + 1) * 100;
    return kFineBuckets * 10 + kCoarseBuckets * 100;  // 20 ms and beyond
}

double TickHistogram::percentileUs(const std::array<uint64_t, kBuckets>& counts, double q) {
    uint64_t total = 0;
    for (const uint64_t c : counts) total += c;
    if (total == 0) return 0.0;
    const auto rank =
        static_cast<uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(total)));
    uint64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
        seen += counts[i];
        if (seen >= std::max<uint64_t>(rank, 1)) return static_cast<double>(upperBoundUs(i));
    }
    return static_cast<double>(upperBoundUs(kBuckets - 1));
}

void MediaEngineMetrics::recordTick(uint64_t duration_us) {
    bump(tick_histogram[TickHistogram::bucketFor(duration_us)]);
    if (duration_us > max_tick_us.load(std::memory_order_relaxed)) {
        max_tick_us.store(duration_us, std::memory_order_relaxed);
    }
}

MediaEngineMetricsSnapshot MediaEngineMetrics::snapshot() const {
    const auto get = [](const Counter& c) { return c.load(std::memory_order_relaxed); };
    MediaEngineMetricsSnapshot s;
    s.ticks = get(ticks);
    s.late_ticks = get(late_ticks);
    s.skipped_ticks = get(skipped_ticks);
    s.packets_in = get(packets_in);
    s.packets_out = get(packets_out);
    s.rtcp_in = get(rtcp_in);
    s.rtcp_out = get(rtcp_out);
    for (std::size_t i = 0; i < kDropReasonCount; ++i) s.drops[i] = get(drops[i]);
    s.events_emitted = get(events_emitted);
    s.event_overflows = get(event_overflows);
    s.retire_overflows = get(retire_overflows);
    s.command_rejections = get(command_rejections);
    s.live_legs = get(live_legs);
    s.started_legs = get(started_legs);
    s.live_mixes = get(live_mixes);
    s.media_cpu_ns = get(media_cpu_ns);
    s.media_wall_ns = get(media_wall_ns);
    s.tick_cpu_ns = get(tick_cpu_ns);
    s.realtime_scheduling = get(realtime_scheduling);
    s.max_tick_us = get(max_tick_us);
    for (std::size_t i = 0; i < TickHistogram::kBuckets; ++i)
        s.tick_histogram[i] = get(tick_histogram[i]);
    return s;
}

uint64_t MediaEngineMetricsSnapshot::totalDrops() const {
    uint64_t total = 0;
    for (const uint64_t d : drops) total += d;
    return total;
}

double MediaEngineMetricsSnapshot::lateTickFraction() const {
    const uint64_t due = ticks + skipped_ticks;
    return due == 0 ? 0.0 : static_cast<double>(late_ticks) / static_cast<double>(due);
}

double MediaEngineMetricsSnapshot::cpuFraction() const {
    return media_wall_ns == 0
               ? 0.0
               : static_cast<double>(media_cpu_ns) / static_cast<double>(media_wall_ns);
}

double MediaEngineMetricsSnapshot::meanTickCpuUs() const {
    return ticks == 0 ? 0.0
                      : static_cast<double>(tick_cpu_ns) / 1000.0 / static_cast<double>(ticks);
}

MediaEngineMetricsSnapshot MediaEngineMetricsSnapshot::since(
    const MediaEngineMetricsSnapshot& earlier) const {
    MediaEngineMetricsSnapshot d = *this;  // gauges and max stay as they are now
    d.ticks -= earlier.ticks;
    d.late_ticks -= earlier.late_ticks;
    d.skipped_ticks -= earlier.skipped_ticks;
    d.packets_in -= earlier.packets_in;
    d.packets_out -= earlier.packets_out;
    d.rtcp_in -= earlier.rtcp_in;
    d.rtcp_out -= earlier.rtcp_out;
    for (std::size_t i = 0; i < kDropReasonCount; ++i) d.drops[i] -= earlier.drops[i];
    d.events_emitted -= earlier.events_emitted;
    d.event_overflows -= earlier.event_overflows;
    d.retire_overflows -= earlier.retire_overflows;
    d.command_rejections -= earlier.command_rejections;
    d.media_cpu_ns -= earlier.media_cpu_ns;
    d.media_wall_ns -= earlier.media_wall_ns;
    d.tick_cpu_ns -= earlier.tick_cpu_ns;
    for (std::size_t i = 0; i < TickHistogram::kBuckets; ++i) {
        d.tick_histogram[i] -= earlier.tick_histogram[i];
    }
    return d;
}

}  // namespace confab::media
