#include "toml_preflight.h"

#include <cstdint>
#include <optional>
#include <string>

#include "confab/shared/bridge_config.h"
#include "confab/shared/utf8.h"
#include "config_reader.h"

namespace confab {

namespace {

std::uint32_t lineAt(std::string_view text, std::size_t offset) {
    std::uint32_t line = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
        }
    }
    return line;
}

[[noreturn]] void failAt(std::string_view origin, std::string_view text, std::size_t offset,
                         const std::string& message) {
    throw ConfigError(formatConfigError(origin, lineAt(text, offset), {}, message));
}

// Tracks just enough TOML lexing to know whether a character is inside a
// string or a comment: brackets and dots there do not nest anything.
class NestingScanner {
  public:
    NestingScanner(std::string_view text, std::string_view origin) : text_(text), origin_(origin) {}

    void run() {
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '\n') {
                dots_on_line_ = 0;
                ++pos_;
            } else if (c == '#') {
                skipPast("\n", false, true);
            } else if (startsWith("\"\"\"")) {
                pos_ += 3;
                skipPast("\"\"\"", true, false);
            } else if (startsWith("'''")) {
                pos_ += 3;
                skipPast("'''", false, false);
            } else if (c == '"') {
                ++pos_;
                skipPast("\"", true, true);
            } else if (c == '\'') {
                ++pos_;
                skipPast("'", false, true);
            } else {
                count(c);
                ++pos_;
            }
        }
    }

  private:
    bool startsWith(std::string_view token) const {
        return text_.substr(pos_, token.size()) == token;
    }

    // Moves past the next `end` (or to the end of the text); with escapes,
    // a backslash hides the character after it. Single-line strings stop at
    // a newline, so an unclosed quote cannot hide the brackets that follow.
    void skipPast(std::string_view end, bool escapes, bool single_line) {
        while (pos_ < text_.size()) {
            if (single_line && text_[pos_] == '\n') {
                return;
            }
            if (escapes && text_[pos_] == '\\') {
                pos_ += 2;
                continue;
            }
            if (startsWith(end)) {
                pos_ += end.size();
                return;
            }
            if (text_[pos_] == '\n') {
                dots_on_line_ = 0;
            }
            ++pos_;
        }
    }

    void count(char c) {
        if (c == '[' || c == '{') {
            ++depth_;
        } else if ((c == ']' || c == '}') && depth_ > 0) {
            --depth_;
        } else if (c == '.') {
            ++dots_on_line_;
        }
        if (depth_ > kMaxConfigNesting || dots_on_line_ > kMaxConfigNesting) {
            failAt(origin_, text_, pos_,
                   "nested too deeply (more than " + std::to_string(kMaxConfigNesting) +
                       " levels of arrays, inline tables or dotted keys)");
        }
    }

    std::string_view text_;
    std::string_view origin_;
    std::size_t pos_ = 0;
    std::size_t depth_ = 0;
    std::size_t dots_on_line_ = 0;
};

}  // namespace

void preflightTomlText(std::string_view text, std::string_view origin) {
    if (text.size() > kMaxConfigBytes) {
        throw ConfigError(formatConfigError(
            origin, std::nullopt, {},
            "the file is larger than " + std::to_string(kMaxConfigBytes) + " bytes"));
    }
    const std::size_t invalid = findInvalidUtf8(text);
    if (invalid != std::string_view::npos) {
        failAt(origin, text, invalid, "the file is not valid UTF-8 here");
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte < 0x20U && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7FU) {
            failAt(origin, text, i,
                   "the control character " + codePointName(byte) + " is not allowed in TOML");
        }
    }
    NestingScanner(text, origin).run();
}

}  // namespace confab
