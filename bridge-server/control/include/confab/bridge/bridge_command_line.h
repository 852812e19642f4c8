// The command line of `confab-bridge`: options, subcommands and exit codes.
// Kept in the library so the program's main() is one line and tests can run
// it in-process.
#pragma once

namespace confab::bridge {

// Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.
int runBridgeCommandLine(int argc, char** argv);

}  // namespace confab::bridge
