#include "confab/bridge/control_loop.h"

#include <csignal>
#include <map>
#include <stdexcept>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <sofia-sip/su.h>
#include <sofia-sip/su_wait.h>

namespace confab::bridge {

namespace {

// Sofia's callbacks are C function pointers with opaque "magic"/"arg"
// pointers; these trampolines turn them back into our objects.
struct FdWatch {
    int fd = -1;
    su_wait_t wait{};
    std::shared_ptr<ControlLoop::Callback> on_readable;
};

struct Timer {
    su_timer_t* timer = nullptr;
    ControlLoop::Callback on_expiry;
};

void runGuarded(const ControlLoop::Callback& work, const char* what) {
    try {
        work();
    } catch (const std::exception& e) {
        spdlog::error("control loop: {} threw: {}", what, e.what());
    } catch (...) {
        spdlog::error("control loop: {} threw a non-standard exception", what);
    }
}

}  // namespace

struct ControlLoop::Impl {
    su_root_t* root = nullptr;
    int wake_fd = -1;
    int signal_fd = -1;
    std::map<int, std::unique_ptr<FdWatch>> watches;
    std::map<TimerId, std::unique_ptr<Timer>> timers;
    TimerId next_timer = 1;

    std::mutex posted_mutex;  // guards `posted` only
    std::vector<Callback> posted;

    static int onWakeup(su_root_magic_t*, su_wait_t*, su_wakeup_arg_t* arg) {
        auto* watch = static_cast<FdWatch*>(static_cast<void*>(arg));
        // The handler may unwatch (and so destroy) its own watch, e.g. when a
        // connection drops: hold a reference to the callback until it returns.
        const std::shared_ptr<Callback> handler = watch->on_readable;
        runGuarded(*handler, "fd handler");
        return 0;
    }

    static void onTimer(su_root_magic_t* magic, su_timer_t*, su_timer_arg_t* arg) {
        auto* self = static_cast<Impl*>(static_cast<void*>(magic));
        const auto id = static_cast<TimerId>(reinterpret_cast<std::uintptr_t>(arg));
        auto it = self->timers.find(id);
        if (it == self->timers.end()) return;
        // Move the callback out first: it may start or cancel timers.
        Callback work = std::move(it->second->on_expiry);
        su_timer_destroy(it->second->timer);
        self->timers.erase(it);
        runGuarded(work, "timer");
    }

    std::size_t drainPosted() {
        std::uint64_t count = 0;
        [[maybe_unused]] auto n = ::read(wake_fd, &count, sizeof count);
        std::vector<Callback> batch;
        {
            std::lock_guard lock(posted_mutex);
            batch.swap(posted);
        }
        for (auto& work : batch) runGuarded(work, "posted work");
        return batch.size();
    }
};

ControlLoop::ControlLoop() : impl_(std::make_unique<Impl>()) {
    if (su_init() != 0) throw std::runtime_error("su_init failed");
    impl_->root = su_root_create(static_cast<su_root_magic_t*>(static_cast<void*>(impl_.get())));
    if (!impl_->root) throw std::runtime_error("su_root_create failed");
    impl_->wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (impl_->wake_fd < 0) throw std::runtime_error("eventfd failed");
    watchReadable(impl_->wake_fd, [this] { impl_->drainPosted(); });
}

ControlLoop::~ControlLoop() {
    for (auto& [id, timer] : impl_->timers) su_timer_destroy(timer->timer);
    impl_->timers.clear();
    while (!impl_->watches.empty()) unwatch(impl_->watches.begin()->first);
    su_root_destroy(impl_->root);
    ::close(impl_->wake_fd);
    if (impl_->signal_fd >= 0) ::close(impl_->signal_fd);
    su_deinit();
}

void ControlLoop::run() { su_root_run(impl_->root); }

std::size_t ControlLoop::runPosted() { return impl_->drainPosted(); }

void ControlLoop::stop() {
    // su_root_break is not safe from another thread; wake the loop and break
    // from inside it.
    post([this] { su_root_break(impl_->root); });
}

void ControlLoop::post(Callback work) {
    {
        std::lock_guard lock(impl_->posted_mutex);
        impl_->posted.push_back(std::move(work));
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(impl_->wake_fd, &one, sizeof one);
}

void ControlLoop::watchReadable(int fd, Callback on_readable) {
    unwatch(fd);
    auto watch = std::make_unique<FdWatch>();
    watch->fd = fd;
    watch->on_readable = std::make_shared<Callback>(std::move(on_readable));
    if (su_wait_create(&watch->wait, fd, SU_WAIT_IN) != 0)
        throw std::runtime_error("su_wait_create failed");
    auto* arg = static_cast<su_wakeup_arg_t*>(static_cast<void*>(watch.get()));
    if (su_root_register(impl_->root, &watch->wait, &Impl::onWakeup, arg, 0) < 0) {
        su_wait_destroy(&watch->wait);
        throw std::runtime_error("su_root_register failed");
    }
    impl_->watches.emplace(fd, std::move(watch));
}

void ControlLoop::unwatch(int fd) {
    auto it = impl_->watches.find(fd);
    if (it == impl_->watches.end()) return;
    auto* arg = static_cast<su_wakeup_arg_t*>(static_cast<void*>(it->second.get()));
    su_root_unregister(impl_->root, &it->second->wait, &Impl::onWakeup, arg);
    su_wait_destroy(&it->second->wait);
    impl_->watches.erase(it);
}

ControlLoop::TimerId ControlLoop::startTimer(std::chrono::milliseconds delay, Callback on_expiry) {
    const TimerId id = impl_->next_timer++;
    auto timer = std::make_unique<Timer>();
    timer->timer = su_timer_create(su_root_task(impl_->root), static_cast<su_duration_t>(delay.count()));
    if (!timer->timer) throw std::runtime_error("su_timer_create failed");
    timer->on_expiry = std::move(on_expiry);
    auto* arg = reinterpret_cast<su_timer_arg_t*>(static_cast<std::uintptr_t>(id));
    su_timer_set(timer->timer, &Impl::onTimer, arg);
    impl_->timers.emplace(id, std::move(timer));
    return id;
}

void ControlLoop::cancelTimer(TimerId id) {
    auto it = impl_->timers.find(id);
    if (it == impl_->timers.end()) return;
    su_timer_destroy(it->second->timer);
    impl_->timers.erase(it);
}

void ControlLoop::stopOnTerminationSignals() {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &mask, nullptr) != 0) throw std::runtime_error("sigmask failed");
    impl_->signal_fd = ::signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    if (impl_->signal_fd < 0) throw std::runtime_error("signalfd failed");
    watchReadable(impl_->signal_fd, [this] {
        signalfd_siginfo info{};
        if (::read(impl_->signal_fd, &info, sizeof info) == sizeof info) {
            spdlog::info("received signal {}, shutting down", info.ssi_signo);
        }
        su_root_break(impl_->root);
    });
}

su_root_s* ControlLoop::sofiaRoot() const { return impl_->root; }

}  // namespace confab::bridge
