// RawPayload: a child element of an incoming stanza kept as a plain gloox::Tag.
//
// gloox drops every child element that no registered StanzaExtension claims,
// so each payload the client reads (receipts, chat states, delay, OOB, MUC,
// the bridge's conference-info and talker events, invitations, our presence
// extension, the upload slot) is registered here under its own extension
// type (gloox keeps one extension per type). stanzaTag() then rebuilds a Tag
// of the whole stanza from what gloox parsed plus these payloads, and
// client_stanzas.h reads that Tag with pure functions. The same class carries
// outgoing raw children (type kRawOutgoing, never used for matching).
// Same idea as the bridge's component link (bridge-server/control), written
// again here because that one is private to the bridge.
// Threads: the worker thread (gloox objects).
#pragma once

#include <gloox/stanzaextension.h>

#include <memory>
#include <string>

namespace gloox {
class ClientBase;
class Stanza;
class Tag;
}  // namespace gloox

namespace confab::client {

class RawPayload : public gloox::StanzaExtension {
  public:
    RawPayload(int type, std::string filter, const gloox::Tag* tag = nullptr);
    ~RawPayload() override;
    RawPayload(const RawPayload&) = delete;
    RawPayload& operator=(const RawPayload&) = delete;

    const std::string& filterString() const override { return filter_; }
    gloox::StanzaExtension* newInstance(const gloox::Tag* tag) const override;
    gloox::Tag* tag() const override;
    gloox::StanzaExtension* clone() const override;
    const gloox::Tag* payload() const { return tag_; }

  private:
    std::string filter_;
    gloox::Tag* tag_;  // owned
};

// Extension type for outgoing raw children; incoming ones use the types after it.
int rawOutgoingType();
// A RawPayload that puts a copy of `child` into an outgoing stanza.
RawPayload* outgoingPayload(const gloox::Tag& child);

// Registers every incoming payload the client reads with `client`.
void registerClientPayloads(gloox::ClientBase& client);

// <name from to type id>[<body/>]<each incoming raw payload/></name>.
// `type` "" writes no type attribute; `body` "" writes no <body/>.
std::unique_ptr<gloox::Tag> stanzaTag(const std::string& name, const gloox::Stanza& stanza,
                                      const std::string& type, const std::string& body);

}  // namespace confab::client
