// Matching users against policy members: exact domains, never suffixes.
#include "confab/policy/jid_match.h"

#include <gtest/gtest.h>

namespace confab::policy {
namespace {

TEST(PolicyJidMatchTest, NormalizesUserJids) {
    EXPECT_EQ(normalizeUserJid("Bob@Example.COM"), "bob@example.com");
    EXPECT_EQ(normalizeUserJid("bob@example.com/Phone"), "bob@example.com");
    EXPECT_EQ(normalizeUserJid("bob@example.com/res@x/y"), "bob@example.com");
    for (const char* bad : {"", "example.com", "@example.com", "bob@", "bob@/res", "a@b@c",
                            "bob @example.com", "bob@exa\tmple.com", "/bob@example.com"}) {
        EXPECT_EQ(normalizeUserJid(bad), "") << bad;
    }
}

TEST(PolicyJidMatchTest, DomainMatchesExactlyThatDomain) {
    EXPECT_EQ(matchMember("example.com", "bob@example.com"), MemberMatch::Domain);
    EXPECT_EQ(matchMember("Example.COM", "bob@example.com"), MemberMatch::Domain);
    EXPECT_EQ(matchMember("example.com", "bob@evil-example.com"), MemberMatch::None);
    EXPECT_EQ(matchMember("example.com", "bob@example.com.evil"), MemberMatch::None);
    EXPECT_EQ(matchMember("example.com", "bob@sub.example.com"), MemberMatch::None);
    EXPECT_EQ(matchMember("example.com", "example.com@evil.org"), MemberMatch::None);
    EXPECT_EQ(matchMember("example.com", "bob@xample.com"), MemberMatch::None);
    // A MUC occupant is not a user of the parent domain.
    EXPECT_EQ(matchMember("example.com", normalizeUserJid("room@conference.example.com/bob")),
              MemberMatch::None);
}

TEST(PolicyJidMatchTest, JidMatchesThatUserOnly) {
    EXPECT_EQ(matchMember("Alice@Example.com", "alice@example.com"), MemberMatch::Jid);
    EXPECT_EQ(matchMember("alice@example.com", "alice@example.com.evil"), MemberMatch::None);
    EXPECT_EQ(matchMember("alice@example.com", "malice@example.com"), MemberMatch::None);
    EXPECT_EQ(matchMember("alice@example.com", "alice@evil-example.com"), MemberMatch::None);
    EXPECT_EQ(matchMember("alice@example.com", ""), MemberMatch::None);
    EXPECT_EQ(matchMember("", "alice@example.com"), MemberMatch::None);
}

}  // namespace
}  // namespace confab::policy
