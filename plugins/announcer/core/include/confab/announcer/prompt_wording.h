// What the announcer says, as text for the speech synthesizer. Pure
// functions, no state: the wording is unit tested on its own.
//
// Names come from the bridge (a display name or a phone number) and so from
// untrusted input: they are cut to a sane length and stripped of control
// characters before they reach espeak-ng (which gets plain text, never SSML).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace confab::announcer {

// Longest name spoken, in bytes (cut at a UTF-8 character boundary).
inline constexpr std::size_t kMaxSpokenNameBytes = 64;

// "Bob" stays "Bob"; a bare number ("+1 555-123-0002") is spoken digit by
// digit ("1 5 5 5 1 2 3 0 0 0 2"); empty or unprintable: "A participant".
std::string spokenName(std::string_view display);
// "1 2 3": every digit of `digits` separated by a space, other characters dropped.
std::string spacedDigits(std::string_view digits);

std::string joinedText(std::string_view display);   // "Bob has joined."
std::string leftText(std::string_view display);     // "Bob has left."
std::string onlyParticipantText();                  // "You are the only participant."
// "There is 1 participant." / "There are 3 participants."
std::string participantCountText(std::uint32_t participants);
// "The access code is 4 8 1 5 2 2." ("This conference has no access code." when empty)
std::string accessCodeText(std::string_view access_code);

// Text another plugin asked to have spoken (host->announce()): control
// characters become spaces, runs of spaces collapse, cut to `max_bytes` at a
// UTF-8 boundary. Empty when nothing speakable is left.
std::string cleanPromptText(std::string_view text, std::size_t max_bytes);

}  // namespace confab::announcer
