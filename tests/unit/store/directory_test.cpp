#include "confab/store/directory.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace confab::store {
namespace {

PhoneEntry work(std::string number, bool preferred = true) {
    return PhoneEntry{std::move(number), NumberKind::Work, preferred};
}
PhoneEntry mobile(std::string number, bool preferred = false) {
    return PhoneEntry{std::move(number), NumberKind::Mobile, preferred};
}

DirectoryUser user(std::string jid, std::string name, std::vector<PhoneEntry> numbers = {},
                   std::string source = "admin") {
    return DirectoryUser{std::move(jid), std::move(name), std::move(numbers), std::move(source)};
}

std::vector<std::string> jidsOf(const std::vector<DirectoryUser>& users) {
    std::vector<std::string> jids;
    for (const auto& entry : users) {
        jids.push_back(entry.jid);
    }
    return jids;
}

std::string errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const StoreError& error) {
        return error.what();
    }
    return "(no StoreError)";
}

class DirectoryTest : public ::testing::Test {
  protected:
    Database db_ = Database::openInMemory();
    Directory directory_{db_};
};

TEST(DirectoryNumberKindTest, ToStringAndParseRoundTrip) {
    for (NumberKind kind : {NumberKind::Work, NumberKind::Mobile, NumberKind::Other}) {
        EXPECT_EQ(parseNumberKind(toString(kind)), kind);
    }
    EXPECT_EQ(toString(NumberKind::Work), "work");
    EXPECT_EQ(toString(NumberKind::Mobile), "mobile");
    EXPECT_EQ(toString(NumberKind::Other), "other");
    EXPECT_EQ(parseNumberKind("MOBILE"), NumberKind::Mobile);
    EXPECT_FALSE(parseNumberKind("home"));
    EXPECT_FALSE(parseNumberKind(""));
}

TEST_F(DirectoryTest, UpsertAndFindByJidAndNumber) {
    directory_.upsert(user("Bob@Example.COM", "Bob Builder",
                           {work("+15551230002"), mobile("+15559870002")}, "csv"));
    const auto bob = directory_.findByJid("BOB@example.com");
    ASSERT_TRUE(bob);
    EXPECT_EQ(bob->jid, "bob@example.com");
    EXPECT_EQ(bob->display_name, "Bob Builder");
    EXPECT_EQ(bob->source, "csv");
    ASSERT_EQ(bob->numbers.size(), 2u);
    EXPECT_EQ(bob->numbers[0], work("+15551230002"));
    EXPECT_EQ(bob->numbers[1], mobile("+15559870002"));
    ASSERT_NE(bob->preferredNumber(), nullptr);
    EXPECT_EQ(bob->preferredNumber()->number, "+15551230002");

    const auto by_mobile = directory_.findByNumber("+15559870002");
    ASSERT_TRUE(by_mobile);
    EXPECT_EQ(by_mobile->jid, "bob@example.com");
    EXPECT_FALSE(directory_.findByNumber("+15550000000"));
    EXPECT_FALSE(directory_.findByJid("nobody@example.com"));
    EXPECT_EQ(directory_.size(), 1u);
}

TEST_F(DirectoryTest, UpsertReplacesTheUsersNumbers) {
    directory_.upsert(user("bob@x.org", "Bob", {work("+15551230002"), mobile("+15559870002")}));
    directory_.upsert(user("bob@x.org", "Robert", {mobile("+15559870003", true)}));
    const auto bob = directory_.findByJid("bob@x.org");
    ASSERT_TRUE(bob);
    EXPECT_EQ(bob->display_name, "Robert");
    ASSERT_EQ(bob->numbers.size(), 1u);
    EXPECT_EQ(bob->numbers[0], mobile("+15559870003", true));
    EXPECT_FALSE(directory_.findByNumber("+15551230002"));
    EXPECT_TRUE(directory_.findByName("bob").empty() == false);  // local part still "bob"
    EXPECT_EQ(jidsOf(directory_.findByName("robert")), std::vector<std::string>{"bob@x.org"});
}

TEST_F(DirectoryTest, ChatOnlyUserHasNoPreferredNumber) {
    directory_.upsert(user("chat@x.org", "Chat Only"));
    const auto chat = directory_.findByJid("chat@x.org");
    ASSERT_TRUE(chat);
    EXPECT_TRUE(chat->numbers.empty());
    EXPECT_EQ(chat->preferredNumber(), nullptr);
}

TEST_F(DirectoryTest, RemoveDeletesTheUserAndItsNumbers) {
    directory_.upsert(user("bob@x.org", "Bob", {work("+15551230002")}));
    EXPECT_TRUE(directory_.remove("BOB@x.org"));
    EXPECT_FALSE(directory_.remove("bob@x.org"));
    EXPECT_FALSE(directory_.findByJid("bob@x.org"));
    EXPECT_FALSE(directory_.findByNumber("+15551230002"));
    EXPECT_TRUE(directory_.findByName("bob").empty());
}

TEST_F(DirectoryTest, UpsertRefusesInvalidUsersAndWritesNothing) {
    const auto refused = [this](const DirectoryUser& bad) {
        return errorOf([&] { directory_.upsert(bad); });
    };
    EXPECT_NE(refused(user("bob", "Bob")).find("has no '@'"), std::string::npos);
    EXPECT_NE(refused(user("a@b@c", "Bob")).find("more than one '@'"), std::string::npos);
    EXPECT_NE(refused(user("@x.org", "Bob")).find("empty local part"), std::string::npos);
    EXPECT_NE(refused(user("bob@", "Bob")).find("empty domain"), std::string::npos);
    EXPECT_NE(refused(user("bob@x.org/phone", "Bob")).find("resource"), std::string::npos);
    EXPECT_NE(refused(user("bo b@x.org", "Bob")).find("space"), std::string::npos);
    EXPECT_NE(refused(user("<b>@x.org", "Bob")).find("'<'"), std::string::npos);
    EXPECT_NE(refused(user("", "Bob")).find("is empty"), std::string::npos);
    EXPECT_NE(refused(user("bob@x.org", "")).find("display name of bob@x.org is empty"),
              std::string::npos);
    EXPECT_NE(refused(user("bob@x.org", "Bob\nEvil")).find("U+000A"), std::string::npos);
    EXPECT_NE(refused(user("bob@x.org", "Bob\xC3")).find("UTF-8"), std::string::npos);
    EXPECT_NE(refused(user("bob@x.org", "Bob", {}, "ldap")).find("source"), std::string::npos);
    EXPECT_NE(refused(user("bob@x.org", "Bob", {work("555-1234")})).find("E.164"),
              std::string::npos);
    EXPECT_NE(refused(user("bob@x.org", "Bob", {work("+15551230002"), mobile("+15551230002")}))
                  .find("listed twice"),
              std::string::npos);
    EXPECT_NE(refused(user("bob@x.org", "Bob", {work("+15551230002", false)}))
                  .find("0 preferred numbers"),
              std::string::npos);
    EXPECT_NE(refused(user("bob@x.org", "Bob",
                           {work("+15551230002", true), mobile("+15551230003", true)}))
                  .find("2 preferred numbers"),
              std::string::npos);
    EXPECT_EQ(directory_.size(), 0u);
}

TEST_F(DirectoryTest, MarkupQuotesAndRightToLeftNamesRoundTripByteForByte) {
    const std::vector<std::string> names = {
        "<b>Bob</b> & \"Friends\" 'quoted'",
        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D",  // Hebrew
        "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF (Mohammed) \xE2\x80\x8F",           // Arabic + RLM
        "Zo\xC3\xAB \xF0\x9F\x93\x9E",                                        // Zoë 📞
    };
    int n = 0;
    for (const std::string& name : names) {
        const std::string jid = "user" + std::to_string(n++) + "@x.org";
        directory_.upsert(user(jid, name));
        const auto stored = directory_.findByJid(jid);
        ASSERT_TRUE(stored);
        EXPECT_EQ(stored->display_name, name);
        EXPECT_EQ(jidsOf(directory_.findByName(name)), std::vector<std::string>{jid}) << name;
    }
    EXPECT_EQ(jidsOf(directory_.findByName("\xD7\xA2\xD7\x95")),  // prefix of the second word
              std::vector<std::string>{"user1@x.org"});
}

TEST_F(DirectoryTest, SqlInjectionLookingNamesAreStoredVerbatimAndTablesStayIntact) {
    const std::string evil = "Robert'); DROP TABLE users; --";
    const std::string evil2 = "'; DROP TABLE users; --";
    directory_.upsert(user("bobby@x.org", evil, {work("+15551230009")}));
    directory_.upsert(user("evil@x.org", evil2));
    EXPECT_EQ(directory_.findByJid("bobby@x.org")->display_name, evil);
    EXPECT_EQ(directory_.findByJid("evil@x.org")->display_name, evil2);
    EXPECT_EQ(jidsOf(directory_.findByName(evil2)), std::vector<std::string>{"evil@x.org"});
    EXPECT_TRUE(directory_.findByName("x' OR '1'='1").empty());
    EXPECT_FALSE(directory_.findByJid("' OR 1=1 --@x.org"));
    EXPECT_FALSE(directory_.findByNumber("' OR ''='"));
    EXPECT_FALSE(directory_.remove("' OR 1=1; --"));
    EXPECT_EQ(directory_.size(), 2u);
    EXPECT_EQ(directory_.all().size(), 2u);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(db_.handle(), "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
                           -1, &stmt, nullptr),
        SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(stmt, 0), 10);  // v1: 7, v2 adds admins and settings, v3 recordings
    sqlite3_finalize(stmt);
}

TEST_F(DirectoryTest, FindByNameTiersExactLocalPartBeatsExactNameBeatsPrefix) {
    directory_.upsert(user("carol@x.org", "Carol Smith", {work("+15551230001")}));
    directory_.upsert(user("cj@x.org", "Carol Jones", {work("+15551230002")}));
    directory_.upsert(user("smithy@x.org", "Mister Smithers"));
    directory_.upsert(user("carl@y.org", "Carol"));

    // Tier 1: the JID's local part wins over everything.
    EXPECT_EQ(jidsOf(directory_.findByName("carol")), std::vector<std::string>{"carol@x.org"});
    EXPECT_EQ(jidsOf(directory_.findByName("  CJ ")), std::vector<std::string>{"cj@x.org"});
    EXPECT_EQ(jidsOf(directory_.findByName("carl@Y.org")), std::vector<std::string>{"carl@y.org"});
    // Tier 2: the exact display name, case-insensitive and whitespace-collapsed.
    EXPECT_EQ(jidsOf(directory_.findByName("carol  SMITH")),
              std::vector<std::string>{"carol@x.org"});
    EXPECT_EQ(jidsOf(directory_.findByName("Carol Jones")), std::vector<std::string>{"cj@x.org"});
    // Tier 3: prefixes of the name or one of its words; all candidates, by name.
    EXPECT_EQ(jidsOf(directory_.findByName("car")),
              (std::vector<std::string>{"carl@y.org", "cj@x.org", "carol@x.org"}));
    EXPECT_EQ(jidsOf(directory_.findByName("smi")),
              (std::vector<std::string>{"carol@x.org", "smithy@x.org"}));
    EXPECT_EQ(jidsOf(directory_.findByName("carol s")), std::vector<std::string>{"carol@x.org"});
    EXPECT_EQ(jidsOf(directory_.findByName("jo")), std::vector<std::string>{"cj@x.org"});
    // Not a word start, nothing, or empty.
    EXPECT_TRUE(directory_.findByName("mith").empty());
    EXPECT_TRUE(directory_.findByName("zed").empty());
    EXPECT_TRUE(directory_.findByName("   ").empty());
    EXPECT_TRUE(directory_.findByName("\xFF").empty());
    // The numbers come with the candidates.
    const auto carols = directory_.findByName("car");
    ASSERT_EQ(carols.size(), 3u);
    ASSERT_NE(carols[2].preferredNumber(), nullptr);
    EXPECT_EQ(carols[2].preferredNumber()->number, "+15551230001");
}

TEST_F(DirectoryTest, FindByNameFoldsSimpleUnicodeCase) {
    directory_.upsert(user("zoe@x.org", "\xC3\x89lodie Zo\xC3\xAB"));           // Élodie Zoë
    directory_.upsert(user("ivan@x.org", "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD"));  // Иван
    EXPECT_EQ(jidsOf(directory_.findByName("\xC3\xA9lo")),                      // élo
              std::vector<std::string>{"zoe@x.org"});
    EXPECT_EQ(jidsOf(directory_.findByName("ZO\xC3\x8B")),  // ZOË
              std::vector<std::string>{"zoe@x.org"});
    EXPECT_EQ(jidsOf(directory_.findByName("\xD0\xB8\xD0\xB2")),  // ив
              std::vector<std::string>{"ivan@x.org"});
}

TEST_F(DirectoryTest, FindByNameMatchesHyphenatedPartsAndIgnoresPunctuation) {
    directory_.upsert(user("jl@x.org", "Jean-Luc Picard"));
    directory_.upsert(user("q@x.org", "(Q) \"Continuum\""));
    EXPECT_EQ(jidsOf(directory_.findByName("luc")), std::vector<std::string>{"jl@x.org"});
    EXPECT_EQ(jidsOf(directory_.findByName("jean-l")), std::vector<std::string>{"jl@x.org"});
    EXPECT_EQ(jidsOf(directory_.findByName("conti")), std::vector<std::string>{"q@x.org"});
}

TEST_F(DirectoryTest, FindByNameReturnsAtMostTwentyCandidates) {
    for (int i = 0; i < 30; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "Sam %02d", i);
        directory_.upsert(user("sam" + std::to_string(i) + "@x.org", name));
    }
    const auto sams = directory_.findByName("sam ");  // trailing space: the name prefix "sam"
    ASSERT_EQ(sams.size(), kMaxNameMatches);
    EXPECT_EQ(sams.front().display_name, "Sam 00");
    EXPECT_EQ(sams.back().display_name, "Sam 19");
}

TEST_F(DirectoryTest, FindByNumberPrefersTheUserWhoseNumberItIsPreferredFor) {
    directory_.upsert(user("a@x.org", "A", {work("+15551230001"), mobile("+15550000000")}));
    directory_.upsert(user("b@x.org", "B", {work("+15550000000")}));
    EXPECT_EQ(directory_.findByNumber("+15550000000")->jid, "b@x.org");
}

TEST_F(DirectoryTest, AllListsEveryUserWithNumbersInOrder) {
    directory_.upsert(user("b@x.org", "B", {work("+15551230001"), mobile("+15551230002")}));
    directory_.upsert(user("a@x.org", "A"));
    const auto users = directory_.all();
    ASSERT_EQ(users.size(), 2u);
    EXPECT_EQ(users[0].jid, "a@x.org");
    EXPECT_TRUE(users[0].numbers.empty());
    EXPECT_EQ(users[1].numbers,
              (std::vector<PhoneEntry>{work("+15551230001"), mobile("+15551230002")}));
}

TEST_F(DirectoryTest, VcardCreatesAUserWithTheWorkNumberPreferred) {
    directory_.mergeVcard("New@X.org", "", {mobile("+15550000001"), work("+15550000002")});
    const auto created = directory_.findByJid("new@x.org");
    ASSERT_TRUE(created);
    EXPECT_EQ(created->source, "vcard");
    EXPECT_EQ(created->display_name, "new");  // no name given: the local part
    ASSERT_EQ(created->numbers.size(), 2u);
    EXPECT_EQ(created->preferredNumber()->number, "+15550000002");

    // Without a Work number the first one is preferred; a flagged one wins.
    directory_.mergeVcard("m@x.org", "M", {mobile("+15550000003"), mobile("+15550000004")});
    EXPECT_EQ(directory_.findByJid("m@x.org")->preferredNumber()->number, "+15550000003");
    directory_.mergeVcard("p@x.org", "P",
                          {work("+15550000005", false), mobile("+15550000006", true)});
    EXPECT_EQ(directory_.findByJid("p@x.org")->preferredNumber()->number, "+15550000006");
}

TEST_F(DirectoryTest, VcardReplacesTheNumbersOfAVcardUser) {
    directory_.mergeVcard("v@x.org", "Vera", {work("+15550000001", false), mobile("+15550000002")});
    directory_.mergeVcard("v@x.org", "Vera V.", {mobile("+15550000003"), mobile("+15550000003")});
    const auto vera = directory_.findByJid("v@x.org");
    ASSERT_TRUE(vera);
    EXPECT_EQ(vera->display_name, "Vera V.");
    EXPECT_EQ(vera->numbers, std::vector<PhoneEntry>{mobile("+15550000003", true)});
    EXPECT_FALSE(directory_.findByNumber("+15550000001"));

    directory_.mergeVcard("v@x.org", "", {});  // withdrew every number; the name stays
    EXPECT_TRUE(directory_.findByJid("v@x.org")->numbers.empty());
    EXPECT_EQ(directory_.findByJid("v@x.org")->display_name, "Vera V.");
}

TEST_F(DirectoryTest, VcardOnlyAddsNumbersToCsvAndAdminUsers) {
    directory_.upsert(user("c@x.org", "Carol Csv", {mobile("+15550000001", true)}, "csv"));
    directory_.mergeVcard("c@x.org", "Someone Else",
                          {work("+15550000002", true), mobile("+15550000001")});
    const auto carol = directory_.findByJid("c@x.org");
    ASSERT_TRUE(carol);
    EXPECT_EQ(carol->source, "csv");
    EXPECT_EQ(carol->display_name, "Carol Csv");
    EXPECT_EQ(carol->numbers,
              (std::vector<PhoneEntry>{mobile("+15550000001", true), work("+15550000002", false)}));
    // An empty vCard removes nothing from an administrator's user.
    directory_.mergeVcard("c@x.org", "", {});
    EXPECT_EQ(directory_.findByJid("c@x.org")->numbers.size(), 2u);

    // A chat-only admin user gains a preferred number: the first Work one.
    directory_.upsert(user("a@x.org", "Admin Made", {}, "admin"));
    directory_.mergeVcard("a@x.org", "", {mobile("+15550000007"), work("+15550000008", false)});
    const auto admin = directory_.findByJid("a@x.org");
    EXPECT_EQ(admin->source, "admin");
    EXPECT_EQ(admin->preferredNumber()->number, "+15550000008");
}

TEST_F(DirectoryTest, VcardRefusesNonE164NumbersAndBadJids) {
    EXPECT_NE(
        errorOf([&] { directory_.mergeVcard("v@x.org", "V", {work("555 1234")}); }).find("E.164"),
        std::string::npos);
    EXPECT_NE(errorOf([&] { directory_.mergeVcard("nobody", "V", {}); }).find("has no '@'"),
              std::string::npos);
    EXPECT_EQ(directory_.size(), 0u);
}

}  // namespace
}  // namespace confab::store
