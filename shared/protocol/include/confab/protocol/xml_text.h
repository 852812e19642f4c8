// Text that is safe to put on the XMPP wire, and a one-document XML parser.
//
// Every string the builders of this library put into an attribute or element
// passes through xmlSafeText() first: names, reasons, subjects and even JIDs
// may come from SIP headers, chat input or a database, and gloox (1.0.24)
// neither validates UTF-8 fully nor reports what it refuses. Tag::addAttribute
// and Tag::setCData silently DROP a whole value that holds a C0 control
// character, and pass lone surrogates, U+FFFE and invalid UTF-8 through to the
// wire, where the XMPP server closes the stream. Pure functions, any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace gloox {
class Tag;
}

namespace confab::protocol {

// `text` with everything that XML 1.0 forbids replaced by U+FFFD (EF BF BD):
// C0 controls other than tab, LF and CR (including NUL), U+FFFE, U+FFFF, and
// every ill-formed UTF-8 sequence (stray continuation bytes, overlong forms,
// encoded surrogates, code points above U+10FFFF, truncated sequences), one
// U+FFFD per maximal ill-formed subpart as Unicode recommends. Valid text,
// including RTL marks and XML specials (escaped later by gloox), is unchanged.
std::string xmlSafeText(std::string_view text);

// As above, then cut to at most `max_bytes` bytes at a code point boundary.
std::string xmlSafeText(std::string_view text, std::size_t max_bytes);

// The one element in `xml`, parsed by gloox::Parser; nullptr unless `xml` is
// exactly one complete, well-formed element (trailing whitespace allowed).
// For tests, tools and replaying fuzz corpora; the live stream is parsed by gloox.
std::unique_ptr<gloox::Tag> parseXml(std::string_view xml);

// The namespace `tag` is in, inherited from its ancestors as XML says. gloox's
// Tag::xmlns() only reports a declaration on the element itself, so a child
// like <status/> inside <endpoint xmlns='...'> reads as "" there.
std::string namespaceOf(const gloox::Tag& tag);

}  // namespace confab::protocol
