// Small helpers the builders and parsers share: every value put on the wire
// goes through xmlSafeText() here, and every child looked up is matched by name
// AND namespace (gloox's own findChild() ignores namespaces).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <gloox/tag.h>

namespace confab::protocol::detail {

// A new element in namespace `xmlns` (none when empty).
std::unique_ptr<gloox::Tag> makeTag(const std::string& name, const std::string& xmlns = {});

// A new child element `name` of `parent` holding the sanitised `text` (if any).
gloox::Tag& addChild(gloox::Tag& parent, const std::string& name, std::string_view text = {});

// Sets attribute `name` to the sanitised `value`; tab, LF and CR become spaces
// because XML attribute-value normalisation would turn them into spaces at the
// receiver anyway. Does nothing when the value is empty (gloox refuses empty
// attribute values).
void setAttribute(gloox::Tag& tag, const std::string& name, std::string_view value);

// The first direct child of `parent` called `name` in namespace `xmlns`.
const gloox::Tag* findChild(const gloox::Tag& parent, const std::string& name,
                            const std::string& xmlns);

// Whether `tag` is called `name` and lives in namespace `xmlns`.
bool is(const gloox::Tag& tag, const std::string& name, const std::string& xmlns);

// A decimal number of at most 19 digits with no sign or spaces, not above `max`.
std::optional<std::uint64_t> parseUnsigned(std::string_view text, std::uint64_t max);

// xs:boolean: "true", "false", "1" or "0".
std::optional<bool> parseBoolean(std::string_view text);

// Whether a stanza has type='error' (never answered, never treated as a payload).
bool isErrorStanza(const gloox::Tag& stanza);

// The bare JID and the resource of "local@domain/resource" (resource may hold '/').
struct SplitJid {
    std::string bare;
    std::string resource;
};
SplitJid splitJid(std::string_view jid);

// "+" followed by 1 to 15 digits.
bool isE164(std::string_view number);

}  // namespace confab::protocol::detail
