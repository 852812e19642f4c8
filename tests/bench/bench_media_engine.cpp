// confab-media-engine: legs per core, over real RTP on loopback.
//   BM_MediaEngineLegs/N/P N legs in conferences of 10 (2 talkers each, the
//                          rest send quiet noise), every leg streamed at
//                          50 packets/s of G.711 by one sender thread (one
//                          socket, sendmmsg, spread over the 20 ms period),
//                          2 s warm-up, 5 s measured; P = tick_phases (4:
//                          a quarter of the mixes every 5 ms, 1: all mixes
//                          on one 20 ms tick). The media thread runs
//                          SCHED_FIFO (realtime_priority 10, as a production
//                          bridge would; rt = 1 when granted). Counters:
//                            p50_us, p99_us, max_us  (sub-)tick duration (wall)
//                            tick_cpu_us             mean CPU time of a (sub-)tick
//                            frame_cpu_us            CPU of all ticks per 20 ms
//                            late_pct                late or skipped ticks
//                            media_cpu_pct           media thread CPU / wall
//                            sender_cpu_pct          the load generator's
//                            in_pps, out_pps         engine packets in/out
//                            heap_kib_per_leg        malloc'ed bytes delta / N
//                            rss_kib_per_leg         RSS delta / N (low when the
//                                                    allocator reuses freed pages)
//                            pass                    p99 < 5 ms and late < 0.1 %
//   BM_MediaEngineLegsPerCore  the largest N that passed, per P (run last).
// The machine's cores are shared: the sender thread (and anything else
// running) competes with the media thread, so read these as a lower bound.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <malloc.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <numbers>
#include <random>
#include <thread>
#include <vector>

#include "confab/media/g711_codec.h"
#include "confab/media/media_engine.h"
#include "confab/media/rtp_packet.h"

namespace {

using namespace confab::media;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kConferenceSize = 10;
constexpr std::size_t kTalkersPerConference = 2;
constexpr int kSubSlots = 10;  // sends spread over the 20 ms period, 2 ms apart

// (phases, legs) -> passed
std::map<std::pair<int64_t, int64_t>, bool>& results() {
    static std::map<std::pair<int64_t, int64_t>, bool> passed;
    return passed;
}

uint64_t residentBytes() {
    std::ifstream statm("/proc/self/statm");
    uint64_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

uint64_t heapBytes() {
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

uint64_t threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

// One loopback socket that streams every leg and swallows what comes back.
class LoadSender {
  public:
    explicit LoadSender(std::size_t legs) : ports_(legs), sequence_(legs), ssrc_(legs) {
        fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        const int big = 8 << 20;
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        socklen_t length = sizeof address;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        std::mt19937 random(1);
        for (std::size_t i = 0; i < legs; ++i) {
            ssrc_[i] = random();
            sequence_[i] = static_cast<uint16_t>(random());
        }
        // A voiced talker (250 Hz and harmonics: exactly 5 periods a frame,
        // so repeating the frame is seamless) and a quiet noise floor.
        Frame voice{}, quiet{};
        std::normal_distribution<double> noise(0, 30);
        for (std::size_t n = 0; n < kFrameSamples; ++n) {
            double v = 0;
            for (int h = 1; h <= 5; ++h) {
                v += std::sin(2 * std::numbers::pi * 250 * h * static_cast<double>(n) / 8000) / h;
            }
            voice[n] = static_cast<int16_t>(2500 * v);
            quiet[n] = static_cast<int16_t>(noise(random));
        }
        G711Codec::encode(Codec::Pcmu, voice, voice_payload_);
        G711Codec::encode(Codec::Pcmu, quiet, quiet_payload_);
    }
    ~LoadSender() {
        stop();
        ::close(fd_);
    }

    NetAddress address() const { return NetAddress::v4(127, 0, 0, 1, port_); }
    void setTarget(std::size_t leg, uint16_t port) { ports_[leg] = port; }
    static bool isTalker(std::size_t leg) { return leg % kConferenceSize < kTalkersPerConference; }

    void start() {
        running_ = true;
        thread_ = std::thread([this] { run(); });
    }
    void stop() {
        running_ = false;
        if (thread_.joinable()) thread_.join();
    }
    double cpuNs() const { return static_cast<double>(cpu_ns_.load()); }
    uint64_t received() const { return received_.load(); }

  private:
    static constexpr std::size_t kBatch = 256;

    void run() {
        std::vector<std::array<uint8_t, kRtpHeaderSize + kFrameSamples>> packets(kBatch);
        std::vector<sockaddr_in> to(kBatch);
        std::vector<iovec> iov(kBatch);
        std::vector<mmsghdr> messages(kBatch);
        std::vector<std::array<uint8_t, 256>> sink(64);
        std::vector<iovec> sink_iov(64);
        std::vector<mmsghdr> sink_messages(64);
        for (std::size_t i = 0; i < 64; ++i) {
            sink_iov[i] = iovec{sink[i].data(), sink[i].size()};
            sink_messages[i] = mmsghdr{};
            sink_messages[i].msg_hdr.msg_iov = &sink_iov[i];
            sink_messages[i].msg_hdr.msg_iovlen = 1;
        }
        const uint64_t cpu_origin = threadCpuNs();
        auto next = Clock::now();
        uint32_t timestamp = 1000;
        int sub_slot = 0;
        while (running_) {
            const std::size_t legs = ports_.size();
            const std::size_t begin = legs * static_cast<std::size_t>(sub_slot) / kSubSlots;
            const std::size_t end = legs * static_cast<std::size_t>(sub_slot + 1) / kSubSlots;
            for (std::size_t first = begin; first < end; first += kBatch) {
                const std::size_t count = std::min(kBatch, end - first);
                for (std::size_t k = 0; k < count; ++k) {
                    const std::size_t leg = first + k;
                    const RtpHeaderFields header{kPayloadTypePcmu, false, sequence_[leg]++,
                                                 timestamp, ssrc_[leg]};
                    const std::size_t length = buildRtp(
                        header, isTalker(leg) ? voice_payload_ : quiet_payload_, packets[k]);
                    to[k] = sockaddr_in{};
                    to[k].sin_family = AF_INET;
                    to[k].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                    to[k].sin_port = htons(ports_[leg]);
                    iov[k] = iovec{packets[k].data(), length};
                    messages[k] = mmsghdr{};
                    messages[k].msg_hdr.msg_name = &to[k];
                    messages[k].msg_hdr.msg_namelen = sizeof(sockaddr_in);
                    messages[k].msg_hdr.msg_iov = &iov[k];
                    messages[k].msg_hdr.msg_iovlen = 1;
                }
                std::size_t sent = 0;
                while (sent < count) {
                    const int n = ::sendmmsg(fd_, messages.data() + sent,
                                             static_cast<unsigned>(count - sent), 0);
                    if (n <= 0) break;
                    sent += static_cast<std::size_t>(n);
                }
            }
            // Swallow the engine's output (counted, not decoded).
            for (;;) {
                const int got = ::recvmmsg(fd_, sink_messages.data(), 64, MSG_DONTWAIT, nullptr);
                if (got <= 0) break;
                received_ += static_cast<uint64_t>(got);
            }
            if (++sub_slot == kSubSlots) {
                sub_slot = 0;
                timestamp += kFrameSamples;
            }
            next += std::chrono::microseconds(1000 * kFrameMs / kSubSlots);
            std::this_thread::sleep_until(next);
            cpu_ns_ = threadCpuNs() - cpu_origin;
        }
    }

    int fd_ = -1;
    uint16_t port_ = 0;
    std::vector<uint16_t> ports_;
    std::vector<uint16_t> sequence_;
    std::vector<uint32_t> ssrc_;
    std::array<uint8_t, kFrameSamples> voice_payload_{};
    std::array<uint8_t, kFrameSamples> quiet_payload_{};
    std::thread thread_;
    std::atomic<bool> running_{false};
    std::atomic<uint64_t> cpu_ns_{0};
    std::atomic<uint64_t> received_{0};
};

void drainFor(MediaEngine& engine, std::chrono::milliseconds duration) {
    const auto until = Clock::now() + duration;
    while (Clock::now() < until) {
        engine.drainEvents(nullptr);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

void BM_MediaEngineLegs(benchmark::State& state) {
    const auto legs = static_cast<std::size_t>(state.range(0));
    const auto phases = static_cast<int>(state.range(1));
    for (auto _ : state) {
        MediaEngineConfig config;
        config.bind_address = "127.0.0.1";
        config.rtp_port_min = 16384;
        config.rtp_port_max = 32767;
        config.max_legs = legs + 16;
        config.max_mixes = legs / kConferenceSize + 4;
        config.realtime_priority = 10;
        config.tick_phases = phases;
        std::string error;
        auto engine = MediaEngine::create(config, &error);
        if (!engine) {
            state.SkipWithError(error.c_str());
            return;
        }
        engine->start();
        LoadSender sender(legs);
        const uint64_t rss_before = residentBytes();
        const uint64_t heap_before = heapBytes();

        RemoteMedia remote;
        remote.rtp = sender.address();
        remote.codec = Codec::Pcmu;
        remote.telephone_event_pt = 101;  // as most phones offer; in-band detection stays off
        for (std::size_t mix = 0; mix * kConferenceSize < legs; ++mix) {
            engine->createMix(static_cast<MixId>(mix), kConferenceSize);
        }
        for (std::size_t leg = 0; leg < legs; ++leg) {
            OpenLegResult opened;
            do {
                opened = engine->openLeg(static_cast<LegId>(leg));
                if (opened.error == MediaError::QueueFull)
                    drainFor(*engine, std::chrono::milliseconds(50));
            } while (opened.error == MediaError::QueueFull);
            if (!opened.ok()) {
                state.SkipWithError(std::string(toString(opened.error)).c_str());
                return;
            }
            sender.setTarget(leg, opened.rtp_port);
            while (engine->startLeg(static_cast<LegId>(leg),
                                    static_cast<MixId>(leg / kConferenceSize),
                                    remote) == MediaError::QueueFull) {
                drainFor(*engine, std::chrono::milliseconds(50));
            }
        }
        sender.start();
        drainFor(*engine, std::chrono::milliseconds(2000));
        const uint64_t rss_after = residentBytes();
        const uint64_t heap_after = heapBytes();

        const auto before = engine->metrics();
        const double sender_cpu_before = sender.cpuNs();
        const auto started = Clock::now();
        drainFor(*engine, std::chrono::milliseconds(5000));
        const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
        const auto delta = engine->metrics().since(before);
        const double sender_cpu = (sender.cpuNs() - sender_cpu_before) / 1e9 / seconds;
        sender.stop();
        engine->stop();
        state.SetIterationTime(seconds);

        const double p99 = delta.tickPercentileUs(0.99);
        const double late = delta.lateTickFraction();
        const bool pass = p99 < 5000.0 && late < 0.001;
        results()[{phases, static_cast<int64_t>(legs)}] = pass;
        state.counters["p50_us"] = delta.tickPercentileUs(0.50);
        state.counters["p99_us"] = p99;
        state.counters["max_us"] = static_cast<double>(delta.max_tick_us);
        state.counters["late_pct"] = 100.0 * late;
        state.counters["media_cpu_pct"] = 100.0 * delta.cpuFraction();
        state.counters["sender_cpu_pct"] = 100.0 * sender_cpu;
        state.counters["in_pps"] = static_cast<double>(delta.packets_in) / seconds;
        state.counters["out_pps"] = static_cast<double>(delta.packets_out) / seconds;
        state.counters["drops"] = static_cast<double>(delta.totalDrops());
        for (std::size_t r = 0; r < kDropReasonCount; ++r) {
            if (delta.drops[r] == 0) continue;
            state.counters["drop_" + std::string(toString(static_cast<DropReason>(r)))] =
                static_cast<double>(delta.drops[r]);
        }
        state.counters["rss_kib_per_leg"] =
            static_cast<double>(rss_after - std::min(rss_after, rss_before)) / 1024.0 /
            static_cast<double>(legs);
        state.counters["heap_kib_per_leg"] =
            static_cast<double>(heap_after - std::min(heap_after, heap_before)) / 1024.0 /
            static_cast<double>(legs);
        state.counters["tick_cpu_us"] = delta.meanTickCpuUs();
        state.counters["frame_cpu_us"] = delta.meanTickCpuUs() * phases;
        state.counters["rt"] = static_cast<double>(delta.realtime_scheduling);
        state.counters["pass"] = pass ? 1 : 0;
    }
}
BENCHMARK(BM_MediaEngineLegs)
    ->ArgNames({"legs", "phases"})
    ->Args({500, 1})
    ->Args({750, 1})
    ->Args({1000, 1})
    ->Args({500, 4})
    ->Args({1000, 4})
    ->Args({1500, 4})
    ->Args({2000, 4})
    ->Args({2500, 4})
    ->Args({3000, 4})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

void BM_MediaEngineLegsPerCore(benchmark::State& state) {
    for (auto _ : state) {
        std::map<int64_t, int64_t> largest;  // phases -> legs
        for (const auto& [key, pass] : results()) {
            if (pass) largest[key.first] = std::max(largest[key.first], key.second);
        }
        state.counters["largest_passing_legs_1_phase"] = static_cast<double>(largest[1]);
        state.counters["largest_passing_legs_4_phases"] = static_cast<double>(largest[4]);
    }
}
BENCHMARK(BM_MediaEngineLegsPerCore)->Iterations(1);

}  // namespace
