#include "confab/protocol/rfc3339.h"

#include <chrono>
#include <cstdio>

namespace confab::protocol {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kFirstMs = -62'167'219'200'000;  // 0000-01-01T00:00:00Z
constexpr std::int64_t kLastMs = 253'402'300'799'999;   // 9999-12-31T23:59:59.999Z

// Reads exactly `count` digits at `pos`.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
    if (pos + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

bool at(std::string_view text, std::size_t pos, char expected) {
    return pos < text.size() && text[pos] == expected;
}

}  // namespace

std::string formatRfc3339Utc(std::int64_t unix_ms) {
    if (unix_ms < kFirstMs || unix_ms > kLastMs) return {};
    std::int64_t day = unix_ms / kMsPerDay;
    std::int64_t ms_of_day = unix_ms % kMsPerDay;
    if (ms_of_day < 0) {
        ms_of_day += kMsPerDay;
        --day;
    }
    const std::chrono::year_month_day date{sys_days{days{day}}};
    const auto seconds_of_day = ms_of_day / 1000;
    char buffer[40];
    const int year = static_cast<int>(date.year());
    const unsigned month = static_cast<unsigned>(date.month());
    const unsigned mday = static_cast<unsigned>(date.day());
    const auto hour = static_cast<int>(seconds_of_day / 3600);
    const auto minute = static_cast<int>(seconds_of_day / 60 % 60);
    const auto second = static_cast<int>(seconds_of_day % 60);
    const auto millis = static_cast<int>(ms_of_day % 1000);
    if (millis == 0)
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", year, month, mday,
                      hour, minute, second);
    else
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", year, month,
                      mday, hour, minute, second, millis);
    return buffer;
}

std::optional<std::int64_t> parseRfc3339(std::string_view text) {
    const auto year = digits(text, 0, 4);
    const auto month = digits(text, 5, 2);
    const auto mday = digits(text, 8, 2);
    const auto hour = digits(text, 11, 2);
    const auto minute = digits(text, 14, 2);
    const auto second = digits(text, 17, 2);
    if (!year || !month || !mday || !hour || !minute || !second) return std::nullopt;
    if (!at(text, 4, '-') || !at(text, 7, '-') || !(at(text, 10, 'T') || at(text, 10, 't')) ||
        !at(text, 13, ':') || !at(text, 16, ':'))
        return std::nullopt;
    if (*hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{*year},
                                           std::chrono::month{static_cast<unsigned>(*month)},
                                           std::chrono::day{static_cast<unsigned>(*mday)}};
    if (!date.ok()) return std::nullopt;

    std::size_t pos = 19;
    int millis = 0;
    if (at(text, pos, '.')) {
        ++pos;
        const std::size_t first = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (pos - first < 3) millis = millis * 10 + (text[pos] - '0');
            ++pos;
        }
        if (pos == first) return std::nullopt;
        for (std::size_t n = pos - first; n < 3; ++n) millis *= 10;
    }

    std::int64_t offset_minutes = 0;
    if (at(text, pos, 'Z') || at(text, pos, 'z')) {
        ++pos;
    } else if (at(text, pos, '+') || at(text, pos, '-')) {
        const bool negative = text[pos] == '-';
        const auto offset_hour = digits(text, pos + 1, 2);
        const auto offset_minute = digits(text, pos + 4, 2);
        if (!offset_hour || !offset_minute || !at(text, pos + 3, ':') || *offset_hour > 23 ||
            *offset_minute > 59)
            return std::nullopt;
        offset_minutes = *offset_hour * 60 + *offset_minute;
        if (negative) offset_minutes = -offset_minutes;
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;

    const std::int64_t day = sys_days{date}.time_since_epoch().count();
    const std::int64_t seconds = *hour * 3600 + *minute * 60 + *second - offset_minutes * 60;
    const std::int64_t unix_ms = day * kMsPerDay + seconds * 1000 + millis;
    // An offset can move "0000-01-01T00:00:00+01:00" before year 0 or
    // "9999-12-31T23:30:00-01:00" after 9999: instants RFC 3339 cannot write
    // in UTC, which formatRfc3339Utc would then refuse. Refuse them here.
    if (unix_ms < kFirstMs || unix_ms > kLastMs) return std::nullopt;
    return unix_ms;
}

}  // namespace confab::protocol
