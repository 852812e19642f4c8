// Whole <message/> stanzas around a payload, XEP-0334 hints and stanza ids.
// The caller passes every JID; nothing here knows the bridge's own address.
// Hand a result to gloox with `component.send(tag.release())` (gloox takes
// ownership). Pure functions, any thread (newStanzaId() is thread-safe).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace gloox {
class Tag;
}

namespace confab::protocol {

enum class MessageType { Normal, Chat, Groupchat, Headline };
std::string_view toString(MessageType type);  // "normal", "chat", "groupchat", "headline"

// <no-store xmlns='urn:xmpp:hints'/>: no offline storage, no archive (XEP-0334).
std::unique_ptr<gloox::Tag> noStoreTag();
// <no-permanent-store xmlns='urn:xmpp:hints'/>: may be held offline, never archived.
std::unique_ptr<gloox::Tag> noPermanentStoreTag();

// A new id for a stanza: "confab-" + 16 random hex digits (drawn once per
// process) + "-" + a counter, so ids do not repeat across restarts.
std::string newStanzaId();

// <message from to type id>[<body/>]<payload/>[<no-store/>]</message>.
// `payload` may be null (a plain text message). `body` "" writes no <body/>.
// `id` "" draws one from newStanzaId().
std::unique_ptr<gloox::Tag> eventMessage(const std::string& from, const std::string& to,
                                         MessageType type, std::unique_ptr<gloox::Tag> payload,
                                         bool no_store, const std::string& body,
                                         const std::string& id = {});

}  // namespace confab::protocol
