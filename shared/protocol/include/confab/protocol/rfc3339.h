// RFC 3339 timestamps in UTC, as RFC 4575 <when> elements carry them.
// Pure functions of their arguments (no clock), any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace confab::protocol {

// "2026-11-21T21:10:44Z", or "2026-11-21T21:10:44.250Z" when the milliseconds
// are not zero. Empty for instants outside years 0000..9999, which RFC 3339
// cannot write.
std::string formatRfc3339Utc(std::int64_t unix_ms);

// Unix milliseconds of "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)"
// ('T' and 'Z' in either case; fraction digits after the third are dropped).
// nullopt for anything else, including impossible dates, leap second 60 and
// offsets that put the instant outside 0000..9999 in UTC. Whatever it returns,
// formatRfc3339Utc can write.
std::optional<std::int64_t> parseRfc3339(std::string_view text);

}  // namespace confab::protocol
