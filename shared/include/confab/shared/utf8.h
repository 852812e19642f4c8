// Strict UTF-8 helpers for text that arrives from the network or from users:
// chat messages, slash commands, config files. Pure functions, no state; any
// thread may call them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace confab {

// One decoded code point and the number of bytes it took.
struct Utf8CodePoint {
    char32_t value = 0;
    std::size_t length = 0;
};

// Decodes the code point starting at byte `offset`. Returns nullopt for any
// sequence that is not well-formed UTF-8: stray continuation bytes, truncated
// sequences, overlong encodings, UTF-16 surrogates and values above U+10FFFF.
std::optional<Utf8CodePoint> decodeUtf8At(std::string_view text, std::size_t offset);

// Byte offset of the first ill-formed sequence, or std::string_view::npos when
// the whole text is valid UTF-8.
std::size_t findInvalidUtf8(std::string_view text);

inline bool isValidUtf8(std::string_view text) {
    return findInvalidUtf8(text) == std::string_view::npos;
}

// Number of code points in the first `byte_count` bytes of valid UTF-8 text:
// the column a user sees, minus one. Ill-formed bytes count as one each.
std::size_t countCodePoints(std::string_view text, std::size_t byte_count);

// "U+0663": how error messages name a character without printing it, so a
// control or invisible character is still visible in the message.
std::string codePointName(char32_t value);

// True for C0 controls (tab, CR and LF included), DEL and C1 controls.
// Callers that tolerate some whitespace controls check for those first.
bool isControlCodePoint(char32_t value);

// True for characters that reorder or hide text (bidi overrides and isolates,
// line/paragraph separators): they let a name or a number display differently
// from what it is, so untrusted identifiers must not contain them.
bool isDisplayTrickCodePoint(char32_t value);

}  // namespace confab
