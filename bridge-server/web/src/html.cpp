// Escaping, encoding and formatting helpers, and the shared page layout.
#include "html.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "confab/shared/utf8.h"

namespace confab::web {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence starting at text[i], or 0 when the
// bytes there are not valid UTF-8 (confab-shared's decoder decides).
std::size_t validSequenceLength(std::string_view text, std::size_t i) {
    const auto decoded = decodeUtf8At(text, i);
    return decoded ? decoded->length : 0;
}

}  // namespace

std::string htmlEscape(std::string_view text) {
    const std::string clean = html::sanitizeUtf8(text);
    std::string out;
    out.reserve(clean.size() + clean.size() / 8);
    for (const char c : clean) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case '\0': out += kReplacement; break;  // NUL is a parse error in HTML
            default: out += c;
        }
    }
    return out;
}

namespace html {

std::string sanitizeUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t length = validSequenceLength(text, i);
        if (length == 0) {
            out += kReplacement;
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

std::string urlEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || c == '-' || c == '_' || c == '.' ||
                                c == '~';
        if (unreserved) {
            out += c;
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0F];
        }
    }
    return out;
}

namespace {

bool utcParts(std::int64_t unix_millis, std::tm& parts) {
    const std::time_t seconds = static_cast<std::time_t>(unix_millis / 1000);
    return gmtime_r(&seconds, &parts) != nullptr;
}

}  // namespace

std::string formatTime(std::int64_t unix_millis, bool with_zone) {
    std::tm parts{};
    if (unix_millis == 0 || !utcParts(unix_millis, parts)) return "";
    std::array<char, 40> buffer{};
    std::strftime(buffer.data(), buffer.size(), with_zone ? "%Y-%m-%d %H:%M:%S UTC" : "%Y-%m-%d %H:%M:%S", &parts);
    return buffer.data();
}

std::string isoTime(std::int64_t unix_millis) {
    std::tm parts{};
    if (unix_millis == 0 || !utcParts(unix_millis, parts)) return "";
    std::array<char, 40> buffer{};
    std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &parts);
    return buffer.data();
}

std::string formatDuration(std::int64_t millis) {
    if (millis < 0) millis = 0;
    const std::int64_t total = millis / 1000;
    const std::int64_t hours = total / 3600;
    const std::int64_t minutes = (total / 60) % 60;
    const std::int64_t seconds = total % 60;
    std::array<char, 48> buffer{};
    if (hours > 0) {
        std::snprintf(buffer.data(), buffer.size(), "%lld:%02lld:%02lld", static_cast<long long>(hours),
                      static_cast<long long>(minutes), static_cast<long long>(seconds));
    } else {
        std::snprintf(buffer.data(), buffer.size(), "%lld:%02lld", static_cast<long long>(minutes),
                      static_cast<long long>(seconds));
    }
    return buffer.data();
}

std::string formatUptime(std::int64_t seconds) {
    if (seconds < 0) seconds = 0;
    const std::int64_t days = seconds / 86400;
    const std::int64_t hours = (seconds / 3600) % 24;
    const std::int64_t minutes = (seconds / 60) % 60;
    const std::int64_t rest = seconds % 60;
    if (days > 0) return std::to_string(days) + " d " + std::to_string(hours) + " h";
    if (hours > 0) return std::to_string(hours) + " h " + std::to_string(minutes) + " min";
    if (minutes > 0) return std::to_string(minutes) + " min " + std::to_string(rest) + " s";
    return std::to_string(rest) + " s";
}

std::string formatMeasure(double value, int decimals) {
    if (!(value >= 0) || !std::isfinite(value)) return "\xE2\x80\x93";  // en dash
    std::array<char, 48> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value);
    return buffer.data();
}

std::string csrfField(std::string_view token) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(token) + "\">";
}

namespace {

struct NavEntry {
    NavItem item;
    std::string_view href;
    std::string_view label;
};

constexpr std::array<NavEntry, 5> kNavigation{{
    {NavItem::Dashboard, "/", "Dashboard"},
    {NavItem::History, "/history", "History"},
    {NavItem::Directory, "/directory", "Directory"},
    {NavItem::Policy, "/policy", "Dial policy"},
    {NavItem::System, "/system", "System"},
}};

}  // namespace

std::string layout(const PageContext* context, std::string_view title, NavItem active,
                   std::string_view body_class, std::string_view body) {
    std::string page;
    page.reserve(body.size() + 2048);
    page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>";
    page += esc(title);
    page += " \xC2\xB7 Confab admin</title>\n"
            "<link rel=\"icon\" href=\"data:,\">\n"  // no /favicon.ico request (CSP allows data: images)
            "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
            "<script src=\"/static/app.js\" defer></script>\n</head>\n<body class=\"";
    page += esc(body_class);
    page += "\">\n";
    if (context != nullptr) {
        page += "<header class=\"topbar\">\n<a class=\"brand\" href=\"/\">Confab</a>\n<nav aria-label=\"Main\">\n<ul>\n";
        for (const NavEntry& entry : kNavigation) {
            page += "<li><a href=\"";
            page += entry.href;
            page += '"';
            if (entry.item == active) page += " class=\"active\" aria-current=\"page\"";
            page += '>';
            page += entry.label;
            page += "</a></li>\n";
        }
        page += "</ul>\n</nav>\n<div class=\"who\"><span class=\"admin-name\" id=\"admin-name\">";
        page += esc(context->admin);
        page += "</span>\n<form method=\"post\" action=\"/logout\" class=\"inline\">";
        page += csrfField(context->csrf_token);
        page += "<button type=\"submit\" class=\"link-button\">Log out</button></form></div>\n</header>\n";
    }
    page += "<main>\n";
    if (context != nullptr && !context->flash.empty()) {
        page += context->flash_is_error ? "<p class=\"flash error\" role=\"alert\" id=\"flash\">"
                                        : "<p class=\"flash ok\" role=\"status\" id=\"flash\">";
        page += esc(context->flash);
        page += "</p>\n";
    }
    page += body;
    page += "</main>\n<footer class=\"page-footer\">Confab bridge administration</footer>\n</body>\n</html>\n";
    return page;
}

}  // namespace html
}  // namespace confab::web
