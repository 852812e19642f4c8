// AdminWebTest: a real WebServer over HTTPS on a free loopback port, with a
// RecordingBackend, a temporary database holding the admin "alice", and a
// spdlog sink that keeps log lines for the test to read. Clients verify the
// server's generated certificate for real. One thread per test, except where
// a test starts its own (event streams).
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "confab/harness/temporary_folder.h"
#include "confab/store/conference_log.h"
#include "confab/store/database.h"
#include "confab/web/web_server.h"
#include "recording_backend.h"

namespace confab::web::testing {

inline constexpr const char* kAdmin = "alice";
inline constexpr const char* kPassword = "correct horse battery staple";

// A logged-in browser: its session cookie and the session's CSRF token.
struct Browser {
    std::string session;  // "confab_session" value
    std::string csrf;
    std::string cookieHeader() const { return "confab_session=" + session; }
};

class AdminWebTest : public ::testing::Test {
  protected:
    void SetUp() override;
    void TearDown() override;

    // Starts the server; `adjust` may change the options first.
    void start(const std::function<void(WebServerOptions&)>& adjust = {});
    WebServerOptions defaultOptions() const;

    std::unique_ptr<httplib::SSLClient> client() const;
    httplib::Result get(const std::string& path, const std::string& cookie = {},
                        httplib::Headers headers = {}) const;
    httplib::Result post(const std::string& path, const std::string& cookie, const httplib::Params& form,
                         httplib::Headers headers = {}) const;
    // Logs in with the login form's double-submit token; ASSERTs success.
    Browser login(const std::string& user = kAdmin, const std::string& password = kPassword) const;
    // The login attempt's answer, for tests of refusals.
    httplib::Result tryLogin(const std::string& user, const std::string& password) const;

    // A fresh connection of the test's own on the same database file.
    store::Database openDatabase() const;
    std::vector<store::AuditRecord> audit() const;
    // Log lines (message text only) written so far.
    std::vector<std::string> logLines() const;
    bool logContains(const std::string& text) const;

    harness::TemporaryFolder folder_{"confab-admin-web"};
    RecordingBackend backend_;
    LiveChanges changes_;
    std::unique_ptr<WebServer> server_;
    WebServerOptions options_;

  private:
    struct LogCapture;
    std::shared_ptr<LogCapture> log_;
    std::shared_ptr<void> previous_logger_;
};

// The value of the cookie `name` set by a response, "" when not set.
std::string setCookieValue(const httplib::Response& response, const std::string& name);
// The whole Set-Cookie line for `name`, "" when not set.
std::string setCookieLine(const httplib::Response& response, const std::string& name);
// The first hidden "csrf" field's value in a page.
std::string csrfFromPage(const std::string& html);

}  // namespace confab::web::testing
