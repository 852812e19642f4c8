// WebServer's private state and the helpers its route files share
// (web_server.cpp: serving, security, login; web_routes_live.cpp: dashboard,
// conference actions, events; web_routes_records.cpp: history, directory,
// policy, system; web_routes_recordings.cpp: recording downloads). Private
// to confab-bridge-web.
//
// Thread contract: the members below the "request threads" line are used by
// httplib's worker threads concurrently; each says what guards it.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "confab/store/admin_accounts.h"
#include "confab/store/conference_log.h"
#include "confab/store/database.h"
#include "confab/store/directory.h"
#include "confab/web/pages.h"
#include "confab/web/web_server.h"
#include "login_throttle.h"
#include "session_store.h"

namespace confab::web {

// Event streams each hold a worker thread for as long as the browser tab is
// open, so they are capped well below the pool size.
inline constexpr int kWorkerThreads = 32;
inline constexpr int kMaxEventStreams = 16;
inline constexpr std::size_t kHistoryPageSize = 50;
inline constexpr std::size_t kCsvMaxRows = 100000;

struct WebServer::Impl {
    Impl(WebServerOptions options, AdminBackend& backend, LiveChanges& changes);

    // Set once in the constructor, read-only afterwards.
    const WebServerOptions options;
    AdminBackend& backend;
    LiveChanges& changes;
    bool tls = false;
    std::string fingerprint;
    std::unique_ptr<httplib::Server> server;

    // start()/stop() thread only.
    std::thread listener;
    int bound_port = 0;

    // ---- request threads ----
    // Pages, directory, accounts and audit writes: one connection, one
    // mutex, held only for the query. A login's password check (scrypt, tens
    // of milliseconds) runs outside it, on the hash read under it.
    std::mutex db_mutex;
    store::Database db;
    store::Directory directory{db};
    store::ConferenceLog log{db};
    store::AdminAccounts accounts{db};

    SessionStore sessions;  // internally locked
    LoginThrottle throttle;  // internally locked
    std::atomic<bool> stopping{false};
    std::atomic<int> open_streams{0};

    using SessionHandler = std::function<void(const httplib::Request&, httplib::Response&, const Session&)>;
    // GET for logged-in admins; without a session: 303 to /login.
    void page(const std::string& pattern, SessionHandler handler);
    // GET for logged-in admins; without a session: 401.
    void api(const std::string& pattern, SessionHandler handler);
    // POST for logged-in admins carrying the session's CSRF token; without a
    // session 401, without the token 403, in both cases before `handler` runs.
    void action(const std::string& pattern, SessionHandler handler);

    // The context every page needs; takes the session's flash message.
    PageContext context(const Session& session);
    // One audit row, actor "admin:NAME".
    void audit(const std::string& admin, const std::string& action, const std::string& detail, bool allowed,
               const std::string& reason);
    // Answers an action: JSON {"ok","message"} when the client asked for it,
    // else a flash message and a 303 to `back`.
    void finish(const httplib::Request& request, httplib::Response& response, const Session& session,
                const ActionResult& result, const std::string& back);
    void sendHtml(httplib::Response& response, int status, const std::string& html);
    void sendError(httplib::Response& response, const PageContext* context, int status, const std::string& message);

    void registerCoreRoutes();     // web_server.cpp: login, logout, static, metrics
    void registerLiveRoutes();     // web_routes_live.cpp
    void registerRecordRoutes();   // web_routes_records.cpp
    void registerRecordingRoutes();  // web_routes_recordings.cpp
    void installSecurity();        // web_server.cpp: headers, methods, errors, limits

  private:
    std::optional<Session> sessionOf(const httplib::Request& request);
};

// True when the client asked for a JSON answer ("Accept: application/json").
bool wantsJson(const httplib::Request& request);
// Milliseconds since the epoch, for audit rows.
UnixMillis nowMillis();
// The id in path match `index`, strictly parsed, or nullopt (then 404).
std::optional<std::int64_t> pathId(const httplib::Request& request, std::size_t index);

}  // namespace confab::web
