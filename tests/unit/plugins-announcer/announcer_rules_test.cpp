#include <gtest/gtest.h>

#include "confab/announcer/announcer_rules.h"

namespace confab::announcer {
namespace {

using Kind = AnnouncerEvent::Kind;
using LegState = AnnouncerEvent::LegState;

AnnouncerEvent legEvent(std::uint32_t participant, LegState state, const std::string& display,
                        std::uint32_t live_legs, bool answered = true) {
    AnnouncerEvent e;
    e.kind = Kind::LegState;
    e.conference = 7;
    e.participant = participant;
    e.leg_state = state;
    e.display = display;
    e.live_legs = live_legs;
    e.answered = answered;
    return e;
}

AnnouncerEvent digitEvent(std::uint32_t participant, char digit) {
    AnnouncerEvent e;
    e.kind = Kind::Dtmf;
    e.conference = 7;
    e.participant = participant;
    e.digit = digit;
    return e;
}

class AnnouncerRulesTest : public ::testing::Test {
protected:
    std::vector<PromptRequest> feed(const AnnouncerEvent& e, std::int64_t now_ms = 0) {
        return rules.onEvent(e, now_ms, lookup);
    }
    AnnouncerRules rules{AnnouncerOptions{}};
    std::optional<ConferenceSnapshot> snapshot = ConferenceSnapshot{3, "481522"};
    int lookups = 0;
    SnapshotLookup lookup = [this](std::int64_t conference) -> std::optional<ConferenceSnapshot> {
        ++lookups;
        EXPECT_EQ(conference, 7);
        return snapshot;
    };
};

TEST_F(AnnouncerRulesTest, TheFirstLegHearsItIsAlone) {
    EXPECT_EQ(feed(legEvent(1, LegState::Connected, "Alice", 1)),
              (std::vector<PromptRequest>{{7, 1, "You are the only participant."}}));
}

TEST_F(AnnouncerRulesTest, LaterLegsAreAnnouncedToTheConferenceOnce) {
    feed(legEvent(1, LegState::Connected, "Alice", 1));
    EXPECT_EQ(feed(legEvent(2, LegState::Connected, "Bob", 2)),
              (std::vector<PromptRequest>{{7, 0, "Bob has joined."}}));
    // Hold and back: not a second arrival.
    EXPECT_TRUE(feed(legEvent(2, LegState::OnHold, "Bob", 2)).empty());
    EXPECT_TRUE(feed(legEvent(2, LegState::Connected, "Bob", 2)).empty());
    EXPECT_TRUE(feed(legEvent(3, LegState::Dialing, "+15551230003", 2)).empty());
    EXPECT_TRUE(feed(legEvent(3, LegState::Alerting, "+15551230003", 2)).empty());
    EXPECT_EQ(feed(legEvent(3, LegState::Connected, "+15551230003", 3)),
              (std::vector<PromptRequest>{{7, 0, "1 5 5 5 1 2 3 0 0 0 3 has joined."}}));
    EXPECT_EQ(rules.connectedLegs(7), (std::set<std::uint32_t>{1, 2, 3}));
}

TEST_F(AnnouncerRulesTest, LeavingIsAnnouncedAndTheLastOneHearsItIsAlone) {
    feed(legEvent(1, LegState::Connected, "Alice", 1));
    feed(legEvent(2, LegState::Connected, "Bob", 2));
    feed(legEvent(3, LegState::Connected, "Carol", 3));
    EXPECT_EQ(feed(legEvent(2, LegState::Disconnected, "Bob", 2)),
              (std::vector<PromptRequest>{{7, 0, "Bob has left."}}));
    // Carol leaves: Alice (participant 1) remains, and is told both at once.
    EXPECT_EQ(feed(legEvent(3, LegState::Disconnected, "Carol", 1)),
              (std::vector<PromptRequest>{{7, 1, "Carol has left. You are the only participant."}}));
    // The last one leaving: nobody left to tell.
    EXPECT_TRUE(feed(legEvent(1, LegState::Disconnected, "Alice", 0)).empty());
}

TEST_F(AnnouncerRulesTest, LegsThatNeverAnsweredAreNotAnnounced) {
    feed(legEvent(1, LegState::Connected, "Alice", 1));
    feed(legEvent(2, LegState::Connected, "Bob", 2));
    EXPECT_TRUE(feed(legEvent(5, LegState::Disconnected, "+15551230005", 2, false)).empty());
    EXPECT_EQ(rules.connectedLegs(7).size(), 2U);
}

TEST_F(AnnouncerRulesTest, OptionsTurnPromptsOff) {
    AnnouncerRules quiet{AnnouncerOptions{false, false}};
    EXPECT_TRUE(quiet.onEvent(legEvent(1, LegState::Connected, "A", 1), 0, lookup).empty());
    EXPECT_TRUE(quiet.onEvent(legEvent(2, LegState::Connected, "B", 2), 0, lookup).empty());
    EXPECT_TRUE(quiet.onEvent(legEvent(2, LegState::Disconnected, "B", 1), 0, lookup).empty());

    AnnouncerRules only_alone{AnnouncerOptions{false, true}};
    only_alone.onEvent(legEvent(1, LegState::Connected, "A", 1), 0, lookup);
    only_alone.onEvent(legEvent(2, LegState::Connected, "B", 2), 0, lookup);
    EXPECT_EQ(only_alone.onEvent(legEvent(2, LegState::Disconnected, "B", 1), 0, lookup),
              (std::vector<PromptRequest>{{7, 1, "You are the only participant."}}));

    AnnouncerRules no_alone{AnnouncerOptions{true, false}};
    EXPECT_TRUE(no_alone.onEvent(legEvent(1, LegState::Connected, "A", 1), 0, lookup).empty());
    no_alone.onEvent(legEvent(2, LegState::Connected, "B", 2), 0, lookup);
    EXPECT_EQ(no_alone.onEvent(legEvent(2, LegState::Disconnected, "B", 1), 0, lookup),
              (std::vector<PromptRequest>{{7, 0, "B has left."}}));
}

TEST_F(AnnouncerRulesTest, StarOneTellsTheCountToThatLeg) {
    EXPECT_TRUE(feed(digitEvent(2, '*'), 1'000).empty());
    EXPECT_EQ(feed(digitEvent(2, '1'), 1'500),
              (std::vector<PromptRequest>{{7, 2, "There are 3 participants."}}));
    snapshot = ConferenceSnapshot{1, ""};
    feed(digitEvent(2, '*'), 2'000);
    EXPECT_EQ(feed(digitEvent(2, '1'), 2'100),
              (std::vector<PromptRequest>{{7, 2, "There is 1 participant."}}));
    EXPECT_EQ(lookups, 2);
}

TEST_F(AnnouncerRulesTest, StarTwoTellsTheAccessCode) {
    feed(digitEvent(4, '*'), 0);
    EXPECT_EQ(feed(digitEvent(4, '2'), 100),
              (std::vector<PromptRequest>{{7, 4, "The access code is 4 8 1 5 2 2."}}));
}

TEST_F(AnnouncerRulesTest, ALateSecondDigitOrAGoneConferenceSaysNothing) {
    feed(digitEvent(2, '*'), 0);
    EXPECT_TRUE(feed(digitEvent(2, '1'), 3'001).empty());
    EXPECT_EQ(lookups, 0);
    snapshot.reset();
    feed(digitEvent(2, '*'), 5'000);
    EXPECT_TRUE(feed(digitEvent(2, '1'), 5'100).empty());
    EXPECT_EQ(lookups, 1);
}

TEST_F(AnnouncerRulesTest, TheEndOfAConferenceForgetsItsLegs) {
    feed(legEvent(1, LegState::Connected, "Alice", 1));
    feed(digitEvent(1, '*'), 0);
    AnnouncerEvent ended;
    ended.kind = Kind::ConferenceEnded;
    ended.conference = 7;
    EXPECT_TRUE(feed(ended).empty());
    EXPECT_TRUE(rules.connectedLegs(7).empty());
    EXPECT_TRUE(feed(digitEvent(1, '1'), 10).empty());
    // A new conference that reuses the id starts from nothing.
    EXPECT_EQ(feed(legEvent(1, LegState::Connected, "Alice", 1)),
              (std::vector<PromptRequest>{{7, 1, "You are the only participant."}}));
}

}  // namespace
}  // namespace confab::announcer
