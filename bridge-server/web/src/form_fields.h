// Parsing what a browser sends to the admin web page: ids in paths, dates and
// page numbers in the history search, the policy form, cookies. Everything
// here is strict: text that is not exactly what is expected is refused with a
// sentence naming the field, never guessed at.
//
// Thread contract: pure functions, callable from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "confab/store/conference_log.h"
#include "confab/store/directory.h"
#include "confab/web/admin_views.h"
#include "confab/web/pages.h"

namespace confab::web {

// Form fields as httplib parses them (httplib::Params is this type).
using FormFields = std::multimap<std::string, std::string>;

// The first value of `name`, or "" when absent.
std::string formValue(const FormFields& fields, const std::string& name);

// Decimal digits only (no sign, no spaces), value within [min, max].
std::optional<std::int64_t> parseStrictInteger(std::string_view text, std::int64_t min, std::int64_t max);

// "YYYY-MM-DD", a real calendar day, years 1970..9999: that day's midnight,
// UTC, in milliseconds since the epoch.
std::optional<UnixMillis> parseUtcDate(std::string_view text);

// Splits on newlines and commas, trims spaces, tabs and CRs, drops empty items.
std::vector<std::string> splitList(std::string_view text);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), if present.
std::optional<std::string> cookieValue(std::string_view cookie_header, std::string_view name);

// The policy form (field names in web_server.h) applied to `current`: roles
// keep their names and members, which the form does not edit. Role N is on
// the form when role_N_allowed_prefixes is sent; then a missing checkbox
// means unticked (browsers send nothing for those); a role not on the form
// stays as it is. `error` says which field could
// not be read; the limits' ranges are checked by AdminBackend::setPolicy.
struct PolicyForm {
    PolicyView policy;
    std::string error;  // empty when every field could be read
};
PolicyForm parsePolicyForm(const PolicyView& current, const FormFields& fields);

// The history search (GET /history and /history.csv): user, number, from,
// to ("YYYY-MM-DD", UTC days, `to` inclusive), page (1-based). `query` echoes
// what was typed, for the form; `search` is what to ask the ConferenceLog
// (limit/offset for pages of `page_size`). `error` names the field that could
// not be read; then the search must not run.
struct HistoryFilter {
    HistoryQuery query;
    store::LegSearch search;
    std::string error;
};
HistoryFilter parseHistoryFilter(const FormFields& fields, std::size_t page_size);

// The directory form (POST /directory): jid, name, work, mobile, preferred.
// Numbers are normalised to E.164 in `default_region`. `error` names the
// field; then `user` must not be stored.
struct DirectoryForm {
    store::DirectoryUser user;  // source "admin"
    std::string error;
};
DirectoryForm parseDirectoryForm(const FormFields& fields, const std::string& default_region);

// Makes text from a request safe for one log line or an audit row: control
// characters, quotes and backslashes become '?', and it is cut to `max_bytes`
// (then "..." is appended).
std::string sanitizeForLog(std::string_view text, std::size_t max_bytes = 128);

}  // namespace confab::web
