#include "directory_rules.h"

#include <algorithm>
#include <string>

#include "confab/shared/utf8.h"

namespace confab::store {
namespace {

constexpr std::size_t kMaxJidBytes = 3071;
constexpr std::size_t kMaxJidPartBytes = 1023;
constexpr std::size_t kMaxDisplayNameBytes = 1024;

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Simple one-to-one lower-casing for the scripts directory names mostly use.
char32_t foldCase(char32_t cp) {
    if (cp >= U'A' && cp <= U'Z') {
        return cp + 32;
    }
    if (cp < 0xC0) {
        return cp;
    }
    if (cp <= 0xDE) {  // Latin-1: À..Þ except ×
        return cp == 0xD7 ? cp : cp + 32;
    }
    if (cp >= 0x100 && cp <= 0x17F) {  // Latin Extended-A: upper/lower pairs
        if (cp == 0x130) {
            return U'i';  // İ
        }
        if (cp == 0x178) {
            return 0xFF;  // Ÿ
        }
        const bool even_is_upper = (cp <= 0x137) || (cp >= 0x14A && cp <= 0x177);
        const bool odd_is_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        if (even_is_upper && cp % 2 == 0) {
            return cp + 1;
        }
        if (odd_is_upper && cp % 2 == 1) {
            return cp + 1;
        }
        return cp;
    }
    if (cp >= 0x386 && cp <= 0x3AB) {  // Greek
        if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) {
            return cp + 32;
        }
        if (cp == 0x386) {
            return 0x3AC;
        }
        if (cp >= 0x388 && cp <= 0x38A) {
            return cp + 37;
        }
        if (cp == 0x38C) {
            return 0x3CC;
        }
        if (cp == 0x38E || cp == 0x38F) {
            return cp + 63;
        }
        return cp;
    }
    if (cp == 0x3C2) {
        return 0x3C3;  // final sigma compares as sigma
    }
    if (cp >= 0x400 && cp <= 0x40F) {  // Cyrillic Ѐ..Џ
        return cp + 80;
    }
    if (cp >= 0x410 && cp <= 0x42F) {  // Cyrillic А..Я
        return cp + 32;
    }
    return cp;
}

bool isSpaceCodePoint(char32_t cp) {
    return cp == U' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool isWordPunctuation(char c) {
    return std::string_view("\"'()[]{}<>,.;:!?*").find(c) != std::string_view::npos;
}

bool hasSpaceOrControl(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto decoded = decodeUtf8At(text, i);
        if (!decoded) {
            return true;
        }
        if (isSpaceCodePoint(decoded->value) || isControlCodePoint(decoded->value)) {
            return true;
        }
        i += decoded->length;
    }
    return false;
}

}  // namespace

std::string lowerAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::optional<std::string> bareJidProblem(std::string_view jid) {
    if (jid.empty()) {
        return "is empty";
    }
    if (jid.size() > kMaxJidBytes) {
        return "is longer than " + std::to_string(kMaxJidBytes) + " bytes";
    }
    if (!isValidUtf8(jid)) {
        return "is not valid UTF-8";
    }
    if (hasSpaceOrControl(jid)) {
        return "contains a space or a control character";
    }
    if (jid.find('/') != std::string_view::npos) {
        return "has a resource ('/'); give the bare JID";
    }
    const std::size_t at = jid.find('@');
    if (at == std::string_view::npos) {
        return "has no '@'";
    }
    if (jid.find('@', at + 1) != std::string_view::npos) {
        return "has more than one '@'";
    }
    const std::string_view local = jid.substr(0, at);
    const std::string_view domain = jid.substr(at + 1);
    if (local.empty()) {
        return "has an empty local part";
    }
    if (domain.empty()) {
        return "has an empty domain";
    }
    if (local.size() > kMaxJidPartBytes || domain.size() > kMaxJidPartBytes) {
        return "has a part longer than " + std::to_string(kMaxJidPartBytes) + " bytes";
    }
    for (char c : local) {
        if (std::string_view("\"&':<>").find(c) != std::string_view::npos) {
            return std::string("has the character '") + c + "' in its local part";
        }
    }
    for (char c : domain) {
        const auto byte = static_cast<unsigned char>(c);
        const bool allowed = byte >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                             c == '-' || c == '.' || c == '_' || c == '[' || c == ']' || c == ':';
        if (!allowed) {
            return std::string("has the character '") + c + "' in its domain";
        }
    }
    if (domain.front() == '.' || domain.back() == '.' ||
        domain.find("..") != std::string_view::npos) {
        return "has an empty label in its domain";
    }
    return std::nullopt;
}

std::optional<std::string> displayNameProblem(std::string_view name) {
    if (name.size() > kMaxDisplayNameBytes) {
        return "is longer than " + std::to_string(kMaxDisplayNameBytes) + " bytes";
    }
    const std::size_t bad = findInvalidUtf8(name);
    if (bad != std::string_view::npos) {
        return "is not valid UTF-8 (at byte " + std::to_string(bad + 1) + ")";
    }
    bool only_space = true;
    for (std::size_t i = 0; i < name.size();) {
        const auto decoded = decodeUtf8At(name, i);
        if (isControlCodePoint(decoded->value)) {
            return "contains the control character " + codePointName(decoded->value);
        }
        only_space = only_space && isSpaceCodePoint(decoded->value);
        i += decoded->length;
    }
    if (only_space) {
        return "is empty";
    }
    return std::nullopt;
}

std::string localPartOf(std::string_view jid) {
    return std::string(jid.substr(0, jid.find('@')));
}

std::string nameSearchKey(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < text.size();) {
        const auto decoded = decodeUtf8At(text, i);
        if (!decoded) {
            // Not UTF-8: keep the byte as it is, so distinct inputs stay distinct.
            if (pending_space && !out.empty()) {
                out += ' ';
            }
            pending_space = false;
            out += text[i];
            ++i;
            continue;
        }
        i += decoded->length;
        if (isSpaceCodePoint(decoded->value)) {
            pending_space = true;
            continue;
        }
        if (pending_space && !out.empty()) {
            out += ' ';
        }
        pending_space = false;
        appendUtf8(out, foldCase(decoded->value));
    }
    return out;
}

std::vector<std::string> nameWords(std::string_view key) {
    std::vector<std::string> words;
    auto add = [&words](std::string_view word) {
        while (!word.empty() && isWordPunctuation(word.front())) {
            word.remove_prefix(1);
        }
        while (!word.empty() && isWordPunctuation(word.back())) {
            word.remove_suffix(1);
        }
        if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end()) {
            words.emplace_back(word);
        }
    };
    std::size_t start = 0;
    while (start <= key.size()) {
        std::size_t end = key.find(' ', start);
        if (end == std::string_view::npos) {
            end = key.size();
        }
        const std::string_view token = key.substr(start, end - start);
        add(token);
        if (token.find_first_of("-.'") != std::string_view::npos) {
            std::size_t part_start = 0;
            while (part_start <= token.size()) {
                std::size_t part_end = token.find_first_of("-.'", part_start);
                if (part_end == std::string_view::npos) {
                    part_end = token.size();
                }
                add(token.substr(part_start, part_end - part_start));
                part_start = part_end + 1;
            }
        }
        start = end + 1;
    }
    return words;
}

std::string prefixUpperBound(std::string_view prefix) {
    // UTF-8 never holds 0xFF, so bumping the last byte cannot overflow.
    std::string bound(prefix);
    bound.back() = static_cast<char>(static_cast<unsigned char>(bound.back()) + 1);
    return bound;
}

}  // namespace confab::store
