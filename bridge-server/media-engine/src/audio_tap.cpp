#include "confab/media/audio_tap.h"

#include <algorithm>

namespace confab::media {

AudioTap::AudioTap(std::size_t capacity_frames) : ring_(capacity_frames) {}

bool AudioTap::read(TapFrame& out) {
    return ring_.tryConsume([&](const TapFrame& frame) { out = frame; });
}

bool AudioTap::write(TapFrame::Source source, uint32_t id, uint64_t tick, MediaTime time,
                     bool silence, ConstFrameSpan samples) {
    const bool written = ring_.tryProduce([&](TapFrame& frame) {
        frame.source = source;
        frame.id = id;
        frame.tick = tick;
        frame.time = time;
        frame.silence = silence;
        std::copy(samples.begin(), samples.end(), frame.samples.begin());
    });
    auto& counter = written ? written_ : dropped_;
    counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    return written;
}

}  // namespace confab::media
