// The record-keeping part of the admin web page: call history (search, CSV,
// timelines, each with the conference's recordings), the directory (edit,
// delete, CSV import), the dial policy and the system page. All database
// work goes through the web's own connection under db_mutex, held only for
// the query itself.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <sstream>

#include "confab/store/directory_csv.h"
#include "form_fields.h"
#include "web_server_impl.h"

namespace confab::web {
namespace {

constexpr std::size_t kAuditRowsShown = 100;

std::vector<std::int64_t> conferenceIds(const std::vector<store::LegRecord>& legs) {
    std::vector<std::int64_t> ids;
    ids.reserve(legs.size());
    for (const store::LegRecord& leg : legs) ids.push_back(leg.conference_id);
    return ids;
}

std::string describeUser(const store::DirectoryUser& user) {
    std::string text = sanitizeForLog(user.jid, 128) + " name \"" + sanitizeForLog(user.display_name, 128) + "\"";
    for (const auto& number : user.numbers) {
        text += " " + std::string(store::toString(number.kind)) + " " + number.number + (number.preferred ? "*" : "");
    }
    return text;
}

}  // namespace

void WebServer::Impl::registerRecordRoutes() {
    page("/history", [this](const httplib::Request& request, httplib::Response& response, const Session& session) {
        HistoryFilter filter = parseHistoryFilter(request.params, kHistoryPageSize);
        PageContext page_context = context(session);
        store::LegSearchPage results;
        RecordingsByConference recordings;
        if (filter.error.empty()) {
            std::lock_guard lock(db_mutex);
            results = log.searchLegs(filter.search);
            recordings = log.recordingsOf(conferenceIds(results.legs));
        } else {
            page_context.flash = filter.error;
            page_context.flash_is_error = true;
        }
        sendHtml(response, filter.error.empty() ? 200 : 400,
                 renderHistoryPage(page_context, filter.query, results, kHistoryPageSize, recordings));
    });

    page("/history.csv", [this](const httplib::Request& request, httplib::Response& response, const Session& session) {
        HistoryFilter filter = parseHistoryFilter(request.params, kCsvMaxRows);
        if (!filter.error.empty()) {
            PageContext page_context = context(session);
            return sendError(response, &page_context, 400, filter.error);
        }
        filter.search.offset = 0;
        store::LegSearchPage results;
        RecordingsByConference recordings;
        {
            std::lock_guard lock(db_mutex);
            results = log.searchLegs(filter.search);
            recordings = log.recordingsOf(conferenceIds(results.legs));
        }
        response.set_header("Content-Disposition", "attachment; filename=\"confab-history.csv\"");
        response.set_content(historyCsv(results.legs, recordings), "text/csv; charset=utf-8");
    });

    page(R"(/history/(\d{1,18}))", [this](const httplib::Request& request, httplib::Response& response,
                                          const Session& session) {
        auto id = pathId(request, 1);
        std::optional<store::ConferenceRecord> conference;
        std::vector<store::LegRecord> legs;
        std::vector<store::EventRecord> events;
        std::vector<store::RecordingRecord> recordings;
        if (id) {
            std::lock_guard lock(db_mutex);
            conference = log.conference(*id);
            if (conference) {
                legs = log.legs(*id);
                events = log.events(*id);
                recordings = log.recordings(*id);
            }
        }
        PageContext page_context = context(session);
        if (!conference) return sendError(response, &page_context, 404, "There is no conference with that number.");
        sendHtml(response, 200, renderTimelinePage(page_context, *conference, legs, events, recordings));
    });

    auto directoryPage = [this](httplib::Response& response, const Session& session, int status,
                                const std::vector<std::string>& import_errors, const std::string& error) {
        std::vector<store::DirectoryUser> users;
        {
            std::lock_guard lock(db_mutex);
            users = directory.all();
        }
        PageContext page_context = context(session);
        if (!error.empty()) {
            page_context.flash = error;
            page_context.flash_is_error = true;
        }
        sendHtml(response, status, renderDirectoryPage(page_context, users, import_errors));
    };

    page("/directory", [directoryPage](const httplib::Request&, httplib::Response& response, const Session& session) {
        directoryPage(response, session, 200, {}, "");
    });

    action("/directory", [this](const httplib::Request& request, httplib::Response& response, const Session& session) {
        DirectoryForm form = parseDirectoryForm(request.params, options.default_region);
        ActionResult result{true, ""};
        if (!form.error.empty()) {
            result = {false, "Not saved. " + form.error};
        } else {
            try {
                std::lock_guard lock(db_mutex);
                directory.upsert(form.user);
                result = {true, "Saved " + form.user.jid + "."};
            } catch (const store::StoreError& error) {
                result = {false, std::string("Not saved. ") + error.what()};
            }
        }
        audit(session.admin, "directory-upsert", describeUser(form.user), result.ok, result.message);
        finish(request, response, session, result, "/directory");
    });

    action("/directory/delete", [this](const httplib::Request& request, httplib::Response& response,
                                       const Session& session) {
        const std::string jid = request.get_param_value("jid");
        ActionResult result;
        if (jid.empty()) {
            result = {false, "jid: say which user to delete."};
        } else {
            bool removed = false;
            {
                std::lock_guard lock(db_mutex);
                removed = directory.remove(jid);
            }
            result = removed ? ActionResult{true, "Deleted " + jid + "."}
                             : ActionResult{false, "jid: there is no user " + jid + " in the directory."};
        }
        audit(session.admin, "directory-delete", sanitizeForLog(jid), result.ok, result.message);
        finish(request, response, session, result, "/directory");
    });

    action("/directory/import", [this, directoryPage](const httplib::Request& request, httplib::Response& response,
                                                      const Session& session) {
        if (!request.is_multipart_form_data() || !request.has_file("csv")) {
            const ActionResult result{false, "csv: choose a CSV file to import."};
            audit(session.admin, "directory-import", "", false, result.message);
            return finish(request, response, session, result, "/directory");
        }
        const httplib::MultipartFormData file = request.get_file_value("csv");
        std::istringstream input(file.content);
        store::ImportReport report;
        {
            std::lock_guard lock(db_mutex);
            report = store::importDirectoryCsv(directory, db, input, options.default_region);
        }
        const std::string detail = "file \"" + sanitizeForLog(file.filename, 100) + "\", " +
                                   std::to_string(file.content.size()) + " bytes";
        if (report.committed) {
            const ActionResult result{true, "Imported " + std::to_string(report.imported) + " user(s)."};
            audit(session.admin, "directory-import", detail, true, result.message);
            return finish(request, response, session, result, "/directory");
        }
        std::vector<std::string> errors;
        for (const auto& error : report.errors) errors.push_back("line " + std::to_string(error.line) + ": " + error.message);
        const std::string message = "Nothing was imported: " + std::to_string(report.errors.size()) +
                                    " line(s) have errors. Fix them and import the file again.";
        audit(session.admin, "directory-import", detail, false, message);
        if (wantsJson(request)) {
            nlohmann::json body{{"ok", false}, {"message", message}, {"errors", errors}};
            response.status = 400;
            return response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                                        "application/json; charset=utf-8");
        }
        directoryPage(response, session, 400, errors, message);
    });

    page("/policy", [this](const httplib::Request&, httplib::Response& response, const Session& session) {
        PageContext page_context = context(session);
        sendHtml(response, 200, renderPolicyPage(page_context, backend.policy(), ""));
    });

    action("/policy", [this](const httplib::Request& request, httplib::Response& response, const Session& session) {
        PolicyForm form = parsePolicyForm(backend.policy(), request.params);
        ActionResult result = form.error.empty() ? backend.setPolicy(form.policy, session.admin)
                                                 : ActionResult{false, form.error};
        if (result.ok && result.message.empty()) result.message = "The dial policy was saved.";
        audit(session.admin, "policy", "", result.ok, result.message);
        if (result.ok || wantsJson(request)) return finish(request, response, session, result, "/policy");
        // Keep what the admin typed on the page, with the reason above it.
        PageContext page_context = context(session);
        sendHtml(response, 400, renderPolicyPage(page_context, form.policy, result.message));
    });

    page("/system", [this](const httplib::Request&, httplib::Response& response, const Session& session) {
        SystemView system = backend.system();
        std::vector<store::AuditRecord> audit_rows;
        {
            std::lock_guard lock(db_mutex);
            audit_rows = log.recentAudit(kAuditRowsShown);
        }
        PageContext page_context = context(session);
        sendHtml(response, 200, renderSystemPage(page_context, system, audit_rows));
    });
}

}  // namespace confab::web
