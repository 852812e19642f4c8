// WebhookService: the filter, one sequence for every URL, the same signed
// body to each, unknown kinds counted and skipped, close() prompt.
#include <gtest/gtest.h>

#include <filesystem>
#include <cstring>
#include <fstream>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "confab/webhook/webhook_service.h"
#include "scripted_transport.h"

namespace confab::webhook {
namespace {

using namespace std::chrono_literals;
using test::LogLines;
using test::Script;
using test::ScriptedTransport;

WebhookSettings twoUrls() {
    WebhookSettings settings;
    std::string error;
    settings.urls.push_back(*parseHttpsUrl("https://a.test/hook", &error));
    settings.urls.push_back(*parseHttpsUrl("https://b.test/hook", &error));
    settings.secret = "0123456789abcdef";
    return settings;
}

confab_event event(confab_event_kind kind) {
    confab_event e{};
    e.struct_size = sizeof e;
    e.kind = kind;
    e.conference = 3;
    e.unix_ms = 1714564803000;
    e.owner = "alice@example.com";
    e.room = "";
    e.number = "+15551230001";
    e.name = "+15551230001";
    e.display = "+15551230001";
    e.reason = "";
    e.leg_state = CONFAB_LEG_DIALING;
    e.digit = '1';
    return e;
}

confab_event unknownEvent(unsigned kind) {
    confab_event e = event(CONFAB_EVENT_DTMF);
    std::underlying_type_t<confab_event_kind> raw = kind;
    std::memcpy(&e.kind, &raw, sizeof raw);
    return e;
}

struct Fixture {
    std::vector<std::shared_ptr<Script>> scripts;
    LogLines log;
    std::unique_ptr<WebhookService> service;
    explicit Fixture(WebhookSettings settings) {
        service = std::make_unique<WebhookService>(
            std::move(settings), log.fn(), [this](const WebhookUrl&, const WebhookSettings&) {
                scripts.push_back(std::make_shared<Script>());
                return std::make_unique<ScriptedTransport>(scripts.back());
            });
    }
};

TEST(WebhookService, SendsFilteredEventsWithOneSequenceToEveryUrl) {
    Fixture f(twoUrls());
    ASSERT_EQ(f.scripts.size(), 2u);
    f.service->onEvent(event(CONFAB_EVENT_CONFERENCE_STARTED));
    f.service->onEvent(event(CONFAB_EVENT_TALKER));  // not sent by default
    f.service->onEvent(event(CONFAB_EVENT_LEG_STATE));
    f.service->onEvent(event(CONFAB_EVENT_DTMF));
    f.service->onEvent(event(CONFAB_EVENT_CONFERENCE_ENDED));
    EXPECT_EQ(f.service->lastSequence(), 4u);
    for (const auto& script : f.scripts) ASSERT_TRUE(script->waitForCalls(4, 5s));
    const auto a = f.scripts[0]->snapshot();
    const auto b = f.scripts[1]->snapshot();
    const char* expected[] = {"conference.started", "leg.state", "dtmf", "conference.ended"};
    for (std::size_t i = 0; i < 4; ++i) {
        const auto json = nlohmann::json::parse(a[i].body);
        EXPECT_EQ(json["event"], expected[i]);
        EXPECT_EQ(json["sequence"], i + 1);
        EXPECT_EQ(a[i].body, b[i].body);
        EXPECT_EQ(a[i].header("X-Confab-Delivery"), b[i].header("X-Confab-Delivery"));
    }
    f.service->close();
    EXPECT_EQ(f.service->stats()[0].delivered, 4u);
}

TEST(WebhookService, TalkerWhenAskedForAndUnknownKindsIgnored) {
    WebhookSettings settings = twoUrls();
    settings.urls.pop_back();
    std::string error;
    settings.events = *parseEventFilter({"talker"}, &error);
    Fixture f(std::move(settings));
    f.service->onEvent(event(CONFAB_EVENT_LEG_STATE));
    auto talker = event(CONFAB_EVENT_TALKER);
    talker.talking = 1;
    f.service->onEvent(talker);
    EXPECT_EQ(f.service->lastSequence(), 1u);

    WebhookSettings all = twoUrls();
    all.events.bits = ~0u;
    Fixture g(std::move(all));
    g.service->onEvent(unknownEvent(17));
    g.service->onEvent(unknownEvent(18));
    EXPECT_EQ(g.service->ignoredEvents(), 2u);
    EXPECT_EQ(g.service->lastSequence(), 0u);
    EXPECT_EQ(g.log.countContaining("unknown kind"), 1u) << "logged once: " << g.log.all();
}

TEST(WebhookService, CloseIsPromptWithStuckReceiversAndEventsAfterItAreIgnored) {
    Fixture f(twoUrls());
    for (auto& script : f.scripts) script->block = true;
    f.service->onEvent(event(CONFAB_EVENT_CONFERENCE_STARTED));
    for (auto& script : f.scripts) ASSERT_TRUE(script->waitForCalls(1, 5s));
    const auto start = std::chrono::steady_clock::now();
    f.service->close();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
    f.service->onEvent(event(CONFAB_EVENT_CONFERENCE_ENDED));
    EXPECT_EQ(f.service->lastSequence(), 1u);
    f.service->close();  // idempotent
}

}  // namespace
}  // namespace confab::webhook
