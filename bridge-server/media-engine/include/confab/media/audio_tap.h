// AudioTap: a read-only copy of a leg's or a mix's audio, handed OFF the
// media thread for plugins such as recording.
//
// A bounded SPSC ring of fixed-size TapFrames (one per 20 ms tick), allocated
// when the tap is built. The media thread writes a frame per tick while the
// tap is attached; when the reader lags and the ring is full, the frame is
// dropped and counted (dropped()), never waited for. What is copied:
//   - leg tap: the leg's received audio after the jitter buffer (what the
//     mix gets from it), zeros with silence = true when it sent nothing;
//   - mix tap: the conference as a non-talker hears it (every contributing,
//     unmuted leg plus a mix prompt, summed and clamped), silence = true
//     when nobody contributed.
// The reader polls (say every 100 ms: a 256-frame ring holds 5 s).
//
// Thread contract: build on any thread, attach with MediaEngine::attach*Tap
// (the engine holds a shared_ptr until detached, and hands it back to the
// control thread to release). write() is called only by the media thread;
// read() only by ONE reader thread of the plugin's choosing. Counters: any
// thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "confab/media/media_format.h"
#include "confab/media/spsc_queue.h"

namespace confab::media {

struct TapFrame {
    enum class Source : uint8_t { Leg, Mix };
    Source source = Source::Leg;
    uint32_t id = 0;    // LegId or MixId
    uint64_t tick = 0;  // media tick number: consecutive frames differ by 1
    MediaTime time{};   // steady_clock time of the tick
    bool silence = true;
    Frame samples{};
};

class AudioTap {
  public:
    explicit AudioTap(std::size_t capacity_frames = 256);

    // Reader thread: the oldest frame, false when none is waiting.
    bool read(TapFrame& out);

    // Media thread: copies one frame in; false (counted) when the ring is full.
    bool write(TapFrame::Source source, uint32_t id, uint64_t tick, MediaTime time, bool silence,
               ConstFrameSpan samples);

    uint64_t written() const { return written_.load(std::memory_order_relaxed); }
    uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
    std::size_t capacity() const { return ring_.capacity(); }

  private:
    SpscQueue<TapFrame> ring_;
    std::atomic<uint64_t> written_{0};
    std::atomic<uint64_t> dropped_{0};
};

}  // namespace confab::media
