#include "confab/shared/utf8.h"

#include <cstdint>
#include <cstdio>

namespace confab {

namespace {

bool isContinuation(unsigned char byte) {
    return (byte & 0xC0U) == 0x80U;
}

}  // namespace

std::optional<Utf8CodePoint> decodeUtf8At(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) {
        return std::nullopt;
    }
    const auto lead = static_cast<unsigned char>(text[offset]);
    if (lead < 0x80U) {
        return Utf8CodePoint{lead, 1};
    }
    std::size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;  // smallest value this length may encode (overlong check)
    if ((lead & 0xE0U) == 0xC0U) {
        length = 2;
        value = lead & 0x1FU;
        minimum = 0x80;
    } else if ((lead & 0xF0U) == 0xE0U) {
        length = 3;
        value = lead & 0x0FU;
        minimum = 0x800;
    } else if ((lead & 0xF8U) == 0xF0U) {
        length = 4;
        value = lead & 0x07U;
        minimum = 0x10000;
    } else {
        return std::nullopt;  // continuation byte or 0xF8..0xFF as a lead byte
    }
    if (text.size() - offset < length) {
        return std::nullopt;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const auto byte = static_cast<unsigned char>(text[offset + i]);
        if (!isContinuation(byte)) {
            return std::nullopt;
        }
        value = (value << 6U) | (byte & 0x3FU);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        return std::nullopt;
    }
    return Utf8CodePoint{value, length};
}

std::size_t findInvalidUtf8(std::string_view text) {
    std::size_t offset = 0;
    while (offset < text.size()) {
        // ASCII fast path: most of what we check is plain ASCII.
        if (static_cast<unsigned char>(text[offset]) < 0x80U) {
            ++offset;
            continue;
        }
        const auto code_point = decodeUtf8At(text, offset);
        if (!code_point) {
            return offset;
        }
        offset += code_point->length;
    }
    return std::string_view::npos;
}

std::size_t countCodePoints(std::string_view text, std::size_t byte_count) {
    const std::size_t end = byte_count < text.size() ? byte_count : text.size();
    std::size_t count = 0;
    std::size_t offset = 0;
    while (offset < end) {
        const auto code_point = decodeUtf8At(text, offset);
        offset += code_point ? code_point->length : 1;
        ++count;
    }
    return count;
}

std::string codePointName(char32_t value) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<std::uint32_t>(value));
    return buffer;
}

bool isControlCodePoint(char32_t value) {
    return value < 0x20 || value == 0x7F || (value >= 0x80 && value <= 0x9F);
}

bool isDisplayTrickCodePoint(char32_t value) {
    return (value >= 0x202A && value <= 0x202E)     // LRE, RLE, PDF, LRO, RLO
           || (value >= 0x2066 && value <= 0x2069)  // LRI, RLI, FSI, PDI
           || value == 0x200E || value == 0x200F    // LRM, RLM
           || value == 0x061C                       // Arabic letter mark
           || value == 0x2028 || value == 0x2029;   // line and paragraph separators
}

}  // namespace confab
