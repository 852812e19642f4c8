#include "media_context.h"

#include "media_leg.h"
#include "media_mix.h"

namespace confab::media {

void MediaContext::retire(RetiredObject&& object) {
    const bool holds_slot = object.leg || object.mix;
    const bool room = holds_slot || retired_.sizeApprox() + reserved_ < retired_.capacity();
    if (!room || !retired_.tryPush(std::move(object))) {
        // The control thread has not drained for a long while: destroy here
        // rather than wait, and count it (the only frees this thread does).
        MediaEngineMetrics::bump(metrics.retire_overflows);
        RetiredObject doomed = std::move(object);
    }
}

void MediaContext::retire(std::shared_ptr<const Prompt>&& prompt) {
    if (!prompt) return;
    RetiredObject object;
    object.prompt = std::move(prompt);
    retire(std::move(object));
}

void MediaContext::retire(std::shared_ptr<AudioTap>&& tap) {
    if (!tap) return;
    RetiredObject object;
    object.tap = std::move(tap);
    retire(std::move(object));
}

}  // namespace confab::media
