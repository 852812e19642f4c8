// DialPolicy: blocked prefixes (for every role, before the role's own rules,
// naming the longest match) and replaceSettings (the admin page's policy
// form: new rules at once, dials already counted stay counted).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "confab/policy/dial_policy.h"

namespace confab::policy {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using Clock = DialPolicy::Clock;

const Clock::time_point kStart = Clock::time_point{} + 1000h;

PolicySettings basePolicy() {
    PolicySettings settings;
    settings.start_conference = {"example.com"};
    PolicyRole vip;
    vip.name = "vip";
    vip.members = {"vip@example.com"};
    vip.allowed_prefixes = {"+1", "+44"};
    vip.allow_international = true;
    vip.allow_premium = true;
    settings.roles.push_back(vip);
    return settings;
}

Decision dial(const DialPolicy& policy, const std::string& jid, const std::string& number) {
    return policy.mayDial(jid, number, {}, kStart);
}

TEST(DialPolicyBlockedTest, BlockedPrefixDeniesEvenARoleThatMayCallPremium) {
    PolicySettings settings = basePolicy();
    settings.blocked_prefixes = {"+1900"};
    const DialPolicy policy(settings, "US", "example.com");
    const Decision denied = dial(policy, "vip@example.com", "+19005550100");
    EXPECT_FALSE(denied.allowed);
    EXPECT_EQ(denied.reason,
              "+19005550100 is blocked by the bridge's dial policy (prefix +1900)");
    // The same role without the block may call it.
    const DialPolicy open(basePolicy(), "US", "example.com");
    EXPECT_TRUE(dial(open, "vip@example.com", "+19005550100").allowed);
    // Other numbers of the role are not affected.
    EXPECT_TRUE(dial(policy, "vip@example.com", "+12025550100").allowed);
}

TEST(DialPolicyBlockedTest, BlockedBeatsTheDefaultRolesOwnRefusal) {
    PolicySettings settings = basePolicy();
    settings.blocked_prefixes = {"+1900"};
    const DialPolicy policy(settings, "US", "example.com");
    // bob has the default role, which may not call premium numbers anyway:
    // the block is named, because it applies to everyone.
    EXPECT_EQ(dial(policy, "bob@example.com", "+19005550100").reason,
              "+19005550100 is blocked by the bridge's dial policy (prefix +1900)");
}

TEST(DialPolicyBlockedTest, TheLongestMatchingPrefixIsNamed) {
    PolicySettings settings = basePolicy();
    settings.blocked_prefixes = {"+44", "+44870", "+4487"};
    const DialPolicy policy(settings, "US", "example.com");
    EXPECT_EQ(dial(policy, "vip@example.com", "+448701234567").reason,
              "+448701234567 is blocked by the bridge's dial policy (prefix +44870)");
    EXPECT_EQ(dial(policy, "vip@example.com", "+442071234567").reason,
              "+442071234567 is blocked by the bridge's dial policy (prefix +44)");
}

TEST(DialPolicyBlockedTest, EmergencyAndInvalidNumbersKeepTheirOwnReasons) {
    PolicySettings settings = basePolicy();
    settings.blocked_prefixes = {"+1"};
    const DialPolicy policy(settings, "US", "example.com");
    EXPECT_THAT(dial(policy, "vip@example.com", "+1911").reason, HasSubstr("emergency"));
    EXPECT_THAT(dial(policy, "vip@example.com", "+1").reason, HasSubstr("not a valid"));
}

TEST(DialPolicyBlockedTest, ANumberThatMerelyContainsThePrefixIsNotBlocked) {
    PolicySettings settings = basePolicy();
    settings.blocked_prefixes = {"+1900"};
    const DialPolicy policy(settings, "US", "example.com");
    EXPECT_TRUE(dial(policy, "vip@example.com", "+12021900100").allowed);
}

TEST(DialPolicyReplaceTest, NewSettingsApplyToTheNextCheck) {
    DialPolicy policy(basePolicy(), "US", "example.com");
    EXPECT_TRUE(dial(policy, "vip@example.com", "+19005550100").allowed);
    EXPECT_FALSE(policy.mayStartConference("carol@other.org").allowed);

    PolicySettings changed = basePolicy();
    changed.blocked_prefixes = {"+1900"};
    changed.start_conference = {"example.com", "other.org"};
    changed.roles[0].allowed_prefixes = {"+44"};
    policy.replaceSettings(changed);

    EXPECT_THAT(dial(policy, "vip@example.com", "+19005550100").reason, HasSubstr("blocked"));
    EXPECT_THAT(dial(policy, "vip@example.com", "+12025550100").reason,
                HasSubstr("does not start with a prefix your role \"vip\" may call (+44)"));
    EXPECT_TRUE(policy.mayStartConference("carol@other.org").allowed);
    EXPECT_EQ(policy.settings().blocked_prefixes, std::vector<std::string>{"+1900"});

    // Removing the role puts vip back into the default role.
    changed.roles.clear();
    policy.replaceSettings(changed);
    EXPECT_EQ(policy.roleOf("vip@example.com"), "default");
}

TEST(DialPolicyReplaceTest, DialsAlreadyCountedStayCountedAgainstTheNewLimit) {
    PolicySettings settings = basePolicy();
    settings.max_dials_per_minute = 5;
    DialPolicy policy(settings, "US", "example.com");
    const std::string bob = "bob@example.com";
    for (int i = 0; i < 3; ++i) policy.recordDial(bob, kStart + i * 1s);
    EXPECT_TRUE(policy.mayDial(bob, "+12025550100", {}, kStart + 5s).allowed);

    settings.max_dials_per_minute = 3;
    policy.replaceSettings(settings);
    const Decision limited = policy.mayDial(bob, "+12025550100", {}, kStart + 5s);
    EXPECT_FALSE(limited.allowed);
    EXPECT_THAT(limited.reason, HasSubstr("the limit is 3 per minute"));

    settings.max_dials_per_minute = 4;
    policy.replaceSettings(settings);
    EXPECT_TRUE(policy.mayDial(bob, "+12025550100", {}, kStart + 5s).allowed);
}

}  // namespace
}  // namespace confab::policy
