// E164Number: a dial string that is safe to put into a SIP URI: '+', then 7 to
// 15 digits, the first not 0 (country codes never start with 0); 8..16
// characters in all. Nothing else passes, so no ';', '@', '>', space, CR or LF
// can ride along into a Request-URI (Asterisk's ${EXTEN} injection lesson).
// Turning what a user typed into this form (national numbers, spaces, dashes)
// is the job of the dial policy, not of this class.
//
// Thread contract: a plain value; callable from any thread.
#pragma once

#include <string>
#include <string_view>

#include "confab/sip/result.h"

namespace confab::sip {

class E164Number {
  public:
    static constexpr std::size_t kMinDigits = 7;
    static constexpr std::size_t kMaxDigits = 15;

    // Reason on failure, e.g. "dial string '+1 555' is not E.164: only digits
    // may follow '+'".
    static Result<E164Number> parse(std::string_view text);

    const std::string& str() const { return text_; }
    // "+15551234567" starts with "+1555"; "" and "+" are prefixes of everything.
    bool hasPrefix(std::string_view prefix) const;

  private:
    explicit E164Number(std::string text) : text_(std::move(text)) {}
    std::string text_;
};

}  // namespace confab::sip
