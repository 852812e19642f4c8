#include "form_fields.h"

#include <charconv>

#include "confab/shared/phone_number.h"
#include "confab/shared/utf8.h"

namespace confab::web {

std::string formValue(const FormFields& fields, const std::string& name) {
    auto found = fields.find(name);
    return found == fields.end() ? std::string() : found->second;
}

std::optional<std::int64_t> parseStrictInteger(std::string_view text, std::int64_t min, std::int64_t max) {
    if (text.empty() || text.size() > 19) return std::nullopt;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    if (value < min || value > max) return std::nullopt;
    return value;
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil).
std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day) {
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

bool isLeap(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

}  // namespace

std::optional<UnixMillis> parseUtcDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto year = parseStrictInteger(text.substr(0, 4), 1970, 9999);
    auto month = parseStrictInteger(text.substr(5, 2), 1, 12);
    auto day = parseStrictInteger(text.substr(8, 2), 1, 31);
    if (!year || !month || !day) return std::nullopt;
    static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last_day = kDaysInMonth[*month - 1];
    if (*month == 2 && isLeap(*year)) last_day = 29;
    if (*day > last_day) return std::nullopt;
    return daysFromCivil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)) * 86'400'000;
}

std::vector<std::string> splitList(std::string_view text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(",\n", start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view item = trim(text.substr(start, end - start));
        if (!item.empty()) items.emplace_back(item);
        start = end + 1;
    }
    return items;
}

std::optional<std::string> cookieValue(std::string_view cookie_header, std::string_view name) {
    std::size_t start = 0;
    while (start < cookie_header.size()) {
        std::size_t end = cookie_header.find(';', start);
        if (end == std::string_view::npos) end = cookie_header.size();
        std::string_view pair = trim(cookie_header.substr(start, end - start));
        const auto equals = pair.find('=');
        if (equals != std::string_view::npos && trim(pair.substr(0, equals)) == name) {
            return std::string(trim(pair.substr(equals + 1)));
        }
        start = end + 1;
    }
    return std::nullopt;
}

namespace {

bool readLimit(const FormFields& fields, const std::string& name, std::uint32_t& target, std::string& error) {
    auto found = fields.find(name);
    if (found == fields.end()) return true;  // not on the form: keep the current value
    const std::string_view text = trim(found->second);
    auto value = parseStrictInteger(text, 0, 0xffffffff);
    if (!value) {
        if (error.empty()) error = name + ": expected a whole number, got \"" + sanitizeForLog(text, 40) + "\"";
        return false;
    }
    target = static_cast<std::uint32_t>(*value);
    return true;
}

}  // namespace

PolicyForm parsePolicyForm(const PolicyView& current, const FormFields& fields) {
    PolicyForm form{current, {}};
    PolicyView& policy = form.policy;
    if (fields.count("start_conference") > 0) policy.start_conference = splitList(formValue(fields, "start_conference"));
    if (fields.count("blocked_prefixes") > 0) policy.blocked_prefixes = splitList(formValue(fields, "blocked_prefixes"));
    readLimit(fields, "max_legs_per_conference", policy.max_legs_per_conference, form.error);
    readLimit(fields, "max_concurrent_legs_per_user", policy.max_concurrent_legs_per_user, form.error);
    readLimit(fields, "max_dials_per_minute", policy.max_dials_per_minute, form.error);
    readLimit(fields, "invitation_timeout_seconds", policy.invitation_timeout_seconds, form.error);
    for (std::size_t index = 0; index < policy.roles.size(); ++index) {
        PolicyRole& role = policy.roles[index];
        const std::string prefix = "role_" + std::to_string(index) + "_";
        // The prefixes field says the role is on the form; only then does a
        // missing checkbox mean "unticked" (browsers send nothing for those).
        if (fields.count(prefix + "allowed_prefixes") == 0) continue;
        role.allowed_prefixes = splitList(formValue(fields, prefix + "allowed_prefixes"));
        role.allow_international = formValue(fields, prefix + "allow_international") == "on";
        role.allow_premium = formValue(fields, prefix + "allow_premium") == "on";
    }
    return form;
}

namespace {

constexpr std::size_t kMaxSearchText = 200;
constexpr std::int64_t kMaxPage = 1'000'000;
constexpr std::int64_t kDayMillis = 86'400'000;

}  // namespace

HistoryFilter parseHistoryFilter(const FormFields& fields, std::size_t page_size) {
    HistoryFilter filter;
    HistoryQuery& query = filter.query;
    query.user = std::string(trim(formValue(fields, "user")));
    query.number = std::string(trim(formValue(fields, "number")));
    query.from = std::string(trim(formValue(fields, "from")));
    query.to = std::string(trim(formValue(fields, "to")));
    auto fail = [&](std::string message) {
        if (filter.error.empty()) filter.error = std::move(message);
    };
    for (auto [name, text] : {std::pair<const char*, std::string*>{"user", &query.user}, {"number", &query.number}}) {
        if (text->size() > kMaxSearchText) {
            fail(std::string(name) + ": at most " + std::to_string(kMaxSearchText) + " characters, please.");
        } else if (!isValidUtf8(*text)) {
            fail(std::string(name) + ": the text is not valid UTF-8.");
        }
    }
    const std::string page_text(trim(formValue(fields, "page")));
    if (!page_text.empty()) {
        if (auto page = parseStrictInteger(page_text, 1, kMaxPage)) {
            query.page = static_cast<std::size_t>(*page);
        } else {
            fail("page: expected a page number from 1 to " + std::to_string(kMaxPage) + ".");
        }
    }
    std::optional<UnixMillis> from;
    std::optional<UnixMillis> to;
    if (!query.from.empty() && !(from = parseUtcDate(query.from))) {
        fail("from: expected a date as YYYY-MM-DD, for example 2024-05-01.");
    }
    if (!query.to.empty() && !(to = parseUtcDate(query.to))) {
        fail("to: expected a date as YYYY-MM-DD, for example 2024-05-31.");
    }
    if (from && to && *from > *to) fail("from: the first day comes after the last day.");

    store::LegSearch& search = filter.search;
    search.user = query.user;
    search.number = query.number;
    search.from = from;
    if (to) search.to = *to + kDayMillis;  // the whole last day
    search.limit = page_size;
    search.offset = (query.page - 1) * page_size;
    return filter;
}

DirectoryForm parseDirectoryForm(const FormFields& fields, const std::string& default_region) {
    DirectoryForm form;
    store::DirectoryUser& user = form.user;
    user.source = "admin";
    user.jid = std::string(trim(formValue(fields, "jid")));
    user.display_name = std::string(trim(formValue(fields, "name")));
    const std::string work_text(trim(formValue(fields, "work")));
    const std::string mobile_text(trim(formValue(fields, "mobile")));
    const std::string preferred(trim(formValue(fields, "preferred")));
    auto fail = [&](std::string message) {
        if (form.error.empty()) form.error = std::move(message);
    };
    if (user.jid.empty()) fail("jid: enter the user's address, like alice@example.com.");
    if (user.display_name.empty()) fail("name: enter the name people know the user by.");
    if (!preferred.empty() && preferred != "work" && preferred != "mobile") {
        fail("preferred: choose work or mobile.");
    }
    std::string work;
    std::string mobile;
    if (!work_text.empty()) {
        E164Result result = normalizeToE164(work_text, default_region);
        if (result.ok()) work = result.e164;
        else fail("work: " + result.reason);
    }
    if (!mobile_text.empty()) {
        E164Result result = normalizeToE164(mobile_text, default_region);
        if (result.ok()) mobile = result.e164;
        else fail("mobile: " + result.reason);
    }
    if (preferred == "work" && work_text.empty()) fail("preferred: the work number is empty.");
    if (preferred == "mobile" && mobile_text.empty()) fail("preferred: the mobile number is empty.");
    if (!form.error.empty()) return form;

    const bool mobile_preferred = preferred == "mobile" || (preferred.empty() && work.empty());
    if (!work.empty() && work == mobile) {
        // One number given twice: stored once, as the kind that is preferred.
        user.numbers.push_back({work, mobile_preferred ? store::NumberKind::Mobile : store::NumberKind::Work, true});
        return form;
    }
    if (!work.empty()) user.numbers.push_back({work, store::NumberKind::Work, !mobile_preferred});
    if (!mobile.empty()) user.numbers.push_back({mobile, store::NumberKind::Mobile, mobile_preferred});
    return form;
}

std::string sanitizeForLog(std::string_view text, std::size_t max_bytes) {
    std::string clean;
    clean.reserve(std::min(text.size(), max_bytes));
    for (char c : text) {
        if (clean.size() >= max_bytes) {
            clean += "...";
            break;
        }
        const auto byte = static_cast<unsigned char>(c);
        // A quote could fake the end of the quoted name in the login failure
        // line and smuggle a different address to fail2ban.
        clean += (byte < 0x20 || byte == 0x7f || c == '\'' || c == '\\') ? '?' : c;
    }
    return clean;
}

}  // namespace confab::web
