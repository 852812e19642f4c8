#include "confab/policy/number_category.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/shortnumberinfo.h>

#include <list>

#include "confab/shared/phone_number.h"

namespace confab::policy {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;
using i18n::phonenumbers::ShortNumberInfo;

// No emergency number anywhere is longer than this; longer digit strings are
// not looked up, which keeps hostile input cheap.
constexpr std::size_t kMaxEmergencyDigits = 8;

const ShortNumberInfo& shortNumbers() {
    // Building ShortNumberInfo parses its metadata: once, then read-only.
    static const ShortNumberInfo info;
    return info;
}

bool isEmergencyIn(const std::string& digits, const std::string& region) {
    if (digits.empty() || digits.size() > kMaxEmergencyDigits) {
        return false;
    }
    // 112 and 911 reach emergency services from most phones in the world,
    // whatever the metadata says about one region.
    return digits == "112" || digits == "911" || shortNumbers().IsEmergencyNumber(digits, region);
}

bool isEmergencyInCountry(const std::string& national, int country_code) {
    std::list<std::string> regions;
    PhoneNumberUtil::GetInstance()->GetRegionCodesForCountryCallingCode(country_code, &regions);
    for (const std::string& region : regions) {
        if (isEmergencyIn(national, region)) {
            return true;
        }
    }
    return false;
}

// NANP pay-per-call: area code 900 (and 976, which is not assigned as an area
// code), and exchange 976 in any area code.
bool isNanpPremium(const std::string& national) {
    if (national.size() != 10) {
        return false;
    }
    const std::string area = national.substr(0, 3);
    const std::string exchange = national.substr(3, 3);
    return area == "900" || area == "976" || exchange == "976";
}

bool isKnownRegion(const std::string& region) {
    return !region.empty() && region != "ZZ" && region != "001";
}

}  // namespace

NumberInfo inspectNumber(const std::string& e164, const std::string& default_region) {
    if (!isE164(e164)) {
        return {NumberCategory::Invalid, {}, false};
    }
    const std::string digits = e164.substr(1);
    if (isEmergencyIn(digits, default_region)) {
        return {NumberCategory::Emergency, default_region, false};
    }

    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (util.Parse(e164, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
        return {NumberCategory::Invalid, {}, false};
    }
    std::string national;
    util.GetNationalSignificantNumber(number, &national);
    if (isEmergencyInCountry(national, number.country_code())) {
        return {NumberCategory::Emergency, {}, false};
    }
    std::string formatted;
    util.Format(number, PhoneNumberUtil::E164, &formatted);
    if (formatted != e164 || !util.IsPossibleNumber(number)) {
        return {NumberCategory::Invalid, {}, false};
    }

    NumberInfo info;
    util.GetRegionCodeForNumber(number, &info.region);
    if (!isKnownRegion(info.region)) {
        info.region.clear();
    }
    const auto type = util.GetNumberType(number);
    const int home_code = util.GetCountryCodeForRegion(default_region);
    info.foreign = number.country_code() != home_code ||
                   (!info.region.empty() && info.region != default_region &&
                    type != PhoneNumberUtil::TOLL_FREE);
    if ((number.country_code() == 1 && isNanpPremium(national)) ||
        type == PhoneNumberUtil::PREMIUM_RATE) {
        info.category = NumberCategory::PremiumRate;
    } else if (type == PhoneNumberUtil::SHARED_COST) {
        info.category = NumberCategory::SharedCost;
    } else if (info.foreign) {
        info.category = NumberCategory::International;
    } else {
        info.category = NumberCategory::Domestic;
    }
    return info;
}

NumberCategory classifyNumber(const std::string& e164, const std::string& default_region) {
    return inspectNumber(e164, default_region).category;
}

std::string_view describeCategory(NumberCategory category) {
    switch (category) {
        case NumberCategory::Domestic:
            return "a domestic number";
        case NumberCategory::International:
            return "an international number";
        case NumberCategory::PremiumRate:
            return "a premium-rate number";
        case NumberCategory::SharedCost:
            return "a shared-cost number";
        case NumberCategory::Emergency:
            return "an emergency number";
        case NumberCategory::Invalid:
            return "not a valid telephone number";
    }
    return "not a valid telephone number";
}

std::string countryCodePrefix(const std::string& region) {
    const int code = PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(region);
    return code == 0 ? std::string() : "+" + std::to_string(code);
}

}  // namespace confab::policy
