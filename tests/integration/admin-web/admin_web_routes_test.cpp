// The admin web page's routes doing their work: live actions reach the
// backend and are audited, the event stream delivers changes, history search
// and CSV export, the directory and its CSV import, the policy form.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include "admin_web_fixture.h"
#include "confab/harness/process.h"
#include "confab/store/directory.h"

namespace confab::web::testing {
namespace {

using namespace std::chrono_literals;

ConferenceView conferenceWith(std::int64_t id, const std::vector<std::string>& names) {
    ConferenceView conference;
    conference.id = id;
    conference.owner_jid = "owner@example.com";
    conference.started = 1'700'000'000'000;
    std::uint32_t participant = 1;
    for (const auto& name : names) {
        LegView leg;
        leg.participant = ++participant;
        leg.name = name;
        leg.number = "+1555123000" + std::to_string(participant);
        leg.state = "connected";
        conference.legs.push_back(leg);
    }
    return conference;
}

const store::AuditRecord* findAudit(const std::vector<store::AuditRecord>& rows, const std::string& action) {
    for (const auto& row : rows) {
        if (row.action == action) return &row;
    }
    return nullptr;
}

TEST_F(AdminWebTest, LiveActionsReachTheBackendAndAreAudited) {
    start();
    backend_.setConferences({conferenceWith(7, {"Bob", "Carol"})});
    Browser browser = login();
    auto page = get("/conferences/7", browser.cookieHeader());
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("Carol"), std::string::npos);

    const httplib::Headers json{{"Accept", "application/json"}};
    struct Case {
        std::string path;
        httplib::Params form;
        std::string call;
        std::string action;
    };
    const std::vector<Case> cases = {
        {"/conferences/7/dial", {{"number", "+1 555 123 4567"}}, "dial 7 +1 555 123 4567 by alice", "dial"},
        {"/conferences/7/legs/3/mute", {}, "mute 7/3 by alice", "mute"},
        {"/conferences/7/legs/3/unmute", {}, "unmute 7/3 by alice", "unmute"},
        {"/conferences/7/legs/2/hangup", {}, "hangup 7/2 by alice", "hangup"},
        {"/conferences/7/lock", {}, "lock 7 by alice", "lock"},
        {"/conferences/7/unlock", {}, "unlock 7 by alice", "unlock"},
        {"/conferences/7/end", {}, "end 7 by alice", "end"},
    };
    for (const auto& item : cases) {
        httplib::Params form = item.form;
        form.emplace("csrf", browser.csrf);
        auto answer = post(item.path, browser.cookieHeader(), form, json);
        ASSERT_TRUE(answer) << item.path;
        EXPECT_EQ(answer->status, 200) << item.path;
        EXPECT_EQ(nlohmann::json::parse(answer->body), (nlohmann::json{{"ok", true}, {"message", "Done."}}))
            << item.path;
        ASSERT_FALSE(backend_.calls().empty());
        EXPECT_EQ(backend_.calls().back(), item.call);
        const auto rows = audit();
        const store::AuditRecord* row = findAudit(rows, item.action);
        ASSERT_NE(row, nullptr) << item.action;
        EXPECT_EQ(row->actor_jid, "admin:alice");
        EXPECT_TRUE(row->allowed);
        EXPECT_NE(row->detail.find("conference 7"), std::string::npos) << row->detail;
    }
    EXPECT_EQ(backend_.calls().size(), cases.size());

    // A refusal is passed on, audited as not allowed, and flashed on the page.
    backend_.setActionResult({false, "Dialling +1900 numbers is blocked."});
    auto refused = post("/conferences/7/dial", browser.cookieHeader(), {{"csrf", browser.csrf}, {"number", "+19005550000"}});
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 303);
    EXPECT_EQ(refused->get_header_value("Location"), "/conferences/7");
    const auto rows = audit();
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows.front().action, "dial");
    EXPECT_FALSE(rows.front().allowed);
    EXPECT_EQ(rows.front().reason, "Dialling +1900 numbers is blocked.");
    auto flashed = get("/conferences/7", browser.cookieHeader());
    ASSERT_TRUE(flashed);
    EXPECT_NE(flashed->body.find("Dialling +1900 numbers is blocked."), std::string::npos);
    auto shown_once = get("/conferences/7", browser.cookieHeader());
    ASSERT_TRUE(shown_once);
    EXPECT_EQ(shown_once->body.find("Dialling +1900 numbers is blocked."), std::string::npos);

    // An ended conference has no page.
    backend_.setConferences({});
    auto gone = get("/conferences/7", browser.cookieHeader());
    ASSERT_TRUE(gone);
    EXPECT_EQ(gone->status, 404);
}

// Reads an event stream on its own thread until told to stop.
class EventStreamReader {
  public:
    EventStreamReader(std::unique_ptr<httplib::SSLClient> client, std::string cookie)
        : client_(std::move(client)), cookie_(std::move(cookie)) {
        thread_ = std::thread([this] {
            auto result = client_->Get("/events", httplib::Headers{{"Cookie", cookie_}},
                                       [this](const httplib::Response& response) {
                                           std::lock_guard lock(mutex_);
                                           status_ = response.status;
                                           content_type_ = response.get_header_value("Content-Type");
                                           return true;
                                       },
                                       [this](const char* data, std::size_t length) {
                                           std::lock_guard lock(mutex_);
                                           text_.append(data, length);
                                           return !stop_;
                                       });
            finished_ = true;
        });
    }
    ~EventStreamReader() {
        stop_ = true;
        client_->stop();
        thread_.join();
    }
    std::string text() const {
        std::lock_guard lock(mutex_);
        return text_;
    }
    int status() const {
        std::lock_guard lock(mutex_);
        return status_;
    }
    std::string contentType() const {
        std::lock_guard lock(mutex_);
        return content_type_;
    }
    bool finished() const { return finished_; }

  private:
    std::unique_ptr<httplib::SSLClient> client_;
    std::string cookie_;
    mutable std::mutex mutex_;
    std::string text_;
    int status_ = 0;
    std::string content_type_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> finished_{false};
    std::thread thread_;
};

TEST_F(AdminWebTest, EventStreamDeliversChanges) {
    start();
    backend_.setConferences({conferenceWith(3, {"Bob"})});
    Browser browser = login();
    EventStreamReader reader(client(), browser.cookieHeader());
    ASSERT_TRUE(harness::waitUntil([&] { return reader.text().find("event: conferences\ndata: ") != std::string::npos; },
                                   10s));
    EXPECT_EQ(reader.status(), 200);
    EXPECT_EQ(reader.contentType().rfind("text/event-stream", 0), 0u);
    EXPECT_NE(reader.text().find("Bob"), std::string::npos);
    EXPECT_EQ(reader.text().find("Zelda"), std::string::npos);

    backend_.setConferences({conferenceWith(3, {"Bob", "Zelda"})});
    changes_.notify();
    ASSERT_TRUE(harness::waitUntil([&] { return reader.text().find("Zelda") != std::string::npos; }, 10s))
        << reader.text();
    // Every event is complete: "event:" line, one "data:" line, blank line.
    const std::string text = reader.text();
    const auto last = text.rfind("event: conferences\ndata: ");
    EXPECT_NE(text.find("\n\n", last), std::string::npos);

    // Logging out ends the stream.
    auto logout = post("/logout", browser.cookieHeader(), {{"csrf", browser.csrf}});
    ASSERT_TRUE(logout);
    EXPECT_TRUE(harness::waitUntil([&] { return reader.finished(); }, 10s));
}

TEST_F(AdminWebTest, StopEndsOpenEventStreams) {
    start();
    Browser browser = login();
    EventStreamReader reader(client(), browser.cookieHeader());
    ASSERT_TRUE(harness::waitUntil([&] { return !reader.text().empty(); }, 10s));
    const auto begun = std::chrono::steady_clock::now();
    server_->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - begun, 5s);
    EXPECT_TRUE(harness::waitUntil([&] { return reader.finished(); }, 10s));
}

TEST_F(AdminWebTest, EventStreamsAreCapped) {
    start();
    Browser browser = login();
    std::vector<std::unique_ptr<EventStreamReader>> readers;
    for (int i = 0; i < 16; ++i) readers.push_back(std::make_unique<EventStreamReader>(client(), browser.cookieHeader()));
    ASSERT_TRUE(harness::waitUntil(
        [&] {
            for (const auto& reader : readers) {
                if (reader->text().empty()) return false;
            }
            return true;
        },
        20s));
    auto refused = get("/events", browser.cookieHeader());
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 503);
    // The other pages still answer, and a closed stream frees its place.
    auto page = get("/", browser.cookieHeader());
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    readers.pop_back();
    EXPECT_TRUE(harness::waitUntil(
        [&] {
            EventStreamReader again(client(), browser.cookieHeader());
            harness::waitUntil([&] { return again.status() != 0; }, 5s);
            return again.status() == 200 && harness::waitUntil([&] { return !again.text().empty(); }, 5s);
        },
        10s, 200ms));
}

class HistoryTest : public AdminWebTest {
  protected:
    void SetUp() override {
        AdminWebTest::SetUp();
        store::Database db = openDatabase();
        store::ConferenceLog log(db);
        // 2024-05-01 and 2024-05-03, UTC.
        first_ = log.conferenceStarted("owner@example.com", "room@conference.example.com", 1'714'550'000'000);
        const auto bob = log.legCreated(first_, "owner@example.com", "+15551230001", "Bob, \"the builder\"", 1'714'550'001'000);
        log.legAnswered(bob, 1'714'550'005'000);
        log.legEnded(bob, 1'714'550'065'000, "hangup", 0);
        const auto carol = log.legCreated(first_, "owner@example.com", "+15551230002", "=cmd|' /C calc'!A0", 1'714'550'002'000);
        log.legEnded(carol, 1'714'550'032'000, "busy", 486);
        log.event(first_, "talker", "Bob started talking", 1'714'550'010'000);
        log.conferenceEnded(first_, 1'714'550'070'000, "ended by owner");
        const auto second = log.conferenceStarted("other@example.com", "", 1'714'723'000'000);
        log.legCreated(second, "other@example.com", "+442071234567", "Dave", 1'714'723'001'000);
        for (int i = 0; i < 60; ++i) {
            log.legCreated(second, "bulk@example.com", "+1555999" + std::to_string(1000 + i), "Bulk", 1'714'723'100'000 + i);
        }
    }
    std::int64_t first_ = 0;
};

TEST_F(HistoryTest, CsvExportHasTheFilteredRows) {
    start();
    Browser browser = login();
    auto csv = get("/history.csv?from=2024-05-01&to=2024-05-01", browser.cookieHeader());
    ASSERT_TRUE(csv);
    EXPECT_EQ(csv->status, 200);
    EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_EQ(csv->get_header_value("Content-Disposition"), "attachment; filename=\"confab-history.csv\"");
    const std::string& body = csv->body;
    int lines = 0;
    for (char c : body) lines += c == '\n';
    EXPECT_EQ(lines, 3) << body;  // header, Bob, Carol
    EXPECT_NE(body.find("+15551230001"), std::string::npos);
    EXPECT_NE(body.find("\"Bob, \"\"the builder\"\"\""), std::string::npos) << body;
    EXPECT_NE(body.find("busy"), std::string::npos);
    EXPECT_NE(body.find("486"), std::string::npos);
    EXPECT_EQ(body.find(",=cmd"), std::string::npos) << "formula not defused: " << body;
    EXPECT_EQ(body.find("+442071234567"), std::string::npos);

    auto everything = get("/history.csv", browser.cookieHeader());
    ASSERT_TRUE(everything);
    lines = 0;
    for (char c : everything->body) lines += c == '\n';
    EXPECT_EQ(lines, 1 + 63);  // not cut to a page
}

TEST_F(HistoryTest, SearchPagesAndTimelines) {
    start();
    Browser browser = login();
    auto page = get("/history?user=bulk", browser.cookieHeader());
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("+15559991059"), std::string::npos);  // newest first
    EXPECT_EQ(page->body.find("+15559991009"), std::string::npos);  // on page 2
    auto second = get("/history?user=bulk&page=2", browser.cookieHeader());
    ASSERT_TRUE(second);
    EXPECT_NE(second->body.find("+15559991009"), std::string::npos);
    EXPECT_EQ(second->body.find("+15559991059"), std::string::npos);

    auto bad_date = get("/history?from=2024-02-30", browser.cookieHeader());
    ASSERT_TRUE(bad_date);
    EXPECT_EQ(bad_date->status, 400);
    EXPECT_NE(bad_date->body.find("from: expected a date as YYYY-MM-DD"), std::string::npos);
    EXPECT_NE(bad_date->body.find("<form"), std::string::npos);  // the page, not a bare error

    auto timeline = get("/history/" + std::to_string(first_), browser.cookieHeader());
    ASSERT_TRUE(timeline);
    EXPECT_EQ(timeline->status, 200);
    EXPECT_NE(timeline->body.find("Bob started talking"), std::string::npos);
    EXPECT_NE(timeline->body.find("486"), std::string::npos);
    auto missing = get("/history/999999", browser.cookieHeader());
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404);
}

TEST_F(AdminWebTest, DirectoryEditDeleteAndImport) {
    start();
    Browser browser = login();
    auto saved = post("/directory", browser.cookieHeader(),
                      {{"csrf", browser.csrf}, {"jid", "Bob@Example.com"}, {"name", "Bob"}, {"work", "(555) 123-4567"},
                       {"mobile", "+1 555 765 4321"}, {"preferred", "mobile"}});
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->status, 303);
    {
        store::Database db = openDatabase();
        auto bob = store::Directory(db).findByJid("bob@example.com");
        ASSERT_TRUE(bob);
        EXPECT_EQ(bob->source, "admin");
        ASSERT_NE(bob->preferredNumber(), nullptr);
        EXPECT_EQ(bob->preferredNumber()->number, "+15557654321");
    }
    const httplib::Headers json{{"Accept", "application/json"}};
    auto bad_number = post("/directory", browser.cookieHeader(),
                           {{"csrf", browser.csrf}, {"jid", "c@example.com"}, {"name", "C"}, {"work", "12"}}, json);
    ASSERT_TRUE(bad_number);
    EXPECT_NE(bad_number->body.find("\"ok\":false"), std::string::npos);
    EXPECT_NE(bad_number->body.find("work:"), std::string::npos) << bad_number->body;
    auto bad_jid = post("/directory", browser.cookieHeader(),
                        {{"csrf", browser.csrf}, {"jid", "not a jid"}, {"name", "C"}}, json);
    ASSERT_TRUE(bad_jid);
    EXPECT_NE(bad_jid->body.find("\"ok\":false"), std::string::npos);

    httplib::MultipartFormDataItems bad_file{
        {"csrf", browser.csrf, "", ""},
        {"csv",
         "jid,display_name,work,mobile,preferred\ncarol@example.com,Carol,+15551110000,,\nbroken,,,,\n",
         "people.csv", "text/csv"}};
    auto refused = client()->Post("/directory/import", httplib::Headers{{"Cookie", browser.cookieHeader()}}, bad_file);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400);
    EXPECT_NE(refused->body.find("line 3"), std::string::npos) << refused->body;
    {
        store::Database db = openDatabase();
        EXPECT_FALSE(store::Directory(db).findByJid("carol@example.com"));  // all or nothing
    }
    httplib::MultipartFormDataItems good_file{
        {"csrf", browser.csrf, "", ""},
        {"csv", "jid,display_name,work,mobile,preferred\ncarol@example.com,Carol,+15551110000,,\n", "people.csv",
         "text/csv"}};
    auto imported = client()->Post("/directory/import", httplib::Headers{{"Cookie", browser.cookieHeader()}}, good_file);
    ASSERT_TRUE(imported);
    EXPECT_EQ(imported->status, 303);

    auto deleted = post("/directory/delete", browser.cookieHeader(), {{"csrf", browser.csrf}, {"jid", "bob@example.com"}});
    ASSERT_TRUE(deleted);
    EXPECT_EQ(deleted->status, 303);
    {
        store::Database db = openDatabase();
        store::Directory directory(db);
        EXPECT_FALSE(directory.findByJid("bob@example.com"));
        EXPECT_TRUE(directory.findByJid("carol@example.com"));
    }
    const auto rows = audit();
    for (const char* action : {"directory-upsert", "directory-import", "directory-delete"}) {
        EXPECT_NE(findAudit(rows, action), nullptr) << action;
    }
}

TEST_F(AdminWebTest, PolicyFormIsAppliedThroughTheBackend) {
    start();
    Browser browser = login();
    auto page = get("/policy", browser.cookieHeader());
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    auto saved = post("/policy", browser.cookieHeader(),
                      {{"csrf", browser.csrf},
                       {"start_conference", "example.com\nfriends.org"},
                       {"blocked_prefixes", "+1900\n+1976"},
                       {"max_legs_per_conference", "8"},
                       {"max_concurrent_legs_per_user", "4"},
                       {"max_dials_per_minute", "6"},
                       {"invitation_timeout_seconds", "40"},
                       {"role_0_allowed_prefixes", "+1\n+44"},
                       {"role_0_allow_premium", "on"}});
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->status, 303);
    PolicyView applied = backend_.lastPolicy();
    EXPECT_EQ(applied.max_legs_per_conference, 8u);
    EXPECT_EQ(applied.blocked_prefixes, (std::vector<std::string>{"+1900", "+1976"}));
    ASSERT_EQ(applied.roles.size(), 1u);
    EXPECT_EQ(applied.roles[0].name, "ops");
    EXPECT_EQ(applied.roles[0].members, (std::vector<std::string>{"ops@example.com"}));
    EXPECT_EQ(applied.roles[0].allowed_prefixes, (std::vector<std::string>{"+1", "+44"}));
    EXPECT_FALSE(applied.roles[0].allow_international);
    EXPECT_TRUE(applied.roles[0].allow_premium);

    backend_.setPolicyResult({false, "max_legs_per_conference: expected 1..1000, got 0"});
    auto refused = post("/policy", browser.cookieHeader(), {{"csrf", browser.csrf}, {"max_legs_per_conference", "0"}});
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400);
    EXPECT_NE(refused->body.find("max_legs_per_conference: expected 1..1000, got 0"), std::string::npos);
    auto unreadable = post("/policy", browser.cookieHeader(), {{"csrf", browser.csrf}, {"max_dials_per_minute", "lots"}});
    ASSERT_TRUE(unreadable);
    EXPECT_EQ(unreadable->status, 400);
    EXPECT_NE(unreadable->body.find("max_dials_per_minute"), std::string::npos);
    int policy_rows = 0;
    for (const auto& row : audit()) policy_rows += row.action == "policy";
    EXPECT_EQ(policy_rows, 3);
}

TEST_F(AdminWebTest, DashboardAndSystemPagesRender) {
    start();
    backend_.setConferences({conferenceWith(5, {"Bob"})});
    Browser browser = login();
    auto dashboard = get("/", browser.cookieHeader());
    ASSERT_TRUE(dashboard);
    EXPECT_EQ(dashboard->status, 200);
    EXPECT_NE(dashboard->body.find("Bob"), std::string::npos);
    auto system = get("/system", browser.cookieHeader());
    ASSERT_TRUE(system);
    EXPECT_EQ(system->status, 200);
    EXPECT_NE(system->body.find("test log line"), std::string::npos);
    EXPECT_NE(system->body.find("admin:alice"), std::string::npos);  // the login's audit row
    auto api = get("/api/conferences", browser.cookieHeader());
    ASSERT_TRUE(api);
    EXPECT_EQ(api->status, 200);
    EXPECT_NE(api->body.find("\"conferences\""), std::string::npos);
}

}  // namespace
}  // namespace confab::web::testing
