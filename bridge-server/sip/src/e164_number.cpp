#include "confab/sip/e164_number.h"

#include <algorithm>

#include <fmt/format.h>

#include "confab/sip/log_text.h"

namespace confab::sip {

Result<E164Number> E164Number::parse(std::string_view text) {
    auto refuse = [&](std::string_view why) {
        return Result<E164Number>::failure(
            fmt::format("dial string {} is not E.164: {}", quoteUntrusted(text, 40), why));
    };
    if (text.empty() || text.front() != '+') return refuse("it must start with '+'");
    const std::string_view digits = text.substr(1);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return refuse("only digits may follow '+'");
    }
    if (digits.size() < kMinDigits || digits.size() > kMaxDigits) {
        return refuse(fmt::format("it needs {} to {} digits, it has {}", kMinDigits, kMaxDigits,
                                  digits.size()));
    }
    if (digits.front() == '0') return refuse("a country code never starts with 0");
    return Result<E164Number>::success(E164Number(std::string(text)));
}

bool E164Number::hasPrefix(std::string_view prefix) const {
    return std::string_view(text_).substr(0, prefix.size()) == prefix;
}

}  // namespace confab::sip
