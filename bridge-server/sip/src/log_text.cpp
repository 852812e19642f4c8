#include "confab/sip/log_text.h"

#include <fmt/format.h>

namespace confab::sip {

std::string quoteUntrusted(std::string_view text, std::size_t max_chars) {
    std::string out = "'";
    const std::size_t shown = std::min(text.size(), max_chars);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte < 0x7f && byte != '\'' && byte != '\\') {
            out.push_back(text[i]);
        } else {
            out += fmt::format("\\x{:02x}", byte);
        }
    }
    if (shown < text.size()) out += "...";
    out.push_back('\'');
    return out;
}

}  // namespace confab::sip
