// WebServer: the bridge's admin web page, served by confab-bridge itself
// (cpp-httplib over OpenSSL). See docs/admin.md for what each page shows.
//
// Security (fail closed):
//   - HTTPS unless plain_http is set, which start() refuses unless the host is
//     a loopback address. Without cert_file/key_file a self-signed certificate
//     and key are generated once into tls_dir (key mode 0600) and reused; its
//     SHA-256 fingerprint is logged at start.
//   - Every route but GET /login, POST /login and GET /static/* needs a
//     session: HTML routes answer 303 to /login, /api/*, /events and POSTs
//     answer 401. /metrics takes a session or "Authorization: Bearer <token>"
//     when metrics_token is set.
//   - Session cookie "confab_session": random 256-bit id, HttpOnly,
//     SameSite=Strict, Secure over TLS, Path=/; dropped after session_idle
//     without a request, and at logout.
//   - Every POST carries the session's CSRF token, in the form field "csrf"
//     or the header "X-CSRF-Token"; without it (or wrong) the answer is 403.
//     The login form carries a token too (double-submit cookie
//     "confab_login_csrf").
//   - Logins: after max_failures_per_user failures for a name, or
//     max_failures_per_ip from one address, within `lockout`, further
//     attempts are refused (429) until `lockout` has passed. Every failure
//     logs one line: "admin login failed for user 'NAME' from IP: REASON".
//   - Bodies over max_body_bytes are refused with 413; only GET and POST.
//   - Headers on every answer: Content-Security-Policy "default-src 'self';
//     script-src 'self'; style-src 'self'; img-src 'self' data:;
//     frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
//     X-Frame-Options DENY, X-Content-Type-Options nosniff, Referrer-Policy
//     no-referrer, Cache-Control no-store; Strict-Transport-Security
//     "max-age=31536000" over TLS.
//   - Every admin action writes one audit row (actor "admin:NAME", action,
//     detail, allowed, reason), through the web's own database connection.
//
// Routes (POST bodies are application/x-www-form-urlencoded unless noted; a
// POST that sends "Accept: application/json" gets {"ok":bool,"message":"..."}
// instead of a 303 back to the page with a flash message):
//   GET  /login                          login form
//   POST /login                          username, password, csrf
//   POST /logout                         csrf
//   GET  /                               dashboard (live through /events)
//   GET  /events                         text/event-stream: "event: conferences" + liveJson(), on
//                                        every change and at least every 15 s (": keep-alive")
//   GET  /api/conferences                liveJson()
//   GET  /conferences/{id}               conference detail (404 when not live)
//   POST /conferences/{id}/dial          number
//   POST /conferences/{id}/legs/{participant}/{mute|unmute|hangup}
//   POST /conferences/{id}/{lock|unlock|end}
//   GET  /history                        user, number, from, to (YYYY-MM-DD), page
//   GET  /history.csv                    the same filters, every matching row (at most 100000)
//   GET  /history/{conference id}        one conference's timeline: legs, events, recordings
//   GET  /history/recordings/{id}        the recording's file (audio/wav, audio/ogg) as an
//                                        attachment; read from the path in its database row
//                                        only; 404 when the row or its file is gone; audited
//   GET  /directory                      users and their numbers
//   POST /directory                      jid, name, work, mobile, preferred ("work"|"mobile")
//   POST /directory/delete               jid
//   POST /directory/import               multipart/form-data: file field "csv", plus csrf
//   GET  /policy                         the dial policy form
//   POST /policy                         start_conference, blocked_prefixes (one per line),
//                                        max_legs_per_conference, max_concurrent_legs_per_user,
//                                        max_dials_per_minute, invitation_timeout_seconds, and per
//                                        role N (0-based, in order): role_N_allowed_prefixes
//                                        (one per line), role_N_allow_international,
//                                        role_N_allow_premium (checkbox "on")
//   GET  /system                         version, health, configuration summary, log, audit
//   GET  /metrics                        Prometheus text format 0.0.4
//   GET  /static/app.js, /static/style.css
//
// Thread contract: construct, start() and stop() on one thread (the bridge's
// main/control thread). Requests run on the server's own thread pool; they
// reach the bridge only through AdminBackend (which hops to the control
// thread) and the web's own Database connection (serialised by a mutex).
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "confab/web/admin_backend.h"

namespace confab::web {

struct WebServerOptions {
    std::string host = "127.0.0.1";
    int port = 8443;  // 0: any free port (see WebServer::port())
    bool plain_http = false;
    std::filesystem::path cert_file;  // PEM; with key_file, or neither
    std::filesystem::path key_file;
    std::filesystem::path tls_dir;    // where a generated certificate and key go
    std::filesystem::path database;   // the bridge's SQLite file
    std::string default_region = "US";  // for directory numbers typed without '+'
    std::chrono::seconds session_idle{30 * 60};
    std::string metrics_token;  // empty: /metrics needs a session
    std::size_t max_body_bytes = 1 << 20;
    int max_failures_per_user = 5;
    int max_failures_per_ip = 20;
    std::chrono::seconds lockout{15 * 60};
};

class WebServer {
  public:
    // Throws std::runtime_error with one precise sentence when the options
    // cannot work (plain HTTP on a non-loopback host, only one of cert/key
    // given, unreadable certificate, database that will not open).
    WebServer(WebServerOptions options, AdminBackend& backend, LiveChanges& changes);
    ~WebServer();  // stop()s
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;

    // Binds and starts serving on background threads. Throws
    // std::runtime_error when the address cannot be bound.
    void start();
    // Ends event streams, stops accepting and joins the threads. Idempotent.
    void stop();

    int port() const;          // the bound port, after start()
    bool usesTls() const;
    std::string baseUrl() const;  // "https://127.0.0.1:8443"
    // SHA-256 of the served certificate, "AB:CD:...", empty without TLS.
    std::string certificateFingerprint() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace confab::web
