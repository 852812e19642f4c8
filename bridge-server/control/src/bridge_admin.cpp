#include "confab/bridge/bridge_admin.h"

#include <condition_variable>
#include <optional>

#include <spdlog/spdlog.h>

#include "confab/bridge/conference_service.h"
#include "confab/bridge/control_loop.h"
#include "confab/bridge/recent_log.h"
#include "confab/bridge/stored_policy.h"
#include "confab/bridge/xmpp_component_link.h"
#include "confab/engine/conference_engine.h"
#include "confab/plugins/plugin_host.h"
#include "confab/media/media_engine.h"

namespace confab::bridge {

namespace {

constexpr const char* kNoAnswer = "the bridge did not answer in time";
constexpr std::size_t kRecentLogLines = 200;

web::ActionResult noAnswer() { return {false, kNoAnswer}; }

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
    return text.empty() ? "(none)" : text;
}

std::string hostPort(const HostPort& address) {
    const bool ipv6 = address.host.find(':') != std::string::npos;
    return (ipv6 ? "[" + address.host + "]" : address.host) + ":" + std::to_string(address.port);
}

std::string yesNo(bool value) { return value ? "true" : "false"; }

}  // namespace

// Shared between the waiting web threads and the jobs on the control thread,
// so a job that runs late still has somewhere to put its answer.
struct BridgeAdmin::Waiter {
    std::mutex mutex;
    std::condition_variable answered;
    bool closed = false;
};

BridgeAdmin::BridgeAdmin(Parts parts, PolicySettings policy,
                         std::chrono::steady_clock::time_point started,
                         std::chrono::milliseconds timeout)
    : parts_(parts),
      started_(started),
      timeout_(timeout),
      waiter_(std::make_shared<Waiter>()),
      startup_max_legs_(policy.max_legs_per_conference),
      policy_(std::move(policy)) {}

BridgeAdmin::~BridgeAdmin() { shutdown(); }

void BridgeAdmin::shutdown() {
    {
        std::lock_guard lock(waiter_->mutex);
        waiter_->closed = true;
    }
    waiter_->answered.notify_all();
}

template <typename T>
T BridgeAdmin::ask(std::function<T()> work, T fallback) {
    const std::shared_ptr<Waiter> waiter = waiter_;
    const auto answer = std::make_shared<std::optional<T>>();
    {
        std::lock_guard lock(waiter->mutex);
        if (waiter->closed) return fallback;
    }
    parts_.loop.post([waiter, answer, work = std::move(work), fallback] {
        {
            // shutdown() runs on this thread too, before the objects `work`
            // uses go away: checking here is enough.
            std::lock_guard lock(waiter->mutex);
            if (waiter->closed) return;
        }
        std::optional<T> result;
        try {
            result = work();
        } catch (const std::exception& error) {
            spdlog::error("admin page: request failed inside the bridge: {}", error.what());
            result = fallback;
        }
        {
            std::lock_guard lock(waiter->mutex);
            *answer = std::move(result);
        }
        waiter->answered.notify_all();
    });
    std::unique_lock lock(waiter->mutex);
    waiter->answered.wait_for(lock, timeout_, [&] { return answer->has_value() || waiter->closed; });
    if (!answer->has_value()) {
        if (!waiter->closed) spdlog::warn("admin page: the control thread did not answer within {} ms", timeout_.count());
        return fallback;
    }
    return std::move(**answer);
}

std::vector<web::ConferenceView> BridgeAdmin::liveConferences() {
    return ask<std::vector<web::ConferenceView>>([this] { return parts_.conferences.adminConferences(); }, {});
}

std::optional<web::ConferenceView> BridgeAdmin::liveConference(std::int64_t conference_id) {
    return ask<std::optional<web::ConferenceView>>(
        [this, conference_id] { return parts_.conferences.adminConference(conference_id); }, std::nullopt);
}

web::HealthView BridgeAdmin::healthNow() const {
    web::HealthView health;
    health.version = CONFAB_VERSION;
    health.uptime_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count();
    health.live_conferences = parts_.conferences.liveConferenceCount();
    health.live_legs = parts_.conferences.liveLegCount();
    const auto media = parts_.engine.mediaEngine().metrics();
    health.media_cpu_percent = media.cpuFraction() * 100.0;
    health.tick_p99_ms = media.tickPercentileUs(0.99) / 1000.0;
    const XmppSettings& xmpp = parts_.config.xmpp;
    const std::string server = xmpp.host + ":" + std::to_string(xmpp.port);
    health.xmpp_connected = parts_.xmpp.online();
    health.xmpp_status = health.xmpp_connected
                             ? "connected to " + server + " as " + xmpp.component
                             : "not connected to " + server + " (" +
                                   std::to_string(parts_.xmpp.connectAttempts()) +
                                   " attempt(s) so far); retrying";
    const auto& sip = parts_.engine.sipAgent();
    health.sip_status = "listening on " + sip.boundUri() + ", " +
                        std::to_string(parts_.config.sip.routes.size()) + " route(s), " +
                        std::to_string(sip.legCount()) + " call(s)";
    return health;
}

web::HealthView BridgeAdmin::health() {
    web::HealthView fallback;
    fallback.version = CONFAB_VERSION;
    fallback.xmpp_status = kNoAnswer;
    fallback.sip_status = kNoAnswer;
    return ask<web::HealthView>([this] { return healthNow(); }, fallback);
}

web::MetricsView BridgeAdmin::metrics() {
    return ask<web::MetricsView>(
        [this] {
            web::MetricsView metrics;
            metrics.live_conferences = parts_.conferences.liveConferenceCount();
            metrics.live_legs = parts_.conferences.liveLegCount();
            const ConferenceCounters counters = parts_.conferences.counters();
            // Every result is listed, so a scraper sees zeros, not gaps.
            for (const char* result : {"connected", "busy", "no-answer", "failed", "denied", "cancelled"}) {
                metrics.dials_by_result[result] = 0;
            }
            for (const auto& [result, count] : counters.dials_by_result) metrics.dials_by_result[result] = count;
            metrics.talker_events = counters.talker_events;
            metrics.commands_rate_limited = counters.commands_rate_limited;
            const auto media = parts_.engine.mediaEngine().metrics();
            metrics.tick_p99_us = media.tickPercentileUs(0.99);
            metrics.ticks = media.ticks;
            metrics.late_ticks = media.late_ticks;
            using media::DropReason;
            metrics.rtp_dropped = media.drop(DropReason::WrongAddress) + media.drop(DropReason::WrongPort) +
                                  media.drop(DropReason::WrongSsrc) + media.drop(DropReason::Malformed);
            return metrics;
        },
        {});
}

web::SystemView BridgeAdmin::system() {
    web::SystemView fallback;
    fallback.health.version = CONFAB_VERSION;
    fallback.health.xmpp_status = kNoAnswer;
    fallback.health.sip_status = kNoAnswer;
    web::SystemView view = ask<web::SystemView>(
        [this] {
            web::SystemView now;
            now.health = healthNow();
            if (parts_.plugins) {
                for (const plugins::PluginStatus& status : parts_.plugins->status()) {
                    now.plugins.push_back(status.enabled ? status.name + ": loaded (" + status.description +
                                                               ") from " + status.source
                                                         : status.name + ": not running: " + status.problem);
                }
            }
            return now;
        },
        fallback);
    // Neither needs the control thread.
    view.config_summary = configurationSummary(parts_.config, policy());
    view.recent_log = recentLogLines(kRecentLogLines);
    return view;
}

web::ActionResult BridgeAdmin::dial(std::int64_t conference_id, const std::string& number_text,
                                    const std::string& admin) {
    return ask<web::ActionResult>(
        [this, conference_id, number_text, admin] {
            return parts_.conferences.adminDial(conference_id, number_text, admin);
        },
        noAnswer());
}

web::ActionResult BridgeAdmin::legAction(std::int64_t conference_id, std::uint32_t participant,
                                         web::LegAction action, const std::string& admin) {
    return ask<web::ActionResult>(
        [this, conference_id, participant, action, admin] {
            return parts_.conferences.adminLegAction(conference_id, participant, action, admin);
        },
        noAnswer());
}

web::ActionResult BridgeAdmin::setLocked(std::int64_t conference_id, bool locked, const std::string& admin) {
    return ask<web::ActionResult>(
        [this, conference_id, locked, admin] {
            return parts_.conferences.adminSetLocked(conference_id, locked, admin);
        },
        noAnswer());
}

web::ActionResult BridgeAdmin::endConference(std::int64_t conference_id, const std::string& admin) {
    return ask<web::ActionResult>(
        [this, conference_id, admin] { return parts_.conferences.adminEnd(conference_id, admin); },
        noAnswer());
}

web::PolicyView BridgeAdmin::policy() {
    std::lock_guard lock(policy_mutex_);
    return policy_;
}

web::ActionResult BridgeAdmin::setPolicy(const web::PolicyView& policy, const std::string& admin) {
    if (std::string problem = validatePolicySettings(policy); !problem.empty()) {
        return {false, "The dial policy was not changed: " + problem + "."};
    }
    const std::uint32_t engine_capacity = startup_max_legs_;
    web::ActionResult result = ask<web::ActionResult>(
        [this, policy, admin] {
            // Stored first: a policy that would be lost at the next restart
            // is not applied either.
            try {
                saveStoredPolicy(parts_.database, policy);
            } catch (const std::exception& error) {
                return web::ActionResult{false, std::string("The dial policy was not changed: it could not be "
                                                            "saved (") + error.what() + ")."};
            }
            parts_.conferences.replacePolicy(policy);
            spdlog::info("dial policy changed on the admin page by {}", admin);
            return web::ActionResult{true, "The dial policy is saved and applies to new requests."};
        },
        noAnswer());
    if (result.ok) {
        std::lock_guard lock(policy_mutex_);
        policy_ = policy;
    }
    if (result.ok && policy.max_legs_per_conference > engine_capacity) {
        result.message += " Until the bridge restarts, a conference holds at most " +
                          std::to_string(engine_capacity) + " phone legs.";
    }
    return result;
}

std::vector<std::string> BridgeAdmin::configurationSummary(const BridgeConfig& config,
                                                           const PolicySettings& policy) {
    std::vector<std::string> lines;
    const auto add = [&lines](const std::string& key, const std::string& value) {
        lines.push_back(key + " = " + value);
    };
    add("xmpp.domain", config.xmpp.domain);
    add("xmpp.component", config.xmpp.component);
    add("xmpp.server", config.xmpp.host + ":" + std::to_string(config.xmpp.port));
    add("xmpp.secret", "(hidden)");
    add("xmpp.muc_service", config.xmpp.muc_service.empty() ? "(none)" : config.xmpp.muc_service);
    add("xmpp.archive_rooms", yesNo(config.xmpp.archive_rooms));
    add("sip.listen", hostPort(config.sip.listen));
    add("sip.caller_id", config.sip.caller_id.empty() ? "(none)" : config.sip.caller_id);
    add("sip.default_region", config.sip.default_region);
    add("sip.trusted_peers", config.sip.trusted_peers.empty() ? "(anyone)" : joined(config.sip.trusted_peers));
    add("sip.ring_timeout_seconds", std::to_string(config.sip.ring_timeout_seconds));
    for (std::size_t i = 0; i < config.sip.routes.size(); ++i) {
        const SipRoute& route = config.sip.routes[i];
        const std::string key = "sip.route[" + std::to_string(i + 1) + "]";
        add(key + ".prefix", route.prefix.empty() ? "+" : route.prefix);
        add(key + ".uri", route.uri);
        if (!route.username.empty()) add(key + ".username", route.username);
        add(key + ".password", route.password_file ? "set (hidden)" : "(none)");
        if (!route.caller_id.empty()) add(key + ".caller_id", route.caller_id);
    }
    add("media.rtp_ports", std::to_string(config.media.rtp_port_min) + ".." + std::to_string(config.media.rtp_port_max));
    add("media.dscp", std::to_string(config.media.dscp));
    add("media.realtime_priority", config.media.realtime_priority == 0
                                       ? std::string("0 (normal scheduling)")
                                       : std::to_string(config.media.realtime_priority) + " (SCHED_FIFO)");
    add("media.jitter_delay_ms", std::to_string(config.media.jitter_min_delay_ms) + ".." +
                                     std::to_string(config.media.jitter_max_delay_ms));
    add("media.talk_hangover_ms", std::to_string(config.media.talk_hangover_ms));
    add("media.media_timeout_seconds", config.media.media_timeout_seconds == 0
                                           ? std::string("0 (never)")
                                           : std::to_string(config.media.media_timeout_seconds));
    add("db.path", config.db.path.string());
    add("web.listen", hostPort(config.web.listen));
    add("web.tls", config.web.plain_http ? "off (plain HTTP on loopback)"
                   : config.web.cert_file ? "certificate " + config.web.cert_file->string() + ", key (hidden)"
                                          : "self-signed, kept in " + config.web.tls_dir.string());
    add("web.session_idle_minutes", std::to_string(config.web.session_idle_minutes));
    add("web.metrics_token", config.web.metrics_token.empty() ? "(none: /metrics needs a session)" : "set (hidden)");
    add("web.max_body_kib", std::to_string(config.web.max_body_kib));
    add("log.level", config.log.level);
    add("policy.start_conference", joined(policy.start_conference));
    add("policy.max_legs_per_conference", std::to_string(policy.max_legs_per_conference));
    add("policy.max_concurrent_legs_per_user", std::to_string(policy.max_concurrent_legs_per_user));
    add("policy.max_dials_per_minute", std::to_string(policy.max_dials_per_minute));
    add("policy.invitation_timeout_seconds", std::to_string(policy.invitation_timeout_seconds));
    add("policy.blocked_prefixes", joined(policy.blocked_prefixes));
    for (std::size_t i = 0; i < policy.roles.size(); ++i) {
        const PolicyRole& role = policy.roles[i];
        add("policy.role[" + std::to_string(i + 1) + "]",
            role.name + ": members " + joined(role.members) + "; prefixes " + joined(role.allowed_prefixes) +
                "; international " + yesNo(role.allow_international) + "; premium " +
                yesNo(role.allow_premium));
    }
    return lines;
}

}  // namespace confab::bridge
