#include "confab/media/jitter_buffer.h"

#include <algorithm>
#include <cstdlib>

// spandsp headers are not self-contained: keep this order.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/plc.h>
// clang-format on

namespace confab::media {

struct JitterBuffer::Plc {
    plc_state_t state{};
    // At the start of a gap spandsp 0.0.6's plc_fillin() writes the quarter
    // pitch period it overlap-adds into the previous audio (up to
    // PLC_PITCH_OVERLAP_MAX samples) whatever `len` it was given, so a short
    // gap at the end of a frame would be written past the caller's frame.
    // It always fills this scratch instead, sized for the worst case and
    // allocated with the Plc at construction; only `len` samples are copied out.
    std::array<int16_t, kFrameSamples + PLC_PITCH_OVERLAP_MAX> scratch{};

    void fillin(std::span<int16_t> out) {
        // spandsp 0.0.6's plc_fillin() first "normalises" its circular history
        // with an overlapping memcpy (undefined behaviour, flagged by ASan) when
        // the ring position is below half the history. Rotating the ring here
        // first, exactly as it would, leaves it nothing to do.
        if (state.missing_samples == 0 && state.buf_ptr != 0) {
            std::rotate(state.history, state.history + state.buf_ptr,
                        state.history + PLC_HISTORY_LEN);
            state.buf_ptr = 0;
        }
        const std::size_t len = std::min(out.size(), kFrameSamples);
        plc_fillin(&state, scratch.data(), static_cast<int>(len));
        std::copy_n(scratch.begin(), len, out.begin());
    }
};

namespace {
constexpr int32_t kFrame = static_cast<int32_t>(kFrameSamples);
constexpr int kLatePacketsBeforeResync = 3;
constexpr int kShrinkWindowTicks = 25;  // 0.5 s
constexpr int kShrinkForceTicks = 10;   // drop even a loud frame after 200 ms of waiting
constexpr int kQuietMeanAbs = 300;      // about -40 dBov

// Saturates, so that no configured delay makes the int32 sums below wrap.
int32_t samplesOf(std::chrono::milliseconds ms) {
    constexpr int64_t kLimit = INT32_MAX / 4 / kSamplesPerMs;
    return static_cast<int32_t>(std::clamp<int64_t>(ms.count(), -kLimit, kLimit) * kSamplesPerMs);
}
// Signed distance a - b between two RTP timestamps.
int32_t tsDiff(uint32_t a, uint32_t b) {
    return static_cast<int32_t>(a - b);
}
}  // namespace

JitterBuffer::JitterBuffer(const JitterBufferConfig& config)
    : config_(config),
      min_delay_(samplesOf(config.min_delay)),
      max_delay_(std::max(samplesOf(config.max_delay), samplesOf(config.min_delay))),
      margin_(samplesOf(config.safety_margin)),
      slots_(std::max<std::size_t>(config.slot_count, 4)),
      storage_(slots_.size() * std::max<std::size_t>(config.max_packet_samples, 1)),
      plc_(std::make_unique<Plc>()),
      target_delay_(std::clamp(samplesOf(config.initial_delay), min_delay_, max_delay_)) {
    config_.max_packet_samples = std::max<std::size_t>(config_.max_packet_samples, 1);
    plc_init(&plc_->state);
}

JitterBuffer::~JitterBuffer() = default;

void JitterBuffer::reset() {
    clearSlots();
    have_ssrc_ = false;
    have_previous_ssrc_ = false;
    have_newest_ = false;
    ts_offset_ = 0;
    starting_ = false;
    playing_ = false;
    had_audio_ = false;
    missing_run_ = 0;
    consecutive_late_ = 0;
    grow_pending_ = false;
    shrink_pending_ticks_ = 0;
    level_min_ = INT32_MAX;
    window_ticks_ = 0;
    have_sequence_ = false;
    seen_.reset();
    transit_count_ = 0;
    transit_next_ = 0;
    have_transit_reference_ = false;
    target_delay_ = std::clamp(samplesOf(config_.initial_delay), min_delay_, max_delay_);
    plc_init(&plc_->state);
}

void JitterBuffer::clearSlots() {
    for (auto& slot : slots_) slot.used = false;
}

void JitterBuffer::anchor(uint32_t timestamp) {
    play_ts_ = timestamp - static_cast<uint32_t>(target_delay_);
    playing_ = true;
    starting_ = true;
    missing_run_ = 0;
    consecutive_late_ = 0;
    grow_pending_ = false;
    shrink_pending_ticks_ = 0;
    level_min_ = INT32_MAX;
    window_ticks_ = 0;
}

bool JitterBuffer::isDuplicate(uint16_t sequence) {
    if (!have_sequence_) {
        have_sequence_ = true;
        highest_sequence_ = sequence;
        seen_.reset();
        seen_.set(0);
        newest_ = true;
        sequence_gap_ = 1;
        return false;
    }
    newest_ = false;
    const auto delta = static_cast<int16_t>(sequence - highest_sequence_);
    if (delta > 0) {
        seen_ = delta >= 128 ? std::bitset<128>{} : seen_ << static_cast<std::size_t>(delta);
        seen_.set(0);
        highest_sequence_ = sequence;
        newest_ = true;
        sequence_gap_ = static_cast<uint32_t>(delta);
        return false;
    }
    const auto age = static_cast<std::size_t>(-delta);
    if (age >= seen_.size()) return false;  // too old to tell; timestamps decide
    if (seen_.test(age)) return true;
    seen_.set(age);
    return false;
}

void JitterBuffer::recordTransit(uint32_t timestamp, MediaTime arrival) {
    const auto arrival_units = static_cast<uint32_t>(toSamples(arrival));
    const uint32_t transit = arrival_units - timestamp;
    if (!have_transit_reference_) {
        have_transit_reference_ = true;
        transit_reference_ = transit;
    }
    transits_[transit_next_] = tsDiff(transit, transit_reference_);
    transit_next_ = (transit_next_ + 1) % kTransitWindow;
    transit_count_ = std::min(transit_count_ + 1, kTransitWindow);
    target_dirty_ = true;
}

void JitterBuffer::updateTarget() {
    if (!target_dirty_ || transit_count_ < 8) return;
    target_dirty_ = false;
    std::copy_n(transits_.begin(), transit_count_, scratch_.begin());
    const auto begin = scratch_.begin();
    const auto end = begin + static_cast<std::ptrdiff_t>(transit_count_);
    const int32_t lowest = *std::min_element(begin, end);
    const auto p95 = begin + static_cast<std::ptrdiff_t>((transit_count_ * 95) / 100);
    std::nth_element(begin, p95, end);
    // Transits are 32-bit timestamp distances, so with odd timestamps (jumps
    // near half the wrap) their spread alone exceeds int32: work in 64 bits.
    const int64_t spread = int64_t{*p95} - int64_t{lowest};
    target_delay_ =
        static_cast<int32_t>(std::clamp<int64_t>(spread + margin_, min_delay_, max_delay_));
}

bool JitterBuffer::put(const JitterPacket& packet, std::span<const int16_t> samples,
                       MediaTime arrival) {
    if (samples.empty() || samples.size() > config_.max_packet_samples) {
        ++counters_.rejected;
        return false;
    }
    const auto length = static_cast<int32_t>(samples.size());
    if (have_ssrc_ && packet.ssrc != ssrc_) {
        if (have_previous_ssrc_ && packet.ssrc == previous_ssrc_) {
            ++counters_.late;  // a straggler from the stream that was replaced
            return false;
        }
        // The sender restarted its stream: new sequence and timestamp spaces.
        // Its audio continues right after the old stream's newest audio.
        ++counters_.ssrc_restarts;
        previous_ssrc_ = ssrc_;
        have_previous_ssrc_ = true;
        have_sequence_ = false;
        transit_count_ = 0;
        have_transit_reference_ = false;
        ts_offset_ = have_newest_ ? packet.timestamp - newest_end_ : 0;
    }
    have_ssrc_ = true;
    ssrc_ = packet.ssrc;

    if (isDuplicate(packet.sequence)) {
        ++counters_.duplicate;
        return false;
    }

    uint32_t ts = packet.timestamp - ts_offset_;
    const bool idle = missing_run_ > config_.concealment_frames;
    if (playing_ && newest_ && have_newest_ && !idle && sequence_gap_ < 100) {
        // While audio flows, a packet that follows in sequence but whose
        // timestamp is off by more than the whole buffer is a timestamp jump
        // at the sender: rebase so its stream continues seamlessly.
        const uint32_t expected = newest_end_ + (sequence_gap_ - 1) * newest_length_;
        const int32_t off = tsDiff(ts, expected);
        // Not -off: off can be INT32_MIN.
        if (off > max_delay_ || off < -max_delay_) {
            ts_offset_ += static_cast<uint32_t>(off);
            ts = expected;
            ++counters_.resyncs;
        }
    }
    if (newest_) {
        newest_end_ = ts + static_cast<uint32_t>(length);
        newest_length_ = static_cast<uint32_t>(length);
        have_newest_ = true;
    }

    if (!playing_) {
        anchor(ts);
    } else if (idle && !starting_) {
        // The stream went quiet (DTX, hold, an outage): start the new
        // talkspurt at the target delay, behind anything already buffered.
        uint32_t earliest = ts;
        for (const auto& slot : slots_) {
            if (slot.used && tsDiff(slot.timestamp, earliest) < 0) earliest = slot.timestamp;
        }
        anchor(earliest);
        ++counters_.resyncs;
    }

    int32_t rel = tsDiff(ts, play_ts_);
    if (rel > max_delay_ + kFrame) {
        // Too far ahead for the buffer and not explained by a sequence-
        // continuous jump: start over from this packet.
        clearSlots();
        anchor(ts);
        ++counters_.resyncs;
        rel = tsDiff(ts, play_ts_);
    } else if (rel + length <= 0) {
        ++counters_.late;
        if (++consecutive_late_ < kLatePacketsBeforeResync) {
            grow_pending_ = true;
            return false;
        }
        // Every packet is late: the network delay stepped up. Re-anchor.
        clearSlots();
        anchor(ts);
        ++counters_.resyncs;
        rel = tsDiff(ts, play_ts_);
    }
    consecutive_late_ = 0;
    recordTransit(ts, arrival);

    // A free slot, else evict the one furthest in the past.
    std::size_t target_slot = slots_.size();
    std::size_t oldest = 0;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        if (!slots_[i].used) {
            target_slot = i;
            break;
        }
        if (tsDiff(slots_[i].timestamp, slots_[oldest].timestamp) < 0) oldest = i;
    }
    if (target_slot == slots_.size()) {
        ++counters_.overflow;
        target_slot = oldest;
    }
    Slot& slot = slots_[target_slot];
    slot.used = true;
    slot.sequence = packet.sequence;
    slot.timestamp = ts;
    slot.length = static_cast<uint32_t>(length);
    std::copy(samples.begin(), samples.end(), slotSamples(target_slot));
    ++counters_.received;
    return true;
}

int32_t JitterBuffer::bufferedSamples() const {
    int32_t level = 0;
    for (const auto& slot : slots_) {
        if (!slot.used) continue;
        level =
            std::max(level, tsDiff(slot.timestamp, play_ts_) + static_cast<int32_t>(slot.length));
    }
    return level;
}

int JitterBuffer::bufferedMs() const {
    return playing_ ? bufferedSamples() / kSamplesPerMs : 0;
}

std::size_t JitterBuffer::gather(FrameSpan out, std::array<bool, kFrameSamples>& covered) {
    covered.fill(false);
    std::size_t count = 0;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        const Slot& slot = slots_[i];
        if (!slot.used) continue;
        const int32_t start = tsDiff(slot.timestamp, play_ts_);
        const int32_t end = start + static_cast<int32_t>(slot.length);
        const int32_t from = std::max(start, 0);
        const int32_t to = std::min(end, kFrame);
        if (from >= to) continue;
        const int16_t* src = slotSamples(i);
        for (int32_t n = from; n < to; ++n) {
            const auto k = static_cast<std::size_t>(n);
            if (covered[k]) continue;
            out[k] = src[n - start];
            covered[k] = true;
            ++count;
        }
    }
    return count;
}

void JitterBuffer::releaseConsumed() {
    for (auto& slot : slots_) {
        if (slot.used &&
            tsDiff(slot.timestamp, play_ts_) + static_cast<int32_t>(slot.length) <= 0) {
            slot.used = false;
        }
    }
}

FrameKind JitterBuffer::conceal(FrameSpan out) {
    ++missing_run_;
    if (starting_ || missing_run_ > config_.concealment_frames) {
        std::fill(out.begin(), out.end(), int16_t{0});
        ++counters_.silence_frames;
        return FrameKind::Silence;
    }
    plc_->fillin(out);
    ++counters_.concealed_frames;
    return FrameKind::Concealed;
}

FrameKind JitterBuffer::get(FrameSpan out) {
    if (!playing_) {
        std::fill(out.begin(), out.end(), int16_t{0});
        ++counters_.silence_frames;
        return FrameKind::Silence;
    }
    updateTarget();

    // Shrink bookkeeping: the lowest fill level seen over a one-second window.
    const int32_t level = bufferedSamples();
    level_min_ = std::min(level_min_, level);
    if (++window_ticks_ >= kShrinkWindowTicks) {
        if (level_min_ >= target_delay_ + 2 * kFrame && shrink_pending_ticks_ == 0) {
            shrink_pending_ticks_ = 1;
        }
        level_min_ = INT32_MAX;
        window_ticks_ = 0;
    }

    if (grow_pending_) {
        grow_pending_ = false;
        if (level <= max_delay_) {
            ++counters_.grows;
            return conceal(out);  // play_ts_ holds still: 20 ms more delay
        }
    }

    std::array<bool, kFrameSamples> covered;
    std::size_t count = gather(out, covered);

    if (shrink_pending_ticks_ > 0 && count == kFrameSamples) {
        long sum = 0;
        for (int16_t s : out) sum += std::abs(s);
        const bool quiet = sum / static_cast<long>(kFrameSamples) < kQuietMeanAbs;
        if (quiet || shrink_pending_ticks_ >= kShrinkForceTicks) {
            play_ts_ += kFrameSamples;
            releaseConsumed();
            shrink_pending_ticks_ = 0;
            ++counters_.shrinks;
            count = gather(out, covered);
        } else {
            ++shrink_pending_ticks_;
        }
    } else if (shrink_pending_ticks_ > 0) {
        ++shrink_pending_ticks_;
    }

    FrameKind kind;
    if (count == 0) {
        kind = conceal(out);
    } else {
        // Feed received runs to the PLC history and conceal the gaps, in order.
        std::size_t n = 0;
        while (n < kFrameSamples) {
            std::size_t m = n;
            while (m < kFrameSamples && covered[m] == covered[n]) ++m;
            const int len = static_cast<int>(m - n);
            if (covered[n]) {
                plc_rx(&plc_->state, out.data() + n, len);
            } else if (had_audio_) {
                plc_->fillin(out.subspan(n, m - n));
            } else {
                std::fill(out.begin() + static_cast<std::ptrdiff_t>(n),
                          out.begin() + static_cast<std::ptrdiff_t>(m), int16_t{0});
            }
            n = m;
        }
        had_audio_ = true;
        starting_ = false;
        missing_run_ = 0;
        ++counters_.audio_frames;
        kind = FrameKind::Audio;
    }
    play_ts_ += kFrameSamples;
    releaseConsumed();
    return kind;
}

}  // namespace confab::media
