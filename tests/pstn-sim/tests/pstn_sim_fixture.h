// PstnSimTest: a gtest fixture that runs the real confab-pstn-sim program on
// loopback with a phonebook written by the test, reads its JSON-lines
// events, and checks on tear-down that every event line was well-formed and
// in time order. Also small audio helpers (Goertzel power, WAV reading).
//
// Thread contract: the test's thread only.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "confab/harness/process.h"
#include "confab/harness/temporary_folder.h"
#include "sip_test_caller.h"

namespace confab::pstnsim::test {

class PstnSimTest : public ::testing::Test {
  protected:
    void TearDown() override;

    // Writes the phonebook, starts the simulator and waits for "ready".
    void startSimulator(const std::string& phonebook_toml);
    // Every event line so far, parsed; a malformed line fails the test.
    std::vector<nlohmann::json> events() const;
    std::vector<nlohmann::json> eventsOf(const std::string& number, int call_index = 1) const;
    // Names of a call's events in order, e.g. {"incoming","ringing",...}.
    std::vector<std::string> eventNames(const std::string& number, int call_index = 1) const;
    std::optional<nlohmann::json> findEvent(const std::string& number, const std::string& name,
                                            int call_index = 1) const;
    bool waitForEvent(const std::string& number, const std::string& name, std::chrono::milliseconds deadline,
                      int call_index = 1);

    std::filesystem::path recordDir() const { return folder_.path() / "record"; }
    std::filesystem::path logFile() const { return folder_.path() / "sim.log"; }

    harness::TemporaryFolder folder_{"pstn-sim-test"};
    int sim_port_ = 0;
    std::unique_ptr<harness::Process> sim_;
    std::unique_ptr<SipTestCaller> caller_;
};

// Power of `frequency` in `samples` (Goertzel), normalised by length.
double tonePower(const std::vector<int16_t>& samples, double frequency);
// RMS in dBov (relative to full scale, like TalkDetector).
double levelDbov(const std::vector<int16_t>& samples);
std::vector<int16_t> decodeG711(const std::vector<ReceivedPacket>& packets, std::uint8_t payload_type);
// Samples of an 8 kHz mono WAV; empty when unreadable or in another format.
std::vector<int16_t> readWav(const std::filesystem::path& file);

}  // namespace confab::pstnsim::test
