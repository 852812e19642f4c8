#include "confab/bridge/bridge_service.h"

#include <csignal>

#include <spdlog/spdlog.h>

#include "confab/bridge/chat_command_service.h"
#include "confab/bridge/control_loop.h"
#include "confab/bridge/xmpp_component_link.h"

namespace confab::bridge {

struct BridgeService::Impl {
    BridgeConfig config;
    ControlLoop loop;
    XmppComponentLink xmpp;
    ChatCommandService commands;

    explicit Impl(BridgeConfig c)
        : config(std::move(c)),
          xmpp(loop, ComponentSettings{config.xmpp.component, config.xmpp.host, config.xmpp.port,
                                       config.xmpp.secret}) {}
};

BridgeService::BridgeService(BridgeConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {
    impl_->xmpp.onChat([this](const IncomingChat& chat) {
        if (chat.groupchat) return;  // conference rooms arrive in a later issue
        const std::string reply = impl_->commands.replyTo(chat.from, chat.body);
        if (!reply.empty()) impl_->xmpp.sendChat(chat.from, reply);
    });
}

BridgeService::~BridgeService() = default;

int BridgeService::run() {
    // gloox and Sofia write to sockets with plain send(): a peer that closed
    // its end must give EPIPE, not kill the bridge.
    std::signal(SIGPIPE, SIG_IGN);
    impl_->loop.stopOnTerminationSignals();
    spdlog::info("confab-bridge {} starting: component {} for domain {}", CONFAB_VERSION,
                 impl_->config.xmpp.component, impl_->config.xmpp.domain);
    impl_->xmpp.start();
    impl_->loop.run();
    impl_->xmpp.shutdown();
    spdlog::info("confab-bridge stopped");
    return 0;
}

void BridgeService::requestStop() { impl_->loop.stop(); }

}  // namespace confab::bridge
