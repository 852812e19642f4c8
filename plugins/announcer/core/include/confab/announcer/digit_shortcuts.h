// DigitShortcuts: recognises the keypad shortcuts a phone participant can
// press, "*1" (how many are here) and "*2" (the access code): '*' followed
// by the digit within a window (3 s). Time is passed in, so tests need no
// clock and no sleeps.
//
// Thread contract: one thread (the plugin's control-thread callbacks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>

namespace confab::announcer {

enum class Shortcut { None, ParticipantCount, AccessCode };

class DigitShortcuts {
public:
    static constexpr std::int64_t kDefaultWindowMs = 3000;
    // Legs tracked at once; a '*' from one more leg is ignored (counted),
    // so a flood of fake legs cannot grow the table without bound.
    static constexpr std::size_t kMaxLegs = 4096;

    explicit DigitShortcuts(std::int64_t window_ms = kDefaultWindowMs) : window_ms_(window_ms) {}

    // One digit from a leg at `now_ms` (any monotonic millisecond clock).
    // Returns the shortcut it completes, if any.
    Shortcut onDigit(std::int64_t conference, std::uint32_t participant, char digit,
                     std::int64_t now_ms);
    void forgetLeg(std::int64_t conference, std::uint32_t participant);
    void forgetConference(std::int64_t conference);

    std::size_t trackedLegs() const { return star_at_.size(); }
    std::uint64_t ignoredForCapacity() const { return ignored_for_capacity_; }

private:
    using LegKey = std::pair<std::int64_t, std::uint32_t>;
    std::int64_t window_ms_;
    std::map<LegKey, std::int64_t> star_at_;  // legs whose last digit was '*', and when
    std::uint64_t ignored_for_capacity_ = 0;
};

}  // namespace confab::announcer
