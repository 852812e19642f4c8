// What each page shows and which actions it offers: the element ids, classes,
// data- attributes, form actions and field names that app.js, the server's
// routes and the browser test rely on.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "html_scan.h"
#include "sample_views.h"

namespace confab::web {
namespace {

using test::Tag;

std::vector<Tag> tagsWhere(const std::string& page, const std::function<bool(const Tag&)>& keep) {
    std::vector<Tag> out;
    for (const Tag& tag : test::scanTags(page)) {
        if (keep(tag)) out.push_back(tag);
    }
    return out;
}

bool hasClass(const Tag& tag, const std::string& name) {
    const std::string classes = " " + tag.get("class") + " ";
    return classes.find(" " + name + " ") != std::string::npos;
}

std::vector<std::string> postActions(const std::string& page) {
    std::vector<std::string> actions;
    for (const Tag& tag : tagsWhere(page, [](const Tag& t) { return t.name == "form" && t.get("method") == "post"; })) {
        actions.push_back(tag.get("action"));
    }
    return actions;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

TEST(DashboardPage, ShowsHealthAndLiveLegsWithTalkingAndMuted) {
    const std::string page = renderDashboardPage(test::sampleContext(), test::sampleHealth(), {test::sampleConference()});
    const auto cards = tagsWhere(page, [](const Tag& t) { return t.has("data-conference-id"); });
    ASSERT_EQ(cards.size(), 1u);
    EXPECT_EQ(cards[0].get("data-conference-id"), "42");
    EXPECT_NE(page.find("href=\"/conferences/42\""), std::string::npos);

    // Ended legs are left off the card; live ones carry their state as classes.
    const auto legs = tagsWhere(page, [](const Tag& t) { return t.name == "li" && t.has("data-participant"); });
    ASSERT_EQ(legs.size(), 2u);
    EXPECT_EQ(legs[0].get("data-participant"), "7");
    EXPECT_TRUE(hasClass(legs[0], "talking"));
    EXPECT_FALSE(hasClass(legs[0], "muted"));
    EXPECT_EQ(legs[1].get("data-participant"), "8");
    EXPECT_TRUE(hasClass(legs[1], "muted"));
    EXPECT_FALSE(hasClass(legs[1], "talking"));
    // Not by colour only: the words are there too.
    EXPECT_NE(page.find("</span> talking</span>"), std::string::npos);
    EXPECT_NE(page.find("</span> silent</span>"), std::string::npos);
    EXPECT_NE(page.find("</span> muted</span>"), std::string::npos);
    EXPECT_NE(page.find(">locked<"), std::string::npos);

    EXPECT_NE(page.find("id=\"live-status\""), std::string::npos);
    EXPECT_NE(page.find("data-health=\"uptime\" data-seconds=\"3725\">1 h 2 min<"), std::string::npos);
    EXPECT_NE(page.find("data-health=\"media_cpu_percent\">3.2 %<"), std::string::npos);
    EXPECT_NE(page.find("data-health=\"tick_p99_ms\">0.41 ms<"), std::string::npos);
    EXPECT_NE(page.find("data-health=\"live_legs\">2<"), std::string::npos);
    EXPECT_NE(page.find("id=\"no-conferences\" hidden"), std::string::npos);
}

TEST(DashboardPage, SaysSoWhenNothingRuns) {
    const std::string page = renderDashboardPage(test::sampleContext(), test::sampleHealth(), {});
    EXPECT_EQ(page.find("data-conference-id"), std::string::npos);
    EXPECT_NE(page.find("id=\"no-conferences\">"), std::string::npos);
}

TEST(ConferencePage, OffersPerLegActionsDialLockAndEnd) {
    ConferenceView conference = test::sampleConference();
    const std::string page = renderConferencePage(test::sampleContext(), conference);
    const auto actions = postActions(page);
    EXPECT_TRUE(contains(actions, "/conferences/42/legs/7/mute"));
    EXPECT_TRUE(contains(actions, "/conferences/42/legs/7/hangup"));
    EXPECT_FALSE(contains(actions, "/conferences/42/legs/7/unmute"));
    EXPECT_TRUE(contains(actions, "/conferences/42/legs/8/unmute"));
    EXPECT_FALSE(contains(actions, "/conferences/42/legs/8/mute"));
    // An ended leg has nothing left to do.
    for (const std::string& action : actions) EXPECT_EQ(action.find("/legs/9/"), std::string::npos) << action;
    EXPECT_TRUE(contains(actions, "/conferences/42/unlock"));  // it is locked
    EXPECT_FALSE(contains(actions, "/conferences/42/lock"));
    EXPECT_TRUE(contains(actions, "/conferences/42/end"));
    EXPECT_TRUE(contains(actions, "/conferences/42/dial"));

    const auto end_form = tagsWhere(page, [](const Tag& t) { return t.name == "form" && t.get("action") == "/conferences/42/end"; });
    ASSERT_EQ(end_form.size(), 1u);
    EXPECT_FALSE(end_form[0].get("data-confirm").empty());
    const auto number = tagsWhere(page, [](const Tag& t) { return t.name == "input" && t.get("name") == "number"; });
    EXPECT_EQ(number.size(), 1u);

    // Rows by participant, with the quality figures; unknown ones as a dash.
    const auto rows = tagsWhere(page, [](const Tag& t) { return t.name == "tr" && t.has("data-participant"); });
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_TRUE(hasClass(rows[0], "talking"));
    EXPECT_TRUE(hasClass(rows[1], "muted"));
    EXPECT_TRUE(hasClass(rows[2], "ended"));
    EXPECT_NE(page.find("data-measure=\"loss\">1.5<"), std::string::npos);
    EXPECT_NE(page.find("data-measure=\"jitter\">12.2<"), std::string::npos);
    EXPECT_NE(page.find("data-measure=\"rtt\">80<"), std::string::npos);
    EXPECT_NE(page.find("data-measure=\"loss\">\xE2\x80\x93<"), std::string::npos);
    EXPECT_NE(page.find("busy, SIP 486"), std::string::npos);

    const auto section = tagsWhere(page, [](const Tag& t) { return t.get("id") == "conference"; });
    ASSERT_EQ(section.size(), 1u);
    EXPECT_EQ(section[0].get("data-conference-id"), "42");

    conference.locked = false;
    const auto unlocked = postActions(renderConferencePage(test::sampleContext(), conference));
    EXPECT_TRUE(contains(unlocked, "/conferences/42/lock"));
    EXPECT_FALSE(contains(unlocked, "/conferences/42/unlock"));
}

TEST(DirectoryPage, ListsUsersWithEditDeleteAndImport) {
    const store::DirectoryUser user = test::sampleUser();
    const std::string page = renderDirectoryPage(test::sampleContext(), {user}, {"line 3: bad number"});
    const auto edit = tagsWhere(page, [](const Tag& t) { return t.name == "button" && t.get("class").find("edit-user") != std::string::npos; });
    ASSERT_EQ(edit.size(), 1u);
    EXPECT_EQ(edit[0].get("data-jid"), "bob@example.com");
    EXPECT_EQ(test::decodeEntities(edit[0].get("data-name")), test::decodeEntities(htmlEscape(user.display_name)));
    EXPECT_EQ(edit[0].get("data-work"), "+15551234567");
    EXPECT_EQ(edit[0].get("data-mobile"), "+15559876543");
    EXPECT_EQ(edit[0].get("data-preferred"), "mobile");

    const auto jid_fields = tagsWhere(page, [](const Tag& t) { return t.name == "input" && t.get("name") == "jid"; });
    ASSERT_EQ(jid_fields.size(), 2u);  // the add/edit form and the delete form
    EXPECT_EQ(jid_fields[1].get("type"), "hidden");
    EXPECT_EQ(jid_fields[1].get("value"), "bob@example.com");
    const auto actions = postActions(page);
    EXPECT_TRUE(contains(actions, "/directory"));
    EXPECT_TRUE(contains(actions, "/directory/delete"));
    EXPECT_TRUE(contains(actions, "/directory/import"));
    for (const char* field : {"name", "work", "mobile", "preferred"}) {
        EXPECT_FALSE(tagsWhere(page, [&](const Tag& t) { return t.name == "input" && t.get("name") == field; }).empty()) << field;
    }
    const auto import = tagsWhere(page, [](const Tag& t) { return t.name == "form" && t.get("action") == "/directory/import"; });
    ASSERT_EQ(import.size(), 1u);
    EXPECT_EQ(import[0].get("enctype"), "multipart/form-data");
    const auto file = tagsWhere(page, [](const Tag& t) { return t.name == "input" && t.get("type") == "file"; });
    ASSERT_EQ(file.size(), 1u);
    EXPECT_EQ(file[0].get("name"), "csv");
    EXPECT_NE(page.find("<li>line 3: bad number</li>"), std::string::npos);
}

TEST(PolicyPage, HasEveryFieldTheServerReads) {
    const std::string page = renderPolicyPage(test::sampleContext(), test::samplePolicy(), "");
    const auto field = [&](const std::string& name) {
        const auto found = tagsWhere(page, [&](const Tag& t) { return t.get("name") == name; });
        EXPECT_EQ(found.size(), 1u) << name;
        return found.empty() ? Tag{} : found[0];
    };
    EXPECT_EQ(field("max_legs_per_conference").get("value"), "12");
    EXPECT_EQ(field("max_concurrent_legs_per_user").get("value"), "4");
    EXPECT_EQ(field("max_dials_per_minute").get("value"), "9");
    EXPECT_EQ(field("invitation_timeout_seconds").get("value"), "45");
    EXPECT_EQ(test::innerText(page, field("start_conference")),
              "example.com\n" + htmlEscape(test::hostile("ops@example.com")));
    EXPECT_EQ(test::innerText(page, field("blocked_prefixes")), "+1900\n" + htmlEscape(test::hostile("+44")));
    EXPECT_EQ(test::innerText(page, field("role_0_allowed_prefixes")), "+1\n+44");
    EXPECT_EQ(test::innerText(page, field("role_1_allowed_prefixes")), "+1555");
    EXPECT_TRUE(field("role_0_allow_international").has("checked"));
    EXPECT_FALSE(field("role_0_allow_premium").has("checked"));
    EXPECT_FALSE(field("role_1_allow_international").has("checked"));
    EXPECT_TRUE(field("role_1_allow_premium").has("checked"));
    EXPECT_EQ(field("role_1_allow_premium").get("value"), "on");
    EXPECT_EQ(page.find("id=\"policy-error\""), std::string::npos);

    const std::string refused = renderPolicyPage(test::sampleContext(), test::samplePolicy(), "max_dials_per_minute: too big");
    EXPECT_NE(refused.find("id=\"policy-error\""), std::string::npos);
    EXPECT_NE(refused.find("max_dials_per_minute: too big"), std::string::npos);
}

TEST(SystemPage, ShowsVersionConfigurationLogAndAudit) {
    const std::string page = renderSystemPage(test::sampleContext(), test::sampleSystem(), {test::sampleAudit()});
    EXPECT_NE(page.find("<pre class=\"log\" id=\"recent-log\">[info] started\n[warn] &lt;script&gt;"), std::string::npos);
    EXPECT_NE(page.find("xmpp.secret = (hidden)"), std::string::npos);
    EXPECT_NE(page.find("1.0&lt;script&gt;"), std::string::npos);
    EXPECT_NE(page.find(">refused<"), std::string::npos);
    EXPECT_NE(page.find("2024-05-01 13:26:40 UTC"), std::string::npos);
    EXPECT_NE(page.find("<ul id=\"plugins\"><li>recorder: loaded (records conferences) from "
                        "/usr/lib/confab/plugins/recorder.so</li><li>webhook: not running: &lt;script&gt;"),
              std::string::npos)
        << page;
    SystemView without = test::sampleSystem();
    without.plugins.clear();
    EXPECT_NE(renderSystemPage(test::sampleContext(), without, {}).find("No plugins enabled"), std::string::npos);
}

TEST(LoginPage, RefillsTheNameAndShowsTheError) {
    const std::string page = renderLoginPage("Wrong user name or password.", "t0k", "alice");
    EXPECT_NE(page.find("id=\"login-error\""), std::string::npos);
    EXPECT_NE(page.find("Wrong user name or password."), std::string::npos);
    const auto password = tagsWhere(page, [](const Tag& t) { return t.get("name") == "password"; });
    ASSERT_EQ(password.size(), 1u);
    EXPECT_EQ(password[0].get("type"), "password");
    EXPECT_EQ(password[0].get("value"), "");  // never echoed back
    EXPECT_EQ(renderLoginPage("", "t0k", "").find("id=\"login-error\""), std::string::npos);
}

TEST(ErrorPage, NamesTheStatus) {
    EXPECT_NE(renderErrorPage(nullptr, 404, "No such conference.").find("404 Not found"), std::string::npos);
    EXPECT_NE(renderErrorPage(nullptr, 413, "Too big.").find("413 Request too large"), std::string::npos);
    const PageContext context = test::sampleContext();
    EXPECT_NE(renderErrorPage(&context, 500, "Oops.").find("500 Server error"), std::string::npos);
}

TEST(TimelinePage, MergesLegsAndEventsInTimeOrder) {
    store::ConferenceRecord record;
    record.id = 5;
    record.owner_jid = "alice@example.com";
    record.started = 1714570000000;
    record.ended = 1714570100000;
    record.end_reason = "ended by owner";
    store::LegRecord leg = test::sampleLeg(1);  // started +1 s, answered +3 s, ended +66 s
    leg.conference_id = 5;
    leg.display_name = "Bob";
    store::EventRecord early{1, 5, 1714570002000, "joined", "Bob joined"};
    store::EventRecord late{2, 5, 1714570080000, "muted", "Bob muted"};
    const std::string page = renderTimelinePage(test::sampleContext(), record, {leg}, {late, early});
    const std::vector<std::string> order{"started by alice@example.com", "Bob (+15551234567) requested", "Bob joined",
                                         ">Bob (+15551234567)<", "Bob (+15551234567): hangup", "Bob muted",
                                         "ended: ended by owner"};
    std::size_t at = 0;
    for (const std::string& item : order) {
        const std::size_t found = page.find(item, at);
        ASSERT_NE(found, std::string::npos) << item;
        at = found;
    }
    EXPECT_NE(page.find("1:40"), std::string::npos);  // the conference lasted 100 s
}

TEST(TimelinePage, NamesTheSipCodeOfAFailedLegOnce) {
    store::ConferenceRecord record;
    record.id = 5;
    record.owner_jid = "alice@example.com";
    record.started = 1714570000000;
    store::LegRecord plain = test::failedLeg(1);  // "busy", 486
    plain.display_name = "Bob";
    store::LegRecord worded = test::failedLeg(2);
    worded.display_name = "Carol";
    worded.end_reason = "busy (SIP 486 Busy Here)";
    const std::string page = renderTimelinePage(test::sampleContext(), record, {plain, worded}, {});
    EXPECT_NE(page.find("Bob (+15551234567): busy (SIP 486)<"), std::string::npos);
    EXPECT_NE(page.find("Carol (+15551234567): busy (SIP 486 Busy Here)<"), std::string::npos);
    EXPECT_NE(page.find("still running"), std::string::npos);
}

}  // namespace
}  // namespace confab::web
