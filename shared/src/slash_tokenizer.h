// Splits the argument part of a slash command into arguments: words, quoted
// strings, and runs of phone-number pieces joined into one argument. Private
// to confab-shared; parseSlashCommand calls it after it has checked UTF-8 and
// control characters, and owns the rules about what the arguments mean.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "confab/shared/slash_command.h"

namespace confab {

using SlashArguments = std::variant<std::vector<std::string>, CommandError>;

// `line` is the whole input line, so that errors carry columns the user can
// count; tokenizing starts at byte `start`.
SlashArguments tokenizeSlashArguments(std::string_view line, std::size_t start);

// Spaces that separate arguments: ASCII space and tab, and the Unicode
// spaces people paste from documents (no-break, thin, ideographic...).
bool isArgumentSpace(char32_t c);

// Column (1-based, in characters) of byte `offset` of `line`.
std::size_t columnAt(std::string_view line, std::size_t offset);

}  // namespace confab
