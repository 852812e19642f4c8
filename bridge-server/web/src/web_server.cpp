// WebServer: serving (cpp-httplib over OpenSSL), the security rules of
// web_server.h, login and logout, static files and /metrics. The other pages
// are in web_routes_live.cpp and web_routes_records.cpp.
#include "confab/web/web_server.h"

#include <arpa/inet.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

#include "form_fields.h"
#include "metrics_text.h"
#include "self_signed_certificate.h"
#include "web_server_impl.h"

namespace confab::web {
namespace {

constexpr const char* kSessionCookie = "confab_session";
constexpr const char* kLoginCsrfCookie = "confab_login_csrf";
constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
constexpr std::size_t kMaxUserNameBytes = 128;
constexpr std::size_t kMaxPasswordBytes = 1024;

bool isLoopback(const std::string& host) {
    if (host == "localhost") return true;
    in_addr v4{};
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

bool isToken(const std::string& text) {
    if (text.size() != 64) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

std::string cookie(const char* name, const std::string& value, const std::string& path, bool secure,
                   bool expire_now = false) {
    std::string text = std::string(name) + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=Strict";
    if (secure) text += "; Secure";
    if (expire_now) text += "; Max-Age=0";
    return text;
}

std::string requestCookie(const httplib::Request& request, const char* name) {
    for (std::size_t i = 0; i < request.get_header_value_count("Cookie"); ++i) {
        if (auto value = cookieValue(request.get_header_value("Cookie", i), name)) return *value;
    }
    return {};
}

// The CSRF token a POST carries: header, form field or multipart field.
std::string submittedCsrf(const httplib::Request& request) {
    if (request.has_header("X-CSRF-Token")) return request.get_header_value("X-CSRF-Token");
    if (request.has_param("csrf")) return request.get_param_value("csrf");
    if (request.is_multipart_form_data() && request.has_file("csrf")) return request.get_file_value("csrf").content;
    return {};
}

}  // namespace

bool wantsJson(const httplib::Request& request) {
    return request.get_header_value("Accept").find("application/json") != std::string::npos;
}

UnixMillis nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::optional<std::int64_t> pathId(const httplib::Request& request, std::size_t index) {
    if (index >= request.matches.size()) return std::nullopt;
    return parseStrictInteger(request.matches[index].str(), 1, INT64_MAX);
}

// ---- Impl ----

WebServer::Impl::Impl(WebServerOptions options_in, AdminBackend& backend_in, LiveChanges& changes_in)
    : options(std::move(options_in)),
      backend(backend_in),
      changes(changes_in),
      db(store::Database::open(options.database)),
      sessions(options.session_idle),
      throttle(LoginThrottle::Limits{options.max_failures_per_user, options.max_failures_per_ip, options.lockout}) {
    if (options.plain_http && !isLoopback(options.host)) {
        throw std::runtime_error("the admin web page refuses plain HTTP on " + options.host +
                                 ": plain HTTP is only allowed on a loopback address");
    }
    if (options.cert_file.empty() != options.key_file.empty()) {
        throw std::runtime_error("the admin web page needs both a certificate and a key file, or neither");
    }
    if (options.plain_http) {
        server = std::make_unique<httplib::Server>();
    } else {
        tls = true;
        std::filesystem::path cert_file = options.cert_file;
        std::filesystem::path key_file = options.key_file;
        if (cert_file.empty()) {
            CertificateFiles files = ensureSelfSignedCertificate(options.tls_dir, options.host);
            cert_file = files.cert_file;
            key_file = files.key_file;
            if (files.generated) spdlog::info("admin web page: generated a self-signed certificate in {}", cert_file.string());
        }
        fingerprint = confab::web::certificateFingerprint(cert_file);
        auto tls_server = std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str());
        if (!tls_server->is_valid()) {
            throw std::runtime_error("the admin web page cannot use the certificate " + cert_file.string() +
                                     " with the key " + key_file.string() + " (unreadable, or they do not match)");
        }
        server = std::move(tls_server);
    }
    server->new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    installSecurity();
    registerCoreRoutes();
    registerLiveRoutes();
    registerRecordRoutes();
    registerRecordingRoutes();
}

std::optional<Session> WebServer::Impl::sessionOf(const httplib::Request& request) {
    const std::string id = requestCookie(request, kSessionCookie);
    if (id.empty()) return std::nullopt;
    return sessions.touch(id);
}

void WebServer::Impl::page(const std::string& pattern, SessionHandler handler) {
    server->Get(pattern, [this, handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
        auto session = sessionOf(request);
        if (!session) {
            response.status = 303;
            response.set_header("Location", "/login");
            return;
        }
        handler(request, response, *session);
    });
}

void WebServer::Impl::api(const std::string& pattern, SessionHandler handler) {
    server->Get(pattern, [this, handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
        auto session = sessionOf(request);
        if (!session) return sendError(response, nullptr, 401, "Log in first.");
        handler(request, response, *session);
    });
}

void WebServer::Impl::action(const std::string& pattern, SessionHandler handler) {
    server->Post(pattern, [this, handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
        auto session = sessionOf(request);
        if (!session) return sendError(response, nullptr, 401, "Your session has ended. Log in again.");
        if (!secretsEqual(submittedCsrf(request), session->csrf_token)) {
            spdlog::warn("admin web: refused {} {} from {} for '{}': missing or wrong CSRF token", request.method,
                         sanitizeForLog(request.path), request.remote_addr, session->admin);
            return sendError(response, nullptr, 403,
                             "This request did not carry the form's security token; reload the page and try again.");
        }
        handler(request, response, *session);
    });
}

PageContext WebServer::Impl::context(const Session& session) {
    SessionStore::Flash flash = sessions.takeFlash(session.id);
    return PageContext{session.admin, session.csrf_token, std::move(flash.message), flash.is_error};
}

void WebServer::Impl::audit(const std::string& admin, const std::string& action_name, const std::string& detail,
                            bool allowed, const std::string& reason) {
    try {
        std::lock_guard lock(db_mutex);
        log.audit("admin:" + admin, action_name, detail, allowed, reason, nowMillis());
    } catch (const std::exception& error) {
        spdlog::error("admin web: cannot write the audit row for {} by {}: {}", action_name, admin, error.what());
    }
}

void WebServer::Impl::finish(const httplib::Request& request, httplib::Response& response, const Session& session,
                             const ActionResult& result, const std::string& back) {
    if (wantsJson(request)) {
        nlohmann::json body{{"ok", result.ok}, {"message", result.message}};
        response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                             "application/json; charset=utf-8");
        return;
    }
    sessions.setFlash(session.id, result.message, !result.ok);
    response.status = 303;
    response.set_header("Location", back);
}

void WebServer::Impl::sendHtml(httplib::Response& response, int status, const std::string& html) {
    response.status = status;
    response.set_content(html, kHtml);
}

void WebServer::Impl::sendError(httplib::Response& response, const PageContext* page_context, int status,
                                const std::string& message) {
    sendHtml(response, status, renderErrorPage(page_context, status, message));
}

void WebServer::Impl::installSecurity() {
    httplib::Headers headers{
        {"Content-Security-Policy", kContentSecurityPolicy},
        {"X-Frame-Options", "DENY"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
        {"Cache-Control", "no-store"},
    };
    if (tls) headers.emplace("Strict-Transport-Security", "max-age=31536000");
    server->set_default_headers(headers);
    server->set_payload_max_length(options.max_body_bytes);

    server->set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
        if (request.method == "GET" || request.method == "POST") return httplib::Server::HandlerResponse::Unhandled;
        response.set_header("Allow", "GET, POST");
        // Whatever body came with it is not read: do not reuse the connection.
        response.set_header("Connection", "close");
        sendError(response, nullptr, 405, "Only GET and POST are used here.");
        return httplib::Server::HandlerResponse::Handled;
    });
    server->set_error_handler([this](const httplib::Request&, httplib::Response& response) {
        if (!response.body.empty() || response.is_chunked_content_provider_) return;
        std::string message;
        switch (response.status) {
            case 404: message = "There is no such page."; break;
            case 413: message = "The request is larger than this server accepts."; break;
            case 400: message = "The request could not be read."; break;
            default: message = "The request failed."; break;
        }
        sendError(response, nullptr, response.status, message);
    });
    server->set_exception_handler([this](const httplib::Request& request, httplib::Response& response,
                                         std::exception_ptr exception) {
        std::string what = "unknown error";
        try {
            if (exception) std::rethrow_exception(exception);
        } catch (const std::exception& error) {
            what = error.what();
        } catch (...) {
        }
        spdlog::error("admin web: {} {} failed: {}", request.method, sanitizeForLog(request.path), what);
        response.headers.erase("Location");
        sendError(response, nullptr, 500, "The server could not complete this request; the bridge log says why.");
    });
}

void WebServer::Impl::registerCoreRoutes() {
    server->Get("/static/app.js", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(std::string(appJs()), "text/javascript; charset=utf-8");
    });
    server->Get("/static/style.css", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(std::string(styleCss()), "text/css; charset=utf-8");
    });

    server->Get("/login", [this](const httplib::Request& request, httplib::Response& response) {
        if (sessionOf(request)) {
            response.status = 303;
            response.set_header("Location", "/");
            return;
        }
        std::string token = requestCookie(request, kLoginCsrfCookie);
        if (!isToken(token)) token = randomToken();
        response.set_header("Set-Cookie", cookie(kLoginCsrfCookie, token, "/login", tls));
        sendHtml(response, 200, renderLoginPage("", token, ""));
    });

    server->Post("/login", [this](const httplib::Request& request, httplib::Response& response) {
        const std::string user = request.get_param_value("username");
        // Counted by at most this much of the name: longer names never log in,
        // and the throttle must not keep megabytes per made-up name.
        const std::string throttle_key = user.substr(0, kMaxUserNameBytes + 1);
        const std::string password = request.get_param_value("password");
        const std::string ip = request.remote_addr;
        const std::string shown_user = sanitizeForLog(user, 64);
        std::string token = requestCookie(request, kLoginCsrfCookie);
        if (!isToken(token) || !secretsEqual(request.get_param_value("csrf"), token)) {
            token = randomToken();
            response.set_header("Set-Cookie", cookie(kLoginCsrfCookie, token, "/login", tls));
            return sendHtml(response, 403,
                            renderLoginPage("The login form had expired. Please log in again.", token, user));
        }
        auto refuse = [&](int status, const std::string& reason, const std::string& message) {
            spdlog::warn("admin login failed for user '{}' from {}: {}", shown_user, ip, reason);
            audit(shown_user, "login", "from " + ip, false, reason);
            sendHtml(response, status, renderLoginPage(message, token, user));
        };
        LoginThrottle::Verdict verdict = throttle.check(throttle_key, ip);
        if (verdict.locked) {
            const auto minutes = (verdict.retry_after.count() + 59) / 60;
            response.set_header("Retry-After", std::to_string(verdict.retry_after.count()));
            return refuse(429, "locked out (" + verdict.reason + ")",
                          "Too many failed logins: logins are locked for " + std::to_string(minutes) +
                              (minutes == 1 ? " minute." : " minutes."));
        }
        bool valid = false;
        if (!user.empty() && !password.empty() && user.size() <= kMaxUserNameBytes &&
            password.size() <= kMaxPasswordBytes) {
            std::optional<std::string> stored_hash;
            {
                std::lock_guard lock(db_mutex);
                stored_hash = accounts.storedHash(user);
            }
            valid = store::verifyAdminPassword(stored_hash, password);
        }
        if (!valid) {
            throttle.recordFailure(throttle_key, ip);
            return refuse(401, user.empty() || password.empty() ? "empty user name or password"
                                                                : "wrong user name or password",
                          "Wrong user name or password.");
        }
        throttle.recordSuccess(throttle_key);
        Session session = sessions.create(user);
        spdlog::info("admin login for user '{}' from {}", shown_user, ip);
        audit(user, "login", "from " + ip, true, "");
        response.set_header("Set-Cookie", cookie(kSessionCookie, session.id, "/", tls));
        response.set_header("Set-Cookie", cookie(kLoginCsrfCookie, "", "/login", tls, true));
        response.status = 303;
        response.set_header("Location", "/");
    });

    action("/logout", [this](const httplib::Request& request, httplib::Response& response, const Session& session) {
        sessions.remove(session.id);
        audit(session.admin, "logout", "from " + request.remote_addr, true, "");
        response.set_header("Set-Cookie", cookie(kSessionCookie, "", "/", tls, true));
        response.status = 303;
        response.set_header("Location", "/login");
    });

    server->Get("/metrics", [this](const httplib::Request& request, httplib::Response& response) {
        bool allowed = false;
        if (!options.metrics_token.empty() && request.has_header("Authorization")) {
            const std::string header = request.get_header_value("Authorization");
            const std::string prefix = "Bearer ";
            allowed = header.rfind(prefix, 0) == 0 && secretsEqual(header.substr(prefix.size()), options.metrics_token);
        }
        if (!allowed) allowed = sessionOf(request).has_value();
        if (!allowed) {
            response.set_header("WWW-Authenticate", "Bearer realm=\"confab\"");
            return sendError(response, nullptr, 401, "Log in, or send the metrics bearer token.");
        }
        const std::int64_t uptime = backend.health().uptime_seconds;
        response.set_content(metricsText(backend.metrics(), uptime), kPrometheusContentType);
    });
}

// ---- WebServer ----

WebServer::WebServer(WebServerOptions options, AdminBackend& backend, LiveChanges& changes)
    : impl_(std::make_unique<Impl>(std::move(options), backend, changes)) {}

WebServer::~WebServer() { stop(); }

void WebServer::start() {
    if (impl_->listener.joinable()) return;
    const auto& options = impl_->options;
    if (options.port == 0) {
        impl_->bound_port = impl_->server->bind_to_any_port(options.host);
        if (impl_->bound_port <= 0) impl_->bound_port = 0;
    } else if (impl_->server->bind_to_port(options.host, options.port)) {
        impl_->bound_port = options.port;
    }
    if (impl_->bound_port == 0) {
        throw std::runtime_error("the admin web page cannot listen on " + options.host + ":" +
                                 std::to_string(options.port) + " (address in use, or not an address of this host)");
    }
    impl_->stopping = false;
    impl_->listener = std::thread([server = impl_->server.get()] { server->listen_after_bind(); });
    if (impl_->tls) {
        spdlog::info("admin web page: {}/ (certificate SHA-256 {})", baseUrl(), impl_->fingerprint);
    } else {
        spdlog::info("admin web page: {}/ (plain HTTP, loopback only)", baseUrl());
    }
}

void WebServer::stop() {
    if (!impl_ || !impl_->listener.joinable()) return;
    impl_->stopping = true;  // event streams see it within a second
    impl_->server->stop();
    impl_->listener.join();
}

int WebServer::port() const { return impl_->bound_port; }
bool WebServer::usesTls() const { return impl_->tls; }

std::string WebServer::baseUrl() const {
    const std::string& host = impl_->options.host;
    const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return std::string(impl_->tls ? "https://" : "http://") + shown + ":" + std::to_string(impl_->bound_port);
}

std::string WebServer::certificateFingerprint() const { return impl_->fingerprint; }

}  // namespace confab::web
