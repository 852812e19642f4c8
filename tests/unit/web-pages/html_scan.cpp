#include "html_scan.h"

#include <cctype>
#include <cstdint>

namespace confab::web::test {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

void appendUtf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

}  // namespace

bool Tag::has(std::string_view attribute) const {
    for (const auto& [key, value] : attributes) {
        if (key == attribute) return true;
    }
    return false;
}

std::string Tag::get(std::string_view attribute) const {
    for (const auto& [key, value] : attributes) {
        if (key == attribute) return value;
    }
    return "";
}

std::vector<Tag> scanTags(std::string_view page) {
    std::vector<Tag> tags;
    std::size_t i = 0;
    while ((i = page.find('<', i)) != std::string_view::npos) {
        if (page.substr(i, 4) == "<!--") {
            const std::size_t end = page.find("-->", i);
            i = end == std::string_view::npos ? page.size() : end + 3;
            continue;
        }
        if (i + 1 >= page.size() || !std::isalpha(static_cast<unsigned char>(page[i + 1]))) {
            ++i;  // end tags, doctype, stray '<' (which escaping should have prevented)
            continue;
        }
        Tag tag;
        tag.offset = i;
        std::size_t p = i + 1;
        while (p < page.size() && !isSpace(page[p]) && page[p] != '>' && page[p] != '/') tag.name += page[p++];
        tag.name = lower(tag.name);
        while (p < page.size() && page[p] != '>') {
            if (isSpace(page[p]) || page[p] == '/') {
                ++p;
                continue;
            }
            std::string name;
            while (p < page.size() && !isSpace(page[p]) && page[p] != '=' && page[p] != '>') name += page[p++];
            std::string value;
            if (p < page.size() && page[p] == '=') {
                ++p;
                if (p < page.size() && (page[p] == '"' || page[p] == '\'')) {
                    const char quote = page[p++];
                    const std::size_t end = page.find(quote, p);
                    value = std::string(page.substr(p, end - p));
                    p = end == std::string_view::npos ? page.size() : end + 1;
                } else {
                    while (p < page.size() && !isSpace(page[p]) && page[p] != '>') value += page[p++];
                }
            }
            tag.attributes.emplace_back(lower(name), value);
        }
        i = p;
        // Raw-text and escapable raw-text elements: skip to their end tag.
        if (tag.name == "script" || tag.name == "style" || tag.name == "textarea" || tag.name == "title") {
            const std::size_t end = lower(page.substr(i)).find("</" + tag.name);
            i = end == std::string::npos ? page.size() : i + end;
        }
        tags.push_back(std::move(tag));
    }
    return tags;
}

std::string decodeEntities(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '&') {
            out += text[i++];
            continue;
        }
        const std::size_t end = text.find(';', i);
        if (end == std::string_view::npos) {
            out += text[i++];
            continue;
        }
        const std::string_view entity = text.substr(i + 1, end - i - 1);
        if (entity == "amp") out += '&';
        else if (entity == "lt") out += '<';
        else if (entity == "gt") out += '>';
        else if (entity == "quot") out += '"';
        else if (entity == "apos") out += '\'';
        else if (!entity.empty() && entity[0] == '#') {
            const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
            appendUtf8(out, static_cast<std::uint32_t>(std::stoul(std::string(entity.substr(hex ? 2 : 1)), nullptr, hex ? 16 : 10)));
        } else {
            out += '&';
            out += entity;
            out += ';';
        }
        i = end + 1;
    }
    return out;
}

std::string innerText(std::string_view page, const Tag& tag) {
    const std::size_t start = page.find('>', tag.offset);
    if (start == std::string_view::npos) return "";
    const std::size_t end = page.find("</" + tag.name, start);
    if (end == std::string_view::npos) return "";
    return std::string(page.substr(start + 1, end - start - 1));
}

}  // namespace confab::web::test
