// confab-demo: see demo_launcher.h.
#include <CLI/CLI.hpp>

#include "demo_launcher.h"

int main(int argc, char** argv) {
    CLI::App app{"confab-demo: run Prosody + confab-bridge for a local demo (Ctrl-C stops)"};
    confab::demo::DemoOptions options;
    app.add_option("--source-dir", options.source_dir, "Confab source folder")->required();
    app.add_option("--build-dir", options.build_dir, "Build folder with the programs")->required();
    app.add_option("--runtime-dir", options.runtime_dir, "Folder for configs, data and logs")
        ->required();
    app.add_flag("--free-ports", options.free_ports, "Use free ports instead of 5222/5347/5280");
    app.add_flag("--smoke", options.smoke, "Start, check that the bridge answers /help and serves the admin page, stop");
    CLI11_PARSE(app, argc, argv);
    return confab::demo::runDemo(options);
}
