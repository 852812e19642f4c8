// Interop: one conference leg is answered by a real baresip (headless, config
// generated here: UDP SIP on loopback, auto-answer, G.711 only, aufile source
// playing a 1100 Hz tone, the sndfile filter dumping what it decodes to a WAV,
// aubridge as a dummy player). A simulator phone in the same conference plays
// 600 Hz. baresip's dump proves it hears the simulator phone and not itself;
// the simulator's recording proves the bridge carries baresip's audio back.
#include <cmath>
#include <fstream>
#include <numbers>

#include <sndfile.h>

#include "engine_fixture.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using sip::LegState;

constexpr const char* kSimPhone = "+15551230001";
constexpr const char* kBaresipNumber = "+16661230001";
constexpr int kSimTone = 600;
constexpr int kBaresipTone = 1100;

bool writeToneWav(const std::filesystem::path& file, double frequency, double seconds) {
    SF_INFO info{};
    info.samplerate = 8000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* handle = sf_open(file.c_str(), SFM_WRITE, &info);
    if (!handle) return false;
    std::vector<float> samples(static_cast<std::size_t>(seconds * 8000));
    for (std::size_t i = 0; i < samples.size(); ++i)
        samples[i] = static_cast<float>(0.1 * std::sin(2 * std::numbers::pi * frequency * static_cast<double>(i) / 8000));
    sf_writef_float(handle, samples.data(), static_cast<sf_count_t>(samples.size()));
    sf_close(handle);
    return true;
}

class EngineBaresipTest : public EngineFixture {
protected:
    void TearDown() override {
        EngineFixture::TearDown();
        baresip_.terminate();
    }

    std::filesystem::path baresipDir() const { return folder_.path() / "baresip"; }
    std::string baresipLog() const { return harness::readFile(folder_.path() / "baresip.log"); }

    // Starts baresip answering kBaresipNumber on a free loopback port; returns the port.
    int startBaresip() {
        const auto dir = baresipDir();
        std::filesystem::create_directories(dir / "dump");
        EXPECT_TRUE(writeToneWav(dir / "tone.wav", kBaresipTone, 60));
        const int port = harness::freeUdpPort();
        std::ofstream(dir / "config") << "poll_method epoll\n"
                                         "net_interface 127.0.0.1\n"
                                         "sip_listen 127.0.0.1:"
                                      << port
                                      << "\n"
                                         "audio_source aufile,"
                                      << (dir / "tone.wav").string()
                                      << "\n"
                                         "audio_player aubridge,nowhere\n"
                                         "audio_alert aubridge,nowhere\n"
                                         "audio_srate 8000\naudio_channels 1\n"
                                         "module_path /usr/lib/baresip/modules\n"
                                         "module g711.so\nmodule aufile.so\nmodule aubridge.so\nmodule sndfile.so\n"
                                         "module_app account.so\n"
                                         "snd_path "
                                      << (dir / "dump").string() << "\n";
        std::ofstream(dir / "accounts") << "<sip:" << kBaresipNumber
                                        << "@127.0.0.1>;regint=0;answermode=auto;audio_codecs=PCMU,PCMA\n";
        // stdbuf: baresip prints with stdio, fully buffered into a file otherwise.
        baresip_ = harness::Process({"stdbuf", "-oL", "-eL", "baresip", "-4", "-f", dir.string()},
                                    folder_.path() / "baresip.log");
        return port;
    }

    std::filesystem::path decodedDump() const {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(baresipDir() / "dump", ec)) {
            const auto name = entry.path().filename().string();
            if (name.find("-dec.wav") != std::string::npos) return entry.path();
        }
        return {};
    }

    double dumpedSeconds() const {
        const auto dump = decodedDump();
        std::error_code ec;
        const auto bytes = dump.empty() ? 0 : std::filesystem::file_size(dump, ec);
        return ec || bytes < 44 ? 0.0 : static_cast<double>(bytes - 44) / 16000.0;
    }

    harness::Process baresip_;
};

TEST_F(EngineBaresipTest, BaresipLegHearsTheConferenceAndNotItself) {
    if (!std::filesystem::exists("/usr/bin/baresip") ||
        !std::filesystem::exists("/usr/lib/baresip/modules/sndfile.so"))
        GTEST_SKIP() << "baresip (with its sndfile module) is not installed";
    const int baresip_port = startBaresip();
    ASSERT_TRUE(harness::waitUntil([&] { return baresipLog().find("baresip is ready") != std::string::npos; }, 10s))
        << baresipLog();

    startSimulator("[numbers.\"" + std::string(kSimPhone) +
                   "\"]\naction = \"answer\"\nanswer_after_ms = 200\n"
                   "[numbers.\"" + std::string(kSimPhone) + "\".audio]\nsource = \"tone\"\nfrequency_hz = " +
                   std::to_string(kSimTone) + "\nlevel_dbov = -20\n");
    addRoute("+1666", "sip:{number}@127.0.0.1:" + std::to_string(baresip_port));
    startEngine();

    const auto conference = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    auto sim = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, kSimPhone); });
    auto bs = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, kBaresipNumber); });
    ASSERT_TRUE(sim.ok()) << sim.error();
    ASSERT_TRUE(bs.ok()) << bs.error();
    ASSERT_TRUE(waitForLegState(sim.value(), LegState::Connected, 10s)) << simulatorLog();
    ASSERT_TRUE(waitForLegState(bs.value(), LegState::Connected, 10s)) << baresipLog();
    ASSERT_TRUE(harness::waitUntil([&] { return !decodedDump().empty(); }, 10s)) << baresipLog();
    // Let both tones flow for three seconds of baresip's decoded audio (the
    // dump grows by 16000 bytes a second), however slowly this machine runs.
    ASSERT_TRUE(harness::waitUntil([&] { return dumpedSeconds() >= 3.0; }, 20s))
        << dumpedSeconds() << " s dumped\n" << baresipLog();
    onLoop([&](engine::ConferenceEngine& e) { return e.endConference(conference); });
    ASSERT_TRUE(waitForLegState(bs.value(), LegState::Disconnected, 10s));
    ASSERT_TRUE(waitForLegState(sim.value(), LegState::Disconnected, 10s));
    // baresip closes (and so finalises) the WAV when it ends the call.
    EXPECT_TRUE(harness::waitUntil([&] { return baresipLog().find("terminated (duration") != std::string::npos; }, 10s))
        << baresipLog();
    baresip_.terminate();
    stopSimulator();

    const auto dump = decodedDump();
    const auto all = readWav(dump);
    ASSERT_GT(all.size(), 2u * 8000) << dump << "\n" << baresipLog();
    // Everything but the first 0.5 s (the simulator phone may still be joining)
    // and the last 0.3 s (teardown).
    const std::vector<float> heard(all.begin() + 4000, all.end() - 2400);
    const double sim_level = toneLevelDb(heard, kSimTone);
    const double own_level = toneLevelDb(heard, kBaresipTone);
    RecordProperty("baresip_heard_sim_db", static_cast<int>(sim_level));
    RecordProperty("baresip_heard_own_db", static_cast<int>(own_level));
    SCOPED_TRACE("baresip heard: simulator " + std::to_string(sim_level) + " dB, own " + std::to_string(own_level) +
                 " dB over " + std::to_string(heard.size() / 8000.0) + " s");
    EXPECT_GT(sim_level, -35.0) << "baresip does not hear the simulator phone\n" << baresipLog();
    EXPECT_LT(own_level, sim_level - 30.0) << "baresip hears itself";

    // And the way back: the simulator phone hears baresip's tone over the
    // last 2 s before teardown (baresip joined after the simulator phone).
    const auto sim_heard = readWav(recording(kSimPhone));
    ASSERT_GT(sim_heard.size(), 2u * 8000) << simulatorLog();
    const std::vector<float> sim_tail(sim_heard.end() - 16000 - 2400, sim_heard.end() - 2400);
    const double back_level = toneLevelDb(sim_tail, kBaresipTone);
    RecordProperty("sim_heard_baresip_db", static_cast<int>(back_level));
    EXPECT_GT(back_level, -35.0) << "the simulator phone does not hear baresip\n" << simulatorLog();
}

}  // namespace
}  // namespace confab::test
