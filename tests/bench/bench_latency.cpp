// Issue 3's latency figures, measured on a real MediaEngine over loopback UDP
// in real time (no faked clocks). Two test "phones" A and B are legs of one
// mix; A streams G.711 (PCMU, 20 ms packets, paced on absolute
// CLOCK_MONOTONIC deadlines) that is silence with tone bursts (400 Hz at
// -20 dBov: loud and voiced, so the leg contributes from its first frame and
// the talk detector calls it talking); B streams silence and receives the mix.
// One thread sends on the 20 ms marks and, in between, waits in ppoll on B's
// socket and the engine's eventFd(), stamping each arrival when it is read.
// Each benchmark pools several sessions (a fresh engine, 1 s warm-up) whose
// send marks sit at different phases of the engine's 20 ms frame, since a
// real phone's phase is arbitrary and the latency depends on it.
//   BM_BridgeMouthToEar     5 sessions x 10 bursts (100 ms tone, 200 ms
//                           silence), phases 0/4/8/12/16 ms; ~21 s.
//                           Latency = arrival at B's socket of the first loud
//                           packet (decoded RMS above -40 dBov) - send time of
//                           the burst's first packet at A's socket: jitter
//                           buffer + mix tick + send, what the bridge adds.
//                           Counters p50_ms, p95_ms, max_ms, min_ms, bursts
//                           (detected), target_pass (p50 <= 40 and p95 <= 60).
//   BM_TalkerEventLatency   4 sessions x 4 bursts (300 ms tone, 800 ms
//                           silence), phases 0/5/10/15 ms; ~23 s;
//                           the gap longer than the 600 ms hangover so every
//                           burst gives TalkStarted and TalkStopped for leg A.
//                           start_p50_ms/start_p95_ms: first packet sent ->
//                           TalkStarted read from drainEvents(); stop_p50_ms/
//                           stop_p95_ms: last tone packet sent -> TalkStopped
//                           (includes the hangover, reported as hangover_ms;
//                           stop_minus_hangover_p50_ms is what is left).
// The media thread asks for SCHED_FIFO (realtime_priority 10, rt = 1 when
// granted) as a production bridge would. Cores are shared with whatever else
// runs (builds, other benchmarks), so tails are pessimistic.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

#include "confab/media/g711_codec.h"
#include "confab/media/media_engine.h"
#include "confab/media/rtp_packet.h"

namespace {

using namespace confab::media;
using Clock = std::chrono::steady_clock;

constexpr LegId kLegA = 1;
constexpr LegId kLegB = 2;
constexpr MixId kMix = 1;
constexpr double kToneHz = 400.0;
constexpr double kToneDbov = -20.0;
constexpr double kDetectDbov = -40.0;  // a received packet louder than this is "the burst"
constexpr int kWarmupFrames = 50;      // 1 s of silence: learning, jitter buffer settles
constexpr int kTailFrames = 10;        // after the last gap, for stragglers

double msBetween(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return -1.0;
    std::sort(values.begin(), values.end());
    // Nearest rank.
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

// A test phone: one UDP socket on 127.0.0.1 (RTCP muxed on it), sending PCMU.
class Phone {
  public:
    explicit Phone(uint32_t ssrc) : ssrc_(ssrc) {
        fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        socklen_t length = sizeof address;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
    }
    ~Phone() { ::close(fd_); }
    Phone(const Phone&) = delete;
    Phone& operator=(const Phone&) = delete;

    int fd() const { return fd_; }
    void setTarget(uint16_t port) { target_ = port; }
    RemoteMedia remoteMedia() const {
        RemoteMedia remote;
        remote.rtp = NetAddress::v4(127, 0, 0, 1, port_);
        remote.rtcp_mux = true;  // RTCP comes back on this socket and is ignored
        remote.codec = Codec::Pcmu;
        return remote;
    }

    void send(ConstFrameSpan pcm) {
        std::array<uint8_t, kFrameSamples> payload{};
        G711Codec::encode(Codec::Pcmu, pcm, payload);
        std::array<uint8_t, kRtpHeaderSize + kFrameSamples> packet{};
        const RtpHeaderFields header{kPayloadTypePcmu, false, sequence_++, timestamp_, ssrc_};
        const std::size_t length = buildRtp(header, payload, packet);
        timestamp_ += kFrameSamples;
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        to.sin_port = htons(target_);
        ::sendto(fd_, packet.data(), length, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    }

    // Reads everything waiting; calls on_audio(level_dbov, arrival) per PCMU packet.
    template <typename OnAudio>
    void receive(OnAudio&& on_audio) {
        std::array<uint8_t, 1500> buffer{};
        for (;;) {
            const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
            if (got < 0) return;
            const Clock::time_point arrival = Clock::now();
            RtpPacketView view;
            const std::span<const uint8_t> datagram(buffer.data(), static_cast<std::size_t>(got));
            if (parseRtp(datagram, view) != RtpParseError::None) continue;
            if (view.payload_type != kPayloadTypePcmu || view.payload.empty()) continue;
            std::array<int16_t, 320> pcm{};
            const std::size_t n = std::min(view.payload.size(), pcm.size());
            G711Codec::decode(Codec::Pcmu, view.payload.first(n), std::span(pcm).first(n));
            double energy = 0;
            for (std::size_t i = 0; i < n; ++i) {
                energy += static_cast<double>(pcm[i]) * static_cast<double>(pcm[i]);
            }
            const double rms = std::sqrt(energy / static_cast<double>(n));
            on_audio(20.0 * std::log10(std::max(rms, 1e-3) / 32768.0), arrival);
        }
    }

  private:
    int fd_ = -1;
    uint16_t port_ = 0;
    uint16_t target_ = 0;
    uint32_t ssrc_;
    uint16_t sequence_ = 4711;
    uint32_t timestamp_ = 160000;
};

struct Burst {
    Clock::time_point first_sent{};                 // the burst's first tone packet left A
    Clock::time_point last_sent{};                  // its last tone packet left A
    std::optional<Clock::time_point> heard;         // first loud packet at B
    std::optional<Clock::time_point> talk_started;  // TalkStarted for A read
    std::optional<Clock::time_point> talk_stopped;  // TalkStopped for A read
};

struct Session {
    std::vector<Burst> bursts;
    MediaEngineMetricsSnapshot metrics;
    int hangover_ms = 0;
    std::string error;
};

// Runs warm-up then `count` bursts of `tone_frames` tone + `gap_frames` silence,
// the 20 ms send marks starting `offset` after the engine's clock started.
Session runSession(int count, int tone_frames, int gap_frames, std::chrono::microseconds offset) {
    Session session;
    MediaEngineConfig config;
    config.bind_address = "127.0.0.1";
    config.rtp_port_min = 41000;
    config.rtp_port_max = 41999;
    config.max_legs = 8;
    config.max_mixes = 4;
    config.learning_window = std::chrono::milliseconds(400);
    config.learning_packets = 20;
    config.realtime_priority = 10;
    session.hangover_ms = static_cast<int>(config.talk.hangover.count());
    auto engine = MediaEngine::create(config, &session.error);
    if (!engine) return session;
    engine->start();
    const Clock::time_point started_at = Clock::now();

    Phone a(0x1111'0001), b(0x2222'0002);
    if (const MediaError created = engine->createMix(kMix, 4); created != MediaError::None) {
        session.error = "createMix: " + std::string(toString(created));
        return session;
    }
    for (auto [leg, phone] : {std::pair{kLegA, &a}, std::pair{kLegB, &b}}) {
        const OpenLegResult opened = engine->openLeg(leg);
        if (!opened.ok()) {
            session.error = "openLeg: " + std::string(toString(opened.error));
            return session;
        }
        phone->setTarget(opened.rtp_port);
        const MediaError started = engine->startLeg(leg, kMix, phone->remoteMedia());
        if (started != MediaError::None) {
            session.error = "startLeg: " + std::string(toString(started));
            return session;
        }
    }

    Frame tone{}, quiet{};
    const double amplitude = 32767.0 * std::pow(10.0, kToneDbov / 20.0) * std::numbers::sqrt2;
    uint64_t phase_samples = 0;
    const int cycle = tone_frames + gap_frames;
    const int total_frames = kWarmupFrames + count * cycle;
    session.bursts.resize(static_cast<std::size_t>(count));

    // Which burst the current B audio and A events belong to: the latest one sent.
    int current = -1;
    bool was_loud = true;  // no onset counted until B has been quiet once
    const auto on_audio = [&](double level_dbov, Clock::time_point arrival) {
        const bool loud = level_dbov > kDetectDbov;
        if (loud && !was_loud && current >= 0) {
            Burst& burst = session.bursts[static_cast<std::size_t>(current)];
            if (!burst.heard) burst.heard = arrival;
        }
        was_loud = loud;
    };
    const auto on_event = [&](const MediaEvent& event) {
        if (event.leg != kLegA || current < 0) return;
        Burst& burst = session.bursts[static_cast<std::size_t>(current)];
        const Clock::time_point now = Clock::now();
        if (event.kind == MediaEventKind::TalkStarted && !burst.talk_started) {
            burst.talk_started = now;
        } else if (event.kind == MediaEventKind::TalkStopped && !burst.talk_stopped &&
                   burst.talk_started) {
            burst.talk_stopped = now;
        }
    };

    std::array<pollfd, 3> fds{pollfd{b.fd(), POLLIN, 0}, pollfd{a.fd(), POLLIN, 0},
                              pollfd{engine->eventFd(), POLLIN, 0}};
    const auto drain = [&] {
        b.receive(on_audio);
        a.receive([](double, Clock::time_point) {});
        engine->drainEvents(on_event);
    };
    const Clock::time_point origin = started_at + std::chrono::milliseconds(40) + offset;
    for (int frame = 0; frame < total_frames + kTailFrames; ++frame) {
        const Clock::time_point deadline = origin + std::chrono::milliseconds(kFrameMs) * frame;
        for (;;) {
            const auto left = deadline - Clock::now();
            if (left <= Clock::duration::zero()) break;
            const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
            const timespec timeout{static_cast<time_t>(ns / 1'000'000'000),
                                   static_cast<long>(ns % 1'000'000'000)};
            if (::ppoll(fds.data(), fds.size(), &timeout, nullptr) > 0) drain();
        }
        const int in_run = frame - kWarmupFrames;
        const bool talking = in_run >= 0 && frame < total_frames && in_run % cycle < tone_frames;
        if (talking) {
            for (auto& sample : tone) {
                sample = static_cast<int16_t>(std::lround(
                    amplitude * std::sin(2 * std::numbers::pi * kToneHz *
                                         static_cast<double>(phase_samples++) / 8000.0)));
            }
        }
        const Clock::time_point sent = Clock::now();
        a.send(talking ? tone : quiet);
        b.send(quiet);
        if (talking) {
            const int index = in_run / cycle;
            Burst& burst = session.bursts[static_cast<std::size_t>(index)];
            if (in_run % cycle == 0) {
                current = index;
                burst.first_sent = sent;
            }
            burst.last_sent = sent;
        }
        drain();
    }
    session.metrics = engine->metrics();
    engine->stop();
    return session;
}

// A phone's packets arrive at a phase of the bridge's 20 ms frame that is
// fixed for the call but differs between calls, and the result depends on
// it (one run is phase-locked and gives near-constant figures). So each
// benchmark runs `sessions` calls whose send marks are spread evenly over
// the frame, and pools their bursts.
Session runSessions(int sessions, int count, int tone_frames, int gap_frames) {
    Session pooled;
    pooled.metrics.realtime_scheduling = 1;
    for (int i = 0; i < sessions; ++i) {
        const auto offset = std::chrono::microseconds(20'000 * i / sessions);
        Session one = runSession(count, tone_frames, gap_frames, offset);
        if (!one.error.empty()) return one;
        pooled.bursts.insert(pooled.bursts.end(), one.bursts.begin(), one.bursts.end());
        pooled.metrics.late_ticks += one.metrics.late_ticks;
        pooled.metrics.realtime_scheduling =
            std::min(pooled.metrics.realtime_scheduling, one.metrics.realtime_scheduling);
        pooled.hangover_ms = one.hangover_ms;
    }
    return pooled;
}

void report(const char* name, const char* what, const std::vector<double>& values) {
    std::printf("%s %s (ms, n=%zu):", name, what, values.size());
    for (const double v : values) std::printf(" %.1f", v);
    std::printf("\n");
}

void BM_BridgeMouthToEar(benchmark::State& state) {
    for (auto _ : state) {
        const Session session = runSessions(5, 10, 5, 10);
        if (!session.error.empty()) {
            state.SkipWithError(session.error.c_str());
            return;
        }
        std::vector<double> latency;
        for (const Burst& burst : session.bursts) {
            if (burst.heard) latency.push_back(msBetween(burst.first_sent, *burst.heard));
        }
        report("BM_BridgeMouthToEar", "mouth-to-ear", latency);
        const double p50 = percentile(latency, 0.50);
        const double p95 = percentile(latency, 0.95);
        state.counters["p50_ms"] = p50;
        state.counters["p95_ms"] = p95;
        state.counters["min_ms"] =
            latency.empty() ? -1 : *std::min_element(latency.begin(), latency.end());
        state.counters["max_ms"] =
            latency.empty() ? -1 : *std::max_element(latency.begin(), latency.end());
        state.counters["bursts"] = static_cast<double>(latency.size());
        state.counters["target_pass"] =
            latency.size() == session.bursts.size() && p50 <= 40.0 && p95 <= 60.0 ? 1 : 0;
        state.counters["late_ticks"] = static_cast<double>(session.metrics.late_ticks);
        state.counters["rt"] = static_cast<double>(session.metrics.realtime_scheduling);
    }
}
BENCHMARK(BM_BridgeMouthToEar)->Iterations(1)->Unit(benchmark::kSecond);

void BM_TalkerEventLatency(benchmark::State& state) {
    for (auto _ : state) {
        const Session session = runSessions(4, 4, 15, 40);
        if (!session.error.empty()) {
            state.SkipWithError(session.error.c_str());
            return;
        }
        std::vector<double> started, stopped, stopped_net;
        for (const Burst& burst : session.bursts) {
            if (burst.talk_started)
                started.push_back(msBetween(burst.first_sent, *burst.talk_started));
            if (burst.talk_stopped) {
                const double ms = msBetween(burst.last_sent, *burst.talk_stopped);
                stopped.push_back(ms);
                stopped_net.push_back(ms - session.hangover_ms);
            }
        }
        report("BM_TalkerEventLatency", "send->TalkStarted", started);
        report("BM_TalkerEventLatency", "last send->TalkStopped", stopped);
        state.counters["start_p50_ms"] = percentile(started, 0.50);
        state.counters["start_p95_ms"] = percentile(started, 0.95);
        state.counters["stop_p50_ms"] = percentile(stopped, 0.50);
        state.counters["stop_p95_ms"] = percentile(stopped, 0.95);
        state.counters["stop_minus_hangover_p50_ms"] = percentile(stopped_net, 0.50);
        state.counters["hangover_ms"] = session.hangover_ms;
        state.counters["starts"] = static_cast<double>(started.size());
        state.counters["stops"] = static_cast<double>(stopped.size());
        state.counters["late_ticks"] = static_cast<double>(session.metrics.late_ticks);
        state.counters["rt"] = static_cast<double>(session.metrics.realtime_scheduling);
    }
}
BENCHMARK(BM_TalkerEventLatency)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
