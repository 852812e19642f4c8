// [plugins.webhook] checks: https only, a real secret, known events, ranges.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "confab/webhook/webhook_settings.h"
#include "confab/plugin.h"

namespace confab::webhook {
namespace {

class WebhookSettingsTest : public ::testing::Test {
protected:
    void SetUp() override {
        folder_ = std::filesystem::temp_directory_path() /
                  ("confab-webhook-settings-" + std::to_string(::getpid()) + "-" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(folder_);
    }
    void TearDown() override { std::filesystem::remove_all(folder_); }

    std::string writeFile(const std::string& name, const std::string& content) {
        const auto path = folder_ / name;
        std::ofstream(path) << content;
        return path.string();
    }

    RawWebhookConfig valid() {
        RawWebhookConfig raw;
        raw.urls = std::vector<std::string>{"https://crm.example.com/hook"};
        raw.secret_file = writeFile("secret", "  0123456789abcdef0123\n");
        return raw;
    }

    std::filesystem::path folder_;
};

TEST_F(WebhookSettingsTest, DefaultsAreDocumented) {
    std::string error;
    const auto settings = parseWebhookSettings(valid(), &error);
    ASSERT_TRUE(settings) << error;
    EXPECT_EQ(settings->secret, "0123456789abcdef0123") << "trimmed";
    EXPECT_EQ(settings->timeout, std::chrono::milliseconds(5000));
    EXPECT_EQ(settings->retry.max_attempts, 5);
    EXPECT_EQ(settings->retry.initial, std::chrono::milliseconds(500));
    EXPECT_EQ(settings->retry.max, std::chrono::milliseconds(30000));
    EXPECT_EQ(settings->queue_limit, 1000u);
    EXPECT_TRUE(settings->ca_file.empty());
    EXPECT_TRUE(settings->events.accepts(CONFAB_EVENT_CONFERENCE_STARTED));
    EXPECT_TRUE(settings->events.accepts(CONFAB_EVENT_CONFERENCE_ENDED));
    EXPECT_TRUE(settings->events.accepts(CONFAB_EVENT_LEG_STATE));
    EXPECT_TRUE(settings->events.accepts(CONFAB_EVENT_DTMF));
    EXPECT_FALSE(settings->events.accepts(CONFAB_EVENT_TALKER)) << "talker is opt-in";
    EXPECT_FALSE(settings->events.accepts(99));
    ASSERT_EQ(settings->urls.size(), 1u);
    EXPECT_EQ(settings->urls[0].host, "crm.example.com");
    EXPECT_EQ(settings->urls[0].port, 443);
    EXPECT_EQ(settings->urls[0].path, "/hook");
}

TEST_F(WebhookSettingsTest, RefusesPlainHttpAndOtherSchemes) {
    for (const char* url : {"http://crm.example.com/hook", "HTTP://crm.example.com/",
                            "ftp://crm.example.com/", "crm.example.com/hook", "https://",
                            "https://:443/", "https://host:0/", "https://host:70000/",
                            "https://host:12a/", "https://user:pw@host/", "https://host/a b",
                            "https://[::1/"}) {
        RawWebhookConfig raw = valid();
        raw.urls = std::vector<std::string>{"https://ok.example.com/", url};
        std::string error;
        EXPECT_FALSE(parseWebhookSettings(raw, &error)) << url;
        EXPECT_NE(error.find(url), std::string::npos) << "names the URL: " << error;
    }
    std::string error;
    parseHttpsUrl("http://crm.example.com/hook", &error);
    EXPECT_NE(error.find("plain http"), std::string::npos) << error;
    EXPECT_NE(error.find("https"), std::string::npos) << error;
}

TEST_F(WebhookSettingsTest, ParsesPortsPathsAndIpv6) {
    std::string error;
    auto url = parseHttpsUrl("https://127.0.0.1:8443/hook?team=sales#frag", &error);
    ASSERT_TRUE(url) << error;
    EXPECT_EQ(url->host, "127.0.0.1");
    EXPECT_EQ(url->port, 8443);
    EXPECT_EQ(url->path, "/hook?team=sales");
    url = parseHttpsUrl("HTTPS://example.com", &error);
    ASSERT_TRUE(url) << error;
    EXPECT_EQ(url->path, "/");
    url = parseHttpsUrl("https://[::1]:9000/x", &error);
    ASSERT_TRUE(url) << error;
    EXPECT_EQ(url->host, "::1");
    EXPECT_EQ(url->port, 9000);
}

TEST_F(WebhookSettingsTest, RequiresUrlsAndASecretOfSixteenBytes) {
    std::string error;
    RawWebhookConfig raw = valid();
    raw.urls.reset();
    EXPECT_FALSE(parseWebhookSettings(raw, &error));
    EXPECT_NE(error.find("urls"), std::string::npos) << error;

    raw = valid();
    raw.secret_file.reset();
    EXPECT_FALSE(parseWebhookSettings(raw, &error));
    EXPECT_NE(error.find("secret_file"), std::string::npos) << error;

    raw = valid();
    raw.secret_file = writeFile("short", "  fifteen-bytes!  \n");  // 15 after trimming
    EXPECT_FALSE(parseWebhookSettings(raw, &error));
    EXPECT_NE(error.find("at least 16"), std::string::npos) << error;
    EXPECT_EQ(error.find("fifteen"), std::string::npos) << "never logs the secret: " << error;

    raw.secret_file = writeFile("exact", "sixteen-bytes-ok\n");
    EXPECT_TRUE(parseWebhookSettings(raw, &error)) << error;

    raw.secret_file = (folder_ / "missing").string();
    EXPECT_FALSE(parseWebhookSettings(raw, &error));
    EXPECT_NE(error.find("cannot be read"), std::string::npos) << error;
}

TEST_F(WebhookSettingsTest, ChecksCaFileEventsAndRanges) {
    std::string error;
    RawWebhookConfig raw = valid();
    raw.ca_file = (folder_ / "nope.pem").string();
    EXPECT_FALSE(parseWebhookSettings(raw, &error));
    EXPECT_NE(error.find("ca_file"), std::string::npos) << error;

    raw = valid();
    raw.events = std::vector<std::string>{"leg.state", "talker"};
    auto settings = parseWebhookSettings(raw, &error);
    ASSERT_TRUE(settings) << error;
    EXPECT_TRUE(settings->events.accepts(CONFAB_EVENT_TALKER));
    EXPECT_FALSE(settings->events.accepts(CONFAB_EVENT_CONFERENCE_STARTED));

    raw.events = std::vector<std::string>{"leg.changed"};
    EXPECT_FALSE(parseWebhookSettings(raw, &error));
    EXPECT_NE(error.find("leg.changed"), std::string::npos) << error;
    raw.events = std::vector<std::string>{};
    EXPECT_FALSE(parseWebhookSettings(raw, &error));

    raw = valid();
    raw.queue_limit = 0;
    EXPECT_FALSE(parseWebhookSettings(raw, &error));
    EXPECT_NE(error.find("queue_limit"), std::string::npos) << error;
    raw = valid();
    raw.timeout_ms = 10;
    EXPECT_FALSE(parseWebhookSettings(raw, &error));
    raw = valid();
    raw.max_attempts = 0;
    EXPECT_FALSE(parseWebhookSettings(raw, &error));
    raw = valid();
    raw.retry_initial_ms = 1000;
    raw.retry_max_ms = 100;
    EXPECT_FALSE(parseWebhookSettings(raw, &error));

    raw = valid();
    raw.timeout_ms = 250;
    raw.max_attempts = 2;
    raw.queue_limit = 7;
    raw.retry_initial_ms = 20;
    raw.retry_max_ms = 40;
    settings = parseWebhookSettings(raw, &error);
    ASSERT_TRUE(settings) << error;
    EXPECT_EQ(settings->timeout, std::chrono::milliseconds(250));
    EXPECT_EQ(settings->retry.max_attempts, 2);
    EXPECT_EQ(settings->queue_limit, 7u);
    EXPECT_EQ(settings->retry.delayBefore(4), std::chrono::milliseconds(40));
}

}  // namespace
}  // namespace confab::webhook
