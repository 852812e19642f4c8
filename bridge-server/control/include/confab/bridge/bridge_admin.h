// BridgeAdmin: the running bridge as the admin web page sees it (the
// web::AdminBackend of confab/web/admin_backend.h). It reads and acts on the
// conference service, the engine and the XMPP link by posting work to the
// control loop and waiting for the answer.
//
// Thread contract:
//   - Construct and shutdown() on the control thread, before the loop's
//     objects go away.
//   - Every AdminBackend member may be called from any web thread,
//     concurrently. Each posts one job to the ControlLoop and waits at most
//     `timeout` for it; on timeout it returns the fallback admin_backend.h
//     documents (empty views, ActionResult{false, "the bridge did not answer
//     in time"}). A job that runs after its caller gave up still runs (an
//     action may then take effect late) but nobody reads its answer.
//   - After shutdown() every member returns its fallback at once, callers
//     already waiting are woken, and jobs still queued do nothing.
//   - policy() answers from a copy kept here (setPolicy is the only way the
//     policy changes at run time), so it never waits.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>

#include "confab/shared/bridge_config.h"
#include "confab/web/admin_backend.h"

namespace confab::engine {
class ConferenceEngine;
}
namespace confab::store {
class Database;
}
namespace confab::plugins {
class PluginHost;
}

namespace confab::bridge {

class ControlLoop;
class ConferenceService;
class XmppComponentLink;

class BridgeAdmin final : public web::AdminBackend {
  public:
    struct Parts {
        ControlLoop& loop;
        ConferenceService& conferences;
        const engine::ConferenceEngine& engine;
        const XmppComponentLink& xmpp;
        store::Database& database;  // the control thread's connection
        const BridgeConfig& config;  // for the summary; outlives this object
        const plugins::PluginHost* plugins = nullptr;  // for the System page; null: none
    };
    // `policy` is the policy in force (the stored one, or [policy]), the one
    // the engine was created with;
    // `started` is when the bridge started, for the uptime.
    BridgeAdmin(Parts parts, PolicySettings policy, std::chrono::steady_clock::time_point started,
                std::chrono::milliseconds timeout = std::chrono::seconds(3));
    ~BridgeAdmin() override;
    BridgeAdmin(const BridgeAdmin&) = delete;
    BridgeAdmin& operator=(const BridgeAdmin&) = delete;

    void shutdown();

    std::vector<web::ConferenceView> liveConferences() override;
    std::optional<web::ConferenceView> liveConference(std::int64_t conference_id) override;
    web::HealthView health() override;
    web::MetricsView metrics() override;
    web::SystemView system() override;
    web::ActionResult dial(std::int64_t conference_id, const std::string& number_text,
                           const std::string& admin) override;
    web::ActionResult legAction(std::int64_t conference_id, std::uint32_t participant,
                                web::LegAction action, const std::string& admin) override;
    web::ActionResult setLocked(std::int64_t conference_id, bool locked,
                                const std::string& admin) override;
    web::ActionResult endConference(std::int64_t conference_id, const std::string& admin) override;
    web::PolicyView policy() override;
    web::ActionResult setPolicy(const web::PolicyView& policy, const std::string& admin) override;

    // The "key = value" summary of `config` with every secret hidden, and
    // `policy` (the one in force) in place of [policy]. Pure; for tests too.
    static std::vector<std::string> configurationSummary(const BridgeConfig& config,
                                                         const PolicySettings& policy);

  private:
    struct Waiter;
    // Runs `work` on the control thread and returns its answer, or
    // `fallback` on timeout, after shutdown, or when `work` throws.
    template <typename T>
    T ask(std::function<T()> work, T fallback);

    // Control thread only.
    web::HealthView healthNow() const;

    Parts parts_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::milliseconds timeout_;
    std::shared_ptr<Waiter> waiter_;
    // The engine sizes each conference's mix once, from the policy in force
    // at start-up: a larger limit set later takes full effect at a restart.
    const std::uint32_t startup_max_legs_;
    mutable std::mutex policy_mutex_;
    PolicySettings policy_;  // guarded by policy_mutex_
};

}  // namespace confab::bridge
