// RecordingBackend: an in-process AdminBackend for the web server's tests. It
// serves the views a test sets and records every call, so a test can check
// that a refused request reached nothing. Any thread may call it (the web
// server's workers do); one mutex guards everything.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "confab/web/admin_backend.h"

namespace confab::web::testing {

class RecordingBackend : public AdminBackend {
  public:
    RecordingBackend();

    void setConferences(std::vector<ConferenceView> conferences);
    void setMetrics(MetricsView metrics);
    void setPolicyResult(ActionResult result);
    // What every action answers (ok and message).
    void setActionResult(ActionResult result);
    // "dial 7 +15551234567 by alice", "mute 7/2 by alice", "policy by alice", ...
    std::vector<std::string> calls() const;
    PolicyView lastPolicy() const;

    std::vector<ConferenceView> liveConferences() override;
    std::optional<ConferenceView> liveConference(std::int64_t conference_id) override;
    HealthView health() override;
    MetricsView metrics() override;
    SystemView system() override;
    ActionResult dial(std::int64_t conference_id, const std::string& number_text, const std::string& admin) override;
    ActionResult legAction(std::int64_t conference_id, std::uint32_t participant, LegAction action,
                           const std::string& admin) override;
    ActionResult setLocked(std::int64_t conference_id, bool locked, const std::string& admin) override;
    ActionResult endConference(std::int64_t conference_id, const std::string& admin) override;
    PolicyView policy() override;
    ActionResult setPolicy(const PolicyView& policy, const std::string& admin) override;

  private:
    ActionResult record(std::string call);

    mutable std::mutex mutex_;
    std::vector<ConferenceView> conferences_;
    MetricsView metrics_;
    PolicyView policy_;
    PolicyView last_policy_;
    ActionResult action_result_{true, "Done."};
    ActionResult policy_result_{true, "The dial policy was saved."};
    std::vector<std::string> calls_;
};

}  // namespace confab::web::testing
