#include "raw_payload.h"

#include <gloox/clientbase.h>
#include <gloox/stanza.h>
#include <gloox/tag.h>

#include <array>

namespace confab::client {

namespace {

constexpr int kRawOutgoing = gloox::ExtUser + 60;
constexpr int kRawIncomingBase = kRawOutgoing + 1;

// Namespace conditions are left out where the element may come with a
// prefix (conference-info) or where the parser checks the namespace itself.
constexpr std::array kIncomingFilters = {
    "/message/subject",
    "/message/error",
    "/message/request[@xmlns='urn:xmpp:receipts']",
    "/message/received[@xmlns='urn:xmpp:receipts']",
    "/message/active[@xmlns='http://jabber.org/protocol/chatstates']",
    "/message/composing[@xmlns='http://jabber.org/protocol/chatstates']",
    "/message/paused[@xmlns='http://jabber.org/protocol/chatstates']",
    "/message/inactive[@xmlns='http://jabber.org/protocol/chatstates']",
    "/message/gone[@xmlns='http://jabber.org/protocol/chatstates']",
    "/message/delay[@xmlns='urn:xmpp:delay']",
    "/message/x[@xmlns='jabber:x:oob']",
    "/message/x[@xmlns='http://jabber.org/protocol/muc#user']",
    "/message/x[@xmlns='jabber:x:conference']",
    "/message/conference-info",
    "/message/started-speaking",
    "/message/stopped-speaking",
    "/message/invitation",
    "/presence/conference-call",
    "/presence/x[@xmlns='http://jabber.org/protocol/muc#user']",
    "/presence/error",
    "/iq/slot[@xmlns='urn:xmpp:http:upload:0']",
    "/iq/error",
};

}  // namespace

RawPayload::RawPayload(int type, std::string filter, const gloox::Tag* tag)
    : gloox::StanzaExtension(type), filter_(std::move(filter)),
      tag_(tag != nullptr ? tag->clone() : nullptr) {}

RawPayload::~RawPayload() { delete tag_; }

gloox::StanzaExtension* RawPayload::newInstance(const gloox::Tag* tag) const {
    return new RawPayload(extensionType(), filter_, tag);
}

gloox::Tag* RawPayload::tag() const { return tag_ != nullptr ? tag_->clone() : nullptr; }

gloox::StanzaExtension* RawPayload::clone() const {
    return new RawPayload(extensionType(), filter_, tag_);
}

int rawOutgoingType() { return kRawOutgoing; }

RawPayload* outgoingPayload(const gloox::Tag& child) {
    return new RawPayload(kRawOutgoing, "", &child);
}

void registerClientPayloads(gloox::ClientBase& client) {
    client.registerStanzaExtension(new RawPayload(kRawOutgoing, ""));
    int type = kRawIncomingBase;
    for (const char* filter : kIncomingFilters) {
        client.registerStanzaExtension(new RawPayload(type++, filter));
    }
}

std::unique_ptr<gloox::Tag> stanzaTag(const std::string& name, const gloox::Stanza& stanza,
                                      const std::string& type, const std::string& body) {
    auto tag = std::make_unique<gloox::Tag>(name);
    if (stanza.from()) {
        tag->addAttribute("from", stanza.from().full());
    }
    if (stanza.to()) {
        tag->addAttribute("to", stanza.to().full());
    }
    if (!type.empty()) {
        tag->addAttribute("type", type);
    }
    if (!stanza.id().empty()) {
        tag->addAttribute("id", stanza.id());
    }
    if (!body.empty()) {
        new gloox::Tag(tag.get(), "body", body);
    }
    for (const gloox::StanzaExtension* extension : stanza.extensions()) {
        const auto* raw = dynamic_cast<const RawPayload*>(extension);
        if (raw != nullptr && raw->payload() != nullptr && raw->extensionType() != kRawOutgoing) {
            tag->addChild(raw->payload()->clone());
        }
    }
    return tag;
}

}  // namespace confab::client
