// MediaEngineMetrics: the media engine's counters, written by the media
// thread with relaxed atomics (each counter has one writing thread) and read
// from any thread as a MediaEngineMetricsSnapshot. Nothing here allocates.
//
// Tick duration goes into a fixed histogram: 10 us buckets up to 2 ms, then
// 100 us buckets up to 20 ms, then one overflow bucket, so p50/p99 come out
// with no sorting and no per-tick storage. Take two snapshots and call
// later.since(earlier) to get the figures of the interval between them.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace confab::media {

enum class DropReason : uint8_t {
    WrongAddress,        // strict source: not the peer's IP
    WrongPort,           // strict source: the peer's IP, another port
    WrongSsrc,           // strict source: not the latched SSRC
    Malformed,           // not parseable RTP
    UnknownPayloadType,  // a payload type the leg did not negotiate
    LegIdle,             // arrived before startLeg, or while the peer should not send
    JitterLate,          // after its playout time
    JitterDuplicate,
    JitterOverflow,  // the jitter buffer evicted a slot
    JitterRejected,  // empty or longer than the jitter buffer's slots
    RtcpMalformed,
    RtcpForeign,   // RTCP from a host other than the peer's
    ReceiveError,  // recvmmsg failed (not EAGAIN)
    SendError,     // sendto failed (socket buffer full, unreachable, ...)
};
inline constexpr std::size_t kDropReasonCount = 14;
std::string_view toString(DropReason reason);

class TickHistogram {
  public:
    static constexpr std::size_t kFineBuckets = 200;    // 10 us each, to 2 ms
    static constexpr std::size_t kCoarseBuckets = 180;  // 100 us each, to 20 ms
    static constexpr std::size_t kBuckets = kFineBuckets + kCoarseBuckets + 1;

    static std::size_t bucketFor(uint64_t duration_us);
    // Upper bound of a bucket in microseconds (the overflow bucket: 20 ms+).
    static uint64_t upperBoundUs(std::size_t bucket);
    // The q-quantile (0..1) of the counts, as a bucket's upper bound; 0 when empty.
    static double percentileUs(const std::array<uint64_t, kBuckets>& counts, double q);
};

struct MediaEngineMetricsSnapshot {
    uint64_t ticks = 0;          // ticks run
    uint64_t late_ticks = 0;     // ran after deadline + late_tick_threshold, or skipped
    uint64_t skipped_ticks = 0;  // never run (stall beyond max_catch_up_ticks)
    uint64_t packets_in = 0;     // datagrams read (RTP and RTCP)
    uint64_t packets_out = 0;    // RTP packets sent
    uint64_t rtcp_in = 0;
    uint64_t rtcp_out = 0;
    std::array<uint64_t, kDropReasonCount> drops{};
    uint64_t events_emitted = 0;
    uint64_t event_overflows = 0;     // events lost because the control thread lagged
    uint64_t retire_overflows = 0;    // objects destroyed on the media thread (hand-back full)
    uint64_t command_rejections = 0;  // control calls refused because the command queue was full
    uint64_t live_legs = 0;           // opened, not yet closed (media thread's view)
    uint64_t started_legs = 0;        // in a mix
    uint64_t live_mixes = 0;
    uint64_t media_cpu_ns = 0;         // CPU time of the media thread
    uint64_t media_wall_ns = 0;        // wall time since the media thread started
    uint64_t tick_cpu_ns = 0;          // media thread CPU spent inside ticks (not receiving)
    uint64_t realtime_scheduling = 0;  // 1 when the media thread got SCHED_FIFO
    uint64_t max_tick_us = 0;          // longest tick since start (not affected by since())
    std::array<uint64_t, TickHistogram::kBuckets> tick_histogram{};

    uint64_t drop(DropReason reason) const { return drops[static_cast<std::size_t>(reason)]; }
    uint64_t totalDrops() const;
    double tickPercentileUs(double q) const {
        return TickHistogram::percentileUs(tick_histogram, q);
    }
    // Late (and skipped) ticks over ticks due.
    double lateTickFraction() const;
    // Media thread CPU over wall time (1.0 = one core busy).
    double cpuFraction() const;
    // Mean CPU time of one tick, in microseconds (wall-clock tick durations
    // also count time the thread was preempted).
    double meanTickCpuUs() const;
    // Counters of the interval (this - earlier); gauges keep this snapshot's values.
    MediaEngineMetricsSnapshot since(const MediaEngineMetricsSnapshot& earlier) const;
};

class MediaEngineMetrics {
  public:
    using Counter = std::atomic<uint64_t>;

    // Single-writer increment: a plain load/add/store, no locked instruction.
    static void bump(Counter& counter, uint64_t n = 1) {
        counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    void drop(DropReason reason, uint64_t n = 1) {
        bump(drops[static_cast<std::size_t>(reason)], n);
    }
    void recordTick(uint64_t duration_us);

    MediaEngineMetricsSnapshot snapshot() const;

    // Written by the media thread.
    Counter ticks{0};
    Counter late_ticks{0};
    Counter skipped_ticks{0};
    Counter packets_in{0};
    Counter packets_out{0};
    Counter rtcp_in{0};
    Counter rtcp_out{0};
    std::array<Counter, kDropReasonCount> drops{};
    Counter events_emitted{0};
    Counter event_overflows{0};
    Counter retire_overflows{0};
    Counter live_legs{0};
    Counter started_legs{0};
    Counter live_mixes{0};
    Counter media_cpu_ns{0};
    Counter media_wall_ns{0};
    Counter tick_cpu_ns{0};
    Counter realtime_scheduling{0};
    Counter max_tick_us{0};
    std::array<Counter, TickHistogram::kBuckets> tick_histogram{};
    // Written by the control thread.
    Counter command_rejections{0};
};

}  // namespace confab::media
