// classifyNumber: the categories dial policy decides on, with real numbers
// from libphonenumber's metadata (premium, shared-cost, foreign, emergency).
#include "confab/policy/number_category.h"

#include <gtest/gtest.h>

namespace confab::policy {
namespace {

TEST(ClassifyNumberTest, UsPremiumRate) {
    EXPECT_EQ(classifyNumber("+19005550100", "US"), NumberCategory::PremiumRate);
    // 976 is premium as an area code and as an exchange in any area code.
    EXPECT_EQ(classifyNumber("+19765550100", "US"), NumberCategory::PremiumRate);
    EXPECT_EQ(classifyNumber("+12129765555", "US"), NumberCategory::PremiumRate);
    // Premium from another region too, and it is also foreign there.
    EXPECT_EQ(classifyNumber("+19005550100", "GB"), NumberCategory::PremiumRate);
    EXPECT_TRUE(inspectNumber("+19005550100", "GB").foreign);
    EXPECT_FALSE(inspectNumber("+19005550100", "US").foreign);
}

TEST(ClassifyNumberTest, UkPremiumRateAndSharedCost) {
    EXPECT_EQ(classifyNumber("+449012345678", "GB"), NumberCategory::PremiumRate);
    EXPECT_EQ(classifyNumber("+449098765432", "GB"), NumberCategory::PremiumRate);
    EXPECT_EQ(classifyNumber("+448712345678", "GB"), NumberCategory::PremiumRate);
    EXPECT_EQ(classifyNumber("+33810123456", "FR"), NumberCategory::SharedCost);
    EXPECT_EQ(classifyNumber("+33899123456", "FR"), NumberCategory::PremiumRate);
}

TEST(ClassifyNumberTest, DomesticAndInternationalDependOnTheRegion) {
    EXPECT_EQ(classifyNumber("+12025550100", "US"), NumberCategory::Domestic);
    EXPECT_EQ(classifyNumber("+12025550100", "GB"), NumberCategory::International);
    EXPECT_EQ(classifyNumber("+442079460000", "GB"), NumberCategory::Domestic);
    EXPECT_EQ(classifyNumber("+442079460000", "US"), NumberCategory::International);
    EXPECT_EQ(classifyNumber("+4930123456", "DE"), NumberCategory::Domestic);
    EXPECT_EQ(classifyNumber("+4930123456", "FR"), NumberCategory::International);
    // Toll-free in the home country is domestic.
    EXPECT_EQ(classifyNumber("+18005550100", "US"), NumberCategory::Domestic);
    EXPECT_EQ(classifyNumber("+18005550100", "CA"), NumberCategory::Domestic);
    // The fictional 555 numbers of our tests and PSTN simulator are not
    // assigned anywhere, but have the right shape: domestic.
    EXPECT_EQ(classifyNumber("+15551234567", "US"), NumberCategory::Domestic);
}

TEST(ClassifyNumberTest, SharedCountryCodeButAnotherRegionIsInternational) {
    // NANP members in the Caribbean share +1 but are billed as international.
    EXPECT_EQ(classifyNumber("+18765550100", "US"), NumberCategory::International);
    EXPECT_EQ(classifyNumber("+18095550100", "US"), NumberCategory::International);
    EXPECT_EQ(inspectNumber("+18765550100", "US").region, "JM");
    EXPECT_EQ(classifyNumber("+14165550100", "US"), NumberCategory::International);
    EXPECT_EQ(classifyNumber("+14165550100", "CA"), NumberCategory::Domestic);
}

TEST(ClassifyNumberTest, EmergencyNumbers) {
    EXPECT_EQ(classifyNumber("+1911", "US"), NumberCategory::Emergency);
    EXPECT_EQ(classifyNumber("+112", "US"), NumberCategory::Emergency);
    EXPECT_EQ(classifyNumber("+112", "DE"), NumberCategory::Emergency);
    EXPECT_EQ(classifyNumber("+911", "US"), NumberCategory::Emergency);
    EXPECT_EQ(classifyNumber("+44999", "US"), NumberCategory::Emergency);
    EXPECT_EQ(classifyNumber("+999", "GB"), NumberCategory::Emergency);
    EXPECT_EQ(classifyNumber("+49112", "DE"), NumberCategory::Emergency);
    EXPECT_EQ(classifyNumber("+1911", "GB"), NumberCategory::Emergency);
    // An Indian number starting 91 1 is a number, not 911.
    EXPECT_EQ(classifyNumber("+911234567890", "US"), NumberCategory::International);
}

TEST(ClassifyNumberTest, InvalidInput) {
    for (const char* text :
         {"", "+", "+1", "19005550100", "+1 900 555 0100", "+1900555010a", "+0123456789",
          "+1234567890123456", "+4402079460000", "+1555", "+99912345678", "tel:+12025550100"}) {
        EXPECT_EQ(classifyNumber(text, "US"), NumberCategory::Invalid) << text;
    }
}

TEST(ClassifyNumberTest, UnknownRegionFailsClosed) {
    EXPECT_EQ(classifyNumber("+12025550100", "XX"), NumberCategory::International);
    EXPECT_EQ(countryCodePrefix("XX"), "");
    EXPECT_EQ(countryCodePrefix("US"), "+1");
    EXPECT_EQ(countryCodePrefix("GB"), "+44");
}

}  // namespace
}  // namespace confab::policy
