#include "form_fields.h"

#include <gtest/gtest.h>

namespace confab::web {
namespace {

TEST(ParseStrictIntegerTest, AcceptsOnlyPlainDigitsInRange) {
    EXPECT_EQ(parseStrictInteger("42", 1, 100), 42);
    EXPECT_EQ(parseStrictInteger("007", 1, 100), 7);
    EXPECT_EQ(parseStrictInteger("9223372036854775807", 1, INT64_MAX), INT64_MAX);
    for (const char* bad : {"", "-1", "+1", " 1", "1 ", "1e3", "0x10", "1.0", "abc", "١"}) {
        EXPECT_FALSE(parseStrictInteger(bad, 0, 100)) << bad;
    }
    EXPECT_FALSE(parseStrictInteger("0", 1, 100));
    EXPECT_FALSE(parseStrictInteger("101", 1, 100));
    EXPECT_FALSE(parseStrictInteger("9223372036854775808", 1, INT64_MAX));
    EXPECT_FALSE(parseStrictInteger("99999999999999999999999", 1, INT64_MAX));
}

TEST(ParseUtcDateTest, GivesMidnightUtc) {
    EXPECT_EQ(parseUtcDate("1970-01-01"), 0);
    EXPECT_EQ(parseUtcDate("1970-01-02"), 86'400'000);
    EXPECT_EQ(parseUtcDate("2024-05-01"), 1'714'521'600'000);  // date -u -d 2024-05-01 +%s
    EXPECT_EQ(parseUtcDate("2000-03-01"), 951'868'800'000);
    EXPECT_EQ(parseUtcDate("2024-02-29"), 1'709'164'800'000);
}

TEST(ParseUtcDateTest, RefusesAnythingButARealDay) {
    for (const char* bad : {"", "2024-5-1", "2024/05/01", "2024-05-01 ", "24-05-01", "2024-13-01", "2024-00-10",
                            "2024-04-31", "2023-02-29", "1900-02-29", "1969-12-31", "2024-05-0a", "20240501",
                            "2024-05-01T00:00", "2024-05-32", "' OR 1=1 --"}) {
        EXPECT_FALSE(parseUtcDate(bad)) << bad;
    }
}

TEST(SplitListTest, SplitsOnNewlinesAndCommasAndTrims) {
    EXPECT_EQ(splitList("+1\r\n +44 ,\n\n+49\t"), (std::vector<std::string>{"+1", "+44", "+49"}));
    EXPECT_TRUE(splitList("").empty());
    EXPECT_TRUE(splitList(" \n , \r\n").empty());
}

TEST(CookieValueTest, FindsTheNamedCookieOnly) {
    EXPECT_EQ(cookieValue("a=1; confab_session=abc; b=2", "confab_session"), "abc");
    EXPECT_EQ(cookieValue("confab_session=abc", "confab_session"), "abc");
    EXPECT_FALSE(cookieValue("xconfab_session=abc", "confab_session"));
    EXPECT_FALSE(cookieValue("confab_session_other=abc", "confab_session"));
    EXPECT_FALSE(cookieValue("", "confab_session"));
    EXPECT_EQ(cookieValue("confab_session=", "confab_session"), "");
}

TEST(HistoryFilterTest, ReadsAllFieldsAndMakesTheLastDayInclusive) {
    FormFields fields{{"user", " alice "}, {"number", "+1555"}, {"from", "2024-05-01"}, {"to", "2024-05-02"},
                      {"page", "3"}};
    HistoryFilter filter = parseHistoryFilter(fields, 50);
    EXPECT_EQ(filter.error, "");
    EXPECT_EQ(filter.query.user, "alice");
    EXPECT_EQ(filter.search.user, "alice");
    EXPECT_EQ(filter.search.number, "+1555");
    EXPECT_EQ(filter.search.from, 1'714'521'600'000);
    EXPECT_EQ(filter.search.to, 1'714'521'600'000 + 2 * 86'400'000);
    EXPECT_EQ(filter.query.page, 3u);
    EXPECT_EQ(filter.search.limit, 50u);
    EXPECT_EQ(filter.search.offset, 100u);
}

TEST(HistoryFilterTest, EmptyFormSearchesEverythingFromPageOne) {
    HistoryFilter filter = parseHistoryFilter({}, 50);
    EXPECT_EQ(filter.error, "");
    EXPECT_FALSE(filter.search.from);
    EXPECT_FALSE(filter.search.to);
    EXPECT_EQ(filter.search.offset, 0u);
    EXPECT_EQ(filter.query.page, 1u);
}

TEST(HistoryFilterTest, BadFieldsAreNamedInTheError) {
    EXPECT_EQ(parseHistoryFilter({{"from", "yesterday"}}, 50).error.rfind("from:", 0), 0u);
    EXPECT_EQ(parseHistoryFilter({{"to", "2024-02-30"}}, 50).error.rfind("to:", 0), 0u);
    EXPECT_EQ(parseHistoryFilter({{"page", "0"}}, 50).error.rfind("page:", 0), 0u);
    EXPECT_EQ(parseHistoryFilter({{"page", "-1"}}, 50).error.rfind("page:", 0), 0u);
    EXPECT_EQ(parseHistoryFilter({{"user", std::string(201, 'a')}}, 50).error.rfind("user:", 0), 0u);
    EXPECT_EQ(parseHistoryFilter({{"number", "\xff"}}, 50).error.rfind("number:", 0), 0u);
    EXPECT_EQ(parseHistoryFilter({{"from", "2024-05-02"}, {"to", "2024-05-01"}}, 50).error.rfind("from:", 0), 0u);
    // SQL metacharacters are just text to search for.
    EXPECT_EQ(parseHistoryFilter({{"user", "' OR 1=1 --"}, {"number", "%_\\"}}, 50).error, "");
}

TEST(DirectoryFormTest, NormalisesNumbersAndPicksThePreferredOne) {
    DirectoryForm form = parseDirectoryForm(
        {{"jid", "bob@example.com"}, {"name", "Bob"}, {"work", "(555) 123-4567"}, {"mobile", "+1 555 765 4321"},
         {"preferred", "mobile"}},
        "US");
    ASSERT_EQ(form.error, "");
    EXPECT_EQ(form.user.source, "admin");
    ASSERT_EQ(form.user.numbers.size(), 2u);
    EXPECT_EQ(form.user.numbers[0], (store::PhoneEntry{"+15551234567", store::NumberKind::Work, false}));
    EXPECT_EQ(form.user.numbers[1], (store::PhoneEntry{"+15557654321", store::NumberKind::Mobile, true}));
}

TEST(DirectoryFormTest, DefaultsToWorkAndAllowsChatOnlyUsers) {
    DirectoryForm both = parseDirectoryForm(
        {{"jid", "b@x.org"}, {"name", "B"}, {"work", "+15551234567"}, {"mobile", "+15557654321"}}, "US");
    ASSERT_EQ(both.error, "");
    EXPECT_TRUE(both.user.numbers[0].preferred);
    EXPECT_FALSE(both.user.numbers[1].preferred);
    DirectoryForm mobile_only = parseDirectoryForm({{"jid", "b@x.org"}, {"name", "B"}, {"mobile", "+15557654321"}}, "US");
    ASSERT_EQ(mobile_only.user.numbers.size(), 1u);
    EXPECT_TRUE(mobile_only.user.numbers[0].preferred);
    DirectoryForm chat_only = parseDirectoryForm({{"jid", "b@x.org"}, {"name", "B"}}, "US");
    EXPECT_EQ(chat_only.error, "");
    EXPECT_TRUE(chat_only.user.numbers.empty());
    DirectoryForm same = parseDirectoryForm(
        {{"jid", "b@x.org"}, {"name", "B"}, {"work", "+15551234567"}, {"mobile", "555-123-4567"}}, "US");
    ASSERT_EQ(same.user.numbers.size(), 1u);
}

TEST(DirectoryFormTest, RefusalsNameTheField) {
    auto error = [](FormFields fields) { return parseDirectoryForm(fields, "US").error; };
    EXPECT_EQ(error({{"name", "B"}}).rfind("jid:", 0), 0u);
    EXPECT_EQ(error({{"jid", "b@x.org"}}).rfind("name:", 0), 0u);
    EXPECT_EQ(error({{"jid", "b@x.org"}, {"name", "B"}, {"work", "1-800-FLOWERS"}}).rfind("work:", 0), 0u);
    EXPECT_EQ(error({{"jid", "b@x.org"}, {"name", "B"}, {"mobile", "12"}}).rfind("mobile:", 0), 0u);
    EXPECT_EQ(error({{"jid", "b@x.org"}, {"name", "B"}, {"work", "+15551234567"}, {"preferred", "mobile"}})
                  .rfind("preferred:", 0),
              0u);
    EXPECT_EQ(error({{"jid", "b@x.org"}, {"name", "B"}, {"preferred", "home"}}).rfind("preferred:", 0), 0u);
}

PolicyView examplePolicy() {
    PolicyView policy;
    policy.start_conference = {"example.com"};
    policy.blocked_prefixes = {"+1900"};
    policy.roles.push_back(PolicyRole{"ops", {"ops@example.com"}, {"+1"}, true, false});
    policy.roles.push_back(PolicyRole{"staff", {"example.com"}, {"+1"}, false, true});
    return policy;
}

TEST(PolicyFormTest, AppliesTheFormAndKeepsRoleNamesAndMembers) {
    PolicyForm form = parsePolicyForm(examplePolicy(), {{"start_conference", "example.com\nops@other.org"},
                                                        {"blocked_prefixes", "+1900\r\n+1976"},
                                                        {"max_legs_per_conference", "12"},
                                                        {"max_concurrent_legs_per_user", "3"},
                                                        {"max_dials_per_minute", "7"},
                                                        {"invitation_timeout_seconds", "45"},
                                                        {"role_0_allowed_prefixes", "+1\n+44"},
                                                        {"role_0_allow_premium", "on"},
                                                        {"role_1_allowed_prefixes", "+1"}});
    ASSERT_EQ(form.error, "");
    const PolicyView& policy = form.policy;
    EXPECT_EQ(policy.start_conference, (std::vector<std::string>{"example.com", "ops@other.org"}));
    EXPECT_EQ(policy.blocked_prefixes, (std::vector<std::string>{"+1900", "+1976"}));
    EXPECT_EQ(policy.max_legs_per_conference, 12u);
    EXPECT_EQ(policy.max_concurrent_legs_per_user, 3u);
    EXPECT_EQ(policy.max_dials_per_minute, 7u);
    EXPECT_EQ(policy.invitation_timeout_seconds, 45u);
    ASSERT_EQ(policy.roles.size(), 2u);
    EXPECT_EQ(policy.roles[0].name, "ops");
    EXPECT_EQ(policy.roles[0].members, (std::vector<std::string>{"ops@example.com"}));
    EXPECT_EQ(policy.roles[0].allowed_prefixes, (std::vector<std::string>{"+1", "+44"}));
    EXPECT_FALSE(policy.roles[0].allow_international);  // unticked
    EXPECT_TRUE(policy.roles[0].allow_premium);
    EXPECT_FALSE(policy.roles[1].allow_premium);
}

TEST(PolicyFormTest, RolesAndLimitsNotOnTheFormStayAsTheyWere) {
    PolicyForm form = parsePolicyForm(examplePolicy(), {{"max_dials_per_minute", "9"}});
    ASSERT_EQ(form.error, "");
    EXPECT_EQ(form.policy.max_dials_per_minute, 9u);
    EXPECT_EQ(form.policy.max_legs_per_conference, 20u);
    EXPECT_TRUE(form.policy.roles[0].allow_international);
    EXPECT_TRUE(form.policy.roles[1].allow_premium);
    EXPECT_EQ(form.policy.blocked_prefixes, (std::vector<std::string>{"+1900"}));
}

TEST(PolicyFormTest, UnreadableNumbersAreNamed) {
    for (const char* bad : {"", "ten", "-1", "1.5", "99999999999"}) {
        PolicyForm form = parsePolicyForm(examplePolicy(), {{"max_legs_per_conference", bad}});
        EXPECT_EQ(form.error.rfind("max_legs_per_conference:", 0), 0u) << bad;
    }
}

TEST(SanitizeForLogTest, RemovesControlsAndQuotesAndCuts) {
    EXPECT_EQ(sanitizeForLog("bob' from 6.6.6.6: x\nfake line"), "bob? from 6.6.6.6: x?fake line");
    EXPECT_EQ(sanitizeForLog("abcdef", 3), "abc...");
    EXPECT_EQ(sanitizeForLog("Zoë"), "Zoë");
}

}  // namespace
}  // namespace confab::web
