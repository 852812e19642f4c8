#include "admin_web_fixture.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>
#include <regex>

#include "confab/store/admin_accounts.h"

namespace confab::web::testing {

struct AdminWebTest::LogCapture : spdlog::sinks::base_sink<std::mutex> {
    std::vector<std::string> lines;  // guarded by base_sink's mutex_ while logging, by `read` otherwise
    mutable std::mutex read;

  protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
        std::lock_guard lock(read);
        lines.emplace_back(message.payload.data(), message.payload.size());
    }
    void flush_() override {}
};

namespace {

store::UnixMillis nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

void AdminWebTest::SetUp() {
    log_ = std::make_shared<LogCapture>();
    auto previous = spdlog::default_logger();
    previous_logger_ = previous;
    auto logger = std::make_shared<spdlog::logger>("admin-web-test", log_);
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(logger);

    store::Database db = openDatabase();
    store::AdminAccounts(db).add(kAdmin, kPassword, nowMillis());
    options_ = defaultOptions();
}

void AdminWebTest::TearDown() {
    if (server_) server_->stop();
    server_.reset();
    spdlog::set_default_logger(std::static_pointer_cast<spdlog::logger>(previous_logger_));
}

WebServerOptions AdminWebTest::defaultOptions() const {
    WebServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.tls_dir = folder_.path() / "tls";
    options.database = folder_.path() / "confab.sqlite";
    options.session_idle = std::chrono::seconds(600);
    options.max_body_bytes = 64 * 1024;
    return options;
}

void AdminWebTest::start(const std::function<void(WebServerOptions&)>& adjust) {
    if (adjust) adjust(options_);
    server_ = std::make_unique<WebServer>(options_, backend_, changes_);
    server_->start();
    ASSERT_GT(server_->port(), 0);
}

std::unique_ptr<httplib::SSLClient> AdminWebTest::client() const {
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", server_->port());
    client->set_ca_cert_path((options_.tls_dir / "admin-web-cert.pem").c_str());
    client->enable_server_certificate_verification(true);
    client->set_connection_timeout(std::chrono::seconds(5));
    client->set_read_timeout(std::chrono::seconds(10));
    return client;
}

httplib::Result AdminWebTest::get(const std::string& path, const std::string& cookie, httplib::Headers headers) const {
    if (!cookie.empty()) headers.emplace("Cookie", cookie);
    return client()->Get(path.c_str(), headers);
}

httplib::Result AdminWebTest::post(const std::string& path, const std::string& cookie, const httplib::Params& form,
                                   httplib::Headers headers) const {
    if (!cookie.empty()) headers.emplace("Cookie", cookie);
    return client()->Post(path.c_str(), headers, form);
}

httplib::Result AdminWebTest::tryLogin(const std::string& user, const std::string& password) const {
    auto form = get("/login");
    if (!form || form->status != 200) return form;
    const std::string token = setCookieValue(*form, "confab_login_csrf");
    return post("/login", "confab_login_csrf=" + token, {{"username", user}, {"password", password}, {"csrf", token}});
}

Browser AdminWebTest::login(const std::string& user, const std::string& password) const {
    Browser browser;
    auto answer = tryLogin(user, password);
    EXPECT_TRUE(answer);
    if (!answer) return browser;
    EXPECT_EQ(answer->status, 303) << answer->body;
    EXPECT_EQ(answer->get_header_value("Location"), "/");
    browser.session = setCookieValue(*answer, "confab_session");
    EXPECT_EQ(browser.session.size(), 64u);
    auto dashboard = get("/", browser.cookieHeader());
    EXPECT_TRUE(dashboard);
    if (dashboard) {
        EXPECT_EQ(dashboard->status, 200);
        browser.csrf = csrfFromPage(dashboard->body);
    }
    EXPECT_EQ(browser.csrf.size(), 64u);
    return browser;
}

store::Database AdminWebTest::openDatabase() const { return store::Database::open(folder_.path() / "confab.sqlite"); }

std::vector<store::AuditRecord> AdminWebTest::audit() const {
    store::Database db = openDatabase();
    return store::ConferenceLog(db).recentAudit(1000);
}

std::vector<std::string> AdminWebTest::logLines() const {
    std::lock_guard lock(log_->read);
    return log_->lines;
}

bool AdminWebTest::logContains(const std::string& text) const {
    for (const auto& line : logLines()) {
        if (line.find(text) != std::string::npos) return true;
    }
    return false;
}

std::string setCookieLine(const httplib::Response& response, const std::string& name) {
    for (std::size_t i = 0; i < response.get_header_value_count("Set-Cookie"); ++i) {
        std::string line = response.get_header_value("Set-Cookie", i);
        if (line.rfind(name + "=", 0) == 0) return line;
    }
    return {};
}

std::string setCookieValue(const httplib::Response& response, const std::string& name) {
    const std::string line = setCookieLine(response, name);
    if (line.empty()) return {};
    const auto start = name.size() + 1;
    return line.substr(start, line.find(';') - start);
}

std::string csrfFromPage(const std::string& html) {
    static const std::regex pattern(R"re(name="csrf" value="([0-9a-f]{64})")re");
    std::smatch match;
    return std::regex_search(html, match, pattern) ? match[1].str() : std::string();
}

}  // namespace confab::web::testing
