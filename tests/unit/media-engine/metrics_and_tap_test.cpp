#include <gtest/gtest.h>

#include "confab/media/audio_tap.h"
#include "confab/media/media_engine_metrics.h"

namespace confab::media {
namespace {

TEST(TickHistogram, BucketsAndPercentiles) {
    EXPECT_EQ(TickHistogram::bucketFor(0), 0u);
    EXPECT_EQ(TickHistogram::bucketFor(15), 1u);
    EXPECT_EQ(TickHistogram::bucketFor(1999), 199u);
    EXPECT_EQ(TickHistogram::bucketFor(2000), 200u);
    EXPECT_EQ(TickHistogram::bucketFor(19999), 379u);
    EXPECT_EQ(TickHistogram::bucketFor(50000), TickHistogram::kBuckets - 1);
    EXPECT_EQ(TickHistogram::upperBoundUs(0), 10u);
    EXPECT_EQ(TickHistogram::upperBoundUs(200), 2100u);

    MediaEngineMetrics metrics;
    for (int i = 0; i < 98; ++i) metrics.recordTick(95);  // bucket 9: <= 100 us
    metrics.recordTick(3050);                             // <= 3100 us
    metrics.recordTick(25000);                            // overflow
    const auto snapshot = metrics.snapshot();
    EXPECT_DOUBLE_EQ(snapshot.tickPercentileUs(0.5), 100.0);
    EXPECT_DOUBLE_EQ(snapshot.tickPercentileUs(0.99), 3100.0);
    EXPECT_DOUBLE_EQ(snapshot.tickPercentileUs(1.0), 20000.0);
    EXPECT_EQ(snapshot.max_tick_us, 25000u);
}

TEST(MediaEngineMetrics, SinceGivesTheInterval) {
    MediaEngineMetrics metrics;
    MediaEngineMetrics::bump(metrics.ticks, 10);
    metrics.drop(DropReason::WrongSsrc, 3);
    metrics.recordTick(50);
    const auto before = metrics.snapshot();
    MediaEngineMetrics::bump(metrics.ticks, 5);
    MediaEngineMetrics::bump(metrics.late_ticks, 1);
    metrics.drop(DropReason::WrongSsrc, 2);
    metrics.recordTick(4000);
    const auto delta = metrics.snapshot().since(before);
    EXPECT_EQ(delta.ticks, 5u);
    EXPECT_EQ(delta.drop(DropReason::WrongSsrc), 2u);
    EXPECT_EQ(delta.totalDrops(), 2u);
    EXPECT_DOUBLE_EQ(delta.lateTickFraction(), 0.2);
    EXPECT_DOUBLE_EQ(delta.tickPercentileUs(0.5), 4100.0);  // only the second tick
    EXPECT_EQ(toString(DropReason::SendError), "send_error");
}

TEST(AudioTap, CopiesFramesAndCountsDropsWhenFull) {
    AudioTap tap(2);
    Frame frame{};
    frame[0] = 123;
    EXPECT_TRUE(tap.write(TapFrame::Source::Mix, 7, 1, MediaTime(20000), false, frame));
    EXPECT_TRUE(tap.write(TapFrame::Source::Mix, 7, 2, MediaTime(40000), true, frame));
    EXPECT_FALSE(tap.write(TapFrame::Source::Mix, 7, 3, MediaTime(60000), false, frame));
    EXPECT_EQ(tap.written(), 2u);
    EXPECT_EQ(tap.dropped(), 1u);
    TapFrame out;
    ASSERT_TRUE(tap.read(out));
    EXPECT_EQ(out.id, 7u);
    EXPECT_EQ(out.tick, 1u);
    EXPECT_EQ(out.samples[0], 123);
    EXPECT_FALSE(out.silence);
    ASSERT_TRUE(tap.read(out));
    EXPECT_TRUE(out.silence);
    EXPECT_FALSE(tap.read(out));
}

}  // namespace
}  // namespace confab::media
