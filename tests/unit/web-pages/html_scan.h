// A deliberately small HTML tag scanner for the page tests: enough to list
// every start tag with its attributes, so the tests can check what the pages
// contain without trusting substring searches alone.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace confab::web::test {

struct Tag {
    std::string name;                              // lower-case
    std::vector<std::pair<std::string, std::string>> attributes;  // names lower-case, values entity-encoded as written
    std::size_t offset = 0;                        // of '<' in the page

    bool has(std::string_view attribute) const;
    std::string get(std::string_view attribute) const;  // "" when absent
};

// Start tags in document order (comments, end tags and doctype skipped).
// Text inside <script>/<style>/<textarea>/<pre> is not scanned for tags.
std::vector<Tag> scanTags(std::string_view page);

// Decodes the five entities htmlEscape writes (and numeric ones).
std::string decodeEntities(std::string_view text);

// The text between the start tag at `tag.offset` and its matching end tag
// (no nesting of the same element assumed).
std::string innerText(std::string_view page, const Tag& tag);

}  // namespace confab::web::test
