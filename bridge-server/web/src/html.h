// Small building blocks the page renderers share: escaping helpers, URL
// encoding, time formatting and the common page layout (head, navigation,
// flash message, footer). Private to confab-bridge-web.
//
// Thread contract: none needed; pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "confab/web/pages.h"

namespace confab::web::html {

// Shorthand for htmlEscape, so templates stay readable.
inline std::string esc(std::string_view text) { return htmlEscape(text); }

// Replaces every invalid UTF-8 sequence with U+FFFD; valid text is unchanged.
std::string sanitizeUtf8(std::string_view text);

// application/x-www-form-urlencoded value encoding (space as "+").
std::string urlEncode(std::string_view text);

// "2024-05-01 13:45:07 UTC" ("2024-05-01 13:45:07" without the zone, for
// tables that say once that times are UTC); "" for 0.
std::string formatTime(std::int64_t unix_millis, bool with_zone = true);
// "2024-05-01T13:45:07Z" (for <time datetime> and CSV); "" for 0.
std::string isoTime(std::int64_t unix_millis);
// "1:02:03" / "2:05" / "0:07".
std::string formatDuration(std::int64_t millis);
// "3 d 4 h", "2 h 5 min", "7 min 3 s", "12 s".
std::string formatUptime(std::int64_t seconds);
// Fixed-point with `decimals` digits; "–" (en dash) when negative (unknown).
std::string formatMeasure(double value, int decimals);

// <input type="hidden" name="csrf" value="...">
std::string csrfField(std::string_view token);

// The navigation entries; NavItem::None for pages outside the menu.
enum class NavItem { None, Dashboard, History, Directory, Policy, System };

// A whole HTML document. With `context` non-null the page has the navigation
// bar, the admin's name, a logout button and the flash message; `body` is
// already-escaped HTML. `body_class` goes on <body> so app.js knows which page
// it is on.
std::string layout(const PageContext* context, std::string_view title, NavItem active,
                   std::string_view body_class, std::string_view body);

}  // namespace confab::web::html
