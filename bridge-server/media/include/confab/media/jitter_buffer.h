// JitterBuffer: adaptive playout buffer with packet-loss concealment for one
// incoming stream, producing exactly one 20 ms linear frame per mixer tick.
//
// Why our own and not speexdsp's JitterBuffer: jitter_buffer_put() copies
// every packet into speex_alloc()ed memory (unless a destroy callback hands it
// ownership of caller memory), and its get/tick/remaining-span protocol still
// needs a resampling-free playout clock around it. This one is a fixed ring of
// `slot_count` packet slots, sized at construction, holding decoded samples
// indexed by RTP timestamp; put() and get() never allocate.
//
// Playout: a playout timestamp advances 160 samples per get(). Delay adapts:
//   - target delay = 95th percentile of the relative transit time over the
//     last 64 packets + safety margin, clamped to [min_delay, max_delay];
//   - grow: a packet that arrives after its playout time makes the next get()
//     conceal one frame without advancing (20 ms more buffering);
//   - shrink: when the buffer held more than target + one frame throughout
//     half a second, one frame is dropped: a quiet one if one comes within
//     200 ms, else the next;
//   - rebase: a new SSRC, or a timestamp jump beyond max_delay between
//     packets in sequence, maps the new timestamps to continue right after
//     the newest buffered audio, so nothing already buffered is lost;
//   - resync: three late packets in a row, a packet too far ahead without
//     sequence continuity, or the first packet after the stream went silent
//     (talkspurt start after DTX) re-anchors playout `target` behind it.
// Reordering is absorbed by the timestamp index; duplicates are detected with
// a 128-packet sequence window and dropped.
// Loss: missing samples are concealed with spandsp's PLC (plc_fillin, which
// itself fades to zero over 50 ms); after `concealment_frames` missing frames
// in a row the output is plain silence (FrameKind::Silence).
//
// Thread contract: owned by the media thread; every member is called on it.
// Samples go in already decoded (any codec); the caller decodes into a stack
// buffer. No allocation after construction, no exceptions.
#pragma once

#include <array>
#include <bitset>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "confab/media/media_format.h"

namespace confab::media {

struct JitterBufferConfig {
    std::size_t slot_count = 32;
    std::size_t max_packet_samples = 320;  // longest accepted packet (40 ms)
    std::chrono::milliseconds min_delay{20};
    std::chrono::milliseconds initial_delay{60};
    std::chrono::milliseconds max_delay{300};
    std::chrono::milliseconds safety_margin{10};
    int concealment_frames = 3;
};

struct JitterPacket {
    uint16_t sequence = 0;
    uint32_t timestamp = 0;
    uint32_t ssrc = 0;
};

enum class FrameKind : uint8_t {
    Audio,      // at least part of the frame is received audio
    Concealed,  // synthesised by PLC
    Silence,    // nothing to play: the caller treats the leg as "no audio"
};

struct JitterBufferCounters {
    uint64_t received = 0;
    uint64_t late = 0;
    uint64_t duplicate = 0;
    uint64_t overflow = 0;  // a slot was evicted to make room
    uint64_t rejected = 0;  // empty or longer than max_packet_samples
    uint64_t audio_frames = 0;
    uint64_t concealed_frames = 0;
    uint64_t silence_frames = 0;
    uint64_t resyncs = 0;
    uint64_t ssrc_restarts = 0;
    uint64_t grows = 0;
    uint64_t shrinks = 0;
};

class JitterBuffer {
  public:
    explicit JitterBuffer(const JitterBufferConfig& config = {});
    ~JitterBuffer();
    JitterBuffer(const JitterBuffer&) = delete;
    JitterBuffer& operator=(const JitterBuffer&) = delete;

    // Stores one packet's decoded samples. Returns false when the packet was
    // dropped (late, duplicate, rejected); the counters say why.
    bool put(const JitterPacket& packet, std::span<const int16_t> samples, MediaTime arrival);

    // The next 20 ms of playout; call once per tick. Writes exactly the 160
    // samples of `out` (PLC runs in an internal scratch with headroom).
    FrameKind get(FrameSpan out);

    // Forget everything (e.g. the leg was put on hold).
    void reset();

    const JitterBufferCounters& counters() const { return counters_; }
    int targetDelayMs() const { return target_delay_ / kSamplesPerMs; }
    // Audio buffered ahead of the playout point.
    int bufferedMs() const;

  private:
    struct Slot {
        bool used = false;
        uint16_t sequence = 0;
        uint32_t timestamp = 0;
        uint32_t length = 0;
    };
    struct Plc;

    int16_t* slotSamples(std::size_t index) {
        return storage_.data() + index * config_.max_packet_samples;
    }
    void anchor(uint32_t timestamp);
    void clearSlots();
    bool isDuplicate(uint16_t sequence);
    void recordTransit(uint32_t timestamp, MediaTime arrival);
    void updateTarget();
    int32_t bufferedSamples() const;
    // Copies what is buffered for [play_ts_, play_ts_ + 160) into `out`;
    // returns the number of samples covered and fills `covered`.
    std::size_t gather(FrameSpan out, std::array<bool, kFrameSamples>& covered);
    void releaseConsumed();
    FrameKind conceal(FrameSpan out);

    JitterBufferConfig config_;
    int32_t min_delay_;
    int32_t max_delay_;
    int32_t margin_;
    std::vector<Slot> slots_;
    std::vector<int16_t> storage_;
    std::unique_ptr<Plc> plc_;

    bool have_ssrc_ = false;
    uint32_t ssrc_ = 0;
    bool playing_ = false;
    bool had_audio_ = false;
    bool starting_ = false;  // anchored, no audio played yet: gaps are silence
    uint32_t play_ts_ = 0;
    int32_t target_delay_;
    int missing_run_ = 0;
    int consecutive_late_ = 0;
    bool grow_pending_ = false;
    int shrink_pending_ticks_ = 0;  // 0: no shrink wanted
    int32_t level_min_ = INT32_MAX;
    int window_ticks_ = 0;

    bool have_sequence_ = false;
    uint16_t highest_sequence_ = 0;
    std::bitset<128> seen_;      // bit i: highest_sequence_ - i received
    bool newest_ = false;        // the last put() had the highest sequence so far
    uint32_t sequence_gap_ = 1;  // ... and was this far ahead of the previous highest
    // Newest packet's end in our timestamp space (incoming minus ts_offset_).
    bool have_newest_ = false;
    uint32_t newest_end_ = 0;
    uint32_t newest_length_ = 0;
    uint32_t ts_offset_ = 0;
    bool have_previous_ssrc_ = false;
    uint32_t previous_ssrc_ = 0;

    static constexpr std::size_t kTransitWindow = 64;
    std::array<int32_t, kTransitWindow> transits_{};
    std::array<int32_t, kTransitWindow> scratch_{};
    std::size_t transit_count_ = 0;
    std::size_t transit_next_ = 0;
    bool have_transit_reference_ = false;
    uint32_t transit_reference_ = 0;
    bool target_dirty_ = false;

    JitterBufferCounters counters_;
};

}  // namespace confab::media
