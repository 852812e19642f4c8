#include "engine_session.h"

#include <chrono>
#include <cstdio>
#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "confab/bridge/control_loop.h"
#include "confab/engine/engine_options.h"
#include "confab/engine/conference_engine.h"

namespace confab::tools {

namespace {

using Clock = std::chrono::steady_clock;

std::string elapsed(Clock::time_point start) {
    return fmt::format("{:7.3f}s", std::chrono::duration<double>(Clock::now() - start).count());
}

void printLine(const std::string& line) {
    std::fputs((line + "\n").c_str(), stdout);
    std::fflush(stdout);
}

}  // namespace

int runEngineSession(const BridgeConfig& config, const EngineSessionOptions& options) {
    bridge::ControlLoop loop;
    loop.stopOnTerminationSignals();
    // The same options confab-bridge builds from the file: [media], the ring
    // timeout, and the policy's per-conference leg limit for the mix size.
    const auto engine_options = engine::conferenceEngineOptions(config, config.policy.max_legs_per_conference);
    auto created = engine::ConferenceEngine::create(loop, config.sip, engine_options);
    if (!created) {
        std::fprintf(stderr, "confab-engine-cli: %s\n", created.error().c_str());
        return 1;
    }
    auto engine = std::move(created).value();
    const auto start = Clock::now();
    bool any_connected = false;
    std::size_t live = 0;

    engine->setListener([&](const engine::EngineEvent& event) {
        if (const auto* change = std::get_if<engine::LegStateChanged>(&event)) {
            std::string line = fmt::format("{} leg {} {:<14} {} -> {}", elapsed(start), change->leg,
                                           change->number, sip::toString(change->from),
                                           sip::toString(change->to));
            if (change->ending.reason != sip::DisconnectReason::None) {
                line += fmt::format(" ({}", sip::toString(change->ending.reason));
                if (change->ending.sip_status) line += fmt::format(" {}", change->ending.sip_status);
                if (!change->ending.detail.empty()) line += " " + change->ending.detail;
                line += ")";
            }
            printLine(line);
            if (change->to == sip::LegState::Connected) any_connected = true;
            // The media thread's final "stopped talking" follows the hang-up
            // within a tick or two: let it arrive before stopping.
            if (change->to == sip::LegState::Disconnected && --live == 0)
                loop.startTimer(std::chrono::milliseconds(200), [&] { loop.stop(); });
        } else if (const auto* talker = std::get_if<engine::TalkerChanged>(&event)) {
            printLine(fmt::format("{} leg {} {:<14} {}", elapsed(start), talker->leg, talker->number,
                                  talker->talking ? "started talking" : "stopped talking"));
        } else if (const auto* dtmf = std::get_if<engine::DtmfReceived>(&event)) {
            printLine(fmt::format("{} leg {} {:<14} pressed {}", elapsed(start), dtmf->leg, dtmf->number,
                                  dtmf->digit));
        }
    });

    const engine::ConferenceId conference = engine->createConference();
    for (const auto& number : options.numbers) {
        auto leg = engine->dial(conference, number);
        if (!leg) {
            printLine(fmt::format("{} cannot dial {}: {}", elapsed(start), number, leg.error()));
            continue;
        }
        ++live;
    }
    if (live == 0) return 1;

    std::map<engine::LegId, engine::LegSnapshot> final_state;
    loop.startTimer(options.duration, [&] {
        printLine(fmt::format("{} ending the conference", elapsed(start)));
        for (const auto& leg : engine->legs(conference)) final_state[leg.leg] = leg;
        engine->endConference(conference);
    });
    loop.run();

    printLine("\nleg  number          packets  lost  jitter   (at the end of the call)");
    for (const auto& [id, leg] : final_state)
        printLine(fmt::format("{:<4} {:<14}  {:>7}  {:>4}  {:5.1f} ms", id, leg.number, leg.quality.packets_received,
                              leg.quality.packets_lost, leg.quality.jitter_ms));
    engine.reset();
    return any_connected ? 0 : 1;
}

}  // namespace confab::tools
