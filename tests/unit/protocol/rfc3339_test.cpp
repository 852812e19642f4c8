#include "confab/protocol/rfc3339.h"

#include <gtest/gtest.h>

namespace confab::protocol {
namespace {

constexpr std::int64_t kExample = 1'795'295'444'000;  // 2026-11-21T21:10:44Z

TEST(Rfc3339Test, FormatsWholeSecondsWithoutFraction) {
    EXPECT_EQ(formatRfc3339Utc(kExample), "2026-11-21T21:10:44Z");
    EXPECT_EQ(formatRfc3339Utc(0), "1970-01-01T00:00:00Z");
}

TEST(Rfc3339Test, FormatsMillisecondsWhenPresent) {
    EXPECT_EQ(formatRfc3339Utc(kExample + 250), "2026-11-21T21:10:44.250Z");
    EXPECT_EQ(formatRfc3339Utc(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Rfc3339Test, EmptyOutsideFourDigitYears) {
    EXPECT_EQ(formatRfc3339Utc(-62'167'219'200'000), "0000-01-01T00:00:00Z");
    EXPECT_EQ(formatRfc3339Utc(-62'167'219'200'001), "");
    EXPECT_EQ(formatRfc3339Utc(253'402'300'799'999), "9999-12-31T23:59:59.999Z");
    EXPECT_EQ(formatRfc3339Utc(253'402'300'800'000), "");
    EXPECT_EQ(formatRfc3339Utc(INT64_MIN), "");
    EXPECT_EQ(formatRfc3339Utc(INT64_MAX), "");
}

TEST(Rfc3339Test, RoundTrips) {
    for (const std::int64_t ms : {std::int64_t{0}, kExample, kExample + 1, std::int64_t{-1},
                                  std::int64_t{951'782'400'000} /* 2000-02-29 */})
        EXPECT_EQ(parseRfc3339(formatRfc3339Utc(ms)), ms) << ms;
}

TEST(Rfc3339Test, ParsesOffsetsFractionsAndLowerCase) {
    EXPECT_EQ(parseRfc3339("2026-11-21T22:10:44+01:00"), kExample);
    EXPECT_EQ(parseRfc3339("2026-11-21T16:40:44-04:30"), kExample);
    EXPECT_EQ(parseRfc3339("2026-11-21t21:10:44z"), kExample);
    EXPECT_EQ(parseRfc3339("2026-11-21T21:10:44.5Z"), kExample + 500);
    EXPECT_EQ(parseRfc3339("2026-11-21T21:10:44.123456789Z"), kExample + 123);
}

TEST(Rfc3339Test, RejectsMalformedTimes) {
    for (const char* text :
         {"", "2026-11-21", "2026-11-21T21:10:44", "2026-11-21 21:10:44Z", "2026-13-01T00:00:00Z",
          "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-21T24:00:00Z",
          "2026-11-21T21:60:00Z", "2026-11-21T21:10:60Z", "2026-11-21T21:10:44.Z",
          "2026-11-21T21:10:44+0100", "2026-11-21T21:10:44+24:00", "2026-11-21T21:10:44Zjunk",
          "+2026-11-21T21:10:44Z", "2O26-11-21T21:10:44Z", "2026-1-21T21:10:44Z",
          "99999-11-21T21:10:44Z"})
        EXPECT_EQ(parseRfc3339(text), std::nullopt) << text;
}

TEST(Rfc3339Test, OffsetsThatLeaveYears0000To9999AreRefusedAndTheEdgesRoundTrip) {
    EXPECT_EQ(parseRfc3339("0000-01-01T00:30:00+01:00"), std::nullopt);
    EXPECT_EQ(parseRfc3339("9999-12-31T23:30:00-01:00"), std::nullopt);
    for (const char* edge : {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "0000-01-01T01:00:00+01:00"}) {
        const auto parsed = parseRfc3339(edge);
        ASSERT_TRUE(parsed) << edge;
        EXPECT_FALSE(formatRfc3339Utc(*parsed).empty()) << edge;
    }
}

}  // namespace
}  // namespace confab::protocol
