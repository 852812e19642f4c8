// DialPolicy: who may start, role selection, limits at their boundaries, the
// rate window, number categories against roles, prefixes, and the reasons.
#include "confab/policy/dial_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace confab::policy {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using Clock = DialPolicy::Clock;

const Clock::time_point kStart = Clock::time_point{} + 1000h;

PolicyRole role(std::string name, std::vector<std::string> members,
                std::vector<std::string> prefixes = {}, bool international = false,
                bool premium = false) {
    return PolicyRole{std::move(name), std::move(members), std::move(prefixes), international,
                      premium};
}

PolicySettings settingsWithRoles(std::vector<PolicyRole> roles) {
    PolicySettings settings;
    settings.start_conference = {"example.com", "guest@other.org"};
    settings.roles = std::move(roles);
    return settings;
}

Decision dial(const DialPolicy& policy, const std::string& jid, const std::string& number,
              DialContext context = {}) {
    return policy.mayDial(jid, number, context, kStart);
}

TEST(DialPolicyTest, StartConferenceDefaultsToTheLocalDomain) {
    const DialPolicy policy(PolicySettings{}, "US", "example.com");
    EXPECT_TRUE(policy.mayStartConference("alice@example.com").allowed);
    EXPECT_TRUE(policy.mayStartConference("Alice@EXAMPLE.com/laptop").allowed);
    EXPECT_EQ(policy.roleOf("alice@example.com"), "default");
    const Decision outsider = policy.mayStartConference("mallory@evil.org");
    EXPECT_FALSE(outsider.allowed);
    EXPECT_EQ(outsider.reason, "mallory@evil.org may not start conferences on this bridge");
    EXPECT_EQ(policy.roleOf("mallory@evil.org"), "");
}

TEST(DialPolicyTest, DomainSuffixAttacksCannotStartOrDial) {
    const DialPolicy policy(settingsWithRoles({}), "US", "localhost");
    for (const char* jid :
         {"bob@evil-example.com", "bob@example.com.evil", "bob@sub.example.com", "example.com",
          "room@conference.example.com/bob", "guest@other.org.evil", "xguest@other.org",
          "bob@other.org", "", "bob@ example.com"}) {
        EXPECT_FALSE(policy.mayStartConference(jid).allowed) << jid;
        EXPECT_EQ(policy.roleOf(jid), "") << jid;
        const Decision decision = dial(policy, jid, "+12025550100");
        EXPECT_FALSE(decision.allowed) << jid;
        EXPECT_THAT(decision.reason, HasSubstr("may not start conferences or dial numbers"));
    }
    EXPECT_TRUE(policy.mayStartConference("guest@other.org").allowed);
    EXPECT_TRUE(policy.mayStartConference("bob@example.com").allowed);
}

TEST(DialPolicyTest, RoleMembershipAloneDoesNotGrantStarting) {
    const DialPolicy policy(settingsWithRoles({role("ops", {"ops@elsewhere.net"})}), "US",
                            "localhost");
    EXPECT_EQ(policy.roleOf("ops@elsewhere.net"), "");
    EXPECT_FALSE(dial(policy, "ops@elsewhere.net", "+12025550100").allowed);
}

TEST(DialPolicyTest, JidMatchBeatsDomainMatchWhateverTheOrder) {
    const DialPolicy policy(settingsWithRoles({
                                role("staff", {"example.com"}),
                                role("operators", {"ops.example.com", "ops@example.com"}),
                                role("later-staff", {"example.com"}),
                                role("later-ops", {"ops@example.com"}),
                            }),
                            "US", "localhost");
    EXPECT_EQ(policy.roleOf("ops@example.com"), "operators");
    EXPECT_EQ(policy.roleOf("OPS@Example.com/desk"), "operators");
    EXPECT_EQ(policy.roleOf("bob@example.com"), "staff");
    // Matches no role but may start: the implicit role.
    EXPECT_EQ(policy.roleOf("guest@other.org"), "default");
}

TEST(DialPolicyTest, PrefixesPerRole) {
    PolicySettings settings = settingsWithRoles({
        role("uk-desk", {"uk@example.com"}, {"+44"}, true),
        role("dc-only", {"dc@example.com"}, {"+1202"}),
    });
    const DialPolicy policy(std::move(settings), "US", "localhost");
    EXPECT_TRUE(dial(policy, "uk@example.com", "+442079460000").allowed);
    const Decision uk_to_us = dial(policy, "uk@example.com", "+12025550100");
    EXPECT_FALSE(uk_to_us.allowed);
    EXPECT_EQ(uk_to_us.reason,
              "+12025550100 does not start with a prefix your role \"uk-desk\" may call (+44)");
    EXPECT_TRUE(dial(policy, "dc@example.com", "+12025550100").allowed);
    EXPECT_FALSE(dial(policy, "dc@example.com", "+13125550100").allowed);
    // The default role gets the default region's country code.
    EXPECT_TRUE(dial(policy, "bob@example.com", "+13125550100").allowed);
    EXPECT_TRUE(dial(policy, "bob@example.com", "+15551234567").allowed);
}

TEST(DialPolicyTest, RoleWithoutPrefixesGetsTheDefaultRegionsCode) {
    const DialPolicy policy(settingsWithRoles({role("intl", {"example.com"}, {}, true)}), "GB",
                            "localhost");
    EXPECT_TRUE(dial(policy, "bob@example.com", "+442079460000").allowed);
    const Decision us = dial(policy, "bob@example.com", "+12025550100");
    EXPECT_FALSE(us.allowed);
    EXPECT_THAT(us.reason, HasSubstr("(+44)"));
}

TEST(DialPolicyTest, PremiumDeniedUnlessTheRoleAllowsIt) {
    const DialPolicy policy(
        settingsWithRoles({role("premium", {"rich@example.com"}, {}, false, true)}), "US",
        "localhost");
    const Decision us = dial(policy, "bob@example.com", "+19005550100");
    EXPECT_FALSE(us.allowed);
    EXPECT_EQ(us.reason,
              "+19005550100 is a premium-rate number; your role \"default\" may not call "
              "premium-rate numbers");
    EXPECT_FALSE(dial(policy, "bob@example.com", "+12129765555").allowed);
    EXPECT_TRUE(dial(policy, "rich@example.com", "+19005550100").allowed);
    // Premium does not imply international.
    EXPECT_FALSE(dial(policy, "rich@example.com", "+449012345678").allowed);
}

TEST(DialPolicyTest, UkPremiumAndSharedCostDenied) {
    const DialPolicy uk(settingsWithRoles({}), "GB", "localhost");
    const Decision premium = dial(uk, "bob@example.com", "+449012345678");
    EXPECT_FALSE(premium.allowed);
    EXPECT_THAT(premium.reason, HasSubstr("+449012345678 is a premium-rate number"));
    EXPECT_TRUE(dial(uk, "bob@example.com", "+442079460000").allowed);

    const DialPolicy fr(settingsWithRoles({}), "FR", "localhost");
    const Decision shared = dial(fr, "bob@example.com", "+33810123456");
    EXPECT_FALSE(shared.allowed);
    EXPECT_EQ(shared.reason,
              "+33810123456 is a shared-cost number; your role \"default\" may not call "
              "shared-cost numbers");
}

TEST(DialPolicyTest, InternationalDeniedUnlessTheRoleAllowsIt) {
    const DialPolicy policy(
        settingsWithRoles({role("travel", {"travel@example.com"}, {"+1", "+44"}, true)}), "US",
        "localhost");
    const Decision uk = dial(policy, "bob@example.com", "+442079460000");
    EXPECT_FALSE(uk.allowed);
    EXPECT_EQ(uk.reason,
              "+442079460000 is an international number (GB); your role \"default\" may only "
              "call numbers in US");
    const Decision jamaica = dial(policy, "bob@example.com", "+18765550100");
    EXPECT_FALSE(jamaica.allowed);
    EXPECT_THAT(jamaica.reason, HasSubstr("(JM)"));
    EXPECT_TRUE(dial(policy, "travel@example.com", "+442079460000").allowed);
    EXPECT_TRUE(dial(policy, "travel@example.com", "+18765550100").allowed);
    // Allowed internationally, but not by its prefixes.
    EXPECT_FALSE(dial(policy, "travel@example.com", "+33142685300").allowed);
}

TEST(DialPolicyTest, EmergencyAndInvalidNumbersAlwaysDenied) {
    const DialPolicy policy(
        settingsWithRoles({role("all", {"example.com"}, {"+1", "+4", "+9"}, true, true)}), "US",
        "localhost");
    for (const char* number : {"+1911", "+112", "+911", "+44999"}) {
        const Decision decision = dial(policy, "bob@example.com", number);
        EXPECT_FALSE(decision.allowed) << number;
        EXPECT_EQ(decision.reason,
                  std::string(number) +
                      " is an emergency number; a conference bridge never dials emergency "
                      "services, call them from your own phone");
    }
    const Decision invalid = dial(policy, "bob@example.com", "+1555");
    EXPECT_FALSE(invalid.allowed);
    EXPECT_EQ(invalid.reason, "+1555 is not a valid telephone number in international form");
    const Decision junk = dial(policy, "bob@example.com", "+1555;evil=<x>");
    EXPECT_FALSE(junk.allowed);
    EXPECT_EQ(junk.reason, "the number is not a valid telephone number in international form");
}

TEST(DialPolicyTest, ConferenceLegLimitAtTheBoundary) {
    PolicySettings settings = settingsWithRoles({});
    settings.max_legs_per_conference = 5;
    const DialPolicy policy(std::move(settings), "US", "localhost");
    // 4 legs present: this dial makes the 5th, allowed. With 5 present, denied.
    EXPECT_TRUE(dial(policy, "bob@example.com", "+12025550100", {4, 0}).allowed);
    const Decision full = dial(policy, "bob@example.com", "+12025550100", {5, 0});
    EXPECT_FALSE(full.allowed);
    EXPECT_EQ(full.reason,
              "the conference already has 5 phone participants; the limit is 5 per conference");
}

TEST(DialPolicyTest, PerUserConcurrentLegsAtTheBoundary) {
    PolicySettings settings = settingsWithRoles({});
    settings.max_concurrent_legs_per_user = 3;
    const DialPolicy policy(std::move(settings), "US", "localhost");
    EXPECT_TRUE(dial(policy, "bob@example.com", "+12025550100", {0, 2}).allowed);
    const Decision busy = dial(policy, "bob@example.com", "+12025550100", {0, 3});
    EXPECT_FALSE(busy.allowed);
    EXPECT_EQ(busy.reason, "you already have 3 calls in progress; the limit is 3 at once per user");
}

TEST(DialPolicyTest, RateLimitAtTheBoundaryAndTheWindowSlides) {
    PolicySettings settings = settingsWithRoles({});
    settings.max_dials_per_minute = 3;
    DialPolicy policy(std::move(settings), "US", "localhost");
    const std::string bob = "bob@example.com";
    for (int i = 0; i < 3; ++i) {
        const auto now = kStart + i * 10s;
        ASSERT_TRUE(policy.mayDial(bob, "+12025550100", {}, now).allowed) << i;
        policy.recordDial(bob, now);
    }
    const Decision fourth = policy.mayDial(bob, "+12025550100", {}, kStart + 25s);
    EXPECT_FALSE(fourth.allowed);
    EXPECT_EQ(fourth.reason,
              "you have dialled 3 numbers in the last minute; the limit is 3 per minute, try "
              "again in 35 s");
    // Case and resource do not give a fresh budget.
    EXPECT_FALSE(policy.mayDial("BOB@example.com/other", "+12025550100", {}, kStart + 25s).allowed);
    // Someone else is not affected.
    EXPECT_TRUE(policy.mayDial("carol@example.com", "+12025550100", {}, kStart + 25s).allowed);
    // mayDial records nothing: asking again changes nothing.
    EXPECT_FALSE(policy.mayDial(bob, "+12025550100", {}, kStart + 25s).allowed);
    // 61 s after the first dial, it has left the window.
    EXPECT_TRUE(policy.mayDial(bob, "+12025550100", {}, kStart + 61s).allowed);
}

TEST(DialPolicyTest, RateLimitNeverUnblocksWithoutTheWindowPassing) {
    PolicySettings settings = settingsWithRoles({});
    settings.max_dials_per_minute = 1;
    DialPolicy policy(std::move(settings), "US", "localhost");
    policy.recordDial("bob@example.com", kStart);
    EXPECT_FALSE(policy.mayDial("bob@example.com", "+12025550100", {}, kStart + 59s).allowed);
    EXPECT_THAT(policy.mayDial("bob@example.com", "+12025550100", {}, kStart + 59500ms).reason,
                HasSubstr("try again in 1 s"));
    EXPECT_TRUE(policy.mayDial("bob@example.com", "+12025550100", {}, kStart + 60s).allowed);
}

TEST(DialPolicyTest, ChecksRunInTheDocumentedOrder) {
    PolicySettings settings = settingsWithRoles({});
    settings.max_legs_per_conference = 1;
    settings.max_concurrent_legs_per_user = 1;
    settings.max_dials_per_minute = 1;
    DialPolicy policy(std::move(settings), "US", "localhost");
    policy.recordDial("bob@example.com", kStart);
    const std::string premium = "+19005550100";
    EXPECT_THAT(policy.mayDial("mallory@evil.org", premium, {1, 1}, kStart).reason,
                HasSubstr("may not start"));
    EXPECT_THAT(policy.mayDial("bob@example.com", premium, {1, 1}, kStart).reason,
                HasSubstr("per conference"));
    EXPECT_THAT(policy.mayDial("bob@example.com", premium, {0, 1}, kStart).reason,
                HasSubstr("per user"));
    EXPECT_THAT(policy.mayDial("bob@example.com", premium, {0, 0}, kStart).reason,
                HasSubstr("per minute"));
    EXPECT_THAT(policy.mayDial("bob@example.com", premium, {0, 0}, kStart + 60s).reason,
                HasSubstr("premium-rate"));
}

TEST(DialPolicyTest, RecordDialIgnoresUsersWhoMayNotStart) {
    PolicySettings settings = settingsWithRoles({});
    settings.max_dials_per_minute = 1;
    DialPolicy policy(std::move(settings), "US", "localhost");
    policy.recordDial("mallory@evil.org", kStart);
    policy.recordDial("not a jid", kStart);
    EXPECT_TRUE(policy.mayDial("bob@example.com", "+12025550100", {}, kStart).allowed);
}

TEST(DialPolicyTest, UnknownRegionDialsNothing) {
    const DialPolicy policy(settingsWithRoles({}), "XX", "localhost");
    EXPECT_FALSE(dial(policy, "bob@example.com", "+12025550100").allowed);
}

TEST(DialPolicyTest, SettingsAreKeptAsGiven) {
    PolicySettings settings = settingsWithRoles({role("ops", {"ops@example.com"})});
    settings.invitation_timeout_seconds = 45;
    const DialPolicy policy(settings, "US", "localhost");
    EXPECT_EQ(policy.settings().invitation_timeout_seconds, 45U);
    ASSERT_EQ(policy.settings().roles.size(), 1U);
    EXPECT_TRUE(policy.settings().roles[0].allowed_prefixes.empty());
}

}  // namespace
}  // namespace confab::policy
