#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "confab/store/conference_log.h"

// Searches are written with designated initializers; the fields left out
// keep their defaults, which GCC's -Wextra still reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace confab::store {
namespace {

class LegSearchTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto alice_conf = log_.conferenceStarted("alice@example.com", "a@muc", 1000);
        const auto bob_conf = log_.conferenceStarted("Bob@Example.com", "b@muc", 2000);
        // Legs are started at 1100, 1200, ... in this order.
        add(alice_conf, "alice@example.com", "+15550001111", "Carol Jones", 1100);
        add(alice_conf, "alice@example.com", "+15550002222", "Dave 50%_off", 1200);
        add(alice_conf, "carol@example.com", "+4930123456", "Erin", 1300);
        add(bob_conf, "bob@example.com", "+15550001111", "Frank O'Brien", 2100);
        add(bob_conf, "bob@example.com", "+4930999999", "back\\slash", 2200);
    }

    void add(std::int64_t conference, const std::string& requester, const std::string& number,
             const std::string& name, UnixMillis started) {
        ids_.push_back(log_.legCreated(conference, requester, number, name, started));
    }

    // Ids of the legs found, in result order, and total.
    std::pair<std::vector<std::int64_t>, std::size_t> find(const LegSearch& search) {
        const auto page = log_.searchLegs(search);
        std::vector<std::int64_t> ids;
        for (const auto& leg : page.legs) {
            ids.push_back(leg.id);
        }
        return {ids, page.total};
    }

    std::vector<std::int64_t> idsOf(std::initializer_list<int> positions) {
        std::vector<std::int64_t> ids;
        for (int position : positions) {
            ids.push_back(ids_.at(static_cast<std::size_t>(position)));
        }
        return ids;
    }

    Database db_ = Database::openInMemory();
    ConferenceLog log_{db_};
    std::vector<std::int64_t> ids_;
};

TEST_F(LegSearchTest, EmptySearchFindsEverythingNewestFirst) {
    const auto page = log_.searchLegs({});
    EXPECT_EQ(page.total, 5u);
    ASSERT_EQ(page.legs.size(), 5u);
    EXPECT_EQ(page.legs[0].id, ids_[4]);
    EXPECT_EQ(page.legs[0].number, "+4930999999");
    EXPECT_EQ(page.legs[0].display_name, "back\\slash");
    EXPECT_EQ(page.legs[0].started, 2200);
    EXPECT_EQ(page.legs[4].id, ids_[0]);
}

TEST_F(LegSearchTest, UserMatchesRequesterNameOrOwnerCaseInsensitively) {
    // "carol": requester of leg 2, display name of leg 0.
    EXPECT_EQ(find({.user = "CAROL"}), std::make_pair(idsOf({2, 0}), std::size_t{2}));
    // "bob@": requester of legs 3 and 4, and owner (written "Bob@Example.com").
    EXPECT_EQ(find({.user = "bob@example"}), std::make_pair(idsOf({4, 3}), std::size_t{2}));
    // The owner alone: carol's leg is in alice's conference.
    EXPECT_EQ(find({.user = "alice@"}), std::make_pair(idsOf({2, 1, 0}), std::size_t{3}));
    EXPECT_EQ(find({.user = "o'brien"}), std::make_pair(idsOf({3}), std::size_t{1}));
    EXPECT_EQ(find({.user = "nobody"}).second, 0u);
}

TEST_F(LegSearchTest, NumberIsASubstringAndCombinesWithUser) {
    EXPECT_EQ(find({.number = "0001111"}), std::make_pair(idsOf({3, 0}), std::size_t{2}));
    EXPECT_EQ(find({.number = "+49"}), std::make_pair(idsOf({4, 2}), std::size_t{2}));
    EXPECT_EQ(find({.user = "bob", .number = "+49"}), std::make_pair(idsOf({4}), std::size_t{1}));
}

TEST_F(LegSearchTest, DateRangeIncludesFromAndExcludesTo) {
    EXPECT_EQ(find({.from = 1200, .to = 2100}), std::make_pair(idsOf({2, 1}), std::size_t{2}));
    EXPECT_EQ(find({.from = 2100}), std::make_pair(idsOf({4, 3}), std::size_t{2}));
    EXPECT_EQ(find({.to = 1101}), std::make_pair(idsOf({0}), std::size_t{1}));
    EXPECT_EQ(find({.from = 5000}).second, 0u);
}

TEST_F(LegSearchTest, PagesKeepTheTotal) {
    EXPECT_EQ(find({.limit = 2}), std::make_pair(idsOf({4, 3}), std::size_t{5}));
    EXPECT_EQ(find({.limit = 2, .offset = 2}), std::make_pair(idsOf({2, 1}), std::size_t{5}));
    EXPECT_EQ(find({.limit = 2, .offset = 4}), std::make_pair(idsOf({0}), std::size_t{5}));
    EXPECT_EQ(find({.limit = 2, .offset = 40}), std::make_pair(idsOf({}), std::size_t{5}));
    EXPECT_EQ(find({.limit = 0}), std::make_pair(idsOf({}), std::size_t{5}));
    EXPECT_EQ(find({.limit = std::numeric_limits<std::size_t>::max(),
                    .offset = std::numeric_limits<std::size_t>::max()}),
              std::make_pair(idsOf({}), std::size_t{5}));
    EXPECT_EQ(find({.user = "alice", .limit = 1, .offset = 1}),
              std::make_pair(idsOf({1}), std::size_t{3}));
}

TEST_F(LegSearchTest, LimitIsCapped) {
    const auto conference = log_.conferenceStarted("many@example.com", "m@muc", 3000);
    // The conference id is this test's own integer, not data.
    const std::string insert =
        "INSERT INTO legs (conference_id, requester_jid, number, display_name, started) "
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 100009) "
        "SELECT " + std::to_string(conference) + ", 'many@example.com', '+15550000000', 'Many', "
        "3000 + i FROM n";
    db_.execute(insert.c_str(), "test");
    const auto page = log_.searchLegs({.limit = 200000});
    EXPECT_EQ(page.total, 100015u);
    EXPECT_EQ(page.legs.size(), LegSearch::kMaxLimit);
}

TEST_F(LegSearchTest, SqlAndLikeMetacharactersAreLiteral) {
    EXPECT_EQ(find({.user = "' OR 1=1 --"}).second, 0u);
    EXPECT_EQ(find({.user = "' OR '1'='1"}).second, 0u);
    EXPECT_EQ(find({.number = "'; DROP TABLE legs; --"}).second, 0u);
    EXPECT_EQ(find({.user = "%"}), std::make_pair(idsOf({1}), std::size_t{1}));
    EXPECT_EQ(find({.user = "%_"}), std::make_pair(idsOf({1}), std::size_t{1}));
    EXPECT_EQ(find({.user = "_"}), std::make_pair(idsOf({1}), std::size_t{1}));
    EXPECT_EQ(find({.user = "50%_off"}), std::make_pair(idsOf({1}), std::size_t{1}));
    EXPECT_EQ(find({.user = "c%l"}).second, 0u);  // would match "carol" as a wildcard
    EXPECT_EQ(find({.user = "car_l"}).second, 0u);
    EXPECT_EQ(find({.user = "\\"}), std::make_pair(idsOf({4}), std::size_t{1}));
    EXPECT_EQ(find({.user = "k\\s"}), std::make_pair(idsOf({4}), std::size_t{1}));
    EXPECT_EQ(find({.number = "_"}).second, 0u);
    EXPECT_EQ(find({.number = "%"}).second, 0u);
    // Nothing was harmed.
    EXPECT_EQ(find({}).second, 5u);
}

TEST_F(LegSearchTest, RefusesOverlongTexts) {
    EXPECT_THROW(log_.searchLegs({.user = std::string(LegSearch::kMaxTextLength + 1, 'a')}),
                 StoreError);
    EXPECT_THROW(log_.searchLegs({.number = std::string(LegSearch::kMaxTextLength + 1, '1')}),
                 StoreError);
    EXPECT_EQ(log_.searchLegs({.user = std::string(LegSearch::kMaxTextLength, '%')}).total, 0u);
}

}  // namespace
}  // namespace confab::store
