// confab-engine: legs per core with every leg dialled through SIP, as a bridge
// in service has them (BM_MediaEngineLegs feeds RTP straight into the media
// engine instead).
//   BM_SipDialledLegs/legs:N  starts the real confab-pstn-sim on a free port
//                             with a phonebook of two ranges (2 talkers per 10
//                             numbers play a -20 dBov tone, 8 are quiet lines
//                             of -60 dBov white noise: BM_MediaEngineLegs' mix),
//                             creates a ConferenceEngine on its own control
//                             thread, dials N legs into conferences of 10 with at
//                             most kDialWindow calls in set-up at once, waits
//                             until all are connected, lets them settle 2 s,
//                             measures 5 s, then hangs everything up.
//   The media thread is pinned to the first CPU we may use (SCHED_FIFO 10, as
//   in BM_MediaEngineLegs) and the simulator (chrt --fifo 10, taskset) to the
//   last, so the media thread has a core of its own as far as these two
//   processes go and the load generator is not starved; other work on the
//   machine (and the bridge's control thread, unpinned) still competes. On a
//   2-core box the two FIFO threads leave the control thread little at high
//   N, which slows set-up there. Not part of `./run test` (confab-bench is
//   only built there). Counters:
//     p50_us, p99_us, max_us  media sub-tick duration (max: whole run)
//     late_pct                late or skipped sub-ticks
//     media_cpu_pct           media thread CPU / wall
//     frame_cpu_us            media CPU inside ticks per 20 ms frame
//     ctl_cpu_pct             the bridge's control thread (SIP, events)
//     sim_cpu_pct             the simulator process (all threads)
//     sim_late_ticks          the simulator's late media ticks, whole run
//     in_ratio                packets the engine read / 50 N: below ~0.98 the
//                             simulator (or the machine) did not keep up
//     in_pps, out_pps, drops  engine packets in/out, dropped
//     connect_s, setup_cps    first INVITE to the last leg Connected; N / that
//     setup_p50_ms/p99_ms     one leg's dial() to Connected
//     sip_drops               datagrams the kernel dropped on our SIP socket
//                             during set-up (a full receive buffer)
//     hangup_s                end of every conference to the last Disconnected
//     pass                    all connected and none lost, in_ratio >= 0.98,
//                             p99 < 5 ms and late < 0.1 %
//   BM_SipDialledLegsPerCore  the largest N that passed (run last).
#include <benchmark/benchmark.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>

#include "confab/bridge/control_loop.h"
#include "confab/engine/conference_engine.h"
#include "confab/harness/process.h"
#include "confab/harness/temporary_folder.h"
#include "confab/media/media_engine.h"
#include "confab/shared/bridge_config.h"

namespace {

using namespace std::chrono_literals;
using confab::engine::ConferenceEngine;
using confab::engine::ConferenceId;
using confab::engine::EngineEvent;
using confab::engine::LegId;
using confab::engine::LegStateChanged;
using confab::sip::LegState;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kConferenceSize = 10;
constexpr std::size_t kTalkersPerConference = 2;
// Calls in set-up (dialled, not yet answered) at once. With 50, bursts of
// provisional and final responses overflowed our SIP socket's receive buffer
// whenever the (unpinned, normal-priority) control thread was descheduled,
// and the lost datagrams cost 500 ms retransmissions; 20 lost none up to
// 1500 legs (a few at 2000, where both cores are busy) and connected faster.
constexpr std::size_t kDialWindow = 20;
constexpr const char* kTalkerFirst = "+15552000000";
constexpr const char* kQuietFirst = "+15553000000";
constexpr auto kSettle = 2s;
constexpr auto kMeasure = 5s;
constexpr double kMinInRatio = 0.98;  // of 50 packets/s per leg (RTCP adds a little)

std::map<int64_t, bool>& results() {
    static std::map<int64_t, bool> passed;  // legs -> passed
    return passed;
}

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// utime + stime of a /proc/.../stat file, in seconds.
double statCpuSeconds(const std::filesystem::path& stat_file) {
    const std::string stat = confab::harness::readFile(stat_file);
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(stat.substr(close + 1));
    std::string skip;
    for (int field = 3; field < 14; ++field) fields >> skip;  // state .. cmajflt
    unsigned long long user = 0, system = 0;
    fields >> user >> system;
    return static_cast<double>(user + system) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The CPUs this process may run on, lowest first.
std::vector<int> allowedCpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    std::vector<int> cpus;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    return cpus;
}

// Pins every thread of ours called `name` (the media engine names its thread
// "confab-media") to `cpu`. Returns how many it pinned.
int pinThreadsNamed(const std::string& name, int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    int pinned = 0;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::string comm = confab::harness::readFile(task.path() / "comm");
        if (!comm.empty() && comm.back() == '\n') comm.pop_back();
        if (comm != name) continue;
        const pid_t tid = std::stoi(task.path().filename().string());
        if (sched_setaffinity(tid, sizeof set, &set) == 0) ++pinned;
    }
    return pinned;
}

// Leg i's number: conference i / 10 holds talkers 2c, 2c+1 and quiet lines
// 8c .. 8c+7, so every conference has the same mix.
std::string numberOfLeg(std::size_t leg) {
    const std::size_t conference = leg / kConferenceSize;
    const std::size_t seat = leg % kConferenceSize;
    const bool talker = seat < kTalkersPerConference;
    const std::size_t index = talker ? kTalkersPerConference * conference + seat
                                     : (kConferenceSize - kTalkersPerConference) * conference +
                                           (seat - kTalkersPerConference);
    const std::string first = talker ? kTalkerFirst : kQuietFirst;
    return "+" + std::to_string(std::stoull(first.substr(1)) + index);
}

std::string phonebookFor(std::size_t legs) {
    const std::size_t conferences = (legs + kConferenceSize - 1) / kConferenceSize;
    std::ostringstream book;
    book << "[defaults]\nanswer_after_ms = 0\nrecord = false\n\n"
         << "[ranges.\"" << kTalkerFirst << "\"]\ncount = " << conferences * kTalkersPerConference
         << "\n"
         << "[ranges.\"" << kTalkerFirst
         << "\".audio]\nsource = \"tone\"\nfrequency_hz = 400\nlevel_dbov = -20\n\n"
         << "[ranges.\"" << kQuietFirst
         << "\"]\ncount = " << conferences * (kConferenceSize - kTalkersPerConference) << "\n"
         << "[ranges.\"" << kQuietFirst << "\".audio]\nsource = \"noise\"\nlevel_dbov = -60\n";
    return book.str();
}

// The simulator process, stopped by its pid when this goes away (the harness
// Process's destructor: SIGTERM, then SIGKILL after a grace period).
class Simulator {
  public:
    Simulator(const std::filesystem::path& folder, std::size_t legs, int cpu) : folder_(folder) {
        std::ofstream(folder / "phonebook.toml") << phonebookFor(legs);
        port_ = confab::harness::freeUdpPort();
        std::vector<std::string> argv;
        // The load generator must not be what gives: on its own core, and
        // SCHED_FIFO like the media thread, so other work on the machine
        // does not starve it (chrt and taskset exec it in place: same pid).
        if (cpu >= 0) argv = {"chrt", "--fifo", "10", "taskset", "-c", std::to_string(cpu)};
        argv.insert(argv.end(),
                    {CONFAB_PSTN_SIM_BINARY, "--phonebook", (folder / "phonebook.toml").string(),
                     "--listen", "127.0.0.1:" + std::to_string(port_), "--events",
                     (folder / "events.jsonl").string(), "--log-level", "warn"});
        process_ = confab::harness::Process(argv, folder / "pstn-sim.log");
        ready_ = confab::harness::waitUntil(
            [&] { return log().find("ready sip:") != std::string::npos; }, 10s);
    }

    bool ready() const { return ready_; }
    int port() const { return port_; }
    std::string log() const { return confab::harness::readFile(folder_ / "pstn-sim.log"); }
    double cpuSeconds() const {
        return statCpuSeconds("/proc/" + std::to_string(process_.pid()) + "/stat");
    }
    // SIGTERM and wait; the simulator's late media ticks (-1 when unknown).
    double stop() {
        process_.terminate(10s);
        const std::string events = confab::harness::readFile(folder_ / "events.jsonl");
        const std::string key = "\"late_media_ticks\":";
        const auto at = events.rfind(key);
        if (at == std::string::npos) return -1;
        return std::stod(events.substr(at + key.size()));
    }

  private:
    std::filesystem::path folder_;
    int port_ = 0;
    confab::harness::Process process_;
    bool ready_ = false;
};

// Dials the legs and counts what becomes of them. Control thread only, except
// the atomics, which the benchmark's thread reads.
class Dialer {
  public:
    explicit Dialer(std::size_t legs) : legs_(legs) {}

    void start(ConferenceEngine& engine, confab::bridge::ControlLoop& loop) {
        engine_ = &engine;
        loop_ = &loop;
        for (std::size_t c = 0; c * kConferenceSize < legs_; ++c)
            conferences_.push_back(engine.createConference());
        started_at_ = Clock::now();
        fill();
    }

    void onEvent(const EngineEvent& event) {
        const auto* change = std::get_if<LegStateChanged>(&event);
        if (change == nullptr) return;
        const auto dialled = dialled_at_.find(change->leg);
        if (change->to == LegState::Connected && dialled != dialled_at_.end()) {
            setup_ms_.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - dialled->second).count());
            dialled_at_.erase(dialled);
            if (++connected_ == legs_) connect_seconds_ = secondsSince(started_at_);
            loop_->post([this] { fill(); });
        } else if (change->to == LegState::Disconnected) {
            ++ended_;
            if (dialled != dialled_at_.end()) {  // never answered
                dialled_at_.erase(dialled);
                ++failed_;
                if (first_error_.empty())
                    first_error_ = change->number + ": " +
                                   std::string(confab::sip::toString(change->ending.reason)) + " " +
                                   std::to_string(change->ending.sip_status) + " " +
                                   change->ending.detail;
                loop_->post([this] { fill(); });
            }
        }
    }

    void hangUpAll() {
        for (ConferenceId conference : conferences_) engine_->endConference(conference);
    }
    // No more dials, also from fill()s already posted (the engine is about
    // to go away, and its shutdown still runs the loop).
    void stopDialling() { next_ = legs_; }

    std::size_t connected() const { return connected_; }
    std::size_t failed() const { return failed_; }
    std::size_t ended() const { return ended_; }
    std::size_t dialled() const { return dialled_; }
    double connectSeconds() const { return connect_seconds_; }
    // Control thread.
    const std::string& firstError() const { return first_error_; }
    const std::vector<double>& setupMs() const { return setup_ms_; }

  private:
    void fill() {
        while (next_ < legs_ && dialled_at_.size() < kDialWindow) {
            const std::size_t leg = next_++;
            const Clock::time_point at = Clock::now();
            auto id = engine_->dial(conferences_[leg / kConferenceSize], numberOfLeg(leg));
            if (!id) {
                ++failed_;
                if (first_error_.empty()) first_error_ = numberOfLeg(leg) + ": dial: " + id.error();
                continue;
            }
            ++dialled_;
            // A leg can only end before connecting by an event after dial()
            // returned, so it is safe to note it here.
            dialled_at_.emplace(id.value(), at);
        }
    }

    const std::size_t legs_;
    ConferenceEngine* engine_ = nullptr;
    confab::bridge::ControlLoop* loop_ = nullptr;
    std::vector<ConferenceId> conferences_;
    std::unordered_map<LegId, Clock::time_point> dialled_at_;  // in set-up
    std::vector<double> setup_ms_;
    std::string first_error_;
    std::size_t next_ = 0;
    Clock::time_point started_at_;
    std::atomic<std::size_t> connected_{0};
    std::atomic<std::size_t> failed_{0};
    std::atomic<std::size_t> ended_{0};
    std::atomic<std::size_t> dialled_{0};
    std::atomic<double> connect_seconds_{0};
};

// A ConferenceEngine on its own control-loop thread, as the bridge runs it.
// The destructor stops the loop and joins; the engine is destroyed on its
// thread after run() returned, as its contract asks.
class EngineThread {
  public:
    EngineThread(const confab::SipSettings& sip, ConferenceEngine::Options options, Dialer& dialer)
        : dialer_(dialer) {
        std::promise<std::string> started;
        auto started_future = started.get_future();
        thread_ = std::thread([this, sip, options, &started, &dialer] {
            tid_ = static_cast<pid_t>(syscall(SYS_gettid));
            loop_ = std::make_unique<confab::bridge::ControlLoop>();
            auto created = ConferenceEngine::create(*loop_, sip, options);
            if (!created) {
                loop_.reset();
                started.set_value(created.error());
                return;
            }
            engine_ = std::move(created).value();
            engine_->setListener([&dialer](const EngineEvent& event) { dialer.onEvent(event); });
            started.set_value({});
            loop_->run();
            engine_.reset();
            loop_.reset();
        });
        error_ = started_future.get();
    }
    ~EngineThread() {
        if (error_.empty()) {
            onLoop([this](ConferenceEngine&, confab::bridge::ControlLoop&) {
                dialer_.stopDialling();
            });
            loop_->stop();
        }
        thread_.join();
    }
    EngineThread(const EngineThread&) = delete;
    EngineThread& operator=(const EngineThread&) = delete;

    const std::string& error() const { return error_; }
    double controlCpuSeconds() const {
        return statCpuSeconds("/proc/self/task/" + std::to_string(tid_) + "/stat");
    }

    // Runs `work(engine, loop)` on the control thread and waits for it.
    template <typename Work>
    void onLoop(Work work) {
        std::promise<void> done;
        loop_->post([&] {
            work(*engine_, *loop_);
            done.set_value();
        });
        done.get_future().get();
    }

  private:
    Dialer& dialer_;
    std::thread thread_;
    std::atomic<pid_t> tid_{0};
    std::unique_ptr<confab::bridge::ControlLoop> loop_;
    std::unique_ptr<ConferenceEngine> engine_;
    std::string error_;
};

double percentile(std::vector<double> values, double q) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

// One run; returns an error for SkipWithError, or "" with the counters set.
std::string runLegs(benchmark::State& state, std::size_t legs) {
    const std::vector<int> cpus = allowedCpus();
    const bool pin = cpus.size() >= 2;
    confab::harness::TemporaryFolder folder("confab-bench-sip-legs");
    Simulator simulator(folder.path(), legs, pin ? cpus.back() : -1);
    if (!simulator.ready()) return "the simulator did not start: " + simulator.log();

    confab::SipSettings sip;
    sip.listen =
        confab::HostPort{"127.0.0.1", static_cast<std::uint16_t>(confab::harness::freeUdpPort())};
    sip.caller_id = "+15550100";
    confab::SipRoute route;
    route.prefix = "+1555";
    route.uri = "sip:{number}@127.0.0.1:" + std::to_string(simulator.port());
    sip.routes.push_back(route);
    ConferenceEngine::Options options;
    options.sip.max_legs = legs + kDialWindow;
    options.sip.ring_timeout = 30s;
    options.media.bind_address = "127.0.0.1";
    options.media.max_legs = legs + kDialWindow;
    options.media.max_mixes = legs / kConferenceSize + 4;
    options.media.realtime_priority = 10;
    options.max_legs_per_conference = kConferenceSize;

    Dialer dialer(legs);  // outlives the engine, whose listener calls it
    auto engine_thread = std::make_unique<EngineThread>(sip, options, dialer);
    EngineThread& engine = *engine_thread;
    if (!engine.error().empty()) return "engine: " + engine.error();
    int pinned = 0;
    if (pin)
        confab::harness::waitUntil(
            [&] { return (pinned = pinThreadsNamed("confab-media", cpus.front())) > 0; }, 2s);
    const confab::media::MediaEngine* media = nullptr;
    engine.onLoop(
        [&](ConferenceEngine& e, confab::bridge::ControlLoop&) { media = &e.mediaEngine(); });

    engine.onLoop(
        [&](ConferenceEngine& e, confab::bridge::ControlLoop& loop) { dialer.start(e, loop); });
    const auto deadline = std::chrono::milliseconds(30'000 + 20 * legs);
    confab::harness::waitUntil([&] { return dialer.connected() == legs || dialer.failed() > 0; },
                               deadline, 50ms);
    if (dialer.connected() != legs) {
        std::string error;
        engine.onLoop(
            [&](ConferenceEngine&, confab::bridge::ControlLoop&) { error = dialer.firstError(); });
        return std::to_string(dialer.connected()) + " of " + std::to_string(legs) +
               " legs connected; " + std::to_string(dialer.failed()) + " failed" +
               (error.empty() ? "" : " (first: " + error + ")");
    }
    std::vector<double> setup_ms;
    std::uint64_t sip_drops = 0;
    engine.onLoop([&](ConferenceEngine& e, confab::bridge::ControlLoop&) {
        setup_ms = dialer.setupMs();
        sip_drops = e.sipAgent().counters().kernel_dropped_datagrams;
    });

    std::this_thread::sleep_for(kSettle);  // jitter buffers and talk detectors settle
    const auto before = media->metrics();
    const double sim_cpu_before = simulator.cpuSeconds();
    const double control_cpu_before = engine.controlCpuSeconds();
    const std::size_t ended_before = dialer.ended();
    const auto started = Clock::now();
    std::this_thread::sleep_for(kMeasure);
    const double seconds = secondsSince(started);
    const auto delta = media->metrics().since(before);
    const double sim_cpu = (simulator.cpuSeconds() - sim_cpu_before) / seconds;
    const double control_cpu = (engine.controlCpuSeconds() - control_cpu_before) / seconds;
    const std::size_t lost = dialer.ended() - ended_before;

    const auto hangup_started = Clock::now();
    engine.onLoop([&](ConferenceEngine&, confab::bridge::ControlLoop&) { dialer.hangUpAll(); });
    confab::harness::waitUntil([&] { return dialer.ended() == dialer.dialled(); }, 30s, 20ms);
    const double hangup_seconds = secondsSince(hangup_started);
    const bool all_hung_up = dialer.ended() == dialer.dialled();
    state.SetIterationTime(seconds);

    const double p99 = delta.tickPercentileUs(0.99);
    const double late = delta.lateTickFraction();
    const double expected_pps = 50.0 * static_cast<double>(legs);
    const double in_ratio = static_cast<double>(delta.packets_in) / seconds / expected_pps;
    // A starved load generator makes the bridge's work lighter: no pass then.
    const bool pass = lost == 0 && in_ratio >= kMinInRatio && p99 < 5000.0 && late < 0.001;
    results()[static_cast<int64_t>(legs)] = pass;
    state.counters["p50_us"] = delta.tickPercentileUs(0.50);
    state.counters["p99_us"] = p99;
    state.counters["max_us"] = static_cast<double>(delta.max_tick_us);
    state.counters["late_pct"] = 100.0 * late;
    state.counters["media_cpu_pct"] = 100.0 * delta.cpuFraction();
    state.counters["frame_cpu_us"] = delta.meanTickCpuUs() * media->config().tick_phases;
    state.counters["ctl_cpu_pct"] = 100.0 * control_cpu;
    state.counters["sim_cpu_pct"] = 100.0 * sim_cpu;
    state.counters["in_pps"] = static_cast<double>(delta.packets_in) / seconds;
    state.counters["out_pps"] = static_cast<double>(delta.packets_out) / seconds;
    state.counters["in_ratio"] = in_ratio;
    state.counters["drops"] = static_cast<double>(delta.totalDrops());
    state.counters["legs_lost"] = static_cast<double>(lost);
    state.counters["connect_s"] = dialer.connectSeconds();
    state.counters["setup_cps"] = static_cast<double>(legs) / dialer.connectSeconds();
    state.counters["setup_p50_ms"] = percentile(setup_ms, 0.50);
    state.counters["setup_p99_ms"] = percentile(setup_ms, 0.99);
    state.counters["sip_drops"] = static_cast<double>(sip_drops);
    state.counters["hangup_s"] = all_hung_up ? hangup_seconds : -1;
    state.counters["rt"] = static_cast<double>(delta.realtime_scheduling);
    state.counters["pinned"] = pinned > 0 ? 1 : 0;
    state.counters["pass"] = pass ? 1 : 0;
    // The late-tick count is written when the simulator exits, after the
    // engine is gone.
    engine_thread.reset();
    state.counters["sim_late_ticks"] = simulator.stop();
    return {};
}

void BM_SipDialledLegs(benchmark::State& state) {
    const auto legs = static_cast<std::size_t>(state.range(0));
    // One descriptor per RTP and RTCP socket on our side.
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    // The engine logs every leg's state change at info.
    const auto level = spdlog::get_level();
    spdlog::set_level(spdlog::level::warn);
    for (auto _ : state) {
        const std::string error = runLegs(state, legs);
        if (!error.empty()) {
            results()[static_cast<int64_t>(legs)] = false;
            state.SkipWithError(error.c_str());
            break;
        }
    }
    spdlog::set_level(level);
}
BENCHMARK(BM_SipDialledLegs)
    ->ArgNames({"legs"})
    ->Arg(250)
    ->Arg(500)
    ->Arg(1000)
    ->Arg(1250)  // between the last pass and the first failure on the dev box
    ->Arg(1500)
    ->Arg(2000)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

void BM_SipDialledLegsPerCore(benchmark::State& state) {
    for (auto _ : state) {
        int64_t largest = 0;
        for (const auto& [legs, pass] : results())
            if (pass) largest = std::max(largest, legs);
        state.counters["largest_passing_legs"] = static_cast<double>(largest);
    }
}
BENCHMARK(BM_SipDialledLegsPerCore)->Iterations(1);

}  // namespace
