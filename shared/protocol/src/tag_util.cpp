#include "tag_util.h"

#include "confab/protocol/xml_text.h"

namespace confab::protocol::detail {

std::unique_ptr<gloox::Tag> makeTag(const std::string& name, const std::string& xmlns) {
    auto tag = std::make_unique<gloox::Tag>(name);
    if (!xmlns.empty()) tag->setXmlns(xmlns);
    return tag;
}

gloox::Tag& addChild(gloox::Tag& parent, const std::string& name, std::string_view text) {
    // The constructor with a parent hands ownership to the parent.
    auto* child = new gloox::Tag(&parent, name);
    if (!text.empty()) child->setCData(xmlSafeText(text));
    return *child;
}

void setAttribute(gloox::Tag& tag, const std::string& name, std::string_view value) {
    std::string safe = xmlSafeText(value);
    for (char& c : safe)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    if (!safe.empty()) tag.addAttribute(name, safe);
}

const gloox::Tag* findChild(const gloox::Tag& parent, const std::string& name,
                            const std::string& xmlns) {
    for (const gloox::Tag* child : parent.children())
        if (is(*child, name, xmlns)) return child;
    return nullptr;
}

bool is(const gloox::Tag& tag, const std::string& name, const std::string& xmlns) {
    return tag.name() == name && namespaceOf(tag) == xmlns;
}

std::optional<std::uint64_t> parseUnsigned(std::string_view text, std::uint64_t max) {
    if (text.empty() || text.size() > 19) return std::nullopt;
    std::uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');  // 19 digits cannot overflow
    }
    if (value > max) return std::nullopt;
    return value;
}

std::optional<bool> parseBoolean(std::string_view text) {
    if (text == "true" || text == "1") return true;
    if (text == "false" || text == "0") return false;
    return std::nullopt;
}

bool isErrorStanza(const gloox::Tag& stanza) { return stanza.findAttribute("type") == "error"; }

SplitJid splitJid(std::string_view jid) {
    const auto slash = jid.find('/');
    if (slash == std::string_view::npos) return {std::string(jid), {}};
    return {std::string(jid.substr(0, slash)), std::string(jid.substr(slash + 1))};
}

bool isE164(std::string_view number) {
    if (number.size() < 2 || number.size() > 16 || number[0] != '+') return false;
    for (const char c : number.substr(1))
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace confab::protocol::detail
