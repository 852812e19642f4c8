// The admin web page's security rules (web_server.h), checked over real HTTPS.
#include <gtest/gtest.h>

#include <thread>

#include "admin_web_fixture.h"
#include "confab/harness/process.h"
#include "confab/store/directory.h"

namespace confab::web::testing {
namespace {

using namespace std::chrono_literals;

const std::vector<std::string> kPages = {"/",          "/conferences/1", "/history", "/history.csv?user=a",
                                         "/history/1", "/directory",     "/policy",  "/system"};
const std::vector<std::string> kApis = {"/api/conferences", "/events", "/metrics"};
const std::vector<std::string> kPosts = {"/logout",
                                         "/conferences/1/dial",
                                         "/conferences/1/legs/2/mute",
                                         "/conferences/1/legs/2/unmute",
                                         "/conferences/1/legs/2/hangup",
                                         "/conferences/1/lock",
                                         "/conferences/1/unlock",
                                         "/conferences/1/end",
                                         "/directory",
                                         "/directory/delete",
                                         "/directory/import",
                                         "/policy"};

ConferenceView liveConference(std::int64_t id, const std::string& leg_name) {
    ConferenceView conference;
    conference.id = id;
    conference.owner_jid = "owner@example.com";
    conference.started = 1'700'000'000'000;
    LegView leg;
    leg.participant = 2;
    leg.name = leg_name;
    leg.number = "+15551230002";
    leg.state = "connected";
    conference.legs.push_back(leg);
    return conference;
}

TEST_F(AdminWebTest, EveryPageAndApiRefusesWithoutASession) {
    start();
    backend_.setConferences({liveConference(1, "Bob")});
    for (const std::string& cookie : {std::string(), std::string("confab_session=") + std::string(64, 'a'),
                                      std::string("confab_session=../../etc")}) {
        for (const auto& path : kPages) {
            auto answer = get(path, cookie);
            ASSERT_TRUE(answer) << path;
            EXPECT_EQ(answer->status, 303) << path;
            EXPECT_EQ(answer->get_header_value("Location"), "/login") << path;
            EXPECT_EQ(answer->body.find("Bob"), std::string::npos) << path;
        }
        for (const auto& path : kApis) {
            auto answer = get(path, cookie);
            ASSERT_TRUE(answer) << path;
            EXPECT_EQ(answer->status, 401) << path;
        }
        for (const auto& path : kPosts) {
            auto answer = post(path, cookie, {{"csrf", std::string(64, 'a')}, {"number", "+15551234567"}, {"jid", "x@y.z"}});
            ASSERT_TRUE(answer) << path;
            EXPECT_EQ(answer->status, 401) << path;
        }
    }
    EXPECT_TRUE(backend_.calls().empty());
    EXPECT_TRUE(audit().empty());
    // The way in stays open.
    for (const char* path : {"/login", "/static/app.js", "/static/style.css"}) {
        auto answer = get(path);
        ASSERT_TRUE(answer);
        EXPECT_EQ(answer->status, 200) << path;
    }
}

TEST_F(AdminWebTest, PostsWithoutTheSessionsCsrfTokenAreRefusedAndChangeNothing) {
    start();
    backend_.setConferences({liveConference(1, "Bob")});
    Browser browser = login();
    Browser other = login();  // another session's token must not work either
    ASSERT_NE(browser.csrf, other.csrf);
    const auto audit_before = audit().size();
    for (const auto& path : kPosts) {
        for (const auto& token : {std::string(), std::string(64, '0'), other.csrf, browser.csrf.substr(1)}) {
            httplib::Params form{{"number", "+15551234567"}, {"jid", "mallory@example.com"}, {"name", "M"},
                                 {"max_dials_per_minute", "1"}};
            if (!token.empty()) form.emplace("csrf", token);
            auto answer = post(path, browser.cookieHeader(), form);
            ASSERT_TRUE(answer) << path;
            EXPECT_EQ(answer->status, 403) << path << " token '" << token << "'";
            auto as_header = post(path, browser.cookieHeader(), {{"number", "+15551234567"}},
                                  {{"X-CSRF-Token", token}, {"Accept", "application/json"}});
            ASSERT_TRUE(as_header) << path;
            EXPECT_EQ(as_header->status, 403) << path;
        }
    }
    EXPECT_TRUE(backend_.calls().empty());
    EXPECT_EQ(audit().size(), audit_before);
    store::Database db = openDatabase();
    EXPECT_EQ(store::Directory(db).size(), 0u);
    // Still logged in (logout was refused too), and the right token works.
    auto answer = post("/conferences/1/legs/2/mute", browser.cookieHeader(), {{"csrf", browser.csrf}});
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 303);
    EXPECT_EQ(backend_.calls(), (std::vector<std::string>{"mute 1/2 by alice"}));
}

TEST_F(AdminWebTest, TheLoginFormNeedsItsOwnToken) {
    start();
    auto answer = post("/login", "", {{"username", kAdmin}, {"password", kPassword}});
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 403);
    EXPECT_TRUE(setCookieValue(*answer, "confab_session").empty());
    const std::string token(64, 'b');
    answer = post("/login", "confab_login_csrf=" + token,
                  {{"username", kAdmin}, {"password", kPassword}, {"csrf", std::string(64, 'c')}});
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 403);
    EXPECT_TRUE(setCookieValue(*answer, "confab_session").empty());
}

TEST_F(AdminWebTest, RepeatedFailuresLockTheUserOutAndSaySo) {
    start([](WebServerOptions& options) {
        options.max_failures_per_user = 3;
        options.lockout = 3s;
    });
    for (int i = 0; i < 3; ++i) {
        auto answer = tryLogin(kAdmin, "wrong password " + std::to_string(i));
        ASSERT_TRUE(answer);
        EXPECT_EQ(answer->status, 401);
        EXPECT_TRUE(setCookieValue(*answer, "confab_session").empty());
    }
    EXPECT_TRUE(logContains("admin login failed for user 'alice' from 127.0.0.1: wrong user name or password"));
    // Locked: even the right password is refused, with a clear message.
    auto locked = tryLogin(kAdmin, kPassword);
    ASSERT_TRUE(locked);
    EXPECT_EQ(locked->status, 429);
    EXPECT_NE(locked->body.find("locked"), std::string::npos) << locked->body;
    EXPECT_FALSE(locked->get_header_value("Retry-After").empty());
    EXPECT_TRUE(setCookieValue(*locked, "confab_session").empty());
    EXPECT_TRUE(logContains("admin login failed for user 'alice' from 127.0.0.1: locked out"));
    // The audit log has every attempt.
    int failed = 0;
    for (const auto& row : audit()) {
        if (row.action == "login" && !row.allowed && row.actor_jid == "admin:alice") ++failed;
    }
    EXPECT_EQ(failed, 4);
    // After the lockout the right password works again.
    ASSERT_TRUE(harness::waitUntil(
        [&] {
            auto answer = tryLogin(kAdmin, kPassword);
            return answer && answer->status == 303;
        },
        10s, 500ms));
}

TEST_F(AdminWebTest, AnAddressTryingManyNamesIsLockedOut) {
    start([](WebServerOptions& options) { options.max_failures_per_ip = 4; });
    for (const char* name : {"root", "admin", "bob", "carol"}) {
        auto answer = tryLogin(name, "guess");
        ASSERT_TRUE(answer);
        EXPECT_EQ(answer->status, 401) << name;
    }
    auto locked = tryLogin(kAdmin, kPassword);
    ASSERT_TRUE(locked);
    EXPECT_EQ(locked->status, 429);
    EXPECT_TRUE(logContains("admin login failed for user 'root' from 127.0.0.1: wrong user name or password"));
    EXPECT_TRUE(logContains("from this address"));
}

TEST_F(AdminWebTest, LoginLogLinesCannotBeForgedThroughTheUserName) {
    start();
    auto answer = tryLogin("x' from 6.6.6.6: y\nadmin login failed for user 'z", "guess");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 401);
    for (const auto& line : logLines()) {
        EXPECT_EQ(line.find("'x' from 6.6.6.6"), std::string::npos) << line;
        EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    }
    EXPECT_TRUE(logContains("from 127.0.0.1: wrong user name or password"));
}

TEST_F(AdminWebTest, XssInDirectoryNamesComesBackEscaped) {
    start();
    Browser browser = login();
    const std::string evil = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";
    auto saved = post("/directory", browser.cookieHeader(),
                      {{"csrf", browser.csrf}, {"jid", "evil@example.com"}, {"name", evil}, {"work", "+15551234567"}});
    ASSERT_TRUE(saved);
    ASSERT_EQ(saved->status, 303);
    auto page = get("/directory", browser.cookieHeader());
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("evil@example.com"), std::string::npos);
    EXPECT_EQ(page->body.find("<script>alert"), std::string::npos);
    EXPECT_EQ(page->body.find("<img src=x"), std::string::npos);
    EXPECT_NE(page->body.find("&lt;script&gt;alert("), std::string::npos);
    EXPECT_NE(page->body.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);

    // The same through a live conference's leg name, on the page and in JSON.
    backend_.setConferences({liveConference(4, evil)});
    auto conference = get("/conferences/4", browser.cookieHeader());
    ASSERT_TRUE(conference);
    EXPECT_EQ(conference->status, 200);
    EXPECT_EQ(conference->body.find("<script>alert"), std::string::npos);
    EXPECT_NE(conference->body.find("&lt;script&gt;"), std::string::npos);
    auto json = get("/api/conferences", browser.cookieHeader());
    ASSERT_TRUE(json);
    EXPECT_EQ(json->get_header_value("Content-Type").rfind("application/json", 0), 0u);
}

TEST_F(AdminWebTest, SqlMetacharactersInHistorySearchAreHarmless) {
    {
        store::Database db = openDatabase();
        store::ConferenceLog log(db);
        const auto conference = log.conferenceStarted("owner@example.com", "", 1'714'550'000'000);
        log.legCreated(conference, "owner@example.com", "+15551230001", "Bob", 1'714'550'001'000);
        log.legCreated(conference, "owner@example.com", "+15551230002", "Carol", 1'714'550'002'000);
    }
    start();
    Browser browser = login();
    auto rows = [&](const std::string& query) {
        auto answer = get("/history.csv?" + query, browser.cookieHeader());
        EXPECT_TRUE(answer) << query;
        if (!answer) return -1;
        EXPECT_EQ(answer->status, 200) << query << answer->body;
        int lines = 0;
        for (char c : answer->body) lines += c == '\n';
        return lines - 1;  // minus the header
    };
    ASSERT_EQ(rows(""), 2);
    for (const std::string text : {"' OR 1=1 --", "\" OR \"\"=\"", "%", "_", "%25", "'; DROP TABLE legs; --",
                                   "\\", "Bob' --", "*"}) {
        const std::string encoded = httplib::detail::encode_query_param(text);
        EXPECT_EQ(rows("user=" + encoded), 0) << text;
        EXPECT_EQ(rows("number=" + encoded), 0) << text;
        auto page = get("/history?user=" + encoded, browser.cookieHeader());
        ASSERT_TRUE(page);
        EXPECT_EQ(page->status, 200) << text;
    }
    EXPECT_EQ(rows("user=bob"), 1);
    EXPECT_EQ(rows("number=%2B1555123000"), 2);
    EXPECT_EQ(rows(""), 2);  // nothing was dropped
}

TEST_F(AdminWebTest, OversizedBodiesAreRefusedWith413) {
    start([](WebServerOptions& options) { options.max_body_bytes = 16 * 1024; });
    Browser browser = login();
    const std::string big(64 * 1024, 'a');
    httplib::Headers headers{{"Cookie", browser.cookieHeader()}, {"X-CSRF-Token", browser.csrf}};

    auto with_length = client()->Post("/directory", headers, "jid=big%40example.com&name=" + big,
                                      "application/x-www-form-urlencoded");
    ASSERT_TRUE(with_length);
    EXPECT_EQ(with_length->status, 413);

    std::size_t sent = 0;
    auto chunked = client()->Post(
        "/directory", headers,
        [&](std::size_t, httplib::DataSink& sink) {
            if (sent >= big.size()) {
                sink.done();
                return true;
            }
            const std::string piece = sent == 0 ? "jid=big%40example.com&name=" : big.substr(sent, 4096);
            sent += sent == 0 ? 1 : piece.size();
            return sink.write(piece.data(), piece.size());
        },
        "application/x-www-form-urlencoded");
    ASSERT_TRUE(chunked);
    EXPECT_EQ(chunked->status, 413);

    httplib::MultipartFormDataItems upload{{"csrf", browser.csrf, "", ""},
                                           {"csv", "jid,display_name,work,mobile,preferred\n" + big, "big.csv", "text/csv"}};
    auto multipart = client()->Post("/directory/import", headers, upload);
    ASSERT_TRUE(multipart);
    EXPECT_EQ(multipart->status, 413);

    store::Database db = openDatabase();
    EXPECT_EQ(store::Directory(db).size(), 0u);
    // A body under the limit is fine.
    auto small = post("/directory", browser.cookieHeader(),
                      {{"csrf", browser.csrf}, {"jid", "small@example.com"}, {"name", "Small"}});
    ASSERT_TRUE(small);
    EXPECT_EQ(small->status, 303);
}

TEST_F(AdminWebTest, SecurityHeadersOnEveryAnswer) {
    start();
    Browser browser = login();
    for (const std::string path : {"/login", "/", "/no/such/page", "/api/conferences", "/static/app.js"}) {
        auto answer = get(path, path == "/api/conferences" ? "" : browser.cookieHeader());
        ASSERT_TRUE(answer) << path;
        const std::string csp = answer->get_header_value("Content-Security-Policy");
        EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << path;
        EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path;
        EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
        EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
        EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << path;
        EXPECT_EQ(answer->get_header_value("X-Frame-Options"), "DENY") << path;
        EXPECT_EQ(answer->get_header_value("X-Content-Type-Options"), "nosniff") << path;
        EXPECT_EQ(answer->get_header_value("Referrer-Policy"), "no-referrer") << path;
        EXPECT_EQ(answer->get_header_value("Strict-Transport-Security"), "max-age=31536000") << path;
    }
}

TEST_F(AdminWebTest, SessionCookieIsSecureHttpOnlyAndStrict) {
    start();
    auto answer = tryLogin(kAdmin, kPassword);
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 303);
    const std::string line = setCookieLine(*answer, "confab_session");
    ASSERT_FALSE(line.empty());
    EXPECT_NE(line.find("; Secure"), std::string::npos) << line;
    EXPECT_NE(line.find("; HttpOnly"), std::string::npos) << line;
    EXPECT_NE(line.find("; SameSite=Strict"), std::string::npos) << line;
    EXPECT_NE(line.find("; Path=/"), std::string::npos) << line;
    auto form = get("/login");
    ASSERT_TRUE(form);
    const std::string login_cookie = setCookieLine(*form, "confab_login_csrf");
    EXPECT_NE(login_cookie.find("; Secure"), std::string::npos) << login_cookie;
    EXPECT_NE(login_cookie.find("; HttpOnly"), std::string::npos) << login_cookie;
    EXPECT_NE(login_cookie.find("; SameSite=Strict"), std::string::npos) << login_cookie;
}

TEST_F(AdminWebTest, IdleSessionsEndAndLogoutEndsTheSession) {
    start([](WebServerOptions& options) { options.session_idle = 2s; });
    Browser browser = login();
    // Requests keep it alive...
    for (int i = 0; i < 3; ++i) {
        std::this_thread::sleep_for(1s);
        auto answer = get("/", browser.cookieHeader());
        ASSERT_TRUE(answer);
        ASSERT_EQ(answer->status, 200) << "request " << i;
    }
    // ...and it ends once nothing comes for longer than session_idle (each
    // check is itself a request, so they are spaced further apart).
    EXPECT_TRUE(harness::waitUntil(
        [&] {
            auto answer = get("/", browser.cookieHeader());
            return answer && answer->status == 303;
        },
        15s, 3s));

    Browser again = login();
    auto logout = post("/logout", again.cookieHeader(), {{"csrf", again.csrf}});
    ASSERT_TRUE(logout);
    EXPECT_EQ(logout->status, 303);
    EXPECT_EQ(logout->get_header_value("Location"), "/login");
    EXPECT_NE(setCookieLine(*logout, "confab_session").find("Max-Age=0"), std::string::npos);
    auto after = get("/", again.cookieHeader());
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 303);
}

TEST_F(AdminWebTest, PlainHttpOnlyOnLoopback) {
    WebServerOptions options = defaultOptions();
    options.plain_http = true;
    options.host = "0.0.0.0";
    try {
        WebServer refused(options, backend_, changes_);
        FAIL() << "plain HTTP on 0.0.0.0 was accepted";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("loopback"), std::string::npos) << error.what();
    }
    options.host = "192.0.2.1";
    EXPECT_THROW(WebServer(options, backend_, changes_), std::runtime_error);

    options.host = "127.0.0.1";
    WebServer plain(options, backend_, changes_);
    plain.start();
    EXPECT_FALSE(plain.usesTls());
    EXPECT_EQ(plain.certificateFingerprint(), "");
    httplib::Client http("127.0.0.1", plain.port());
    auto answer = http.Get("/login");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200);
    EXPECT_FALSE(answer->has_header("Strict-Transport-Security"));
    EXPECT_FALSE(answer->get_header_value("Content-Security-Policy").empty());
    plain.stop();
}

TEST_F(AdminWebTest, ConfigurationMistakesAreRefusedAtConstruction) {
    WebServerOptions options = defaultOptions();
    options.cert_file = folder_.path() / "only-a-cert.pem";
    EXPECT_THROW(WebServer(options, backend_, changes_), std::runtime_error);
    options.key_file = folder_.path() / "missing-key.pem";
    EXPECT_THROW(WebServer(options, backend_, changes_), std::runtime_error);
}

TEST_F(AdminWebTest, TheServedCertificateIsTheLoggedOne) {
    start();
    EXPECT_TRUE(server_->usesTls());
    const std::string fingerprint = server_->certificateFingerprint();
    EXPECT_EQ(fingerprint.size(), 95u);
    EXPECT_TRUE(logContains("admin web page: " + server_->baseUrl() + "/ (certificate SHA-256 " + fingerprint + ")"));
    // A client that trusts only the generated certificate connects (client()
    // verifies); one that trusts nothing does not.
    httplib::SSLClient untrusting("127.0.0.1", server_->port());
    untrusting.set_ca_cert_path((folder_.path() / "no-such-ca.pem").c_str());
    untrusting.enable_server_certificate_verification(true);
    EXPECT_FALSE(untrusting.Get("/login"));
    auto trusted = get("/login");
    ASSERT_TRUE(trusted);
    EXPECT_EQ(trusted->status, 200);
}

TEST_F(AdminWebTest, MetricsNeedASessionOrTheBearerToken) {
    start([](WebServerOptions& options) { options.metrics_token = "s3cret-token"; });
    MetricsView metrics;
    metrics.live_conferences = 3;
    metrics.dials_by_result = {{"busy", 2}};
    backend_.setMetrics(metrics);
    auto anonymous = get("/metrics");
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(anonymous->status, 401);
    for (const char* wrong : {"Bearer s3cret-toke", "Bearer s3cret-token2", "s3cret-token", "Basic s3cret-token"}) {
        auto answer = get("/metrics", "", {{"Authorization", wrong}});
        ASSERT_TRUE(answer);
        EXPECT_EQ(answer->status, 401) << wrong;
    }
    auto with_token = get("/metrics", "", {{"Authorization", "Bearer s3cret-token"}});
    ASSERT_TRUE(with_token);
    EXPECT_EQ(with_token->status, 200);
    EXPECT_EQ(with_token->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(with_token->body.find("\nconfab_live_conferences 3\n"), std::string::npos) << with_token->body;
    EXPECT_NE(with_token->body.find("confab_dials_total{result=\"busy\"} 2\n"), std::string::npos);
    EXPECT_NE(with_token->body.find("confab_uptime_seconds 77\n"), std::string::npos);
    Browser browser = login();
    auto with_session = get("/metrics", browser.cookieHeader());
    ASSERT_TRUE(with_session);
    EXPECT_EQ(with_session->status, 200);
}

TEST_F(AdminWebTest, OnlyGetAndPostAndOnlyKnownPaths) {
    start();
    Browser browser = login();
    auto cli = client();
    httplib::Headers headers{{"Cookie", browser.cookieHeader()}};
    auto put = cli->Put("/directory", headers, "x=1", "application/x-www-form-urlencoded");
    ASSERT_TRUE(put);
    EXPECT_EQ(put->status, 405);
    auto del = client()->Delete("/directory", headers);
    ASSERT_TRUE(del);
    EXPECT_EQ(del->status, 405);
    auto options = client()->Options("/", headers);
    ASSERT_TRUE(options);
    EXPECT_EQ(options->status, 405);
    for (const char* path : {"/nothing", "/conferences/abc", "/conferences/-1", "/conferences/0",
                             "/conferences/99999999999999999999", "/conferences/1x", "/history/1.5", "/api/other"}) {
        auto answer = get(path, browser.cookieHeader());
        ASSERT_TRUE(answer) << path;
        EXPECT_EQ(answer->status, 404) << path;
        EXPECT_EQ(answer->get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
    }
    auto bad_participant = post("/conferences/1/legs/99999999999/mute", browser.cookieHeader(), {{"csrf", browser.csrf}});
    ASSERT_TRUE(bad_participant);
    EXPECT_EQ(bad_participant->status, 404);
    EXPECT_TRUE(backend_.calls().empty());
}

}  // namespace
}  // namespace confab::web::testing
