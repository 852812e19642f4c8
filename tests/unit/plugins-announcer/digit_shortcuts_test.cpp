#include <gtest/gtest.h>

#include "confab/announcer/digit_shortcuts.h"

namespace confab::announcer {
namespace {

TEST(DigitShortcuts, StarOneAsksForTheCount) {
    DigitShortcuts shortcuts;
    EXPECT_EQ(shortcuts.onDigit(1, 2, '*', 10'000), Shortcut::None);
    EXPECT_EQ(shortcuts.onDigit(1, 2, '1', 10'400), Shortcut::ParticipantCount);
    // The sequence is used up: another '1' alone does nothing.
    EXPECT_EQ(shortcuts.onDigit(1, 2, '1', 10'500), Shortcut::None);
    EXPECT_EQ(shortcuts.trackedLegs(), 0U);
}

TEST(DigitShortcuts, StarTwoAsksForTheAccessCode) {
    DigitShortcuts shortcuts;
    shortcuts.onDigit(1, 2, '*', 0);
    EXPECT_EQ(shortcuts.onDigit(1, 2, '2', 100), Shortcut::AccessCode);
}

TEST(DigitShortcuts, TheSecondDigitMustComeWithinTheWindow) {
    DigitShortcuts shortcuts;  // 3 s
    shortcuts.onDigit(1, 2, '*', 0);
    EXPECT_EQ(shortcuts.onDigit(1, 2, '1', 3'000), Shortcut::ParticipantCount);
    shortcuts.onDigit(1, 2, '*', 10'000);
    EXPECT_EQ(shortcuts.onDigit(1, 2, '1', 13'001), Shortcut::None);
    // A clock that went backwards is not a match either.
    shortcuts.onDigit(1, 2, '*', 20'000);
    EXPECT_EQ(shortcuts.onDigit(1, 2, '1', 19'000), Shortcut::None);
}

TEST(DigitShortcuts, OtherDigitsBreakTheSequence) {
    DigitShortcuts shortcuts;
    EXPECT_EQ(shortcuts.onDigit(1, 2, '1', 0), Shortcut::None);  // '1' without '*'
    shortcuts.onDigit(1, 2, '*', 100);
    EXPECT_EQ(shortcuts.onDigit(1, 2, '5', 200), Shortcut::None);
    EXPECT_EQ(shortcuts.onDigit(1, 2, '1', 300), Shortcut::None);
    // "**1" restarts the window at the second star.
    shortcuts.onDigit(1, 2, '*', 1'000);
    shortcuts.onDigit(1, 2, '*', 5'000);
    EXPECT_EQ(shortcuts.onDigit(1, 2, '1', 7'000), Shortcut::ParticipantCount);
}

TEST(DigitShortcuts, LegsAreIndependent) {
    DigitShortcuts shortcuts;
    shortcuts.onDigit(1, 2, '*', 0);
    EXPECT_EQ(shortcuts.onDigit(1, 3, '1', 10), Shortcut::None);  // another leg's '1'
    EXPECT_EQ(shortcuts.onDigit(2, 2, '1', 10), Shortcut::None);  // same number, other conference
    EXPECT_EQ(shortcuts.onDigit(1, 2, '1', 20), Shortcut::ParticipantCount);
}

TEST(DigitShortcuts, ForgettingLegsAndConferences) {
    DigitShortcuts shortcuts;
    shortcuts.onDigit(1, 2, '*', 0);
    shortcuts.onDigit(1, 3, '*', 0);
    shortcuts.onDigit(2, 2, '*', 0);
    shortcuts.forgetLeg(1, 2);
    EXPECT_EQ(shortcuts.onDigit(1, 2, '1', 10), Shortcut::None);
    shortcuts.forgetConference(1);
    EXPECT_EQ(shortcuts.trackedLegs(), 1U);
    EXPECT_EQ(shortcuts.onDigit(2, 2, '2', 10), Shortcut::AccessCode);
}

TEST(DigitShortcuts, TheTableIsBounded) {
    DigitShortcuts shortcuts;
    for (std::uint32_t leg = 1; leg <= DigitShortcuts::kMaxLegs + 10; ++leg) shortcuts.onDigit(1, leg, '*', 0);
    EXPECT_EQ(shortcuts.trackedLegs(), DigitShortcuts::kMaxLegs);
    EXPECT_EQ(shortcuts.ignoredForCapacity(), 10U);
}

}  // namespace
}  // namespace confab::announcer
