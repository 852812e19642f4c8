#include "confab/media/talk_detector.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace confab::media {
namespace {
constexpr float kHighPassPole = 0.92f;         // ~100 Hz at 8 kHz
constexpr float kFloorRiseDbPerFrame = 0.05f;  // 2.5 dB/s
constexpr float kFloorFallFraction = 0.3f;
constexpr float kFloorMinDb = -96.0f;
constexpr float kFullScaleSquared = 32767.0f * 32767.0f;
}  // namespace

TalkDetector::TalkDetector(const TalkDetectorConfig& config)
    : config_(config),
      hangover_frames_(std::max(1, static_cast<int>(config.hangover.count() / kFrameMs))),
      floor_db_(config.initial_floor_dbov) {}

void TalkDetector::reset() {
    *this = TalkDetector(config_);
}

float TalkDetector::voicing() {
    // history_[kDecimated..] is the current frame; correlate it with itself
    // shifted back by each candidate pitch lag.
    const float* d = history_.data();
    std::array<float, 2 * kDecimated + 1> cumulative;  // prefix sums of squares
    cumulative[0] = 0.0f;
    for (std::size_t i = 0; i < history_.size(); ++i) {
        cumulative[i + 1] = cumulative[i] + d[i] * d[i];
    }
    const float e0 = cumulative[2 * kDecimated] - cumulative[kDecimated];
    if (e0 <= 0.0f) return 0.0f;
    float best = 0.0f;
    for (std::size_t lag = kMinLag; lag <= kMaxLag; ++lag) {
        float c = 0.0f;
        const float* cur = d + kDecimated;
        const float* past = d + kDecimated - lag;
        for (std::size_t n = 0; n < kDecimated; ++n) c += cur[n] * past[n];
        if (c <= 0.0f) continue;
        const float ek = cumulative[2 * kDecimated - lag] - cumulative[kDecimated - lag];
        const float denom = e0 * ek;
        if (denom <= 0.0f) continue;
        // Compare c^2/denom to best^2 to keep the sqrt out of the loop.
        if (c * c > best * best * denom) best = c / std::sqrt(denom);
    }
    return std::min(best, 1.0f);
}

TalkResult TalkDetector::process(ConstFrameSpan frame) {
    // High-pass, energy, and a 2:1 decimated copy (with a 2-tap low-pass) for
    // the pitch search.
    std::copy(history_.begin() + kDecimated, history_.end(), history_.begin());
    float* current = history_.data() + kDecimated;
    float energy = 0.0f;
    float x1 = hp_x1_;
    float y1 = hp_y1_;
    float lp = lp_x1_;
    for (std::size_t i = 0; i < kFrameSamples; i += 2) {
        const float a = static_cast<float>(frame[i]);
        const float ya = kHighPassPole * (y1 + a - x1);
        const float b = static_cast<float>(frame[i + 1]);
        const float yb = kHighPassPole * (ya + b - a);
        energy += ya * ya + yb * yb;
        current[i / 2] = 0.25f * lp + 0.5f * ya + 0.25f * yb;
        lp = yb;
        x1 = b;
        y1 = yb;
    }
    hp_x1_ = x1;
    hp_y1_ = y1;
    lp_x1_ = lp;

    const float mean = energy / static_cast<float>(kFrameSamples);
    const float level_db =
        std::max(kFloorMinDb, 10.0f * std::log10(mean / kFullScaleSquared + 1e-10f));

    if (level_db < floor_db_) {
        floor_db_ += kFloorFallFraction * (level_db - floor_db_);
    } else if (!talking_) {
        floor_db_ += std::min(level_db - floor_db_, kFloorRiseDbPerFrame);
    }

    const float start_gate =
        std::max(config_.absolute_threshold_dbov, floor_db_ + config_.start_margin_db);
    const float continue_gate =
        std::max(config_.absolute_threshold_dbov, floor_db_ + config_.continue_margin_db);
    last_voicing_ = 0.0f;
    if (level_db > std::min(start_gate, continue_gate)) last_voicing_ = voicing();
    const bool start_candidate = level_db > start_gate && last_voicing_ >= config_.start_voicing;
    const bool continue_candidate =
        level_db > continue_gate && last_voicing_ >= config_.continue_voicing;
    return decide(start_candidate, continue_candidate, level_db);
}

TalkResult TalkDetector::processNoAudio() {
    std::fill(history_.begin(), history_.end(), 0.0f);
    hp_x1_ = hp_y1_ = lp_x1_ = 0.0f;
    last_voicing_ = 0.0f;
    return decide(false, false, kFloorMinDb);
}

TalkResult TalkDetector::decide(bool start_candidate, bool continue_candidate, float level_db) {
    recent_ = ((recent_ << 1) | (start_candidate ? 1u : 0u)) & 0x1Fu;
    TalkResult result;
    result.level_dbov = level_db;
    if (!talking_) {
        if (std::popcount(recent_) >= config_.start_frames) {
            talking_ = true;
            hangover_left_ = hangover_frames_;
            result.event = TalkEvent::Started;
        }
    } else if (continue_candidate || start_candidate) {
        hangover_left_ = hangover_frames_;
    } else if (--hangover_left_ <= 0) {
        talking_ = false;
        recent_ = 0;
        result.event = TalkEvent::Stopped;
    }
    result.state = state();
    return result;
}

TalkEvent TalkDetector::forceStop() {
    recent_ = 0;
    hangover_left_ = 0;
    if (!talking_) return TalkEvent::None;
    talking_ = false;
    return TalkEvent::Stopped;
}

}  // namespace confab::media
