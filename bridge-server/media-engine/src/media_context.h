// MediaContext: what a leg or a mix needs from the media thread while it
// works: this tick's time and number, the counters, and the two outbound
// queues (events, objects handed back). Owned by MediaWorker and passed by
// reference; media thread only. Nothing here waits: a full event queue
// counts an overflow; a prompt or tap that finds no hand-back room is
// released in place and counted (retire_overflows).
#pragma once

#include <cstdint>
#include <memory>

#include "confab/media/audio_tap.h"
#include "confab/media/media_engine_metrics.h"
#include "confab/media/media_event.h"
#include "confab/media/prompt.h"
#include "confab/media/spsc_queue.h"
#include "retired_object.h"

namespace confab::media {

class MediaContext {
  public:
    // `reserved`: hand-back slots kept for legs and mixes (max_legs +
    // max_mixes), which therefore always fit: a slot is reused only after
    // its object came back. Prompts and taps get the rest.
    MediaContext(SpscQueue<MediaEvent>& events, SpscQueue<RetiredObject>& retired,
                 std::size_t reserved, MediaEngineMetrics& engine_metrics)
        : metrics(engine_metrics), events_(events), retired_(retired), reserved_(reserved) {}

    // Fills a queue slot in place: `fill(MediaEvent&)` sets the payload after
    // kind/leg/mix/time are set. False (counted) when the queue is full.
    template <typename Fill>
    bool emit(MediaEventKind kind, LegId leg, MixId mix, Fill&& fill) {
        const bool pushed = events_.tryProduce([&](MediaEvent& event) {
            event.kind = kind;
            event.leg = leg;
            event.mix = mix;
            event.time = now;
            event.digit = '\0';
            event.stats.final = false;
            fill(event);
        });
        if (pushed) {
            MediaEngineMetrics::bump(metrics.events_emitted);
            events_pending_ = true;
        } else {
            MediaEngineMetrics::bump(metrics.event_overflows);
        }
        return pushed;
    }
    bool emit(MediaEventKind kind, LegId leg, MixId mix) {
        return emit(kind, leg, mix, [](MediaEvent&) {});
    }

    void retire(RetiredObject&& object);
    void retire(std::shared_ptr<const Prompt>&& prompt);
    void retire(std::shared_ptr<AudioTap>&& tap);

    // True once since the last call if events were pushed (the worker then
    // signals the eventfd once).
    bool takeEventsPending() {
        const bool pending = events_pending_;
        events_pending_ = false;
        return pending;
    }

    MediaTime now{};
    uint64_t tick = 0;
    MediaEngineMetrics& metrics;

  private:
    SpscQueue<MediaEvent>& events_;
    SpscQueue<RetiredObject>& retired_;
    std::size_t reserved_;
    bool events_pending_ = false;
};

}  // namespace confab::media
