#include "confab/shared/phone_number.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <set>

#include "confab/shared/utf8.h"

namespace confab {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// Longer than any number written with separators; caps libphonenumber's work
// on hostile input too.
constexpr std::size_t kMaxInputBytes = 64;
constexpr std::size_t kMaxE164Digits = 15;

bool isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isSeparator(char c) {
    return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')';
}

// A non-ASCII code point that libphonenumber would read as a digit (any
// Unicode decimal digit: fullwidth, Arabic-Indic, Devanagari...). Asking
// libphonenumber keeps our notion of "look-alike" identical to what it folds.
bool isLookAlikeDigit(std::string_view utf8_sequence) {
    std::string digits(utf8_sequence);
    PhoneNumberUtil::GetInstance()->NormalizeDigitsOnly(&digits);
    return digits.size() == 1 && isAsciiDigit(digits[0]);
}

E164Result failure(PhoneNumberProblem problem, std::string reason) {
    return E164Result{{}, problem, std::move(reason)};
}

// Walks the text once and refuses anything that is not digits, separators and
// one leading '+'. Returns a failure, or nullopt when the text may go on to
// libphonenumber.
std::optional<E164Result> checkCharacters(std::string_view text) {
    bool seen_plus = false;
    bool seen_digit = false;
    std::size_t offset = 0;
    while (offset < text.size()) {
        const char c = text[offset];
        if (isAsciiDigit(c)) {
            seen_digit = true;
        } else if (c == '+') {
            if (seen_plus || seen_digit) {
                return failure(PhoneNumberProblem::UnexpectedCharacter,
                               "'+' may only appear once, before the country code");
            }
            seen_plus = true;
        } else if (isAsciiLetter(c)) {
            return failure(PhoneNumberProblem::Letters,
                           "contains letters; type the number with digits only");
        } else if (static_cast<unsigned char>(c) >= 0x80U) {
            const auto code_point = decodeUtf8At(text, offset);
            if (!code_point) {
                return failure(PhoneNumberProblem::InvalidUtf8, "is not valid UTF-8 text");
            }
            if (isLookAlikeDigit(text.substr(offset, code_point->length))) {
                return failure(PhoneNumberProblem::LookAlikeDigits,
                               "contains the non-ASCII digit " + codePointName(code_point->value) +
                                   "; type the number with the digits 0-9");
            }
            return failure(PhoneNumberProblem::UnexpectedCharacter,
                           "contains the character " + codePointName(code_point->value) +
                               ", which does not belong in a phone number");
        } else if (!isSeparator(c)) {
            std::string shown = isControlCodePoint(static_cast<unsigned char>(c))
                                    ? codePointName(static_cast<unsigned char>(c))
                                    : std::string("'") + c + "'";
            return failure(PhoneNumberProblem::UnexpectedCharacter,
                           "contains " + shown + ", which does not belong in a phone number");
        }
        ++offset;
    }
    if (!seen_digit) {
        return failure(PhoneNumberProblem::NotANumber, "contains no digits");
    }
    return std::nullopt;
}

// `where` names the numbering plan the number was checked against:
// "US numbers" or "numbers with country code +44".
std::string possibilityReason(PhoneNumberUtil::ValidationResult result, const std::string& where,
                              bool international, PhoneNumberProblem* problem) {
    switch (result) {
        case PhoneNumberUtil::INVALID_COUNTRY_CODE:
            *problem = PhoneNumberProblem::InvalidCountryCode;
            return "has a country code that does not exist";
        case PhoneNumberUtil::TOO_SHORT:
        case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
            *problem = PhoneNumberProblem::TooShort;
            return "is too short; include the area code, or '+' and the country code";
        case PhoneNumberUtil::TOO_LONG:
            *problem = PhoneNumberProblem::TooLong;
            return "is too long for " + where +
                   (international ? ""
                                  : "; numbers from another country start with '+' and the "
                                    "country code");
        case PhoneNumberUtil::INVALID_LENGTH:
        default:
            *problem = PhoneNumberProblem::TooLong;
            return "has a length no " + where + " have";
    }
}

}  // namespace

E164Result normalizeToE164(std::string_view text, std::string_view default_region,
                           NumberCheck check) {
    if (text.empty()) {
        return failure(PhoneNumberProblem::Empty, "is empty");
    }
    if (text.size() > kMaxInputBytes) {
        return failure(PhoneNumberProblem::InputTooLong,
                       "is too long to be a phone number (more than " +
                           std::to_string(kMaxInputBytes) + " characters)");
    }
    if (auto problem = checkCharacters(text)) {
        return *problem;
    }
    const bool international = text.find('+') != std::string_view::npos;
    if (!international && !isKnownPhoneRegion(default_region)) {
        return failure(PhoneNumberProblem::UnknownRegion,
                       "has no country code, and the default region is not a known region; "
                       "start the number with '+' and the country code");
    }

    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    const std::string region = international ? std::string("ZZ") : std::string(default_region);
    const auto parse_error = util.Parse(std::string(text), region, &number);
    switch (parse_error) {
        case PhoneNumberUtil::NO_PARSING_ERROR:
            break;
        case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
            return failure(PhoneNumberProblem::InvalidCountryCode,
                           "has a country code that does not exist");
        case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
        case PhoneNumberUtil::TOO_SHORT_NSN:
            return failure(PhoneNumberProblem::TooShort, "is too short to be a phone number");
        case PhoneNumberUtil::TOO_LONG_NSN:
            return failure(PhoneNumberProblem::TooLong, "is too long to be a phone number");
        case PhoneNumberUtil::NOT_A_NUMBER:
        default:
            return failure(PhoneNumberProblem::NotANumber, "is not a phone number");
    }

    const auto possibility = util.IsPossibleNumberWithReason(number);
    if (possibility != PhoneNumberUtil::IS_POSSIBLE) {
        PhoneNumberProblem problem = PhoneNumberProblem::NotANumber;
        const std::string where =
            international ? "numbers with country code +" + std::to_string(number.country_code())
                          : std::string(default_region) + " numbers";
        std::string reason = possibilityReason(possibility, where, international, &problem);
        return failure(problem, std::move(reason));
    }
    if (check == NumberCheck::Valid && !util.IsValidNumber(number)) {
        std::string where;
        util.GetRegionCodeForNumber(number, &where);
        return failure(
            PhoneNumberProblem::InvalidForRegion,
            "is not a number in use" +
                (where.empty() || where == "ZZ" ? std::string() : " in region " + where));
    }

    std::string e164;
    util.Format(number, PhoneNumberUtil::E164, &e164);
    // Defence in depth: whatever libphonenumber produced must still pass the
    // dial-string gate, or nobody gets it.
    if (!isDialSafe(e164)) {
        return failure(PhoneNumberProblem::NotANumber, "could not be turned into a safe number");
    }
    return E164Result{std::move(e164), PhoneNumberProblem::None, {}};
}

bool isDialSafe(std::string_view text) {
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+') {
        digits.remove_prefix(1);
    }
    if (digits.empty() || digits.size() > kMaxE164Digits) {
        return false;
    }
    for (const char c : digits) {
        if (!isAsciiDigit(c)) {
            return false;
        }
    }
    return true;
}

bool isE164(std::string_view text) {
    return text.size() >= 3 && text.front() == '+' && text[1] != '0' && isDialSafe(text);
}

bool looksLikePhoneNumber(std::string_view text) {
    if (text.size() > kMaxInputBytes) {
        return false;
    }
    std::size_t digits = 0;
    bool seen_plus = false;
    std::size_t offset = 0;
    while (offset < text.size()) {
        const char c = text[offset];
        if (isAsciiDigit(c)) {
            ++digits;
        } else if (c == '+') {
            if (seen_plus || digits > 0) {
                return false;
            }
            seen_plus = true;
        } else if (static_cast<unsigned char>(c) >= 0x80U) {
            const auto code_point = decodeUtf8At(text, offset);
            if (!code_point || !isLookAlikeDigit(text.substr(offset, code_point->length))) {
                return false;
            }
            ++digits;
            offset += code_point->length;
            continue;
        } else if (!isSeparator(c)) {
            return false;
        }
        ++offset;
    }
    return digits >= 3;
}

bool isKnownPhoneRegion(std::string_view region) {
    // GetSupportedRegions copies a set each call; the region list never
    // changes, so it is read once (thread-safe static initialisation).
    static const std::set<std::string, std::less<>> known = [] {
        std::set<std::string> regions;
        PhoneNumberUtil::GetInstance()->GetSupportedRegions(&regions);
        return std::set<std::string, std::less<>>(regions.begin(), regions.end());
    }();
    return region.size() == 2 && known.find(region) != known.end();
}

void preloadPhoneNumberMetadata() {
    (void)isKnownPhoneRegion("US");
}

}  // namespace confab
