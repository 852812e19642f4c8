#include "slash_tokenizer.h"

#include <optional>

#include "confab/shared/utf8.h"

namespace confab {

namespace {

// E.164 numbers have at most 15 digits; a run that would grow past that is
// two numbers written side by side.
constexpr std::size_t kMaxDigitsInNumberRun = 15;

// A word that may be part of a phone number written with spaces:
// "+1", "555", "(555)", "123-4567". ASCII only, at least one digit, '+' only
// first. Look-alike digits are deliberately not pieces: they stay separate
// words and normalizeToE164 explains why they are refused.
bool isNumberPiece(std::string_view word, std::size_t* digits) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        if (c >= '0' && c <= '9') {
            ++count;
        } else if (c == '+') {
            if (i != 0) {
                return false;
            }
        } else if (c != '-' && c != '(' && c != ')' && c != '.') {
            return false;
        }
    }
    *digits = count;
    return count > 0;
}

struct Word {
    std::string text;
    bool quoted = false;
};

class WordReader {
  public:
    explicit WordReader(std::string_view line, std::size_t start) : line_(line), pos_(start) {}

    bool atEnd() const { return pos_ >= line_.size(); }
    std::size_t position() const { return pos_; }

    // Skips spaces; returns true when a ',' was among them (a hard break).
    bool skipSeparators() {
        bool comma = false;
        while (!atEnd()) {
            if (line_[pos_] == ',') {
                comma = true;
                ++pos_;
                continue;
            }
            const auto code_point = decodeUtf8At(line_, pos_);
            if (!code_point || !isArgumentSpace(code_point->value)) {
                break;
            }
            pos_ += code_point->length;
        }
        return comma;
    }

    // Reads one word: unquoted text and quoted strings up to the next space
    // or ','. Returns an error for an unclosed quote.
    std::variant<Word, CommandError> readWord() {
        Word word;
        while (!atEnd()) {
            if (line_[pos_] == ',') {
                break;
            }
            if (line_[pos_] == '"') {
                word.quoted = true;
                if (auto error = readQuoted(word.text)) {
                    return *error;
                }
                continue;
            }
            const auto code_point = decodeUtf8At(line_, pos_);
            // The caller validated the UTF-8; a bad byte here is copied as is
            // rather than looping forever.
            const std::size_t length = code_point ? code_point->length : 1;
            if (code_point && isArgumentSpace(code_point->value)) {
                break;
            }
            word.text.append(line_.substr(pos_, length));
            pos_ += length;
        }
        return word;
    }

  private:
    std::optional<CommandError> readQuoted(std::string& out) {
        const std::size_t opening = pos_;
        ++pos_;
        while (!atEnd()) {
            const char c = line_[pos_];
            if (c == '\\' && pos_ + 1 < line_.size() &&
                (line_[pos_ + 1] == '"' || line_[pos_ + 1] == '\\')) {
                out += line_[pos_ + 1];
                pos_ += 2;
                continue;
            }
            ++pos_;
            if (c == '"') {
                return std::nullopt;
            }
            // Arguments never hold control characters, so consumers need not
            // check; a tab pasted into a quoted name is a space.
            out += c == '\t' ? ' ' : c;
        }
        const std::size_t column = columnAt(line_, opening);
        return CommandError{CommandErrorKind::UnbalancedQuote,
                            "the quote at column " + std::to_string(column) +
                                " is never closed; end the quoted text with \"",
                            column};
    }

    std::string_view line_;
    std::size_t pos_;
};

}  // namespace

bool isArgumentSpace(char32_t c) {
    return c == ' ' || c == '\t' || c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

std::size_t columnAt(std::string_view line, std::size_t offset) {
    return countCodePoints(line, offset) + 1;
}

SlashArguments tokenizeSlashArguments(std::string_view line, std::size_t start) {
    std::vector<std::string> args;
    WordReader reader(line, start);
    bool number_run_open = false;  // args.back() is a phone number being built
    std::size_t number_run_digits = 0;
    bool hard_break = true;
    while (true) {
        hard_break = reader.skipSeparators() || hard_break;
        if (reader.atEnd()) {
            break;
        }
        const std::size_t word_start = reader.position();
        auto read = reader.readWord();
        if (auto* error = std::get_if<CommandError>(&read)) {
            return *error;
        }
        Word& word = std::get<Word>(read);
        if (word.quoted && word.text.empty()) {
            const std::size_t column = columnAt(line, word_start);
            return CommandError{CommandErrorKind::EmptyArgument,
                                "the quoted text at column " + std::to_string(column) + " is empty",
                                column};
        }

        std::size_t digits = 0;
        const bool piece = !word.quoted && isNumberPiece(word.text, &digits);
        const bool continues_number = piece && number_run_open && !hard_break &&
                                      word.text.front() != '+' &&
                                      number_run_digits + digits <= kMaxDigitsInNumberRun;
        if (continues_number) {
            args.back() += ' ';
            args.back() += word.text;
            number_run_digits += digits;
        } else {
            if (args.size() == kMaxSlashCommandArguments) {
                return CommandError{
                    CommandErrorKind::TooManyArguments,
                    "too many arguments; the limit is " + std::to_string(kMaxSlashCommandArguments),
                    columnAt(line, word_start)};
            }
            args.push_back(std::move(word.text));
            number_run_open = piece;
            number_run_digits = piece ? digits : 0;
        }
        hard_break = false;
    }
    return args;
}

}  // namespace confab
