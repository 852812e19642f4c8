#include "confab/pstnsim/media_engine.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace confab::pstnsim {

namespace {

constexpr int kMaxEvents = 256;
// After a stall the thread catches up at most this many frames at once, so a
// long pause does not turn into a burst the far end would see as a flood.
constexpr std::uint64_t kMaxCatchUpFrames = 3;

// Distinguishes the engine's own descriptors from stream registrations in
// epoll_event.data.ptr (streams use heap pointers, never these values).
enum class OwnFd : std::uintptr_t { Tick = 1, Delay = 2, Wake = 3 };

void* tagFor(OwnFd fd) { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(fd)); }

void addToEpoll(int epoll_fd, int fd, void* tag) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = tag;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) {
        throw std::runtime_error(fmt::format("epoll_ctl: {}", std::strerror(errno)));
    }
}

timespec toTimespec(Clock::duration d) {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
    return timespec{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

}  // namespace

MediaEngine::MediaEngine(EventLog& events) : events_(events) {}

MediaEngine::~MediaEngine() {
    stop();
    for (int fd : {epoll_fd_, tick_timer_fd_, delay_timer_fd_, wake_fd_}) {
        if (fd >= 0) ::close(fd);
    }
}

void MediaEngine::start() {
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    tick_timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    delay_timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_fd_ < 0 || tick_timer_fd_ < 0 || delay_timer_fd_ < 0 || wake_fd_ < 0) {
        throw std::runtime_error(fmt::format("media engine descriptors: {}", std::strerror(errno)));
    }
    addToEpoll(epoll_fd_, tick_timer_fd_, tagFor(OwnFd::Tick));
    addToEpoll(epoll_fd_, delay_timer_fd_, tagFor(OwnFd::Delay));
    addToEpoll(epoll_fd_, wake_fd_, tagFor(OwnFd::Wake));
    itimerspec period{};
    period.it_interval = toTimespec(std::chrono::milliseconds(media::kFrameMs));
    period.it_value = period.it_interval;
    timerfd_settime(tick_timer_fd_, 0, &period, nullptr);
    thread_ = std::thread([this] { run(); });
}

void MediaEngine::stop() {
    if (!thread_.joinable()) return;
    stopping_ = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
    thread_.join();
}

void MediaEngine::post(Command command) {
    {
        std::lock_guard lock(commands_mutex_);
        commands_.push_back(std::move(command));
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
}

void MediaEngine::addStream(std::unique_ptr<MediaStream> stream) { post(Add{std::move(stream)}); }

void MediaEngine::updateStream(std::uint64_t key, const RemoteMedia& remote) { post(Update{key, remote}); }

void MediaEngine::removeStream(std::uint64_t key, std::string reason) { post(Remove{key, std::move(reason)}); }

void MediaEngine::run() {
    std::array<epoll_event, kMaxEvents> ready{};
    while (!stopping_) {
        const int n = epoll_wait(epoll_fd_, ready.data(), kMaxEvents, 1000);
        if (n < 0 && errno != EINTR) {
            spdlog::error("media engine: epoll_wait: {}", std::strerror(errno));
            break;
        }
        // Socket events first: a Remove in this batch would free the
        // Registration a later event in the same batch points at.
        bool wake = false;
        bool tick = false;
        bool delay = false;
        for (int i = 0; i < n; ++i) {
            void* tag = ready[static_cast<std::size_t>(i)].data.ptr;
            if (tag == tagFor(OwnFd::Wake)) {
                wake = true;
            } else if (tag == tagFor(OwnFd::Tick)) {
                tick = true;
            } else if (tag == tagFor(OwnFd::Delay)) {
                delay = true;
            } else {
                const auto* registration = static_cast<const Registration*>(tag);
                registration->stream->receive(registration->role, receive_batch_);
            }
        }
        if (tick) {
            std::uint64_t expirations = 0;
            if (::read(tick_timer_fd_, &expirations, sizeof expirations) == sizeof expirations) {
                tickAll(expirations);
            }
        }
        if (delay) {
            std::uint64_t expirations = 0;
            [[maybe_unused]] const auto r = ::read(delay_timer_fd_, &expirations, sizeof expirations);
            delay_timer_armed_for_.reset();
            sendDelayedPackets();
        }
        if (wake) {
            std::uint64_t count = 0;
            [[maybe_unused]] const auto r = ::read(wake_fd_, &count, sizeof count);
            drainCommands();
        }
    }
    drainCommands();
    finishAll("shutdown");
}

void MediaEngine::drainCommands() {
    std::vector<Command> batch;
    {
        std::lock_guard lock(commands_mutex_);
        batch.swap(commands_);
    }
    for (auto& command : batch) apply(command);
    active_streams_ = streams_.size();
}

void MediaEngine::apply(Command& command) {
    if (auto* add = std::get_if<Add>(&command)) {
        MediaStream* stream = add->stream.get();
        Entry entry;
        entry.main = std::make_unique<Registration>(Registration{stream, MediaStream::SocketRole::Main});
        addToEpoll(epoll_fd_, stream->socketFd(), entry.main.get());
        if (stream->rogueSocketFd() >= 0) {
            entry.rogue = std::make_unique<Registration>(Registration{stream, MediaStream::SocketRole::Rogue});
            addToEpoll(epoll_fd_, stream->rogueSocketFd(), entry.rogue.get());
        }
        entry.stream = std::move(add->stream);
        tick_order_.push_back(stream);
        streams_.emplace(stream->key(), std::move(entry));
    } else if (auto* update = std::get_if<Update>(&command)) {
        const auto it = streams_.find(update->key);
        if (it != streams_.end()) it->second.stream->update(update->remote);
    } else if (auto* remove = std::get_if<Remove>(&command)) {
        const auto it = streams_.find(remove->key);
        if (it == streams_.end()) return;
        MediaStream* stream = it->second.stream.get();
        // Removed from epoll before its socket closes with the stream.
        epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, stream->socketFd(), nullptr);
        if (stream->rogueSocketFd() >= 0) epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, stream->rogueSocketFd(), nullptr);
        stream->finish(remove->reason);
        tick_order_.erase(std::find(tick_order_.begin(), tick_order_.end(), stream));
        streams_.erase(it);
    }
}

void MediaEngine::tickAll(std::uint64_t expirations) {
    if (expirations > 1) late_ticks_ += expirations - 1;
    const std::uint64_t frames = std::min(expirations, kMaxCatchUpFrames);
    for (std::uint64_t f = 0; f < frames; ++f) {
        const Clock::time_point now = Clock::now();
        for (MediaStream* stream : tick_order_) {
            if (const auto due = stream->tick(now)) scheduleDelayed(*due, stream->key());
        }
    }
}

void MediaEngine::scheduleDelayed(Clock::time_point due, std::uint64_t key) {
    delayed_.push(DelayedWake{due, key});
    if (!delay_timer_armed_for_ || due < *delay_timer_armed_for_) armDelayTimer();
}

void MediaEngine::sendDelayedPackets() {
    const Clock::time_point now = Clock::now();
    while (!delayed_.empty() && delayed_.top().due <= now) {
        const std::uint64_t key = delayed_.top().key;
        delayed_.pop();
        const auto it = streams_.find(key);
        // Gone: the stream dropped its held packets with it.
        if (it != streams_.end()) it->second.stream->sendDelayed(now);
    }
    armDelayTimer();
}

void MediaEngine::armDelayTimer() {
    if (delayed_.empty()) {
        delay_timer_armed_for_.reset();
        return;
    }
    const Clock::time_point due = delayed_.top().due;
    itimerspec when{};
    // Absolute CLOCK_MONOTONIC time: steady_clock's epoch on Linux.
    when.it_value = toTimespec(std::max(due.time_since_epoch(), Clock::duration(1)));
    timerfd_settime(delay_timer_fd_, TFD_TIMER_ABSTIME, &when, nullptr);
    delay_timer_armed_for_ = due;
}

void MediaEngine::finishAll(const std::string& reason) {
    for (auto& [key, entry] : streams_) entry.stream->finish(reason);
    streams_.clear();
    tick_order_.clear();
    active_streams_ = 0;
}

}  // namespace confab::pstnsim
