#include "confab/bridge/bridge_command_line.h"

#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "confab/bridge/bridge_service.h"
#include "confab/shared/bridge_config.h"
#include "confab/store/database.h"
#include "confab/store/directory.h"
#include "confab/store/directory_csv.h"

namespace confab::bridge {

namespace {

void setUpLogging(const std::string& level_name) {
    auto logger = spdlog::stdout_color_mt("confab-bridge");
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(level_name));
    spdlog::flush_on(spdlog::level::info);
}

// `confab-bridge directory import FILE`: all or nothing, every bad line named.
int importDirectory(const BridgeConfig& config, const std::string& csv_path) {
    std::ifstream csv(csv_path, std::ios::binary);
    if (!csv) {
        std::cerr << "confab-bridge: cannot read " << csv_path << "\n";
        return 1;
    }
    try {
        store::Database database = store::Database::open(config.db.path);
        store::Directory directory(database);
        const store::ImportReport report =
            store::importDirectoryCsv(directory, database, csv, config.sip.default_region);
        for (const auto& error : report.errors) {
            std::cerr << csv_path << ":" << error.line << ": " << error.message << "\n";
        }
        if (!report.committed) {
            std::cerr << "confab-bridge: nothing imported: " << report.errors.size()
                      << " bad line(s) in " << csv_path << "\n";
            return 1;
        }
        std::cout << "imported " << report.imported << " user(s) from " << csv_path << " into "
                  << config.db.path.string() << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "confab-bridge: directory import failed: " << e.what() << "\n";
        return 1;
    }
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

    auto* directory = app.add_subcommand("directory", "Manage the phone directory");
    directory->require_subcommand(1);
    auto* import = directory->add_subcommand(
        "import", "Import users from a CSV file (jid,display_name,work,mobile,preferred); all or nothing");
    std::string csv_path;
    import->add_option("file", csv_path, "CSV file")->required()->option_text("FILE");

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

    if (import->parsed()) return importDirectory(config, csv_path);

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
