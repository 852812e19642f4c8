// EngineFixture: a real PSTN simulator process and a ConferenceEngine running
// on its own control-loop thread inside the test. The test thread drives the
// engine with onLoop() and waits for engine events with a deadline.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "confab/bridge/control_loop.h"
#include "confab/engine/conference_engine.h"
#include "confab/harness/host_stall_watch.h"
#include "confab/harness/process.h"
#include "confab/harness/temporary_folder.h"
#include "confab/shared/bridge_config.h"

namespace confab::test {

class EngineFixture : public ::testing::Test {
protected:
    void TearDown() override;

    // Writes the phonebook, starts confab-pstn-sim and waits for "ready".
    void startSimulator(const std::string& phonebook_toml);
    // Starts the control loop thread and the engine, routing every number to
    // the simulator.
    void startEngine(std::chrono::milliseconds ring_timeout = std::chrono::seconds(45));
    // Same, with the caller's SIP settings and options (e.g. built from a
    // parsed config by engine::conferenceEngineOptions).
    void startEngine(const SipSettings& sip, engine::ConferenceEngine::Options options);
    // What startEngine() listens on and routes by: a free port on 127.0.0.1,
    // caller id +15550100, the addRoute() routes, then +1555 to the simulator.
    SipSettings simulatorSipSettings() const;
    // Before startEngine(): numbers starting with `prefix` go to `uri`
    // ("{number}" is replaced) instead of the simulator.
    void addRoute(const std::string& prefix, const std::string& uri);
    // Stops the simulator (SIGTERM: its recordings are finalised).
    void stopSimulator();

    // Runs `work` on the control thread and returns its result.
    template <typename Work>
    auto onLoop(Work work) -> decltype(work(std::declval<engine::ConferenceEngine&>())) {
        using Result = decltype(work(std::declval<engine::ConferenceEngine&>()));
        auto promise = std::make_shared<std::promise<Result>>();
        auto future = promise->get_future();
        loop_->post([this, promise, work]() mutable {
            if constexpr (std::is_void_v<Result>) {
                work(*engine_);
                promise->set_value();
            } else {
                promise->set_value(work(*engine_));
            }
        });
        return future.get();
    }

    // Waits until an event matching `predicate` has arrived (any time since
    // the engine started). Returns it.
    std::optional<engine::EngineEvent> waitForEvent(
        const std::function<bool(const engine::EngineEvent&)>& predicate,
        std::chrono::milliseconds deadline);
    std::optional<engine::LegStateChanged> waitForLegState(engine::LegId leg, sip::LegState state,
                                                           std::chrono::milliseconds deadline);
    std::vector<engine::EngineEvent> events() const;

    // The simulator's JSON event lines so far.
    std::vector<nlohmann::json> simulatorEvents() const;
    std::filesystem::path recording(const std::string& number, int call = 1) const;
    std::string simulatorLog() const;
    // The simulator's SIP port on 127.0.0.1 (after startSimulator()).
    int simulatorSipPort() const { return sip_port_; }
    // The bridge's SIP port on 127.0.0.1 (after startEngine()).
    int engineSipPort() const { return engine_sip_port_; }

    harness::TemporaryFolder folder_;
    // Notes when the VM's host stopped the machine (see HostStallWatch): the
    // audio tests excuse exactly those stalls and nothing else.
    harness::HostStallWatch host_stalls_;

private:
    harness::Process simulator_;
    int sip_port_ = 0;
    int engine_sip_port_ = 0;
    std::vector<SipRoute> extra_routes_;
    std::unique_ptr<bridge::ControlLoop> loop_;
    std::unique_ptr<engine::ConferenceEngine> engine_;
    std::thread loop_thread_;
    mutable std::mutex events_mutex_;
    std::vector<engine::EngineEvent> events_;
};

// Phonebook entries: a phone that answers after 200 ms and plays a tone at
// -20 dBov (`extra` adds keys to the number's table), and one that answers
// and stays silent.
std::string answeringTone(const std::string& number, int frequency, const std::string& extra = {});
std::string silentPhone(const std::string& number);
// Waits until the simulator's recording holds `seconds` of audio.
bool waitForRecordedSeconds(const std::filesystem::path& wav, double seconds);
// The last `seconds` of 8 kHz samples.
std::vector<float> lastSeconds(const std::vector<float>& samples, double seconds);
// A steady_clock time as the simulator's CLOCK_MONOTONIC milliseconds, and back.
double monotonicMs(std::chrono::steady_clock::time_point at);
std::chrono::steady_clock::time_point steadyTime(double monotonic_ms);

// Checks talker events against the simulator's speech schedule (its
// speech_start/speech_stop times, one pair per spurt). Each spurt owns the
// events from 100 ms before it began to 100 ms before the next one began. The first must be a start by `talker`, 0-250 ms after the
// phone began; the last a stop, 0-1000 ms after it fell silent; and there
// must be exactly one of each. A stall the host made (see HostStallWatch)
// within the spurt may split it and lengthens both bounds by its length.
void expectTalkFollowsSpeech(const std::vector<engine::TalkerChanged>& talk,
                             const std::vector<double>& speech_starts,
                             const std::vector<double>& speech_stops, engine::LegId talker,
                             const harness::HostStallWatch& host_stalls);

// Mono 8 kHz samples of a WAV file (empty if unreadable).
std::vector<float> readWav(const std::filesystem::path& file);
// Power of `frequency` in `samples` (Goertzel), in dB relative to full scale.
double toneLevelDb(const std::vector<float>& samples, double frequency, double sample_rate = 8000);

}  // namespace confab::test
