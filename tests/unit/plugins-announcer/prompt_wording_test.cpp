#include <gtest/gtest.h>

#include "confab/announcer/announcer_settings.h"
#include "confab/announcer/prompt_wording.h"

namespace confab::announcer {
namespace {

TEST(PromptWording, NamesAreSpokenAsGiven) {
    EXPECT_EQ(joinedText("Bob"), "Bob has joined.");
    EXPECT_EQ(leftText("Alice Smith"), "Alice Smith has left.");
}

TEST(PromptWording, BareNumbersAreSpokenDigitByDigit) {
    EXPECT_EQ(joinedText("+15551230002"), "1 5 5 5 1 2 3 0 0 0 2 has joined.");
    EXPECT_EQ(spokenName("+1 (555) 123-0002"), "1 5 5 5 1 2 3 0 0 0 2");
    // A name with digits in it is still a name.
    EXPECT_EQ(spokenName("Room 101"), "Room 101");
}

TEST(PromptWording, EmptyOrUnspeakableNamesBecomeAParticipant) {
    EXPECT_EQ(joinedText(""), "A participant has joined.");
    EXPECT_EQ(leftText("\n\t\x01"), "A participant has left.");
}

TEST(PromptWording, UntrustedNamesAreCleanedAndCut) {
    EXPECT_EQ(spokenName("Bob\r\nBYE sip:x"), "Bob BYE sip:x");
    const std::string long_name(500, 'a');
    EXPECT_EQ(spokenName(long_name).size(), kMaxSpokenNameBytes);
    // Never cut inside a UTF-8 character: 63 ASCII bytes then "é" (2 bytes).
    const std::string accented = std::string(63, 'x') + "\xC3\xA9" + "zzz";
    EXPECT_EQ(spokenName(accented), std::string(63, 'x'));
    EXPECT_EQ(spokenName("Zoë"), "Zoë");
}

TEST(PromptWording, CountsSayParticipantOrParticipants) {
    EXPECT_EQ(participantCountText(1), "There is 1 participant.");
    EXPECT_EQ(participantCountText(3), "There are 3 participants.");
    EXPECT_EQ(participantCountText(0), "There are 0 participants.");
}

TEST(PromptWording, AccessCodeDigitsAreSpaced) {
    EXPECT_EQ(accessCodeText("481522"), "The access code is 4 8 1 5 2 2.");
    EXPECT_EQ(accessCodeText(""), "This conference has no access code.");
    EXPECT_EQ(spacedDigits("12-3"), "1 2 3");
}

TEST(PromptWording, AnnouncedTextIsCleanedAndBounded) {
    EXPECT_EQ(cleanPromptText("  Recording\tstarted.\n", 400), "Recording started.");
    EXPECT_EQ(cleanPromptText("\x01\x02", 400), "");
    EXPECT_EQ(cleanPromptText(std::string(1000, 'b'), 400).size(), 400U);
}

TEST(AnnouncerSettings, DefaultsAreValid) {
    const AnnouncerSettings settings;
    EXPECT_EQ(settings.speech.voice, "en-us");
    EXPECT_EQ(settings.speech.rate_wpm, 160);
    EXPECT_TRUE(settings.options.join_leave);
    EXPECT_TRUE(settings.options.only_participant);
    EXPECT_EQ(checkSettings(settings), "");
}

TEST(AnnouncerSettings, BadValuesAreExplained) {
    AnnouncerSettings settings;
    settings.speech.rate_wpm = 20;
    EXPECT_EQ(checkSettings(settings), "rate_wpm must be 80..450, not 20");
    settings = {};
    settings.speech.voice = "en-us; rm -rf";
    EXPECT_NE(checkSettings(settings).find("voice must be an espeak-ng voice name"), std::string::npos);
    EXPECT_TRUE(plausibleVoiceName("en-gb+f2"));
    EXPECT_FALSE(plausibleVoiceName(""));
    EXPECT_FALSE(plausibleVoiceName("../../etc/passwd"));
}

}  // namespace
}  // namespace confab::announcer
