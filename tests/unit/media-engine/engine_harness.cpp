#include "engine_harness.h"

#include <time.h>

#include <algorithm>
#include <stdexcept>

#include "signal_analysis.h"

namespace confab::media::test {

namespace {
// A harness wake-up this late means the process did not get the CPU for
// longer than jitter buffers absorb. (Wake-ups 10-35 ms late are common on
// a VM even when idle, and the engine rides them out by catching up.)
constexpr auto kLateWake = std::chrono::milliseconds(50);
// After a disturbance, jitter buffers and talk detectors get this long to recover.
constexpr auto kSettle = std::chrono::milliseconds(200);
}  // namespace

FrameSource tone(double frequency_hz, double dbov) {
    auto source = std::make_shared<ToneSource>(frequency_hz, dbov);
    return [source](FrameSpan out, uint64_t) {
        source->next(out);
        return true;
    };
}

FrameSource silence() {
    return [](FrameSpan out, uint64_t) {
        std::fill(out.begin(), out.end(), int16_t{0});
        return true;
    };
}

MediaEngineConfig EngineHarness::testConfig() {
    MediaEngineConfig config;
    config.bind_address = "127.0.0.1";
    config.rtp_port_min = 20000;
    config.rtp_port_max = 29999;
    config.max_legs = 64;
    config.max_mixes = 16;
    config.learning_window = std::chrono::milliseconds(400);
    config.learning_packets = 20;
    return config;
}

EngineHarness::EngineHarness(const MediaEngineConfig& config) {
    std::string error;
    engine_ = MediaEngine::create(config, &error);
    if (!engine_) throw std::runtime_error(error);
    engine_->start();
    next_ = Clock::now();
    last_disturbance_ = next_;
}

EngineHarness::~EngineHarness() {
    engine_->stop();
}

LegId EngineHarness::addLeg(RtpPeer& peer, std::optional<MixId> mix,
                            std::optional<RemoteMedia> remote) {
    const LegId leg = next_leg_++;
    const OpenLegResult opened = engine_->openLeg(leg);
    if (!opened.ok()) throw std::runtime_error(std::string(toString(opened.error)));
    peer.setTarget(opened.rtp_port);
    if (std::find(peers_.begin(), peers_.end(), &peer) == peers_.end()) peers_.push_back(&peer);
    if (mix) {
        const MediaError error =
            engine_->startLeg(leg, *mix, remote ? *remote : peer.remoteMedia());
        if (error != MediaError::None) throw std::runtime_error(std::string(toString(error)));
    }
    return leg;
}

void EngineHarness::stream(RtpPeer& peer, FrameSource source, double loss) {
    stopStream(peer);
    streams_.push_back(Stream{&peer, std::move(source), loss});
    if (std::find(peers_.begin(), peers_.end(), &peer) == peers_.end()) peers_.push_back(&peer);
}

void EngineHarness::stopStream(RtpPeer& peer) {
    std::erase_if(streams_, [&](const Stream& s) { return s.peer == &peer; });
}

void EngineHarness::drain() {
    engine_->drainEvents([this](const MediaEvent& event) {
        events_.push_back(ReceivedEvent{event, Clock::now()});
    });
}

void EngineHarness::step() {
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    for (Stream& s : streams_) {
        Frame frame{};
        if (!s.source(frame, tick_)) continue;
        const bool lose = s.loss > 0 && uniform(random_) < s.loss;
        s.peer->sendFrame(frame, lose);
    }
    if (hook_) hook_(tick_);
    ++tick_;
    for (RtpPeer* peer : peers_) peer->poll();
    drain();
}

void EngineHarness::run(std::chrono::milliseconds duration) {
    runUntil([] { return false; }, duration);
}

bool EngineHarness::runUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    if (next_ < Clock::now() - std::chrono::milliseconds(100)) next_ = Clock::now();
    while (Clock::now() < deadline) {
        if (done()) return true;
        // Sleep to the next absolute 20 ms mark, then send.
        const auto since_epoch = next_.time_since_epoch();
        timespec wake{};
        wake.tv_sec = static_cast<time_t>(
            std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count());
        wake.tv_nsec = static_cast<long>((since_epoch - std::chrono::seconds(wake.tv_sec)).count());
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wake, nullptr);
        const auto woke = Clock::now();
        const uint64_t skipped_ticks = engine_->metrics().skipped_ticks;
        if (woke - next_ > kLateWake || skipped_ticks != engine_skipped_ticks_) {
            last_disturbance_ = woke;
            ++disturbances_;
        }
        engine_skipped_ticks_ = skipped_ticks;
        step();
        next_ += std::chrono::milliseconds(kFrameMs);
    }
    return done();
}

std::optional<Clock::time_point> EngineHarness::runSteady(std::chrono::milliseconds window) {
    const auto give_up = Clock::now() + std::chrono::seconds(20);
    const auto steady_enough = [&] { return Clock::now() - last_disturbance_ >= kSettle + window; };
    // At least one full window from now, so audio measured since its start is fresh.
    run(window);
    if (runUntil(steady_enough, std::chrono::duration_cast<std::chrono::milliseconds>(
                                    give_up - Clock::now()))) {
        return Clock::now() - window;
    }
    return std::nullopt;
}

std::string talkedThroughout(const EngineHarness& h, LegId leg, Clock::time_point steady_from) {
    const auto started = h.eventsOf(MediaEventKind::TalkStarted, leg);
    const auto stopped = h.eventsOf(MediaEventKind::TalkStopped, leg);
    const std::string counts = "leg " + std::to_string(leg) + ": " + std::to_string(started.size()) +
                               " talk starts, " + std::to_string(stopped.size()) + " stops";
    if (started.empty()) return counts + ", never talking";
    if (h.disturbances() == 0 && (started.size() != 1 || !stopped.empty())) {
        return counts + ", with no stall of the machine";
    }
    for (const auto& e : stopped) {
        if (e.received >= steady_from) return counts + ", one inside the steady window";
    }
    if (stopped.size() + 1 != started.size()) return counts + ", not talking at the end";
    return "";
}

std::string unsteadyMessage(const EngineHarness& h) {
    return "the machine did not keep time for a whole measurement window within 20 s (" +
           std::to_string(h.disturbances()) +
           " stalls over 50 ms or skipped media ticks): this host is too loaded to judge audio";
}

std::vector<ReceivedEvent> EngineHarness::eventsOf(MediaEventKind kind, LegId leg) const {
    std::vector<ReceivedEvent> out;
    for (const ReceivedEvent& e : events_) {
        if (e.event.kind == kind && e.event.leg == leg) out.push_back(e);
    }
    return out;
}

}  // namespace confab::media::test
