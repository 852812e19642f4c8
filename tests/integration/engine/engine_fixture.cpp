#include "engine_fixture.h"

#include "confab/harness/audio_analysis.h"

#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>

#include <sndfile.h>

#include "confab/shared/bridge_config.h"

namespace confab::test {

using namespace std::chrono_literals;

void EngineFixture::TearDown() {
    if (loop_thread_.joinable()) {
        loop_->stop();
        loop_thread_.join();
    }
    simulator_.terminate();
    if (HasFailure()) {
        folder_.keep();
        std::cerr << "kept test folder " << folder_.path() << "\n";
    }
}

void EngineFixture::startSimulator(const std::string& phonebook_toml) {
    const auto phonebook = folder_.path() / "phonebook.toml";
    std::ofstream(phonebook) << phonebook_toml;
    std::filesystem::create_directories(folder_.path() / "recordings");
    sip_port_ = harness::freeUdpPort();
    simulator_ = harness::Process(
        {CONFAB_PSTN_SIM_BINARY, "--phonebook", phonebook.string(), "--listen",
         "127.0.0.1:" + std::to_string(sip_port_), "--events", (folder_.path() / "events.jsonl").string(),
         "--record-dir", (folder_.path() / "recordings").string()},
        folder_.path() / "pstn-sim.log");
    ASSERT_TRUE(harness::waitUntil([&] { return simulatorLog().find("ready sip:") != std::string::npos; },
                                   10s))
        << simulatorLog();
}

void EngineFixture::stopSimulator() { simulator_.terminate(); }

void EngineFixture::addRoute(const std::string& prefix, const std::string& uri) {
    SipRoute route;
    route.prefix = prefix;
    route.uri = uri;
    extra_routes_.push_back(route);
}

void EngineFixture::startEngine(std::chrono::milliseconds ring_timeout) {
    engine::ConferenceEngine::Options options;
    options.sip.ring_timeout = ring_timeout;
    options.media.bind_address = "127.0.0.1";
    startEngine(simulatorSipSettings(), options);
}

SipSettings EngineFixture::simulatorSipSettings() const {
    SipSettings sip;
    sip.listen = HostPort{"127.0.0.1", static_cast<std::uint16_t>(harness::freeUdpPort())};
    sip.caller_id = "+15550100";
    sip.routes = extra_routes_;
    SipRoute route;
    route.prefix = "+1555";
    route.uri = "sip:{number}@127.0.0.1:" + std::to_string(sip_port_);
    sip.routes.push_back(route);
    return sip;
}

void EngineFixture::startEngine(const SipSettings& sip, engine::ConferenceEngine::Options options) {
    engine_sip_port_ = sip.listen.port;
    std::promise<std::string> started;
    auto started_future = started.get_future();
    loop_thread_ = std::thread([this, sip, options, &started] {
        loop_ = std::make_unique<bridge::ControlLoop>();
        auto created = engine::ConferenceEngine::create(*loop_, sip, options);
        if (!created) {
            loop_.reset();
            started.set_value(created.error());
            return;
        }
        engine_ = std::move(created).value();
        engine_->setListener([this](const engine::EngineEvent& event) {
            std::lock_guard lock(events_mutex_);
            events_.push_back(event);
        });
        started.set_value({});
        loop_->run();
        engine_.reset();  // after run(): the SIP agent pumps the loop while it shuts down
        loop_.reset();    // su_root must be destroyed on its own thread
    });
    const std::string error = started_future.get();
    if (!error.empty()) {
        loop_thread_.join();
        FAIL() << "engine did not start: " << error;
    }
}

std::optional<engine::EngineEvent> EngineFixture::waitForEvent(
    const std::function<bool(const engine::EngineEvent&)>& predicate, std::chrono::milliseconds deadline) {
    std::optional<engine::EngineEvent> found;
    harness::waitUntil(
        [&] {
            std::lock_guard lock(events_mutex_);
            for (const auto& event : events_)
                if (predicate(event)) {
                    found = event;
                    return true;
                }
            return false;
        },
        deadline);
    return found;
}

std::optional<engine::LegStateChanged> EngineFixture::waitForLegState(engine::LegId leg, sip::LegState state,
                                                                      std::chrono::milliseconds deadline) {
    auto event = waitForEvent(
        [&](const engine::EngineEvent& e) {
            const auto* change = std::get_if<engine::LegStateChanged>(&e);
            return change && change->leg == leg && change->to == state;
        },
        deadline);
    if (!event) return std::nullopt;
    return std::get<engine::LegStateChanged>(*event);
}

std::vector<engine::EngineEvent> EngineFixture::events() const {
    std::lock_guard lock(events_mutex_);
    return events_;
}

std::vector<nlohmann::json> EngineFixture::simulatorEvents() const {
    std::vector<nlohmann::json> out;
    std::istringstream lines(harness::readFile(folder_.path() / "events.jsonl"));
    for (std::string line; std::getline(lines, line);) {
        // The last line may be caught half written: skip it, it comes back whole.
        auto event = nlohmann::json::parse(line, nullptr, false);
        if (event.is_object()) out.push_back(std::move(event));
    }
    return out;
}

std::filesystem::path EngineFixture::recording(const std::string& number, int call) const {
    return folder_.path() / "recordings" / (number + "_" + std::to_string(call) + ".wav");
}

std::string EngineFixture::simulatorLog() const { return harness::readFile(folder_.path() / "pstn-sim.log"); }

std::string answeringTone(const std::string& number, int frequency, const std::string& extra) {
    return "[numbers.\"" + number + "\"]\naction = \"answer\"\nanswer_after_ms = 200\n" + extra +
           "[numbers.\"" + number + "\".audio]\nsource = \"tone\"\nfrequency_hz = " +
           std::to_string(frequency) + "\nlevel_dbov = -20\n";
}

std::string silentPhone(const std::string& number) {
    return "[numbers.\"" + number + "\"]\naction = \"answer\"\nanswer_after_ms = 200\n";
}

bool waitForRecordedSeconds(const std::filesystem::path& wav, double seconds) {
    return harness::waitUntil(
        [&] {
            std::error_code ec;
            const auto size = std::filesystem::file_size(wav, ec);
            return !ec && static_cast<double>(size) >= 44 + seconds * 8000 * 2;
        },
        std::chrono::milliseconds(static_cast<int>(seconds * 1000) + 10000));
}

std::vector<float> lastSeconds(const std::vector<float>& samples, double seconds) {
    const auto n = std::min(samples.size(), static_cast<std::size_t>(seconds * 8000));
    return {samples.end() - static_cast<std::ptrdiff_t>(n), samples.end()};
}

double monotonicMs(std::chrono::steady_clock::time_point at) {
    return std::chrono::duration<double, std::milli>(at.time_since_epoch()).count();
}

std::chrono::steady_clock::time_point steadyTime(double monotonic_ms) {
    return std::chrono::steady_clock::time_point(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double, std::milli>(monotonic_ms)));
}

void expectTalkFollowsSpeech(const std::vector<engine::TalkerChanged>& talk,
                             const std::vector<double>& speech_starts,
                             const std::vector<double>& speech_stops, engine::LegId talker,
                             const harness::HostStallWatch& host_stalls) {
    ASSERT_EQ(speech_starts.size(), speech_stops.size());
    const std::size_t spurts = speech_starts.size();
    constexpr double kEarly = 100;  // ms: a start this early still counts as its spurt's (and fails)
    for (std::size_t spurt = 0; spurt < spurts; ++spurt) {
        SCOPED_TRACE("spurt " + std::to_string(spurt));
        const double from = spurt == 0 ? -1e18 : speech_starts[spurt] - kEarly;
        const double to = spurt + 1 == spurts ? 1e18 : speech_starts[spurt + 1] - kEarly;
        std::vector<engine::TalkerChanged> own;
        for (const auto& t : talk) {
            const double at = monotonicMs(t.at);
            if (at >= from && at < to) own.push_back(t);
        }
        ASSERT_GE(own.size(), 2u) << "a start and a stop";
        const auto& started = own.front();
        const auto& stopped = own.back();
        EXPECT_EQ(started.leg, talker);
        EXPECT_EQ(stopped.leg, talker);
        EXPECT_TRUE(started.talking);
        EXPECT_FALSE(stopped.talking);
        const auto spurt_from = steadyTime(speech_starts[spurt]);
        const auto spurt_to = stopped.at;
        const auto stalled = host_stalls.hostStalled(spurt_from, spurt_to);
        const std::string machine = host_stalls.describe(spurt_from, spurt_to);
        if (stalled.count() == 0) {
            EXPECT_EQ(own.size(), 2u) << "exactly one start and one stop; " << machine;
        }
        const double start_latency = monotonicMs(started.at) - speech_starts[spurt];
        const double stop_latency = monotonicMs(stopped.at) - speech_stops[spurt];
        ::testing::Test::RecordProperty("talk_start_latency_ms_" + std::to_string(spurt),
                                        static_cast<int>(start_latency));
        ::testing::Test::RecordProperty("talk_stop_latency_ms_" + std::to_string(spurt),
                                        static_cast<int>(stop_latency));
        const double allowance = static_cast<double>(stalled.count());
        EXPECT_GE(start_latency, 0) << "started before the phone spoke";
        EXPECT_LE(start_latency, 250 + allowance) << machine;
        EXPECT_GE(stop_latency, 0) << "stopped before the phone fell silent";
        EXPECT_LE(stop_latency, 1000 + allowance) << machine;
    }
}

std::vector<float> readWav(const std::filesystem::path& file) {
    SF_INFO info{};
    SNDFILE* handle = sf_open(file.c_str(), SFM_READ, &info);
    if (!handle) return {};
    std::vector<float> samples(static_cast<std::size_t>(info.frames * info.channels));
    sf_readf_float(handle, samples.data(), info.frames);
    sf_close(handle);
    return samples;
}

double toneLevelDb(const std::vector<float>& samples, double frequency, double sample_rate) {
    return harness::toneLevelDb(samples, frequency, sample_rate);
}

}  // namespace confab::test
