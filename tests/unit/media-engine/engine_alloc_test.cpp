// "The media path never allocates": count every malloc/calloc/realloc (and so
// every operator new) made on the thread named "confab-media" while a
// conference with talkers, DTMF in and out, RTCP, stats, prompts and taps
// runs in steady state. malloc is interposed for this executable only.
#include <gtest/gtest.h>
#include <sys/prctl.h>

#include <atomic>
#include <cstring>

#include "confab/media/telephone_event_sender.h"
#include "engine_harness.h"
#include "signal_analysis.h"

extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t count, size_t size);
void* __libc_realloc(void* pointer, size_t size);
}

namespace {
std::atomic<bool> g_armed{false};
std::atomic<uint64_t> g_media_allocations{0};

void countIfMediaThread() {
    if (!g_armed.load(std::memory_order_relaxed)) return;
    char name[17] = {};
    prctl(PR_GET_NAME, name);  // a syscall, no allocation
    if (std::strcmp(name, "confab-media") == 0) {
        g_media_allocations.fetch_add(1, std::memory_order_relaxed);
    }
}
}  // namespace

extern "C" void* malloc(size_t size) {
    countIfMediaThread();
    return __libc_malloc(size);
}
extern "C" void* calloc(size_t count, size_t size) {
    countIfMediaThread();
    return __libc_calloc(count, size);
}
extern "C" void* realloc(void* pointer, size_t size) {
    countIfMediaThread();
    return __libc_realloc(pointer, size);
}

namespace confab::media::test {
namespace {

using std::chrono::milliseconds;

TEST(MediaEngineAllocations, SteadyStateMediaThreadDoesNotAllocate) {
    auto config = EngineHarness::testConfig();
    config.rtcp_interval = milliseconds(300);
    config.stats_interval = milliseconds(200);
    EngineHarness h(config);
    ASSERT_EQ(h.engine().createMix(1, 8), MediaError::None);
    RtpPeer a(Codec::Pcmu, 101), b, c(Codec::Pcma);
    const LegId leg_a = h.addLeg(a, 1);
    const LegId leg_b = h.addLeg(b, 1);
    h.addLeg(c, 1);
    // a talks in bursts (talk events), b holds a tone, c is silent with loss.
    h.stream(a, [source = std::make_shared<ToneSource>(300, -20)](FrameSpan out, uint64_t tick) {
        if (tick % 100 < 40) {
            source->next(out);
        } else {
            std::fill(out.begin(), out.end(), int16_t{0});
        }
        return true;
    });
    h.stream(b, tone(660, -20));
    h.stream(c, silence(), 0.1);
    TelephoneEventSender sender;
    h.onTick([&](uint64_t tick) {
        if (tick % 50 == 45 && !sender.busy())
            sender.start('5', milliseconds(60), a.nextTimestamp());
        if (sender.busy()) {
            std::array<uint8_t, 4> payload;
            const auto packet = sender.next(payload);
            a.sendEvent(payload, packet->marker, packet->timestamp);
        }
    });
    h.run(milliseconds(1500));  // warm up: legs started, first events out

    auto tap = std::make_shared<AudioTap>(16);  // small: it will overflow, which must not allocate
    ASSERT_EQ(h.engine().setMixTap(1, tap), MediaError::None);
    h.run(milliseconds(200));
    g_armed = true;
    ASSERT_EQ(h.engine().sendDtmf(leg_a, "12"), MediaError::None);
    ASSERT_EQ(h.engine().sendDtmf(leg_b, "34"), MediaError::None);
    ASSERT_EQ(h.engine().playPrompt(leg_b, std::make_shared<const Prompt>(Prompt::fromSamples(
                                               std::vector<int16_t>(4000, 500)))),
              MediaError::None);
    ASSERT_EQ(h.engine().setMuted(leg_b, true), MediaError::None);
    h.run(milliseconds(3000));
    g_armed = false;

    EXPECT_EQ(g_media_allocations.load(), 0u);
    EXPECT_GT(h.eventsOf(MediaEventKind::TalkStarted, leg_a).size(), 1u);
    EXPECT_FALSE(h.eventsOf(MediaEventKind::Dtmf, leg_a).empty());
    EXPECT_FALSE(h.eventsOf(MediaEventKind::PromptFinished, leg_b).empty());
    EXPECT_GT(tap->dropped(), 0u);
    EXPECT_GT(h.engine().metrics().rtcp_out, 10u);
}

}  // namespace
}  // namespace confab::media::test
