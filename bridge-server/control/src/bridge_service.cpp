#include "confab/bridge/bridge_service.h"

#include <csignal>

#include <spdlog/spdlog.h>

#include "confab/bridge/conference_service.h"
#include "confab/bridge/control_loop.h"
#include "confab/bridge/xmpp_component_link.h"
#include "confab/engine/conference_engine.h"
#include "confab/policy/dial_policy.h"
#include "confab/shared/phone_number.h"
#include "confab/store/database.h"

namespace confab::bridge {

namespace {

std::unique_ptr<engine::ConferenceEngine> createEngine(ControlLoop& loop, const BridgeConfig& config) {
    engine::ConferenceEngine::Options options;
    options.media.bind_address = config.sip.listen.host;
    options.max_legs_per_conference = config.policy.max_legs_per_conference;
    options.sip.ring_timeout = std::chrono::seconds(config.sip.ring_timeout_seconds);
    auto created = engine::ConferenceEngine::create(loop, config.sip, options);
    if (!created) throw std::runtime_error("cannot start the SIP and media engine: " + created.error());
    return std::move(created).value();
}

}  // namespace

struct BridgeService::Impl {
    BridgeConfig config;
    ControlLoop loop;
    XmppComponentLink xmpp;
    store::Database database;
    policy::DialPolicy policy;
    std::unique_ptr<engine::ConferenceEngine> engine;
    std::unique_ptr<ConferenceService> conferences;

    explicit Impl(BridgeConfig c)
        : config(std::move(c)),
          xmpp(loop, ComponentSettings{config.xmpp.component, config.xmpp.host, config.xmpp.port,
                                       config.xmpp.secret}),
          database(store::Database::open(config.db.path)),
          policy(config.policy, config.sip.default_region, config.xmpp.domain) {
        // Before any thread starts (the media engine's): threads inherit the
        // signal mask, so SIGINT/SIGTERM reach only the control loop's
        // signalfd. gloox and Sofia write to sockets with plain send(): a
        // peer that closed its end must give EPIPE, not kill the bridge.
        std::signal(SIGPIPE, SIG_IGN);
        loop.stopOnTerminationSignals();
        preloadPhoneNumberMetadata();
        engine = createEngine(loop, config);
        ConferenceServiceSettings settings;
        settings.component_jid = config.xmpp.component;
        settings.domain = config.xmpp.domain;
        settings.muc_service = config.xmpp.muc_service;
        settings.default_region = config.sip.default_region;
        settings.archive_rooms = config.xmpp.archive_rooms;
        settings.invitation_timeout = std::chrono::seconds(config.policy.invitation_timeout_seconds);
        conferences = std::make_unique<ConferenceService>(loop, xmpp, *engine, database, policy,
                                                          settings);
    }
};

BridgeService::BridgeService(BridgeConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {
    ConferenceService& conferences = *impl_->conferences;
    impl_->xmpp.onChat([&conferences](const IncomingChat& chat) { conferences.handleChat(chat); });
    impl_->xmpp.onPresence(
        [&conferences](const IncomingPresence& presence) { conferences.handlePresence(presence); });
    impl_->xmpp.onConnected([&conferences] { conferences.handleConnected(); });
    impl_->xmpp.setAdhocCommands(ConferenceService::adhocCommands(),
                                 [&conferences](const AdhocRequest& request) {
                                     return conferences.handleAdhoc(request);
                                 });
    impl_->engine->setListener(
        [&conferences](const engine::EngineEvent& event) { conferences.handleEngineEvent(event); });
}

BridgeService::~BridgeService() = default;

int BridgeService::run() {
    spdlog::info("confab-bridge {} starting: component {} for domain {}, SIP on {}:{}, database {}",
                 CONFAB_VERSION, impl_->config.xmpp.component, impl_->config.xmpp.domain,
                 impl_->config.sip.listen.host, impl_->config.sip.listen.port,
                 impl_->config.db.path.string());
    impl_->conferences->recoverAfterCrash();
    impl_->xmpp.start();
    impl_->loop.run();
    impl_->conferences->shutdown("the bridge was shut down");
    impl_->xmpp.shutdown();
    spdlog::info("confab-bridge stopped");
    return 0;
}

void BridgeService::requestStop() { impl_->loop.stop(); }

}  // namespace confab::bridge
