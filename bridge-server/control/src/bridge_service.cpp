#include "confab/bridge/bridge_service.h"

#include <chrono>
#include <csignal>

#include <spdlog/spdlog.h>

#include "confab/bridge/bridge_admin.h"
#include "confab/bridge/conference_service.h"
#include "confab/bridge/control_loop.h"
#include "confab/bridge/xmpp_component_link.h"
#include "confab/engine/conference_engine.h"
#include "confab/engine/engine_options.h"
#include "confab/plugins/plugin_host.h"
#include "confab/policy/dial_policy.h"
#include "confab/shared/phone_number.h"
#include "confab/bridge/stored_policy.h"
#include "confab/store/database.h"
#include "confab/web/admin_backend.h"
#include "confab/web/web_server.h"

namespace confab::bridge {

namespace {

std::unique_ptr<engine::ConferenceEngine> createEngine(ControlLoop& loop, const BridgeConfig& config,
                                                      const PolicySettings& policy) {
    const auto options = engine::conferenceEngineOptions(config, policy.max_legs_per_conference);
    auto created = engine::ConferenceEngine::create(loop, config.sip, options);
    if (!created) throw std::runtime_error("cannot start the SIP and media engine: " + created.error());
    return std::move(created).value();
}

// The policy saved on the admin page, when there is a valid one, else [policy].
PolicySettings policyInForce(const BridgeConfig& config, store::Database& database) {
    if (auto stored = loadStoredPolicy(database)) return std::move(*stored);
    return config.policy;
}

web::WebServerOptions webServerOptions(const BridgeConfig& config) {
    const WebSettings& settings = config.web;
    web::WebServerOptions options;
    options.host = settings.listen.host;
    options.port = settings.listen.port;
    options.plain_http = settings.plain_http;
    if (settings.cert_file) options.cert_file = *settings.cert_file;
    if (settings.key_file) options.key_file = *settings.key_file;
    options.tls_dir = settings.tls_dir;
    options.database = config.db.path;
    options.default_region = config.sip.default_region;
    options.session_idle = std::chrono::minutes(settings.session_idle_minutes);
    options.metrics_token = settings.metrics_token;
    options.max_body_bytes = static_cast<std::size_t>(settings.max_body_kib) * 1024U;
    return options;
}

}  // namespace

struct BridgeService::Impl {
    BridgeConfig config;
    ControlLoop loop;
    XmppComponentLink xmpp;
    store::Database database;
    policy::DialPolicy policy;
    std::unique_ptr<engine::ConferenceEngine> engine;
    // The admin page ([web]); declared so that the web server goes first,
    // then the backend, then the conferences, then what they notify.
    std::unique_ptr<web::LiveChanges> live_changes;
    std::unique_ptr<ConferenceService> conferences;
    // [plugins]; after the conferences, so it goes before them.
    std::unique_ptr<plugins::PluginHost> plugins;
    std::unique_ptr<BridgeAdmin> admin;
    std::unique_ptr<web::WebServer> web_server;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    explicit Impl(BridgeConfig c)
        : config(std::move(c)),
          xmpp(loop, ComponentSettings{config.xmpp.component, config.xmpp.host, config.xmpp.port,
                                       config.xmpp.secret}),
          database(store::Database::open(config.db.path)),
          policy(policyInForce(config, database), config.sip.default_region, config.xmpp.domain) {
        // Before any thread starts (the media engine's): threads inherit the
        // signal mask, so SIGINT/SIGTERM reach only the control loop's
        // signalfd. gloox and Sofia write to sockets with plain send(): a
        // peer that closed its end must give EPIPE, not kill the bridge.
        std::signal(SIGPIPE, SIG_IGN);
        loop.stopOnTerminationSignals();
        preloadPhoneNumberMetadata();
        engine = createEngine(loop, config, policy.settings());
        ConferenceServiceSettings settings;
        settings.component_jid = config.xmpp.component;
        settings.domain = config.xmpp.domain;
        settings.muc_service = config.xmpp.muc_service;
        settings.default_region = config.sip.default_region;
        settings.archive_rooms = config.xmpp.archive_rooms;
        settings.invitation_timeout = std::chrono::seconds(policy.settings().invitation_timeout_seconds);
        conferences = std::make_unique<ConferenceService>(loop, xmpp, *engine, database, policy,
                                                          settings);
        if (!config.plugins.enable.empty()) {
            plugins = std::make_unique<plugins::PluginHost>(loop, conferences->pluginServices(), config.plugins,
                                                            plugins::staticPlugins());
            conferences->setPluginHost(plugins.get());
        }
        if (config.web.enabled) {
            live_changes = std::make_unique<web::LiveChanges>();
            conferences->setChangeListener([changes = live_changes.get()] { changes->notify(); });
            admin = std::make_unique<BridgeAdmin>(
                BridgeAdmin::Parts{loop, *conferences, *engine, xmpp, database, config, plugins.get()},
                policy.settings(), started);
        }
    }

    // Binds the admin page; false (after one critical log line) when it
    // cannot serve, which ends the bridge: an admin page that silently is
    // not there is worse than a bridge that does not start.
    bool startWebServer() {
        if (!admin) return true;
        const std::string address = config.web.listen.host + ":" + std::to_string(config.web.listen.port);
        try {
            web_server = std::make_unique<web::WebServer>(webServerOptions(config), *admin, *live_changes);
            web_server->start();
        } catch (const std::exception& error) {
            spdlog::critical("admin web page: cannot serve on {}: {}", address, error.what());
            web_server.reset();
            return false;
        }
        spdlog::info("admin web page: {}", web_server->baseUrl());
        return true;
    }

    // Before the conferences and the loop go away: no web thread may reach
    // them after this.
    void stopWebServer() {
        if (admin) admin->shutdown();
        if (live_changes) live_changes->close();
        if (web_server) web_server->stop();
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
    if (!impl_->startWebServer()) {
        impl_->stopWebServer();
        return 1;
    }
    impl_->conferences->recoverAfterCrash();
    if (impl_->plugins) impl_->plugins->loadAll();
    impl_->xmpp.start();
    impl_->loop.run();
    impl_->stopWebServer();
    impl_->conferences->shutdown("the bridge was shut down");
    if (impl_->plugins) {
        // Plugins finish what the ended conferences left (recordings), and
        // what they post on the way (listing a recording) runs here.
        impl_->plugins->closeAll();
        impl_->loop.runPosted();
        impl_->conferences->setPluginHost(nullptr);
    }
    impl_->xmpp.shutdown();
    spdlog::info("confab-bridge stopped");
    return 0;
}

void BridgeService::requestStop() { impl_->loop.stop(); }

}  // namespace confab::bridge
