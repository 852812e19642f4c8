// History: search form refill, pagination and export links that keep the
// filters (URL-encoded, then HTML-escaped), failed legs with their SIP code,
// and the CSV export's quoting and formula guard.
#include <gtest/gtest.h>

#include "html_scan.h"
#include "sample_views.h"

namespace confab::web {
namespace {

using test::Tag;

std::vector<std::string> hrefsStartingWith(const std::string& page, const std::string& prefix) {
    std::vector<std::string> hrefs;
    for (const Tag& tag : test::scanTags(page)) {
        const std::string href = test::decodeEntities(tag.get("href"));
        if (tag.name == "a" && href.rfind(prefix, 0) == 0) hrefs.push_back(href);
    }
    return hrefs;
}

store::LegSearchPage resultsOf(std::size_t total) {
    store::LegSearchPage results;
    results.legs = {test::sampleLeg(1), test::failedLeg(2)};
    results.total = total;
    return results;
}

TEST(HistoryPage, PaginationLinksKeepTheFiltersUrlEncoded) {
    HistoryQuery query;
    query.user = "Zoë & co";
    query.number = "+1 555";
    query.from = "2024-05-01";
    query.to = "2024-05-31";
    query.page = 3;
    const std::string page = renderHistoryPage(test::sampleContext(), query, resultsOf(250), 25);
    const std::string filters = "user=Zo%C3%AB+%26+co&number=%2B1+555&from=2024-05-01&to=2024-05-31";
    const auto links = hrefsStartingWith(page, "/history?");
    // Previous, 1, 2, 4, 5, 10, Next (3 is the current page, not a link).
    ASSERT_EQ(links.size(), 7u);
    EXPECT_EQ(links.front(), "/history?" + filters + "&page=2");  // previous
    EXPECT_EQ(links.back(), "/history?" + filters + "&page=4");   // next
    for (const std::string& link : links) EXPECT_EQ(link.rfind("/history?" + filters, 0), 0u) << link;
    EXPECT_NE(page.find("/history?" + htmlEscape(filters) + "&amp;page=10\""), std::string::npos);  // last page
    EXPECT_EQ(page.find("page=11"), std::string::npos);
    EXPECT_NE(page.find("aria-current=\"page\">3<"), std::string::npos);

    const auto csv = hrefsStartingWith(page, "/history.csv");
    ASSERT_EQ(csv.size(), 1u);
    EXPECT_EQ(csv[0], "/history.csv?" + filters);  // every matching row: no page
}

TEST(HistoryPage, FirstPageLinkAndNoFilters) {
    HistoryQuery query;
    query.page = 2;
    const std::string page = renderHistoryPage(test::sampleContext(), query, resultsOf(60), 25);
    const auto links = hrefsStartingWith(page, "/history?");
    ASSERT_FALSE(links.empty());
    EXPECT_EQ(links.front(), "/history?page=1");
    EXPECT_EQ(hrefsStartingWith(page, "/history.csv").at(0), "/history.csv");
}

TEST(HistoryPage, OnePageNeedsNoPagination) {
    const std::string page = renderHistoryPage(test::sampleContext(), HistoryQuery{}, resultsOf(2), 25);
    EXPECT_EQ(page.find("class=\"pagination\""), std::string::npos);
    EXPECT_NE(page.find("2 calls found"), std::string::npos);
}

TEST(HistoryPage, RefillsTheSearchFormAndShowsFailures) {
    HistoryQuery query;
    query.user = "\"><script>";
    query.number = "+1555";
    query.from = "2024-05-01";
    const std::string page = renderHistoryPage(test::sampleContext(), query, resultsOf(2), 25);
    for (const Tag& tag : test::scanTags(page)) {
        if (tag.name != "input") continue;
        if (tag.get("name") == "user") {
            EXPECT_EQ(test::decodeEntities(tag.get("value")), query.user);
        }
        if (tag.get("name") == "number") {
            EXPECT_EQ(tag.get("value"), "+1555");
        }
        if (tag.get("name") == "from") {
            EXPECT_EQ(tag.get("type"), "date");
            EXPECT_EQ(tag.get("value"), "2024-05-01");
        }
        if (tag.get("name") == "to") {
            EXPECT_EQ(tag.get("type"), "date");
        }
    }
    // The failed leg: its end reason and SIP code, in a row marked failed.
    EXPECT_NE(page.find("<tr data-leg-id=\"2\" class=\"failed\">"), std::string::npos);
    EXPECT_NE(page.find(">486<"), std::string::npos);
    EXPECT_NE(page.find(">busy<"), std::string::npos);
    EXPECT_NE(page.find("href=\"/history/42\""), std::string::npos);
    EXPECT_NE(page.find(">1:03<"), std::string::npos);  // answered +2 s, ended +65 s
}

TEST(HistoryCsv, HeaderAndRowsWithCrlf) {
    store::LegRecord leg;
    leg.id = 3;
    leg.conference_id = 9;
    leg.requester_jid = "alice@example.com";
    leg.number = "15551234567";
    leg.display_name = "Bob";
    leg.started = 1714570000000;
    leg.answered = 1714570002000;
    leg.ended = 1714570065500;
    leg.end_reason = "hangup";
    const std::string csv = historyCsv({leg});
    EXPECT_EQ(csv,
              "conference_id,leg_id,started_utc,requester,number,name,answered_utc,ended_utc,duration_seconds,end_reason,sip_code,"
              "recordings\r\n"
              "9,3,2024-05-01T13:26:40Z,alice@example.com,15551234567,Bob,2024-05-01T13:26:42Z,2024-05-01T13:27:45Z,63,hangup,,\r\n");
    EXPECT_EQ(historyCsv({}).find("\r\n"), historyCsv({}).size() - 2);  // just the header
}

TEST(HistoryCsv, QuotesPerRfc4180) {
    store::LegRecord leg = test::failedLeg(1);
    leg.requester_jid = "a@b";
    leg.display_name = "Smith, \"Bob\"\nJr";
    const std::string csv = historyCsv({leg});
    // Never answered: no answer time and no duration, but an end, a reason and a code.
    EXPECT_NE(csv.find(",\"Smith, \"\"Bob\"\"\nJr\",,2024-05-01T13:27:46Z,,busy,486,\r\n"), std::string::npos) << csv;
}

TEST(HistoryCsv, GuardsAgainstSpreadsheetFormulas) {
    for (const std::string start : {"=", "+", "-", "@", "\t", "\r"}) {
        store::LegRecord leg = test::sampleLeg(1);
        leg.requester_jid = "a@b";
        leg.display_name = start + "HYPERLINK(\"http://evil\")";
        const std::string csv = historyCsv({leg});
        // The quotes inside force RFC 4180 quoting around the guarded cell.
        const std::string expected = "\"'" + start + "HYPERLINK(\"\"http://evil\"\")\",";
        EXPECT_NE(csv.find(expected), std::string::npos) << csv;
    }
    store::LegRecord leg = test::sampleLeg(1);
    leg.requester_jid = "a@b";
    leg.display_name = "Bob";
    // E.164 numbers start with '+', so they are guarded too.
    EXPECT_NE(historyCsv({leg}).find(",'+15551234567,Bob,"), std::string::npos);
}

TEST(HistoryCsv, ReplacesInvalidUtf8) {
    store::LegRecord leg = test::sampleLeg(1);
    leg.requester_jid = "a@b";
    leg.display_name = "Zo\xC3\xAB \xFF";
    EXPECT_NE(historyCsv({leg}).find(",Zo\xC3\xAB \xEF\xBF\xBD,"), std::string::npos);
}

}  // namespace
}  // namespace confab::web
