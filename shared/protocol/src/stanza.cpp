#include "confab/protocol/stanza.h"

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <random>

#include "confab/protocol/namespaces.h"
#include "tag_util.h"

namespace confab::protocol {
namespace {

std::string processPrefix() {
    std::random_device device;
    const std::uint64_t value = (std::uint64_t{device()} << 32) ^ device();
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "confab-%016llx-",
                  static_cast<unsigned long long>(value));
    return buffer;
}

}  // namespace

std::string_view toString(MessageType type) {
    switch (type) {
        case MessageType::Normal: return "normal";
        case MessageType::Chat: return "chat";
        case MessageType::Groupchat: return "groupchat";
        case MessageType::Headline: return "headline";
    }
    return "normal";
}

std::unique_ptr<gloox::Tag> noStoreTag() { return detail::makeTag("no-store", ns::kHints); }

std::unique_ptr<gloox::Tag> noPermanentStoreTag() {
    return detail::makeTag("no-permanent-store", ns::kHints);
}

std::string newStanzaId() {
    static const std::string prefix = processPrefix();
    static std::atomic<std::uint64_t> counter{0};
    return prefix + std::to_string(++counter);
}

std::unique_ptr<gloox::Tag> eventMessage(const std::string& from, const std::string& to,
                                         MessageType type, std::unique_ptr<gloox::Tag> payload,
                                         bool no_store, const std::string& body,
                                         const std::string& id) {
    auto message = detail::makeTag("message");
    detail::setAttribute(*message, "from", from);
    detail::setAttribute(*message, "to", to);
    detail::setAttribute(*message, "type", toString(type));
    detail::setAttribute(*message, "id", id.empty() ? newStanzaId() : id);
    if (!body.empty()) detail::addChild(*message, "body", body);
    if (payload) message->addChild(payload.release());
    if (no_store) message->addChild(noStoreTag().release());
    return message;
}

}  // namespace confab::protocol
