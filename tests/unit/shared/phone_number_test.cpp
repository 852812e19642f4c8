#include "confab/shared/phone_number.h"

#include <gtest/gtest.h>

namespace confab {
namespace {

std::string e164(std::string_view text, std::string_view region = "US",
                 NumberCheck check = NumberCheck::Possible) {
    const E164Result result = normalizeToE164(text, region, check);
    EXPECT_TRUE(result.ok()) << "'" << text << "': " << result.reason;
    return result.e164;
}

E164Result refused(std::string_view text, std::string_view region = "US",
                   NumberCheck check = NumberCheck::Possible) {
    const E164Result result = normalizeToE164(text, region, check);
    EXPECT_FALSE(result.ok()) << "'" << text << "' became " << result.e164;
    EXPECT_TRUE(result.e164.empty());
    EXPECT_FALSE(result.reason.empty());
    return result;
}

TEST(PhoneNumberTest, NormalizesTheWaysPeopleWriteNumbers) {
    EXPECT_EQ(e164("+1 555 123 4567"), "+15551234567");
    EXPECT_EQ(e164("+1-555-123-4567"), "+15551234567");
    EXPECT_EQ(e164("(555) 123-4567"), "+15551234567");
    EXPECT_EQ(e164("555.123.4567"), "+15551234567");
    EXPECT_EQ(e164("+44 20 7946 0958"), "+442079460958");
    EXPECT_EQ(e164("020 7946 0958", "GB"), "+442079460958");
    EXPECT_EQ(e164("011 44 20 7946 0958", "US"), "+442079460958");
    EXPECT_EQ(e164("+49 30 123456", "ZZ"), "+4930123456");
}

TEST(PhoneNumberTest, ValidCheckRefusesUnassignedNumbers) {
    EXPECT_EQ(e164("+1 650 253 0000", "US", NumberCheck::Valid), "+16502530000");
    EXPECT_EQ(refused("+1 555 123 4567", "US", NumberCheck::Valid).problem,
              PhoneNumberProblem::InvalidForRegion);
}

TEST(PhoneNumberTest, ReasonsForBadNumbers) {
    EXPECT_EQ(refused("").problem, PhoneNumberProblem::Empty);
    EXPECT_EQ(refused("12").problem, PhoneNumberProblem::TooShort);
    EXPECT_EQ(refused("555 1234").problem, PhoneNumberProblem::TooShort);
    EXPECT_EQ(refused("+1 555 123 4567 8901 23").problem, PhoneNumberProblem::TooLong);
    EXPECT_EQ(refused("020 7946 0958", "US").problem, PhoneNumberProblem::TooLong);
    EXPECT_EQ(refused("+999 123 456").problem, PhoneNumberProblem::InvalidCountryCode);
    EXPECT_EQ(refused("---").problem, PhoneNumberProblem::NotANumber);
    EXPECT_EQ(refused("555 123 4567", "XX").problem, PhoneNumberProblem::UnknownRegion);
    EXPECT_EQ(refused(std::string(65, '5')).problem, PhoneNumberProblem::InputTooLong);
}

TEST(PhoneNumberTest, LettersAreRefusedNotConverted) {
    const E164Result vanity = refused("1-800-FLOWERS");
    EXPECT_EQ(vanity.problem, PhoneNumberProblem::Letters);
    EXPECT_NE(vanity.reason.find("letters"), std::string::npos);
    EXPECT_EQ(refused("555 123 4567 ext 12").problem, PhoneNumberProblem::Letters);
    EXPECT_EQ(refused("tel:+15551234567").problem, PhoneNumberProblem::Letters);
}

TEST(PhoneNumberTest, LookAlikeDigitsAreRefusedWithTheirCode) {
    // Fullwidth, Arabic-Indic, Extended Arabic-Indic (Persian), Devanagari.
    for (const std::string& text :
         {std::string("\uFF15\uFF15\uFF15\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17"),
          std::string("+1 555 123 456\u0667"), std::string("\u06F5\u06F5\u06F5 123 4567"),
          std::string("\u0966\u0967\u0968 123 4567")}) {
        const E164Result result = refused(text);
        EXPECT_EQ(result.problem, PhoneNumberProblem::LookAlikeDigits) << text;
        EXPECT_NE(result.reason.find("U+"), std::string::npos) << result.reason;
    }
    const E164Result superscript = refused("555 123 456\u00B2");
    EXPECT_EQ(superscript.problem, PhoneNumberProblem::UnexpectedCharacter);
}

TEST(PhoneNumberTest, InjectionShapedInputIsRefused) {
    for (const std::string text : {"555;reboot", "5551234567@evil", "${EXTEN}", "555\n1234567",
                                   "+1 555 123 4567&", "<555>", "5551234567\"", "+1+555"}) {
        const E164Result result = refused(text);
        EXPECT_NE(result.problem, PhoneNumberProblem::None) << text;
    }
    EXPECT_EQ(refused(std::string("555\0"
                                  "1234567",
                                  11))
                  .problem,
              PhoneNumberProblem::UnexpectedCharacter);
    EXPECT_EQ(refused("555 \xff").problem, PhoneNumberProblem::InvalidUtf8);
}

TEST(PhoneNumberTest, DialSafety) {
    EXPECT_TRUE(isDialSafe("+15551234567"));
    EXPECT_TRUE(isDialSafe("100"));
    EXPECT_TRUE(isDialSafe("+123456789012345"));
    EXPECT_FALSE(isDialSafe("+1234567890123456"));
    EXPECT_FALSE(isDialSafe(""));
    EXPECT_FALSE(isDialSafe("+"));
    EXPECT_FALSE(isDialSafe("++1555"));
    EXPECT_FALSE(isDialSafe("1555+"));
    EXPECT_FALSE(isDialSafe("+1 555"));
    EXPECT_FALSE(isDialSafe("555-1234"));
    EXPECT_FALSE(isDialSafe("${EXTEN}"));
    EXPECT_FALSE(isDialSafe("5551234;x"));
    EXPECT_FALSE(isDialSafe("\uFF15\uFF15\uFF15"));
    EXPECT_FALSE(isDialSafe(std::string("555\0", 4)));
}

TEST(PhoneNumberTest, E164Format) {
    EXPECT_TRUE(isE164("+15550100"));
    EXPECT_FALSE(isE164("15550100"));
    EXPECT_FALSE(isE164("+05550100"));
    EXPECT_FALSE(isE164("+1"));
    EXPECT_FALSE(isE164("+1 555 0100"));
}

TEST(PhoneNumberTest, TellsNumbersFromNames) {
    EXPECT_TRUE(looksLikePhoneNumber("+1 555 123 4567"));
    EXPECT_TRUE(looksLikePhoneNumber("(555) 123-4567"));
    EXPECT_TRUE(looksLikePhoneNumber("100"));
    EXPECT_TRUE(looksLikePhoneNumber("\uFF15\uFF15\uFF15"));  // so the reason reaches the user
    EXPECT_FALSE(looksLikePhoneNumber("bob"));
    EXPECT_FALSE(looksLikePhoneNumber("2bob"));
    EXPECT_FALSE(looksLikePhoneNumber("bob@example.com"));
    EXPECT_FALSE(looksLikePhoneNumber("42"));
    EXPECT_FALSE(looksLikePhoneNumber("1+1"));
    EXPECT_FALSE(looksLikePhoneNumber(""));
    EXPECT_FALSE(looksLikePhoneNumber("Zoë"));
    EXPECT_FALSE(looksLikePhoneNumber("555 \xff"));
}

TEST(PhoneNumberTest, Regions) {
    EXPECT_TRUE(isKnownPhoneRegion("US"));
    EXPECT_TRUE(isKnownPhoneRegion("GB"));
    EXPECT_FALSE(isKnownPhoneRegion("us"));
    EXPECT_FALSE(isKnownPhoneRegion("XX"));
    EXPECT_FALSE(isKnownPhoneRegion("ZZ"));
    EXPECT_FALSE(isKnownPhoneRegion("USA"));
}

}  // namespace
}  // namespace confab
