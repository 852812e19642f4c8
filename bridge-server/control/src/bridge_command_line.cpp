#include "confab/bridge/bridge_command_line.h"

#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "confab/bridge/bridge_service.h"
#include "confab/shared/bridge_config.h"

namespace confab::bridge {

namespace {

void setUpLogging(const std::string& level_name) {
    auto logger = spdlog::stdout_color_mt("confab-bridge");
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(level_name));
    spdlog::flush_on(spdlog::level::info);
}

}  // namespace

int runBridgeCommandLine(int argc, char** argv) {
    CLI::App app{"confab-bridge: the Confab teleconference bridge (XMPP component + SIP + mixer)"};
    app.set_version_flag("--version", std::string("confab-bridge ") + CONFAB_VERSION);
    std::string config_path;
    bool check_only = false;
    std::string log_level;
    app.add_option("-c,--config", config_path, "Configuration file (TOML)")
        ->required()
        ->option_text("FILE");
    app.add_flag("--check-config", check_only,
                  "Validate the configuration file, print a summary and exit (non-zero on error)");
    app.add_option("--log-level", log_level, "Override [log] level")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    BridgeConfig config;
    try {
        config = loadBridgeConfig(config_path);
    } catch (const ConfigError& e) {
        std::cerr << "confab-bridge: configuration error: " << e.what() << "\n";
        return 2;
    }
    if (!log_level.empty()) config.log.level = log_level;

    if (check_only) {
        std::cout << "configuration OK: " << config_path << "\n"
                  << "  xmpp: component " << config.xmpp.component << " at " << config.xmpp.host
                  << ":" << config.xmpp.port << ", domain " << config.xmpp.domain
                  << ", secret " << (config.xmpp.secret.empty() ? "missing" : "set (hidden)")
                  << "\n"
                  << "  sip: listen " << config.sip.listen.host << ":" << config.sip.listen.port
                  << ", " << config.sip.routes.size() << " route(s), region "
                  << config.sip.default_region << "\n"
                  << "  db: " << config.db.path.string() << "\n"
                  << "  web: " << config.web.listen.host << ":" << config.web.listen.port << "\n";
        return 0;
    }

    setUpLogging(config.log.level);
    try {
        BridgeService service(std::move(config));
        return service.run();
    } catch (const std::exception& e) {
        spdlog::critical("bridge stopped: {}", e.what());
        return 1;
    }
}

}  // namespace confab::bridge
