#include "confab/announcer/prompt_wording.h"

namespace confab::announcer {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// A phone number as people write it: digits with optional '+', spaces,
// dashes, dots and parentheses, and at least one digit.
bool looksLikeNumber(std::string_view text) {
    bool any_digit = false;
    for (char c : text) {
        if (isDigit(c)) {
            any_digit = true;
        } else if (c != '+' && c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
            return false;
        }
    }
    return any_digit;
}

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence.
void cutAtCharacter(std::string& text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return;
    std::size_t end = max_bytes;
    // Step back over continuation bytes (10xxxxxx) to a character start.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) --end;
    text.resize(end);
}

}  // namespace

std::string spacedDigits(std::string_view digits) {
    std::string out;
    for (char c : digits) {
        if (!isDigit(c)) continue;
        if (!out.empty()) out += ' ';
        out += c;
    }
    return out;
}

std::string cleanPromptText(std::string_view text, std::size_t max_bytes) {
    std::string out;
    out.reserve(text.size() < max_bytes ? text.size() : max_bytes);
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        // C0 controls and DEL read as a space; UTF-8 bytes (>= 0x80) pass.
        const bool space = byte < 0x20U || byte == 0x7FU || c == ' ';
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
        if (out.size() > max_bytes + 4) break;  // enough to cut below
    }
    cutAtCharacter(out, max_bytes);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string spokenName(std::string_view display) {
    if (looksLikeNumber(display)) return spacedDigits(display);
    std::string name = cleanPromptText(display, kMaxSpokenNameBytes);
    return name.empty() ? std::string("A participant") : name;
}

std::string joinedText(std::string_view display) { return spokenName(display) + " has joined."; }

std::string leftText(std::string_view display) { return spokenName(display) + " has left."; }

std::string onlyParticipantText() { return "You are the only participant."; }

std::string participantCountText(std::uint32_t participants) {
    if (participants == 1) return "There is 1 participant.";
    return "There are " + std::to_string(participants) + " participants.";
}

std::string accessCodeText(std::string_view access_code) {
    const std::string digits = spacedDigits(access_code);
    if (digits.empty()) return "This conference has no access code.";
    return "The access code is " + digits + ".";
}

}  // namespace confab::announcer
