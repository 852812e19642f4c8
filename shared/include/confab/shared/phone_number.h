// Telephone numbers: turning what a user typed into E.164, and the last check
// before a number goes anywhere near a dial string.
//
// Threads: every function here is stateless and may be called from any thread
// at the same time. They use libphonenumber's PhoneNumberUtil singleton, whose
// creation is guarded by a once-only lock on Linux builds and which is
// read-only afterwards. Creating it parses the metadata of every region (a few
// milliseconds): call preloadPhoneNumberMetadata() once at start-up so the
// first /call does not pay for it. These functions allocate, so they are for
// the control thread, never the media thread.
#pragma once

#include <string>
#include <string_view>

namespace confab {

enum class PhoneNumberProblem {
    None,
    Empty,
    InputTooLong,  // more text than any written phone number needs
    InvalidUtf8,
    Letters,          // vanity numbers such as 1-800-FLOWERS are refused, not converted
    LookAlikeDigits,  // fullwidth, Arabic-Indic and other non-ASCII digits
    UnexpectedCharacter,
    NotANumber,     // libphonenumber found no number in the text
    UnknownRegion,  // default_region is not a region libphonenumber knows
    InvalidCountryCode,
    TooShort,
    TooLong,
    InvalidForRegion,  // only with NumberCheck::Valid
};

// How hard normalizeToE164 checks the number.
enum class NumberCheck {
    // Country code exists and the length fits that country's numbering plan.
    // Enough to route a call, and it accepts the fictional +1 555 numbers our
    // tests and the PSTN simulator use.
    Possible,
    // Additionally, libphonenumber's metadata says the number is assigned
    // (real area code, real number range). Rejects +1 555 123 4567.
    Valid,
};

struct E164Result {
    std::string e164;  // "+15551234567" when problem == None, else empty
    PhoneNumberProblem problem = PhoneNumberProblem::None;
    std::string reason;  // one sentence for the user when problem != None

    bool ok() const { return problem == PhoneNumberProblem::None; }
};

// Accepts ASCII digits, one leading '+', and the separators people write:
// spaces, tabs, '-', '.', '(' and ')'. National numbers are read in
// `default_region` (ISO 3166 code, e.g. "US"); "00"-style international
// prefixes work as they do in that region.
//
// Look-alike digits are REJECTED, not folded, although libphonenumber could
// fold them: a number must be shown back to the user, logged and matched
// against dial policy exactly as it will be dialled, and text that only looks
// like a number (an Arabic-Indic "٥٥٥" in a name) must never turn into one.
// Letters are rejected for the same reason.
E164Result normalizeToE164(std::string_view text, std::string_view default_region,
                           NumberCheck check = NumberCheck::Possible);

// The only gate before a string is put into a dial string, a SIP URI or a
// route template: true only for a '+' followed by 1 to 15 ASCII digits, or
// 1 to 15 ASCII digits alone. Anything else (spaces, letters, '@', ';', '$',
// '{', non-ASCII) is false. Asterisk's ${EXTEN} injection is why this exists.
bool isDialSafe(std::string_view text);

// True for the strict E.164 form: '+', a non-zero digit, at most 15 digits.
// Format only; see normalizeToE164 for whether the number exists.
bool isE164(std::string_view text);

// True when text is made only of digits (ASCII or look-alike), separators and
// at most one leading '+', with at least 3 digits: "+1 555 123 4567",
// "(555) 123-4567", "100". The resolver uses it to tell numbers from names
// ("bob", "2bob" are names) before calling normalizeToE164, which then gives
// the precise reason if a number-like word is not acceptable.
bool looksLikePhoneNumber(std::string_view text);

// True for a two-letter region code libphonenumber has metadata for ("US",
// "GB"). Case-sensitive: region codes are upper case.
bool isKnownPhoneRegion(std::string_view region);

// Forces libphonenumber to load its metadata now rather than on first use.
void preloadPhoneNumberMetadata();

}  // namespace confab
