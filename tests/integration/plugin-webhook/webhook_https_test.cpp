// The webhook core over real HTTPS: HttpsReceiver (its own test CA) gets
// signed JSON; certificates and host names are really checked; 5xx and
// timeouts are retried, 4xx not; a dead receiver never delays onEvent() and
// close() cuts a stalled TLS handshake short.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <mutex>
#include <set>

#include <nlohmann/json.hpp>

#include "confab/harness/https_receiver.h"
#include "confab/harness/process.h"
#include "confab/harness/temporary_folder.h"
#include "confab/webhook/webhook_service.h"
#include "webhook_verifier.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using webhook::WebhookService;
using webhook::WebhookSettings;

// A peer that resets mid-write must be an error, not a dead test (the bridge does the same).
const bool kIgnoreSigpipe = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
}();

const std::string kSecret = "integration-secret-0123456789";

struct Log {
    std::mutex mutex;
    std::vector<std::string> lines;
    webhook::LogFn fn() {
        return [this](confab_log_level, const std::string& line) {
            std::lock_guard lock(mutex);
            lines.push_back(line);
        };
    }
    bool contains(const std::string& text) {
        std::lock_guard lock(mutex);
        for (const auto& line : lines) {
            if (line.find(text) != std::string::npos) return true;
        }
        return false;
    }
    std::string all() {
        std::lock_guard lock(mutex);
        std::string text;
        for (const auto& line : lines) text += line + "\n";
        return text;
    }
};

confab_event legEvent(confab_leg_state state) {
    confab_event e{};
    e.struct_size = sizeof e;
    e.kind = CONFAB_EVENT_LEG_STATE;
    e.conference = 4;
    e.unix_ms = 1714564803000;
    e.owner = "alice@localhost";
    e.room = "";
    e.participant = 1;
    e.number = "+15551230001";
    e.name = "+15551230001";
    e.display = "+15551230001";
    e.leg_state = state;
    e.reason = "";
    return e;
}

class WebhookHttpsTest : public ::testing::Test {
protected:
    WebhookSettings settings(const std::string& url, const std::string& ca_file) {
        std::ofstream(folder_.path() / "secret") << kSecret << "\n";
        webhook::RawWebhookConfig raw;
        raw.urls = std::vector<std::string>{url};
        raw.secret_file = (folder_.path() / "secret").string();
        if (!ca_file.empty()) raw.ca_file = ca_file;
        raw.timeout_ms = 2000;
        raw.retry_initial_ms = 50;
        raw.retry_max_ms = 200;
        std::string error;
        auto parsed = webhook::parseWebhookSettings(raw, &error);
        EXPECT_TRUE(parsed) << error;
        return parsed ? *parsed : WebhookSettings{};
    }

    harness::TemporaryFolder folder_{"confab-webhook-https"};
    Log log_;
};

TEST_F(WebhookHttpsTest, DeliversSignedJsonInOrderOverVerifiedTls) {
    harness::HttpsReceiver receiver;
    WebhookService service(settings(receiver.url("/hook?team=sales"), receiver.caFile()),
                           log_.fn());
    for (auto state : {CONFAB_LEG_DIALING, CONFAB_LEG_ALERTING, CONFAB_LEG_CONNECTED}) {
        service.onEvent(legEvent(state));
    }
    ASSERT_TRUE(receiver.waitForRequests(3, 10s)) << log_.all();
    const auto requests = receiver.requests();
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    std::set<std::string> ids;
    const char* states[] = {"dialing", "alerting", "connected"};
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& request = requests[i];
        EXPECT_EQ(request.method, "POST");
        EXPECT_EQ(request.path, "/hook");
        EXPECT_EQ(request.header("content-type"), "application/json");
        EXPECT_TRUE(signatureValid(request, kSecret)) << request.header("x-confab-signature");
        EXPECT_FALSE(signatureValid(request, kSecret + "x"));
        EXPECT_LE(std::llabs(std::stoll(request.header("x-confab-timestamp")) - now), 60);
        ids.insert(request.header("x-confab-delivery"));
        const auto json = nlohmann::json::parse(request.body);
        EXPECT_EQ(json["sequence"], i + 1);
        EXPECT_EQ(json["state"], states[i]);
    }
    EXPECT_EQ(ids.size(), 3u);
    // The receiver records a request before its answer reaches the worker.
    EXPECT_TRUE(harness::waitUntil([&] { return service.stats()[0].delivered == 3; }, 5s));
    service.close();
}

TEST_F(WebhookHttpsTest, AnUntrustedCertificateIsRefused) {
    harness::HttpsReceiver receiver;
    auto config = settings(receiver.url(), "");  // system CAs: the test CA is not among them
    config.retry.max_attempts = 1;
    WebhookService service(std::move(config), log_.fn());
    service.onEvent(legEvent(CONFAB_LEG_DIALING));
    ASSERT_TRUE(harness::waitUntil([&] { return log_.contains("given up"); }, 10s)) << log_.all();
    EXPECT_TRUE(log_.contains("certificate not trusted")) << log_.all();
    EXPECT_EQ(receiver.requestCount(), 0u);
}

TEST_F(WebhookHttpsTest, TheHostNameIsVerified) {
    // A certificate for "localhost" only: valid chain, wrong name for 127.0.0.1.
    harness::HttpsReceiver::Options options;
    options.ip_addresses = {};
    harness::HttpsReceiver receiver(options);
    auto config = settings(receiver.url(), receiver.caFile());
    config.retry.max_attempts = 1;
    {
        WebhookService service(config, log_.fn());
        service.onEvent(legEvent(CONFAB_LEG_DIALING));
        ASSERT_TRUE(harness::waitUntil([&] { return log_.contains("given up"); }, 10s))
            << log_.all();
        EXPECT_TRUE(log_.contains("certificate does not match host 127.0.0.1")) << log_.all();
        EXPECT_EQ(receiver.requestCount(), 0u);
    }
    // The same receiver under the name its certificate has: accepted.
    auto by_name = settings("https://localhost:" + std::to_string(receiver.port()) + "/hook",
                            receiver.caFile());
    WebhookService service(by_name, log_.fn());
    service.onEvent(legEvent(CONFAB_LEG_DIALING));
    EXPECT_TRUE(receiver.waitForRequests(1, 10s)) << log_.all();
}

TEST_F(WebhookHttpsTest, ServerErrorsAreRetriedWithTheSameDeliveryId) {
    harness::HttpsReceiver receiver;
    receiver.failNext(2, 503);
    WebhookService service(settings(receiver.url(), receiver.caFile()), log_.fn());
    service.onEvent(legEvent(CONFAB_LEG_DIALING));
    ASSERT_TRUE(receiver.waitForRequests(3, 10s)) << log_.all();
    const auto requests = receiver.requests();
    EXPECT_EQ(requests[0].header("x-confab-delivery"), requests[2].header("x-confab-delivery"));
    EXPECT_GE(requests[1].received - requests[0].received, 50ms);
    EXPECT_GE(requests[2].received - requests[1].received, 100ms);
    for (const auto& request : requests) EXPECT_TRUE(signatureValid(request, kSecret));
    ASSERT_TRUE(harness::waitUntil([&] { return log_.contains("delivered at attempt 3"); }, 5s))
        << log_.all();
}

TEST_F(WebhookHttpsTest, ClientErrorsAreNotRetried) {
    harness::HttpsReceiver receiver;
    receiver.failNext(1, 401);
    WebhookService service(settings(receiver.url(), receiver.caFile()), log_.fn());
    service.onEvent(legEvent(CONFAB_LEG_DIALING));
    service.onEvent(legEvent(CONFAB_LEG_ALERTING));
    ASSERT_TRUE(receiver.waitForRequests(2, 10s)) << log_.all();
    const auto requests = receiver.requests();
    EXPECT_EQ(nlohmann::json::parse(requests[1].body)["sequence"], 2) << "#1 was not retried";
    EXPECT_TRUE(log_.contains("HTTP 401")) << log_.all();
}

TEST_F(WebhookHttpsTest, ASlowReceiverTimesOutAndIsRetried) {
    harness::HttpsReceiver receiver;
    receiver.setDelay(5s);
    auto config = settings(receiver.url(), receiver.caFile());
    config.timeout = 300ms;
    config.retry.max_attempts = 2;
    WebhookService service(std::move(config), log_.fn());
    service.onEvent(legEvent(CONFAB_LEG_DIALING));
    ASSERT_TRUE(harness::waitUntil([&] { return log_.contains("given up after 2"); }, 10s))
        << log_.all();
    EXPECT_EQ(receiver.requestCount(), 2u);
}

TEST_F(WebhookHttpsTest, ADeadReceiverNeverDelaysEventsAndCloseIsPrompt) {
    harness::SilentTcpListener silent;  // completes TCP, never answers the TLS hello
    harness::HttpsReceiver receiver;    // only for its CA file
    const int closed_port = harness::freeTcpPort();
    auto config = settings("https://127.0.0.1:" + std::to_string(silent.port()) + "/hook",
                           receiver.caFile());
    std::string error;
    config.urls.push_back(*webhook::parseHttpsUrl(
        "https://127.0.0.1:" + std::to_string(closed_port) + "/hook", &error));
    config.timeout = 5000ms;
    config.queue_limit = 50;
    WebhookService service(std::move(config), log_.fn());
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 200; ++i) service.onEvent(legEvent(CONFAB_LEG_DIALING));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 100ms);
    EXPECT_TRUE(log_.contains("queue full")) << log_.all();
    // Let the first handshake stall on the silent port, then close.
    std::this_thread::sleep_for(300ms);
    const auto close_start = std::chrono::steady_clock::now();
    service.close();
    EXPECT_LT(std::chrono::steady_clock::now() - close_start, 1s)
        << "close() must not wait for the 5 s timeout\n" << log_.all();
    const auto stats = service.stats();
    EXPECT_EQ(stats[0].delivered + stats[1].delivered, 0u);
    EXPECT_GT(stats[0].dropped, 0u);
}

}  // namespace
}  // namespace confab::test
