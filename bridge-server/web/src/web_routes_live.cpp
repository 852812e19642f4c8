// The live part of the admin web page: dashboard, conference detail, the
// actions on a live conference, and the dashboard's event stream.
#include <openssl/ssl.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "form_fields.h"
#include "web_server_impl.h"

namespace confab::web {
namespace {

constexpr auto kKeepAliveEvery = std::chrono::seconds(15);
// How often a waiting stream looks at whether the server is stopping or the
// session has ended.
constexpr auto kStreamPoll = std::chrono::milliseconds(500);

std::string conferencePath(std::int64_t id) { return "/conferences/" + std::to_string(id); }

// A browser sends nothing on an event stream after its request, so a socket
// that turns readable means the peer closed it (FIN, TLS close_notify or
// reset). Noticing that at once frees the stream's place and thread; a write
// would only notice at the next keep-alive. -1 (plain HTTP, where httplib does
// not give us the socket): never known, the keep-alive write finds out.
bool peerClosed(int fd) {
    if (fd < 0) return false;
    pollfd item{fd, static_cast<short>(POLLIN | POLLRDHUP), 0};
    return ::poll(&item, 1, 0) > 0 && (item.revents & (POLLIN | POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

}  // namespace

void WebServer::Impl::registerLiveRoutes() {
    page("/", [this](const httplib::Request&, httplib::Response& response, const Session& session) {
        PageContext page_context = context(session);
        sendHtml(response, 200, renderDashboardPage(page_context, backend.health(), backend.liveConferences()));
    });

    api("/api/conferences", [this](const httplib::Request&, httplib::Response& response, const Session&) {
        response.set_content(liveJson(backend.health(), backend.liveConferences()), "application/json; charset=utf-8");
    });

    api("/events", [this](const httplib::Request& request, httplib::Response& response, const Session& session) {
        if (open_streams.fetch_add(1) >= kMaxEventStreams) {
            open_streams.fetch_sub(1);
            response.set_header("Retry-After", "30");
            return sendError(response, nullptr, 503, "Too many live dashboards are open; close one and reload.");
        }
        struct StreamState {
            bool first = true;
            std::uint64_t seen = 0;
            std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();
        };
        auto state = std::make_shared<StreamState>();
        const std::string session_id = session.id;
        const int socket_fd = request.ssl != nullptr ? SSL_get_fd(request.ssl) : -1;
        response.set_header("X-Accel-Buffering", "no");
        response.set_chunked_content_provider(
            "text/event-stream",
            [this, state, session_id, socket_fd](std::size_t, httplib::DataSink& sink) {
                auto sendSnapshot = [&] {
                    state->seen = changes.version();  // before reading: a later change sends again
                    const std::string event =
                        "event: conferences\ndata: " + liveJson(backend.health(), backend.liveConferences()) + "\n\n";
                    state->last_write = std::chrono::steady_clock::now();
                    return sink.write(event.data(), event.size());
                };
                if (state->first) {
                    state->first = false;
                    return sendSnapshot();
                }
                while (!stopping && !changes.closed()) {
                    if (!sessions.alive(session_id)) break;  // logged out or idle: stop showing data
                    const auto now = std::chrono::steady_clock::now();
                    if (now - state->last_write >= kKeepAliveEvery) {
                        static constexpr char kKeepAlive[] = ": keep-alive\n\n";
                        state->last_write = now;
                        return sink.write(kKeepAlive, sizeof kKeepAlive - 1);
                    }
                    const auto wait = std::min<std::chrono::steady_clock::duration>(
                        kStreamPoll, kKeepAliveEvery - (now - state->last_write));
                    const std::uint64_t version = changes.waitForChange(
                        state->seen, std::chrono::duration_cast<std::chrono::milliseconds>(wait) +
                                         std::chrono::milliseconds(1));
                    if (version != state->seen) return sendSnapshot();
                    if (peerClosed(socket_fd) || !sink.is_writable()) return false;
                }
                sink.done();
                return true;
            },
            [this](bool) { open_streams.fetch_sub(1); });
    });

    page(R"(/conferences/(\d{1,18}))", [this](const httplib::Request& request, httplib::Response& response,
                                              const Session& session) {
        auto id = pathId(request, 1);
        std::optional<ConferenceView> conference = id ? backend.liveConference(*id) : std::nullopt;
        PageContext page_context = context(session);
        if (!conference) return sendError(response, &page_context, 404, "This conference is not live (any more).");
        sendHtml(response, 200, renderConferencePage(page_context, *conference));
    });

    action(R"(/conferences/(\d{1,18})/dial)", [this](const httplib::Request& request, httplib::Response& response,
                                                     const Session& session) {
        auto id = pathId(request, 1);
        if (!id) return sendError(response, nullptr, 404, "There is no such conference.");
        const std::string number = request.get_param_value("number");
        ActionResult result;
        if (number.empty()) {
            result = {false, "number: enter the number to dial."};
        } else if (number.size() > 64) {
            result = {false, "number: that is too long for a phone number."};
        } else {
            result = backend.dial(*id, number, session.admin);
        }
        audit(session.admin, "dial", "conference " + std::to_string(*id) + " number " + sanitizeForLog(number, 64),
              result.ok, result.message);
        finish(request, response, session, result, conferencePath(*id));
    });

    action(R"(/conferences/(\d{1,18})/legs/(\d{1,10})/(mute|unmute|hangup))",
           [this](const httplib::Request& request, httplib::Response& response, const Session& session) {
               auto id = pathId(request, 1);
               auto participant = parseStrictInteger(request.matches[2].str(), 0, 0xffffffff);
               if (!id || !participant) return sendError(response, nullptr, 404, "There is no such participant.");
               const std::string verb = request.matches[3].str();
               const LegAction leg_action = verb == "mute"     ? LegAction::Mute
                                            : verb == "unmute" ? LegAction::Unmute
                                                               : LegAction::Hangup;
               ActionResult result =
                   backend.legAction(*id, static_cast<std::uint32_t>(*participant), leg_action, session.admin);
               audit(session.admin, verb,
                     "conference " + std::to_string(*id) + " participant " + std::to_string(*participant), result.ok,
                     result.message);
               finish(request, response, session, result, conferencePath(*id));
           });

    action(R"(/conferences/(\d{1,18})/(lock|unlock|end))",
           [this](const httplib::Request& request, httplib::Response& response, const Session& session) {
               auto id = pathId(request, 1);
               if (!id) return sendError(response, nullptr, 404, "There is no such conference.");
               const std::string verb = request.matches[2].str();
               ActionResult result = verb == "end" ? backend.endConference(*id, session.admin)
                                                   : backend.setLocked(*id, verb == "lock", session.admin);
               audit(session.admin, verb, "conference " + std::to_string(*id), result.ok, result.message);
               finish(request, response, session, result, verb == "end" && result.ok ? "/" : conferencePath(*id));
           });
}

}  // namespace confab::web
