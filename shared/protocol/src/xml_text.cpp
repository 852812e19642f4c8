#include "confab/protocol/xml_text.h"

#include <cstdint>

#include <gloox/parser.h>
#include <gloox/tag.h>
#include <gloox/taghandler.h>

namespace confab::protocol {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool isContinuation(unsigned char byte) { return (byte & 0xC0u) == 0x80u; }

bool isXmlChar(std::uint32_t cp) {
    if (cp < 0x20) return cp == 0x09 || cp == 0x0A || cp == 0x0D;
    return cp != 0xFFFE && cp != 0xFFFF;  // surrogates never decode (see below)
}

// Decodes one well-formed UTF-8 sequence at the start of `in` (Unicode 15,
// table 3-7). Returns its length and sets `cp`, or returns 0 and sets `bad` to
// the length of the maximal ill-formed subpart (at least 1).
std::size_t decodeOne(std::string_view in, std::uint32_t& cp, std::size_t& bad) {
    const auto b0 = static_cast<unsigned char>(in[0]);
    bad = 1;
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
        cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        cp = b0 & 0x0Fu;
        if (b0 == 0xE0) low = 0xA0;   // no overlong forms
        if (b0 == 0xED) high = 0x9F;  // no surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        cp = b0 & 0x07u;
        if (b0 == 0xF0) low = 0x90;   // no overlong forms
        if (b0 == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
        return 0;  // continuation byte, C0, C1 or F5..FF as a lead byte
    }
    for (std::size_t i = 1; i < length; ++i) {
        if (i >= in.size()) return 0;
        const auto b = static_cast<unsigned char>(in[i]);
        const unsigned char lo = i == 1 ? low : 0x80;
        const unsigned char hi = i == 1 ? high : 0xBF;
        if (b < lo || b > hi) return 0;
        cp = (cp << 6) | (b & 0x3Fu);
        bad = i + 1;
    }
    return length;
}

// Collects the root element gloox::Parser reports, and counts them.
class SingleTagCollector : public gloox::TagHandler {
public:
    void handleTag(gloox::Tag* tag) override {
        ++count_;
        if (count_ == 1) tag_.reset(tag->clone());
    }
    int count() const { return count_; }
    std::unique_ptr<gloox::Tag> take() { return std::move(tag_); }

private:
    int count_ = 0;
    std::unique_ptr<gloox::Tag> tag_;
};

}  // namespace

std::string xmlSafeText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        // Fast path for the common printable ASCII run.
        const auto b = static_cast<unsigned char>(text[i]);
        if (b >= 0x20 && b < 0x80) {
            out.push_back(text[i]);
            ++i;
            continue;
        }
        std::uint32_t cp = 0;
        std::size_t bad = 1;
        const std::size_t length = decodeOne(text.substr(i), cp, bad);
        if (length == 0) {
            out.append(kReplacement);
            i += bad;
        } else {
            if (isXmlChar(cp))
                out.append(text.substr(i, length));
            else
                out.append(kReplacement);
            i += length;
        }
    }
    return out;
}

std::string xmlSafeText(std::string_view text, std::size_t max_bytes) {
    std::string out = xmlSafeText(text);
    if (out.size() <= max_bytes) return out;
    std::size_t cut = max_bytes;
    // The result is well-formed UTF-8, so backing off continuation bytes
    // lands on the first byte of the code point that does not fit.
    while (cut > 0 && isContinuation(static_cast<unsigned char>(out[cut]))) --cut;
    out.resize(cut);
    return out;
}

std::unique_ptr<gloox::Tag> parseXml(std::string_view xml) {
    SingleTagCollector collector;
    gloox::Parser parser(&collector);
    std::string data(xml);
    // feed() returns -1 when everything was consumed without error.
    if (parser.feed(data) != -1 || collector.count() != 1) return nullptr;
    return collector.take();
}

std::string namespaceOf(const gloox::Tag& tag) {
    // Tag::xmlns(prefix) looks only at declarations on that one element.
    for (const gloox::Tag* scope = &tag; scope != nullptr; scope = scope->parent()) {
        std::string xmlns = scope->xmlns(tag.prefix());
        if (!xmlns.empty()) return xmlns;
    }
    return {};
}

}  // namespace confab::protocol
