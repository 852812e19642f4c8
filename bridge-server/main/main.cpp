// confab-bridge: everything lives in the libraries; see bridge_command_line.h.
#include "confab/bridge/bridge_command_line.h"

int main(int argc, char** argv) { return confab::bridge::runBridgeCommandLine(argc, argv); }
