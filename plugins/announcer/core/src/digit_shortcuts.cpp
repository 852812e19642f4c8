#include "confab/announcer/digit_shortcuts.h"

#include <iterator>

namespace confab::announcer {

Shortcut DigitShortcuts::onDigit(std::int64_t conference, std::uint32_t participant, char digit,
                                 std::int64_t now_ms) {
    const LegKey key{conference, participant};
    if (digit == '*') {
        // A second '*' restarts the window: "**1" still means "*1".
        auto it = star_at_.find(key);
        if (it != star_at_.end()) {
            it->second = now_ms;
        } else if (star_at_.size() < kMaxLegs) {
            star_at_.emplace(key, now_ms);
        } else {
            ++ignored_for_capacity_;
        }
        return Shortcut::None;
    }
    const auto it = star_at_.find(key);
    if (it == star_at_.end()) return Shortcut::None;
    const std::int64_t elapsed = now_ms - it->second;
    star_at_.erase(it);  // any digit after '*' ends the sequence
    if (elapsed < 0 || elapsed > window_ms_) return Shortcut::None;
    if (digit == '1') return Shortcut::ParticipantCount;
    if (digit == '2') return Shortcut::AccessCode;
    return Shortcut::None;
}

void DigitShortcuts::forgetLeg(std::int64_t conference, std::uint32_t participant) {
    star_at_.erase(LegKey{conference, participant});
}

void DigitShortcuts::forgetConference(std::int64_t conference) {
    for (auto it = star_at_.begin(); it != star_at_.end();) {
        it = it->first.first == conference ? star_at_.erase(it) : std::next(it);
    }
}

}  // namespace confab::announcer
