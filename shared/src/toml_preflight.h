// Checks on raw config text before toml11 parses it. toml11 3.7 recurses once
// per nested array, inline table and dotted-key part, so a few thousand '['
// overflow the stack; it also gives poor messages for binary junk. These
// checks turn both into ConfigErrors. Private to confab-shared.
#pragma once

#include <cstddef>
#include <string_view>

namespace confab {

inline constexpr std::size_t kMaxConfigBytes = 1024 * 1024;
// Far above anything a hand-written config nests, far below toml11's limit.
inline constexpr std::size_t kMaxConfigNesting = 64;

// Throws ConfigError naming `origin` and the line for: more than
// kMaxConfigBytes, ill-formed UTF-8, control characters other than tab,
// CR and LF (TOML forbids them everywhere), and nesting or dotted keys deeper
// than kMaxConfigNesting.
void preflightTomlText(std::string_view text, std::string_view origin);

}  // namespace confab
