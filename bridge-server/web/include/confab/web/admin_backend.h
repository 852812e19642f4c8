// AdminBackend: what the admin web page may ask of the running bridge's
// control thread, and LiveChanges, how the control thread tells the web
// threads that something they show has changed.
//
// Thread contract:
//   - Every AdminBackend member is called from the web server's threads (any
//     of them, concurrently). The implementation (confab-bridge-control's
//     BridgeAdmin) posts the work to the control loop and waits for it, at
//     most a few seconds; it never touches control-thread objects directly.
//     When the control thread does not answer in time it returns an empty
//     view or ActionResult{false, "the bridge did not answer in time"}.
//   - Audit is the web server's job: it writes one audit row per admin action
//     with the ActionResult it got. The backend does not audit.
//   - LiveChanges: notify() from any thread (the control thread calls it on
//     every conference, leg, talker or mute change); it only takes a mutex
//     briefly and never blocks on I/O. waitForChange() is for web threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "confab/web/admin_views.h"

namespace confab::web {

class AdminBackend {
  public:
    virtual ~AdminBackend() = default;

    // Live conferences, oldest first, with every leg (ended legs included).
    virtual std::vector<ConferenceView> liveConferences() = 0;
    // One live conference; nullopt when it is not live (ended or unknown).
    virtual std::optional<ConferenceView> liveConference(std::int64_t conference_id) = 0;
    virtual HealthView health() = 0;
    virtual MetricsView metrics() = 0;
    virtual SystemView system() = 0;

    // `admin` is the logged-in admin's name; the bridge shows it to the room
    // ("admin alice muted Bob"). Dials go through the same dial policy as
    // chat commands, checked for the conference's owner.
    virtual ActionResult dial(std::int64_t conference_id, const std::string& number_text,
                              const std::string& admin) = 0;
    virtual ActionResult legAction(std::int64_t conference_id, std::uint32_t participant,
                                   LegAction action, const std::string& admin) = 0;
    virtual ActionResult setLocked(std::int64_t conference_id, bool locked,
                                   const std::string& admin) = 0;
    virtual ActionResult endConference(std::int64_t conference_id, const std::string& admin) = 0;

    virtual PolicyView policy() = 0;
    // Validates (same rules and messages as the config file's [policy]),
    // applies it to new requests at once, and stores it so a restart keeps
    // it. On refusal nothing changes and message says what was wrong.
    virtual ActionResult setPolicy(const PolicyView& policy, const std::string& admin) = 0;
};

// A version number that goes up on every change, and a way to wait for it.
class LiveChanges {
  public:
    void notify() {
        {
            std::lock_guard lock(mutex_);
            ++version_;
        }
        changed_.notify_all();
    }
    std::uint64_t version() const {
        std::lock_guard lock(mutex_);
        return version_;
    }
    // Returns the version once it differs from `seen`, or `seen` after
    // `timeout` (the caller then sends a keep-alive), or at once after close().
    std::uint64_t waitForChange(std::uint64_t seen, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, timeout, [&] { return version_ != seen || closed_; });
        return version_;
    }
    // Wakes every waiter for good (server shutdown).
    void close() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        changed_.notify_all();
    }
    bool closed() const {
        std::lock_guard lock(mutex_);
        return closed_;
    }

  private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::uint64_t version_ = 0;
    bool closed_ = false;
};

}  // namespace confab::web
