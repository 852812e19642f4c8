// The admin web page's HTML: pure functions from views to complete pages, so
// they can be tested without a server. Every piece of data goes through
// htmlEscape (text and attribute values alike); no page contains inline
// script or style attributes (the CSP forbids them): behaviour comes from
// /static/app.js, looks from /static/style.css.
//
// Forms post to the routes documented in web_server.h, with the field names
// given there, and always carry the hidden field "csrf".
//
// Thread contract: none needed; pure functions, callable from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "confab/store/conference_log.h"
#include "confab/store/directory.h"
#include "confab/web/admin_views.h"

namespace confab::web {

// &, <, >, ", ' become entities; invalid UTF-8 bytes become U+FFFD.
std::string htmlEscape(std::string_view text);

// What every page after login needs.
struct PageContext {
    std::string admin;       // logged-in admin's name
    std::string csrf_token;  // the session's token, put into every form
    std::string flash;       // one message from the previous action, may be empty
    bool flash_is_error = false;
};

struct HistoryQuery {
    std::string user;    // as typed
    std::string number;  // as typed
    std::string from;    // "YYYY-MM-DD" as typed, may be empty
    std::string to;      // "YYYY-MM-DD" as typed, may be empty
    std::size_t page = 1;
};

// `error` shown above the form when non-empty; `login_csrf` goes into the
// hidden "csrf" field; `username` refills the name field.
std::string renderLoginPage(const std::string& error, const std::string& login_csrf,
                            const std::string& username);
std::string renderDashboardPage(const PageContext& context, const HealthView& health,
                                const std::vector<ConferenceView>& conferences);
std::string renderConferencePage(const PageContext& context, const ConferenceView& conference);
// Recordings keyed by conference id (ConferenceLog::recordingsOf), for the
// history rows and the CSV export.
using RecordingsByConference = std::map<std::int64_t, std::vector<store::RecordingRecord>>;

// `recordings`: those of the conferences on this page; each row shows its
// conference's count, linked to the timeline's recordings.
std::string renderHistoryPage(const PageContext& context, const HistoryQuery& query,
                              const store::LegSearchPage& results, std::size_t page_size,
                              const RecordingsByConference& recordings = {});
// `recordings`: the conference's, each with a download link to
// /history/recordings/{id}.
std::string renderTimelinePage(const PageContext& context, const store::ConferenceRecord& conference,
                               const std::vector<store::LegRecord>& legs,
                               const std::vector<store::EventRecord>& events,
                               const std::vector<store::RecordingRecord>& recordings = {});
// The file name a recording is shown and downloaded under: the last part of
// its path with every byte outside [A-Za-z0-9._-] replaced by '_' and no
// leading dot, at most 120 bytes; "recording-<id>.<wav|ogg>" when nothing
// is left. Safe in a Content-Disposition header as it is.
std::string recordingDownloadName(const store::RecordingRecord& recording);
// "audio/wav", "audio/ogg", else "application/octet-stream".
std::string_view recordingContentType(const store::RecordingRecord& recording);
// `import_errors`: "line 3: ..." lines of the last CSV import, may be empty.
std::string renderDirectoryPage(const PageContext& context, const std::vector<store::DirectoryUser>& users,
                                const std::vector<std::string>& import_errors);
// `error`: why the last submitted policy was refused, may be empty.
std::string renderPolicyPage(const PageContext& context, const PolicyView& policy, const std::string& error);
std::string renderSystemPage(const PageContext& context, const SystemView& system,
                             const std::vector<store::AuditRecord>& audit);
// A whole page for 400/403/404/413/500 and friends; `context` may be null
// (not logged in: no navigation).
std::string renderErrorPage(const PageContext* context, int status, const std::string& message);

// The live dashboard's data, sent as the SSE "conferences" event and by
// GET /api/conferences: {"health":{...},"conferences":[{...,"legs":[...]}]}.
// The shape is documented in docs/admin.md; app.js reads it.
std::string liveJson(const HealthView& health, const std::vector<ConferenceView>& conferences);

// Call detail records as RFC 4180 CSV with a header line. Cells that a
// spreadsheet would run as a formula (starting with = + - @ or a tab/CR) are
// prefixed with a single quote. The last column, "recordings", names the
// files of each row's conference (the last part of each path, "; " between
// them).
std::string historyCsv(const std::vector<store::LegRecord>& legs, const RecordingsByConference& recordings = {});

std::string_view appJs();     // served as /static/app.js
std::string_view styleCss();  // served as /static/style.css

}  // namespace confab::web
