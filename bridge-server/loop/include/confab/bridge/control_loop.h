// ControlLoop: the bridge's control thread. It runs Sofia-SIP's su_root, so
// SIP (nua), the XMPP component socket, timers and work posted from other
// threads all run on this one thread, one callback at a time.
//
// Thread contract:
//   - Construct, run() and destroy on the control thread. Every callback given
//     to watchReadable(), startTimer() or post() runs on the control thread.
//   - post() and stop() are the only members other threads may call. post()
//     never blocks for long (a mutex held only to push into a vector) and is
//     the one way the media thread, database work and tests hand work in.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

struct su_root_s;

namespace confab::bridge {

class ControlLoop {
public:
    using Callback = std::function<void()>;
    using TimerId = unsigned;

    ControlLoop();
    ~ControlLoop();
    ControlLoop(const ControlLoop&) = delete;
    ControlLoop& operator=(const ControlLoop&) = delete;

    // Runs until stop(). Returns normally; exceptions thrown by callbacks are
    // caught and logged so one bad event cannot take the bridge down.
    void run();
    // Any thread: ask run() to return after the current callback.
    void stop();
    // Any thread: run `work` on the control thread soon, in posting order.
    void post(Callback work);
    // Control thread, after run() returned: runs the work posted so far (a
    // shutdown step whose threads posted their last results). Returns how
    // many ran.
    std::size_t runPosted();

    // Calls `on_readable` whenever `fd` is readable (level-triggered), until
    // unwatch(fd). One watch per fd.
    void watchReadable(int fd, Callback on_readable);
    void unwatch(int fd);

    // One-shot timer; cancelTimer() on a fired or unknown id is a no-op.
    TimerId startTimer(std::chrono::milliseconds delay, Callback on_expiry);
    void cancelTimer(TimerId id);

    // Stops the loop on SIGINT/SIGTERM (through a signalfd). Blocks those
    // signals in the calling thread, so call it before starting other threads.
    void stopOnTerminationSignals();

    // The Sofia-SIP root, for nua_create() on this same thread.
    su_root_s* sofiaRoot() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace confab::bridge
