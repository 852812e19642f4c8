// quoteUntrusted(): how text from a peer appears inside our reason strings and
// log lines, so a hostile SDP or dial string cannot forge log lines or spill
// control characters into a terminal.
//
// Thread contract: pure function; callable from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace confab::sip {

// 'text' in single quotes; bytes outside printable ASCII and the quote and
// backslash become \xNN; longer than `max_chars` input is cut and ends in "...".
std::string quoteUntrusted(std::string_view text, std::size_t max_chars = 64);

}  // namespace confab::sip
