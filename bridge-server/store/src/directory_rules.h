// The Directory's rules for its text: what a bare JID and a display name may
// hold, and the search keys derived from them. Pure functions, any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace confab::store {

std::string lowerAscii(std::string_view text);

// Why `jid` (already lower-cased) is not a bare JID, as a fragment that
// follows the JID in a sentence ("has no '@'"), or nullopt when it is one.
std::optional<std::string> bareJidProblem(std::string_view jid);
// Why `name` is not an acceptable display name ("is empty"), or nullopt.
std::optional<std::string> displayNameProblem(std::string_view name);

// The part before '@' (the whole text when there is none).
std::string localPartOf(std::string_view jid);

// The key names are compared by: simple case folding (ASCII, Latin-1,
// Latin Extended-A, Greek, Cyrillic), whitespace runs (including no-break
// and ideographic spaces) collapsed to one ASCII space, trimmed.
std::string nameSearchKey(std::string_view text);
// The words of a search key that a name prefix may match: each space-
// separated token with surrounding punctuation stripped, plus the parts of
// tokens joined by '-', '.' or '\'' ("jean-luc" gives "jean-luc", "jean",
// "luc"). No duplicates.
std::vector<std::string> nameWords(std::string_view key);

// The smallest byte string greater than every string starting with
// `prefix` (non-empty, valid UTF-8): the exclusive upper bound of a
// prefix range on a BINARY-collated index.
std::string prefixUpperBound(std::string_view prefix);

}  // namespace confab::store
