#include "media_worker.h"

#include <pthread.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "media_leg.h"
#include "media_mix.h"
#include "socket_address.h"

namespace confab::media {
namespace {

enum : uint64_t { kTagRtp = 0, kTagRtcp = 1, kTagTimer = 2, kTagWake = 3 };
constexpr auto kFrame = std::chrono::milliseconds(kFrameMs);

MediaTime mediaNow() {
    return std::chrono::duration_cast<MediaTime>(
        std::chrono::steady_clock::now().time_since_epoch());
}

uint64_t threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

std::size_t retiredCapacity(const MediaEngineConfig& config) {
    return config.max_legs + config.max_mixes + config.command_queue_capacity;
}

}  // namespace

MediaWorker::MediaWorker(const MediaEngineConfig& config, MediaEngineMetrics& metrics)
    : config_(config),
      metrics_(metrics),
      commands_(config.command_queue_capacity),
      events_(config.event_queue_capacity),
      retired_(retiredCapacity(config)),
      ctx_(events_, retired_, config.max_legs + config.max_mixes, metrics),
      legs_(config.max_legs),
      mixes_(config.max_mixes) {
    phases_ = std::clamp(config.tick_phases, 1, 20);
    sub_tick_ = std::chrono::duration_cast<std::chrono::nanoseconds>(kFrame) / phases_;
    live_mixes_.resize(static_cast<std::size_t>(phases_));
    for (auto& phase : live_mixes_) phase.reserve(config.max_mixes);
    for (std::size_t i = 0; i < kBatch; ++i) {
        iovecs_[i].iov_base = buffers_[i].data();
        iovecs_[i].iov_len = buffers_[i].size();
        std::memset(&messages_[i], 0, sizeof messages_[i]);
        messages_[i].msg_hdr.msg_iov = &iovecs_[i];
        messages_[i].msg_hdr.msg_iovlen = 1;
        messages_[i].msg_hdr.msg_name = &sources_[i];
    }
}

MediaWorker::~MediaWorker() {
    stop();
    for (const int fd : {epoll_fd_, timer_fd_, event_fd_, wake_fd_}) {
        if (fd >= 0) ::close(fd);
    }
}

bool MediaWorker::init(std::string* error) {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    timer_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    event_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_fd_ < 0 || timer_fd_ < 0 || event_fd_ < 0 || wake_fd_ < 0) {
        if (error)
            *error = std::string("media engine: cannot create epoll/timerfd/eventfd: ") +
                     std::strerror(errno);
        return false;
    }
    watch(timer_fd_, kTagTimer);
    watch(wake_fd_, kTagWake);
    return true;
}

void MediaWorker::watch(int fd, uint64_t tag) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = tag;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
}

void MediaWorker::start() {
    if (thread_.joinable()) return;
    stop_requested_.store(false, std::memory_order_release);
    thread_ = std::thread([this] { run(); });
}

void MediaWorker::stop() {
    if (!thread_.joinable()) return;
    stop_requested_.store(true, std::memory_order_release);
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = ::write(wake_fd_, &one, sizeof one);
    thread_.join();
}

void MediaWorker::signalEvents() {
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = ::write(event_fd_, &one, sizeof one);
}

// ---------------------------------------------------------------- the loop

void MediaWorker::run() {
    pthread_setname_np(pthread_self(), "confab-media");
    if (config_.realtime_priority > 0) {
        sched_param param{};
        param.sched_priority = std::min(config_.realtime_priority, 99);
        const bool granted = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
        metrics_.realtime_scheduling.store(granted ? 1 : 0, std::memory_order_relaxed);
    }
    cpu_origin_ns_ = threadCpuNs() - metrics_.media_cpu_ns.load(std::memory_order_relaxed);
    const MediaTime wall_origin =
        mediaNow() - std::chrono::duration_cast<MediaTime>(std::chrono::nanoseconds(
                         metrics_.media_wall_ns.load(std::memory_order_relaxed)));

    // Absolute deadlines every sub-tick from here: the kernel keeps the
    // schedule, so late wake-ups never shift later ticks.
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    timer_origin_ = std::chrono::duration_cast<MediaTime>(std::chrono::seconds(now.tv_sec) +
                                                          std::chrono::nanoseconds(now.tv_nsec));
    deadlines_passed_ = 0;
    frame_base_ = ctx_.tick + 1;
    itimerspec spec{};
    spec.it_interval.tv_nsec = sub_tick_.count();
    spec.it_value = now;
    spec.it_value.tv_nsec += spec.it_interval.tv_nsec;
    if (spec.it_value.tv_nsec >= 1'000'000'000) {
        spec.it_value.tv_nsec -= 1'000'000'000;
        ++spec.it_value.tv_sec;
    }
    ::timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr);

    while (!stop_requested_.load(std::memory_order_acquire)) {
        const int ready =
            ::epoll_wait(epoll_fd_, ready_.data(), static_cast<int>(ready_.size()), -1);
        if (ready < 0) continue;  // EINTR
        uint64_t expirations = 0;
        for (int i = 0; i < ready; ++i) {
            const uint64_t tag = ready_[static_cast<std::size_t>(i)].data.u64;
            switch (tag & 3u) {
                case kTagTimer: {
                    uint64_t count = 0;
                    if (::read(timer_fd_, &count, sizeof count) == sizeof count)
                        expirations += count;
                    break;
                }
                case kTagWake: {
                    uint64_t count = 0;
                    [[maybe_unused]] const ssize_t got = ::read(wake_fd_, &count, sizeof count);
                    break;
                }
                default:
                    drainSocket(static_cast<uint32_t>(tag >> 2), (tag & 3u) == kTagRtcp);
                    break;
            }
        }
        if (expirations > 0) {
            runTicks(expirations);
            metrics_.media_cpu_ns.store(threadCpuNs() - cpu_origin_ns_, std::memory_order_relaxed);
            metrics_.media_wall_ns.store(
                static_cast<uint64_t>(
                    std::chrono::duration_cast<std::chrono::nanoseconds>(mediaNow() - wall_origin)
                        .count()),
                std::memory_order_relaxed);
        }
        if (ctx_.takeEventsPending()) signalEvents();
    }
    itimerspec off{};
    ::timerfd_settime(timer_fd_, 0, &off, nullptr);
    if (ctx_.takeEventsPending()) signalEvents();
}

void MediaWorker::drainSocket(uint32_t slot, bool rtcp) {
    if (slot >= legs_.size() || !legs_[slot]) return;
    MediaLeg& leg = *legs_[slot];
    const int fd = rtcp ? leg.sockets().rtcpFd() : leg.sockets().rtpFd();
    for (;;) {
        for (auto& message : messages_) message.msg_hdr.msg_namelen = sizeof(sockaddr_storage);
        const int got = ::recvmmsg(fd, messages_.data(), kBatch, MSG_DONTWAIT, nullptr);
        if (got <= 0) {
            if (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                metrics_.drop(DropReason::ReceiveError);
            }
            return;
        }
        ctx_.now = mediaNow();
        MediaEngineMetrics::bump(metrics_.packets_in, static_cast<uint64_t>(got));
        for (int i = 0; i < got; ++i) {
            const auto index = static_cast<std::size_t>(i);
            const mmsghdr& message = messages_[index];
            if (message.msg_hdr.msg_flags & MSG_TRUNC) {
                metrics_.drop(DropReason::Malformed);
                continue;
            }
            leg.onDatagram(rtcp, fromSockaddr(sources_[index]),
                           std::span<const uint8_t>(buffers_[index].data(), message.msg_len), ctx_);
        }
        if (static_cast<std::size_t>(got) < kBatch) return;
    }
}

void MediaWorker::runTicks(uint64_t expirations) {
    // Sub-tick s mixes phase s % phases_ of frame s / phases_.
    const uint64_t first = deadlines_passed_ + 1;
    deadlines_passed_ += expirations;
    const auto cap = static_cast<uint64_t>(std::max(1, config_.max_catch_up_ticks)) *
                     static_cast<uint64_t>(phases_);
    const uint64_t skip = expirations > cap ? expirations - cap : 0;
    for (uint64_t k = 0; k < expirations; ++k) {
        const uint64_t sub_tick = first + k;
        ctx_.tick = frame_base_ + sub_tick / static_cast<uint64_t>(phases_);
        if (k < skip) {
            MediaEngineMetrics::bump(metrics_.skipped_ticks);
            MediaEngineMetrics::bump(metrics_.late_ticks);
            continue;
        }
        const MediaTime deadline = timer_origin_ + std::chrono::duration_cast<MediaTime>(
                                                       sub_tick_ * static_cast<int64_t>(sub_tick));
        const MediaTime start = mediaNow();
        const uint64_t cpu_start = threadCpuNs();
        if (start - deadline > config_.late_tick_threshold) {
            MediaEngineMetrics::bump(metrics_.late_ticks);
        }
        ctx_.now = start;
        runTick(static_cast<int>(sub_tick % static_cast<uint64_t>(phases_)));
        metrics_.recordTick(static_cast<uint64_t>((mediaNow() - start).count()));
        MediaEngineMetrics::bump(metrics_.tick_cpu_ns, threadCpuNs() - cpu_start);
        MediaEngineMetrics::bump(metrics_.ticks);
    }
}

void MediaWorker::runTick(int phase) {
    applyCommands();
    for (MediaMix* mix : live_mixes_[static_cast<std::size_t>(phase)]) tickMix(*mix);
}

void MediaWorker::tickMix(MediaMix& mix) {
    Mixer& mixer = mix.mixer();
    mix.beginTick();
    for (MediaLeg* leg : mix.members()) {
        const FrameSpan input = mixer.inputFrame(leg->mixerSlot());
        const LegTickInput in = leg->receiveTick(input, ctx_);
        if (!in.has_audio) continue;
        mixer.submit(leg->mixerSlot(), in.contributing);
        if (in.contributing && !leg->muted()) mix.addToTap(input);
    }
    mix.submitPrompt(ctx_);
    mixer.mixFrame();
    mix.endTick(ctx_);
    for (MediaLeg* leg : mix.members()) leg->sendTick(mixer.output(leg->mixerSlot()), ctx_);
}

// ---------------------------------------------------------------- commands

void MediaWorker::applyCommands() {
    for (std::size_t n = 0; n < kMaxCommandsPerTick; ++n) {
        if (!commands_.tryConsume([this](MediaCommand& command) { apply(command); })) return;
    }
}

void MediaWorker::apply(MediaCommand& command) {
    MediaLeg* leg = command.leg_slot < legs_.size() ? legs_[command.leg_slot].get() : nullptr;
    MediaMix* mix = command.mix_slot < mixes_.size() ? mixes_[command.mix_slot].get() : nullptr;
    switch (command.kind) {
        case CommandKind::CreateMix:
            if (command.mix && command.mix_slot < mixes_.size() && !mix) {
                mix = command.mix.get();
                mixes_[command.mix_slot] = std::move(command.mix);
                auto& phase = live_mixes_[mix->phase() % live_mixes_.size()];
                mix->setLiveIndex(static_cast<uint32_t>(phase.size()));
                phase.push_back(mix);
                MediaEngineMetrics::bump(metrics_.live_mixes);
            }
            break;
        case CommandKind::DestroyMix:
            if (mix) destroyMix(command.mix_slot);
            break;
        case CommandKind::OpenLeg:
            if (command.leg && command.leg_slot < legs_.size() && !leg) {
                leg = command.leg.get();
                legs_[command.leg_slot] = std::move(command.leg);
                watch(leg->sockets().rtpFd(), (uint64_t{command.leg_slot} << 2) | kTagRtp);
                watch(leg->sockets().rtcpFd(), (uint64_t{command.leg_slot} << 2) | kTagRtcp);
                MediaEngineMetrics::bump(metrics_.live_legs);
            }
            break;
        case CommandKind::StartLeg:
            if (leg && mix) startLeg(*leg, *mix, command.remote);
            break;
        case CommandKind::UpdateLeg:
            if (leg && leg->started() && leg->update(command.remote, ctx_)) {
                mixes_[leg->mixSlot()]->mixer().setCodec(leg->mixerSlot(), leg->codec());
            }
            break;
        case CommandKind::CloseLeg:
            if (leg) closeLeg(command.leg_slot);
            break;
        case CommandKind::SetMuted:
            if (leg) {
                leg->setMuted(command.flag);
                if (leg->started()) {
                    mixes_[leg->mixSlot()]->mixer().setMuted(leg->mixerSlot(), command.flag);
                }
            }
            break;
        case CommandKind::SetDeaf:
            if (leg) {
                leg->setDeaf(command.flag);
                if (leg->started()) {
                    mixes_[leg->mixSlot()]->mixer().setDeaf(leg->mixerSlot(), command.flag);
                }
            }
            break;
        case CommandKind::SendDtmf:
            if (leg) {
                leg->queueDtmf(std::span<const char>(command.digits.data(), command.digit_count),
                               command.dtmf_mode);
            }
            break;
        case CommandKind::PlayLegPrompt:
            if (leg) leg->playPrompt(std::move(command.prompt), ctx_);
            break;
        case CommandKind::PlayMixPrompt:
            if (mix) mix->playPrompt(std::move(command.prompt), ctx_);
            break;
        case CommandKind::SetLegTap:
            if (leg) leg->setTap(std::move(command.tap), ctx_);
            break;
        case CommandKind::SetMixTap:
            if (mix) mix->setTap(std::move(command.tap), ctx_);
            break;
    }
    // Whatever a refused command still owns goes back to be freed there.
    if (command.leg || command.mix) {
        RetiredObject object;
        if (command.leg) object.leg_slot = command.leg_slot;
        if (command.mix) object.mix_slot = command.mix_slot;
        object.leg = std::move(command.leg);
        object.mix = std::move(command.mix);
        ctx_.retire(std::move(object));
    }
    ctx_.retire(std::move(command.prompt));
    ctx_.retire(std::move(command.tap));
}

void MediaWorker::startLeg(MediaLeg& leg, MediaMix& mix, const RemoteMedia& remote) {
    if (leg.started() && leg.mixSlot() == mix.slot()) {
        if (leg.update(remote, ctx_)) mix.mixer().setCodec(leg.mixerSlot(), leg.codec());
        return;
    }
    if (leg.started()) removeFromMix(leg);
    const LegId mixer_slot = mix.addMember(leg, remote.codec);
    if (mixer_slot == kNoLeg) return;  // the control thread checks capacity first
    mix.mixer().setMuted(mixer_slot, leg.muted());
    mix.mixer().setDeaf(mixer_slot, leg.deaf());
    leg.join(mix.id(), mix.slot(), mixer_slot, remote, ctx_);
    MediaEngineMetrics::bump(metrics_.started_legs);
}

void MediaWorker::removeFromMix(MediaLeg& leg) {
    mixes_[leg.mixSlot()]->removeMember(leg);
    leg.leave(ctx_);
    metrics_.started_legs.store(metrics_.started_legs.load(std::memory_order_relaxed) - 1,
                                std::memory_order_relaxed);
}

void MediaWorker::closeLeg(uint32_t slot) {
    MediaLeg& leg = *legs_[slot];
    if (leg.started()) {
        mixes_[leg.mixSlot()]->removeMember(leg);
        metrics_.started_legs.store(metrics_.started_legs.load(std::memory_order_relaxed) - 1,
                                    std::memory_order_relaxed);
    }
    leg.close(ctx_);  // BYE while the destination is still known, final events
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, leg.sockets().rtpFd(), nullptr);
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, leg.sockets().rtcpFd(), nullptr);
    RetiredObject object;
    object.leg_slot = slot;
    object.leg = std::move(legs_[slot]);
    ctx_.retire(std::move(object));
    metrics_.live_legs.store(metrics_.live_legs.load(std::memory_order_relaxed) - 1,
                             std::memory_order_relaxed);
}

void MediaWorker::destroyMix(uint32_t slot) {
    MediaMix& mix = *mixes_[slot];
    while (!mix.members().empty()) removeFromMix(*mix.members().back());
    auto& phase = live_mixes_[mix.phase() % live_mixes_.size()];
    const uint32_t index = mix.liveIndex();
    MediaMix* last = phase.back();
    phase[index] = last;
    last->setLiveIndex(index);
    phase.pop_back();
    RetiredObject object;
    object.mix_slot = slot;
    object.mix = std::move(mixes_[slot]);
    ctx_.retire(std::move(object));
    metrics_.live_mixes.store(metrics_.live_mixes.load(std::memory_order_relaxed) - 1,
                              std::memory_order_relaxed);
}

}  // namespace confab::media
