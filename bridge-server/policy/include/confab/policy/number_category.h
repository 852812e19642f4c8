// What kind of number an E.164 string is, as far as dial policy cares: the
// categories that decide whether a role may call it. Toll fraud on a bridge
// is calls to premium-rate and foreign numbers, so those get their own names.
//
// Threads: stateless; uses libphonenumber's read-only singletons. Meant for
// the control thread (it allocates); never the media thread.
#pragma once

#include <string>
#include <string_view>

namespace confab::policy {

enum class NumberCategory {
    Domestic,       // in the default region (the fictional +1 555 numbers count too)
    International,  // another country code, or another region sharing ours (+1 876 Jamaica)
    PremiumRate,    // libphonenumber's PREMIUM_RATE, plus NANP 900 / 976 (see below)
    SharedCost,     // libphonenumber's SHARED_COST
    Emergency,      // 911, 112, 999...: a bridge never dials these
    Invalid,        // not strict E.164, not a possible number, or not E.164 as written
};

struct NumberInfo {
    NumberCategory category = NumberCategory::Invalid;
    std::string region;  // "GB", "JM"; "" when libphonenumber cannot tell
    // Outside the default region by rule 5 below, whatever the category: a
    // foreign premium-rate number is both PremiumRate and foreign.
    bool foreign = false;
};

// `e164` must be strict E.164 ("+442079460000"), exactly as it will be dialled:
// a string libphonenumber would write differently is Invalid, so the number
// checked is always the number dialled. `default_region` is an ISO 3166 code
// ("US"); an unknown one makes every number International (fail closed).
//
// Rules, in order:
//  1. Emergency: the digits after '+' are an emergency number of the default
//     region ("+112", "+911" typed with a stray '+'), or the national number
//     is one in any region of its country code ("+1911", "+44999"), or they
//     are 112 or 911.
//  2. Invalid: not parsable, not a possible length, or not round-tripping.
//  3. PremiumRate: NANP area code 900 or 976, or exchange 976 in any area
//     code (the historic US pay-per-call ranges); then libphonenumber's type.
//  4. SharedCost: libphonenumber's type.
//  5. International: a different country code; or the same country code but
//     libphonenumber places the number in another region (NANP's Caribbean
//     members such as +1 876 and +1 809 are billed as international and are
//     the classic "call back" scam). Toll-free numbers of our country code
//     stay Domestic, since NANP toll-free ranges are shared.
//  6. Domestic otherwise, including numbers libphonenumber cannot place.
NumberCategory classifyNumber(const std::string& e164, const std::string& default_region);

// classifyNumber plus the region, for messages.
NumberInfo inspectNumber(const std::string& e164, const std::string& default_region);

// "a premium-rate number", "an international number"... for sentences.
std::string_view describeCategory(NumberCategory category);

// "+1" for "US"; "" for a region libphonenumber does not know.
std::string countryCodePrefix(const std::string& region);

}  // namespace confab::policy
