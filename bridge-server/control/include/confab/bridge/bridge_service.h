// BridgeService: the running bridge. It owns the control loop and everything
// that lives on the control thread (the XMPP component link and the chat
// command service) and wires them together from a BridgeConfig.
//
// Thread contract: construct and run() on the thread that becomes the control
// thread; requestStop() may be called from any thread.
#pragma once

#include <memory>

#include "confab/shared/bridge_config.h"

namespace confab::bridge {

class BridgeService {
public:
    explicit BridgeService(BridgeConfig config);
    ~BridgeService();
    BridgeService(const BridgeService&) = delete;
    BridgeService& operator=(const BridgeService&) = delete;

    // Runs until SIGINT/SIGTERM or requestStop(). Returns the exit code.
    int run();
    void requestStop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace confab::bridge
