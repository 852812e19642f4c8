// confab-engine-cli: see engine_session.h.
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "confab/shared/bridge_config.h"
#include "engine_session.h"

int main(int argc, char** argv) {
    CLI::App app{"confab-engine-cli: dial numbers into one conference through the bridge's engine "
                 "(SIP + mixing + talker detection), without XMPP"};
    std::string config_path;
    std::vector<std::string> numbers;
    int seconds = 15;
    std::string log_level = "warn";
    app.add_option("-c,--config", config_path, "bridge.toml ([sip] section is used)")->required();
    app.add_option("--call", numbers, "E.164 number to dial (repeat)")->required();
    app.add_option("--seconds", seconds, "How long the conference lasts")->check(CLI::Range(1, 3600));
    app.add_option("--log-level", log_level, "spdlog level");
    CLI11_PARSE(app, argc, argv);
    spdlog::set_level(spdlog::level::from_str(log_level));
    try {
        const auto config = confab::loadBridgeConfig(config_path);
        return confab::tools::runEngineSession(config, {numbers, std::chrono::seconds(seconds)});
    } catch (const confab::ConfigError& e) {
        std::cerr << "confab-engine-cli: configuration error: " << e.what() << "\n";
        return 2;
    }
}
