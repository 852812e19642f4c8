// confab-pstn-sim: the PSTN simulator the bridge is tested and demonstrated
// against. Argument parsing only; everything else is confab-pstn-sim-lib.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "confab/pstnsim/simulator.h"

namespace {

// "127.0.0.1:5071" or "[::1]:5071" -> ip, port. False when malformed.
bool splitListenAddress(const std::string& text, std::string& ip, std::uint16_t& port) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 >= text.size()) return false;
    ip = text.substr(0, colon);
    if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
    const std::string port_text = text.substr(colon + 1);
    if (port_text.find_first_not_of("0123456789") != std::string::npos || port_text.size() > 5) return false;
    const int value = std::stoi(port_text);
    if (value < 1 || value > 65535) return false;
    port = static_cast<std::uint16_t>(value);
    return !ip.empty();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"confab-pstn-sim: a scripted PSTN far end (SIP UAS + RTP) for tests and demos"};
    confab::pstnsim::SimulatorOptions options;
    std::string listen = "127.0.0.1:5071";
    std::string log_level = "info";
    app.add_option("--phonebook", options.phonebook_file, "Phonebook TOML file (see tests/pstn-sim/README.md)")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--listen", listen, "SIP UDP address, IP:PORT")->capture_default_str();
    app.add_option("--events", options.events_file, "Append JSON-lines events to this file");
    app.add_flag("--events-stdout", options.events_to_stdout, "Also write the events to stdout");
    app.add_option("--record-dir", options.record_dir, "Write what each call hears to <number>_<call>.wav here");
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error, off")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    // Logs go to stderr: stdout carries only "ready" and, if asked, events.
    spdlog::set_default_logger(spdlog::stderr_color_mt("pstn-sim"));
    spdlog::set_level(spdlog::level::from_str(log_level));

    if (!splitListenAddress(listen, options.listen_ip, options.listen_port)) {
        spdlog::error("--listen must be IP:PORT with a port in 1..65535, not '{}'", listen);
        return 2;
    }
    return confab::pstnsim::Simulator(std::move(options)).run();
}
