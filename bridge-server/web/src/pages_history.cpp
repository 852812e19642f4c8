// History: the searchable call detail records, one conference's timeline
// with its recordings, and the CSV export of the same records.
#include <algorithm>
#include <filesystem>

#include "html.h"

namespace confab::web {

namespace {

using html::esc;

// "?user=..&number=..&from=..&to=.." with only the filters that are set
// (and page when > 1); "" when nothing is set.
std::string filterQuery(const HistoryQuery& query, std::size_t page) {
    std::string text;
    const auto add = [&](std::string_view name, const std::string& value) {
        if (value.empty()) return;
        text += text.empty() ? '?' : '&';
        text += name;
        text += '=';
        text += html::urlEncode(value);
    };
    add("user", query.user);
    add("number", query.number);
    add("from", query.from);
    add("to", query.to);
    if (page > 1) add("page", std::to_string(page));
    return text;
}

bool legFailed(const store::LegRecord& leg) { return leg.ended.has_value() && !leg.answered.has_value(); }

std::string answeredCell(const store::LegRecord& leg) {
    if (leg.answered) return "<time datetime=\"" + esc(html::isoTime(*leg.answered)) + "\">" + esc(html::formatTime(*leg.answered, false)) + "</time>";
    return leg.ended ? "<span class=\"chip bad\">not answered</span>" : "<span class=\"chip\">ringing</span>";
}

std::string endCell(const store::LegRecord& leg) {
    if (!leg.ended) return "<span class=\"chip live\">in progress</span>";
    std::string text = esc(leg.end_reason.empty() ? std::string("ended") : leg.end_reason);
    if (legFailed(leg) || leg.sip_code >= 300) {
        text = "<span class=\"chip bad\">" + text + "</span>";
    }
    return text;
}

std::string sipCell(const store::LegRecord& leg) { return leg.sip_code != 0 ? std::to_string(leg.sip_code) : ""; }

// The history row's recordings cell: how many, linked to the timeline's list.
std::string recordingsCell(std::int64_t conference_id, const RecordingsByConference& recordings) {
    const auto found = recordings.find(conference_id);
    if (found == recordings.end() || found->second.empty()) return "<td class=\"num recordings\"></td>";
    const std::string count = std::to_string(found->second.size());
    const std::string conference = std::to_string(conference_id);
    return "<td class=\"num recordings\"><a href=\"/history/" + conference + "#recordings\" title=\"" + count +
           (found->second.size() == 1 ? " recording" : " recordings") + " of conference " + conference + "\">" +
           count + "</a></td>";
}

std::string cdrRow(const store::LegRecord& leg, const RecordingsByConference* recordings = nullptr) {
    const bool conference_column = recordings != nullptr;
    const std::string conference = std::to_string(leg.conference_id);
    std::string row = "<tr data-leg-id=\"" + std::to_string(leg.id) + "\"";
    if (legFailed(leg)) row += " class=\"failed\"";
    row += ">";
    row += "<td><time datetime=\"" + esc(html::isoTime(leg.started)) + "\">" + esc(html::formatTime(leg.started, false)) + "</time></td>";
    row += "<td>" + esc(leg.requester_jid) + "</td>";
    row += "<td class=\"number\">" + esc(leg.number) + "</td>";
    row += "<td>" + esc(leg.display_name) + "</td>";
    row += "<td>" + answeredCell(leg) + "</td>";
    row += "<td class=\"num\">" + esc(leg.answered ? html::formatDuration(leg.durationMillis()) : std::string()) + "</td>";
    row += "<td>" + endCell(leg) + "</td>";
    row += "<td class=\"num sip-code\">" + sipCell(leg) + "</td>";
    if (conference_column) {
        row += "<td><a href=\"/history/" + conference + "\">#" + conference + "</a></td>";
        row += recordingsCell(leg.conference_id, *recordings);
    }
    row += "</tr>\n";
    return row;
}

std::string pagination(const HistoryQuery& query, std::size_t total, std::size_t page_size) {
    if (page_size == 0) page_size = 1;
    const std::size_t pages = std::max<std::size_t>(1, (total + page_size - 1) / page_size);
    const std::size_t current = std::clamp<std::size_t>(query.page, 1, pages);
    if (pages <= 1) return "";
    std::string nav = "<nav class=\"pagination\" aria-label=\"Pages\"><ul>";
    const auto link = [&](std::size_t page, const std::string& label, std::string_view rel) {
        nav += "<li><a href=\"/history" + esc(filterQuery(query, page).empty() ? std::string("?page=1") : filterQuery(query, page)) + "\"";
        if (!rel.empty()) {
            nav += " rel=\"";
            nav += rel;
            nav += '"';
        }
        nav += ">" + esc(label) + "</a></li>";
    };
    if (current > 1) link(current - 1, "\xE2\x80\xB9 Previous", "prev");
    // First, last and a window around the current page; gaps become "…".
    std::size_t last_shown = 0;
    for (std::size_t page = 1; page <= pages; ++page) {
        const bool near = page + 2 >= current && page <= current + 2;
        if (page != 1 && page != pages && !near) continue;
        if (last_shown != 0 && page > last_shown + 1) nav += "<li class=\"gap\">\xE2\x80\xA6</li>";
        if (page == current) {
            nav += "<li><span class=\"current\" aria-current=\"page\">" + std::to_string(page) + "</span></li>";
        } else {
            link(page, std::to_string(page), {});
        }
        last_shown = page;
    }
    if (current < pages) link(current + 1, "Next \xE2\x80\xBA", "next");
    nav += "</ul></nav>\n";
    return nav;
}

std::string searchForm(const HistoryQuery& query) {
    const auto field = [](std::string_view id, std::string_view label, std::string_view type, const std::string& value,
                          std::string_view extra) {
        std::string text = "<div class=\"field\"><label for=\"";
        text += id;
        text += "\">";
        text += label;
        text += "</label><input id=\"";
        text += id;
        text += "\" name=\"";
        text += id.substr(2);  // ids are "h-user" etc.
        text += "\" type=\"";
        text += type;
        text += "\" value=\"" + esc(value) + "\"";
        text += extra;
        text += "></div>";
        return text;
    };
    // A GET search changes nothing, so it carries no CSRF token.
    std::string form = "<form method=\"get\" action=\"/history\" class=\"search\" id=\"history-search\">";
    form += field("h-user", "User", "search", query.user, " maxlength=\"200\" placeholder=\"alice or alice@example.com\"");
    form += field("h-number", "Number", "search", query.number, " maxlength=\"64\" placeholder=\"+1555\"");
    form += field("h-from", "From", "date", query.from, "");
    form += field("h-to", "To (inclusive)", "date", query.to, "");
    form += "<div class=\"field buttons\"><button type=\"submit\" class=\"button primary\">Search</button>"
            "<a class=\"button\" href=\"/history\">Clear</a></div></form>\n";
    return form;
}

std::string timelineEntry(std::int64_t at, std::string_view kind, const std::string& text, std::string_view entry_class) {
    std::string item = "<li class=\"";
    item += entry_class;
    item += "\"><time datetime=\"" + esc(html::isoTime(at)) + "\">" + esc(html::formatTime(at)) + "</time> <span class=\"kind\">" +
            esc(kind) + "</span> <span class=\"detail\">" + esc(text) + "</span></li>\n";
    return item;
}

std::string legLabel(const store::LegRecord& leg) {
    return leg.display_name.empty() ? leg.number : leg.display_name + " (" + leg.number + ")";
}

// The last part of the stored path, as the plugin named the file.
std::string recordingFileName(const store::RecordingRecord& recording) {
    return std::filesystem::path(recording.path).filename().string();
}

std::string participantLabel(std::uint32_t participant) {
    return participant == 0 ? std::string("mix") : "participant " + std::to_string(participant);
}

std::string formatLabel(const std::string& format) {
    if (format == "wav") return "WAV";
    if (format == "ogg-opus") return "Ogg Opus";
    return format;
}

// "812 B", "4.2 KiB", "17.0 MiB", "1.3 GiB".
std::string formatBytes(std::uint64_t bytes) {
    if (bytes < 1024) return std::to_string(bytes) + " B";
    static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < std::size(kUnits)) {
        value /= 1024.0;
        ++unit;
    }
    const auto tenths = static_cast<std::uint64_t>(value * 10.0 + 0.5);
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " " + kUnits[unit];
}

std::string recordingsSection(const std::vector<store::RecordingRecord>& recordings) {
    std::string body = "<h2 class=\"section-title\" id=\"recordings\">Recordings</h2>\n";
    if (recordings.empty()) return body + "<p class=\"empty-note\">This conference was not recorded.</p>\n";
    body += "<div class=\"table-wrap\"><table class=\"data recordings\" id=\"timeline-recordings\">\n<thead><tr>"
            "<th scope=\"col\">File</th><th scope=\"col\">Participant</th><th scope=\"col\">Format</th>"
            "<th scope=\"col\">Started (UTC)</th><th scope=\"col\" class=\"num\">Duration</th>"
            "<th scope=\"col\" class=\"num\">Size</th><th scope=\"col\">Download</th></tr></thead>\n<tbody>\n";
    for (const store::RecordingRecord& recording : recordings) {
        const std::string id = std::to_string(recording.id);
        body += "<tr data-recording-id=\"" + id + "\">";
        body += "<td class=\"file\">" + esc(recordingFileName(recording)) + "</td>";
        body += "<td>" + esc(participantLabel(recording.participant)) + "</td>";
        body += "<td>" + esc(formatLabel(recording.format)) + "</td>";
        body += "<td><time datetime=\"" + esc(html::isoTime(recording.started)) + "\">" +
                esc(html::formatTime(recording.started, false)) + "</time></td>";
        const bool timed = recording.ended >= recording.started && recording.started != 0;
        body += "<td class=\"num\">" + esc(timed ? html::formatDuration(recording.ended - recording.started) : std::string()) +
                "</td>";
        body += "<td class=\"num\">" + esc(formatBytes(recording.bytes)) + "</td>";
        body += "<td><a class=\"button\" href=\"/history/recordings/" + id + "\" download=\"" +
                esc(recordingDownloadName(recording)) + "\">Download</a></td>";
        body += "</tr>\n";
    }
    body += "</tbody>\n</table></div>\n";
    return body;
}

}  // namespace

std::string recordingDownloadName(const store::RecordingRecord& recording) {
    constexpr std::size_t kMaxName = 120;
    std::string name;
    for (const char c : recordingFileName(recording)) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                          c == '_' || c == '-';
        name += safe ? c : '_';
    }
    // No hidden files, and nothing a shell or a browser reads as a path.
    name.erase(0, name.find_first_not_of('.'));
    if (name.size() > kMaxName) {
        name.erase(0, name.size() - kMaxName);  // keep the extension
        name.erase(0, name.find_first_not_of('.'));
    }
    if (name.find_first_not_of("._-") == std::string::npos) {
        name = "recording-" + std::to_string(recording.id) + (recording.format == "ogg-opus" ? ".ogg" : ".wav");
    }
    return name;
}

std::string_view recordingContentType(const store::RecordingRecord& recording) {
    if (recording.format == "wav") return "audio/wav";
    if (recording.format == "ogg-opus") return "audio/ogg";
    return "application/octet-stream";
}

std::string renderHistoryPage(const PageContext& context, const HistoryQuery& query,
                              const store::LegSearchPage& results, std::size_t page_size,
                              const RecordingsByConference& recordings) {
    const std::string filters = filterQuery(query, 1);
    std::string body = "<div class=\"page-head\"><h1>History</h1><a class=\"button\" id=\"export-csv\" href=\"/history.csv" +
                       esc(filters) + "\" download>Export CSV</a></div>\n";
    body += searchForm(query);
    body += "<p class=\"summary\" id=\"history-summary\">" + std::to_string(results.total) +
            (results.total == 1 ? " call" : " calls") + " found. Times are UTC.</p>\n";
    if (results.legs.empty()) {
        body += "<p class=\"empty-note\">No calls match.</p>\n";
    } else {
        body += "<div class=\"table-wrap\"><table class=\"data history\" id=\"history\">\n<thead><tr>"
                "<th scope=\"col\">Started (UTC)</th><th scope=\"col\">Requester</th><th scope=\"col\">Number</th>"
                "<th scope=\"col\">Name</th><th scope=\"col\">Answered</th><th scope=\"col\" class=\"num\">Duration</th>"
                "<th scope=\"col\">End reason</th><th scope=\"col\" class=\"num\">SIP</th><th scope=\"col\">Conference</th>"
                "<th scope=\"col\" class=\"num\">Recordings</th></tr></thead>\n<tbody>\n";
        for (const store::LegRecord& leg : results.legs) body += cdrRow(leg, &recordings);
        body += "</tbody>\n</table></div>\n";
    }
    body += pagination(query, results.total, page_size);
    return html::layout(&context, "History", html::NavItem::History, "page-history", body);
}

std::string renderTimelinePage(const PageContext& context, const store::ConferenceRecord& conference,
                               const std::vector<store::LegRecord>& legs,
                               const std::vector<store::EventRecord>& events,
                               const std::vector<store::RecordingRecord>& recordings) {
    const std::string id = std::to_string(conference.id);
    std::string body = "<div class=\"page-head\"><h1>Conference " + id + " timeline</h1><a class=\"button\" href=\"/history\">Back to history</a></div>\n";
    body += "<dl class=\"facts\" data-conference-id=\"" + id + "\"><dt>Owner</dt><dd>" + esc(conference.owner_jid) + "</dd>";
    if (!conference.room_jid.empty()) body += "<dt>Room</dt><dd>" + esc(conference.room_jid) + "</dd>";
    body += "<dt>Started</dt><dd>" + esc(html::formatTime(conference.started)) + "</dd><dt>Ended</dt><dd>";
    if (conference.ended) {
        body += esc(html::formatTime(*conference.ended));
        if (!conference.end_reason.empty()) body += " (" + esc(conference.end_reason) + ")";
        body += "</dd><dt>Length</dt><dd>" + esc(html::formatDuration(*conference.ended - conference.started));
    } else {
        body += "<span class=\"chip live\">still running</span> <a href=\"/conferences/" + id + "\">live view</a>";
    }
    body += "</dd></dl>\n";

    body += "<h2 class=\"section-title\">Legs</h2>\n";
    if (legs.empty()) {
        body += "<p class=\"empty-note\">No one was dialled.</p>\n";
    } else {
        body += "<div class=\"table-wrap\"><table class=\"data history\" id=\"timeline-legs\">\n<thead><tr>"
                "<th scope=\"col\">Started (UTC)</th><th scope=\"col\">Requester</th><th scope=\"col\">Number</th>"
                "<th scope=\"col\">Name</th><th scope=\"col\">Answered</th><th scope=\"col\" class=\"num\">Duration</th>"
                "<th scope=\"col\">End reason</th><th scope=\"col\" class=\"num\">SIP</th></tr></thead>\n<tbody>\n";
        for (const store::LegRecord& leg : legs) body += cdrRow(leg);
        body += "</tbody>\n</table></div>\n";
    }

    body += recordingsSection(recordings);

    // Events and leg milestones merged in time order (stable: equal times
    // keep leg milestones before events logged at the same moment).
    struct Entry {
        std::int64_t at;
        std::string html;
    };
    std::vector<Entry> entries;
    entries.push_back({conference.started, timelineEntry(conference.started, "conference", "started by " + conference.owner_jid, "milestone")});
    for (const store::LegRecord& leg : legs) {
        entries.push_back({leg.started, timelineEntry(leg.started, "dial", legLabel(leg) + " requested by " + leg.requester_jid, "leg")});
        if (leg.answered) entries.push_back({*leg.answered, timelineEntry(*leg.answered, "answered", legLabel(leg), "leg")});
        if (leg.ended) {
            std::string text = legLabel(leg) + ": " + (leg.end_reason.empty() ? std::string("ended") : leg.end_reason);
            const std::string code = std::to_string(leg.sip_code);
            if (leg.sip_code != 0 && leg.end_reason.find(code) == std::string::npos) text += " (SIP " + code + ")";
            entries.push_back({*leg.ended, timelineEntry(*leg.ended, "leg ended", text, legFailed(leg) ? "leg failed" : "leg")});
        }
    }
    for (const store::EventRecord& event : events) entries.push_back({event.at, timelineEntry(event.at, event.kind, event.detail, "event")});
    if (conference.ended) {
        entries.push_back({*conference.ended, timelineEntry(*conference.ended, "conference", "ended" + (conference.end_reason.empty() ? std::string() : ": " + conference.end_reason), "milestone")});
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.at < b.at; });
    body += "<h2 class=\"section-title\">Timeline</h2>\n<ol class=\"timeline\" id=\"timeline\">\n";
    for (const Entry& entry : entries) body += entry.html;
    body += "</ol>\n";
    return html::layout(&context, "Conference " + id, html::NavItem::History, "page-timeline", body);
}

namespace {

// RFC 4180 field, with the spreadsheet formula guard applied first.
void appendCsvField(std::string& out, std::string_view raw) {
    std::string value = html::sanitizeUtf8(raw);
    if (!value.empty()) {
        const char first = value.front();
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            value.insert(value.begin(), '\'');
        }
    }
    const bool needs_quotes = value.find_first_of(",\"\r\n") != std::string::npos;
    if (!needs_quotes) {
        out += value;
        return;
    }
    out += '"';
    for (const char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace

std::string historyCsv(const std::vector<store::LegRecord>& legs, const RecordingsByConference& recordings) {
    std::string out =
        "conference_id,leg_id,started_utc,requester,number,name,answered_utc,ended_utc,duration_seconds,end_reason,sip_code,"
        "recordings\r\n";
    for (const store::LegRecord& leg : legs) {
        std::string files;
        if (const auto found = recordings.find(leg.conference_id); found != recordings.end()) {
            for (const store::RecordingRecord& recording : found->second) {
                if (!files.empty()) files += "; ";
                files += recordingFileName(recording);
            }
        }
        const std::vector<std::string> cells{
            std::to_string(leg.conference_id),
            std::to_string(leg.id),
            html::isoTime(leg.started),
            leg.requester_jid,
            leg.number,
            leg.display_name,
            leg.answered ? html::isoTime(*leg.answered) : std::string(),
            leg.ended ? html::isoTime(*leg.ended) : std::string(),
            leg.answered && leg.ended ? std::to_string(leg.durationMillis() / 1000) : std::string(),
            leg.end_reason,
            leg.sip_code != 0 ? std::to_string(leg.sip_code) : std::string(),
            files,
        };
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) out += ',';
            appendCsvField(out, cells[i]);
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace confab::web
