#include "recording_backend.h"

namespace confab::web::testing {

RecordingBackend::RecordingBackend() {
    policy_.start_conference = {"example.com"};
    policy_.blocked_prefixes = {"+1900"};
    policy_.roles.push_back(PolicyRole{"ops", {"ops@example.com"}, {"+1"}, true, false});
}

void RecordingBackend::setConferences(std::vector<ConferenceView> conferences) {
    std::lock_guard lock(mutex_);
    conferences_ = std::move(conferences);
}
void RecordingBackend::setMetrics(MetricsView metrics) {
    std::lock_guard lock(mutex_);
    metrics_ = std::move(metrics);
}
void RecordingBackend::setPolicyResult(ActionResult result) {
    std::lock_guard lock(mutex_);
    policy_result_ = std::move(result);
}
void RecordingBackend::setActionResult(ActionResult result) {
    std::lock_guard lock(mutex_);
    action_result_ = std::move(result);
}
std::vector<std::string> RecordingBackend::calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
}
PolicyView RecordingBackend::lastPolicy() const {
    std::lock_guard lock(mutex_);
    return last_policy_;
}

ActionResult RecordingBackend::record(std::string call) {
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(call));
    return action_result_;
}

std::vector<ConferenceView> RecordingBackend::liveConferences() {
    std::lock_guard lock(mutex_);
    return conferences_;
}

std::optional<ConferenceView> RecordingBackend::liveConference(std::int64_t conference_id) {
    std::lock_guard lock(mutex_);
    for (const auto& conference : conferences_) {
        if (conference.id == conference_id) return conference;
    }
    return std::nullopt;
}

HealthView RecordingBackend::health() {
    std::lock_guard lock(mutex_);
    HealthView health;
    health.version = "test";
    health.uptime_seconds = 77;
    health.live_conferences = conferences_.size();
    health.xmpp_connected = true;
    health.xmpp_status = "connected (test)";
    health.sip_status = "listening (test)";
    return health;
}

MetricsView RecordingBackend::metrics() {
    std::lock_guard lock(mutex_);
    return metrics_;
}

SystemView RecordingBackend::system() {
    SystemView system;
    system.health = health();
    system.config_summary = {"xmpp.secret = (hidden)"};
    system.recent_log = {"[info] test log line"};
    return system;
}

ActionResult RecordingBackend::dial(std::int64_t conference_id, const std::string& number_text,
                                    const std::string& admin) {
    return record("dial " + std::to_string(conference_id) + " " + number_text + " by " + admin);
}

ActionResult RecordingBackend::legAction(std::int64_t conference_id, std::uint32_t participant, LegAction action,
                                         const std::string& admin) {
    const char* verb = action == LegAction::Mute ? "mute" : action == LegAction::Unmute ? "unmute" : "hangup";
    return record(std::string(verb) + " " + std::to_string(conference_id) + "/" + std::to_string(participant) +
                  " by " + admin);
}

ActionResult RecordingBackend::setLocked(std::int64_t conference_id, bool locked, const std::string& admin) {
    return record(std::string(locked ? "lock " : "unlock ") + std::to_string(conference_id) + " by " + admin);
}

ActionResult RecordingBackend::endConference(std::int64_t conference_id, const std::string& admin) {
    return record("end " + std::to_string(conference_id) + " by " + admin);
}

PolicyView RecordingBackend::policy() {
    std::lock_guard lock(mutex_);
    return policy_;
}

ActionResult RecordingBackend::setPolicy(const PolicyView& policy, const std::string& admin) {
    std::lock_guard lock(mutex_);
    calls_.push_back("policy by " + admin);
    last_policy_ = policy;
    if (policy_result_.ok) policy_ = policy;
    return policy_result_;
}

}  // namespace confab::web::testing
