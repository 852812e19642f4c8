// DemoLauncher: brings up the demo system on this machine and tears it down.
// Used by `./run demo` (interactive: waits for Ctrl-C) and by the demo-smoke
// test (--smoke: checks the bridge answers, then stops). One thread.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace confab::demo {

struct DemoOptions {
    std::filesystem::path source_dir;
    std::filesystem::path build_dir;
    std::filesystem::path runtime_dir;
    bool free_ports = false;  // pick free ports instead of the usual 5222/5347/5280
    bool smoke = false;       // check, print, stop; no waiting for Ctrl-C
};

// Returns the process exit code.
int runDemo(const DemoOptions& options);

}  // namespace confab::demo
