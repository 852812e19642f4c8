// The conference engine against a simulator phone whose RTP loses 10 % of its
// packets (fixed seed): the listener still hears the tone with no gap longer
// than 60 ms (jitter buffer + PLC conceal the loss), and talker events still
// follow the speech schedule, one start and one stop per spurt.
#include <algorithm>
#include <cmath>

#include "engine_fixture.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using sip::LegState;

constexpr const char* kLossy = "+15551230001";
constexpr const char* kListener = "+15551230002";
constexpr const char* kLoss = "[numbers.\"+15551230001\".impairment]\nloss_percent = 10\nseed = 7\n";
// Longest run of 5 ms windows whose RMS is below `floor_db` dBFS, in ms.
int longestGapMs(const std::vector<float>& samples, double floor_db) {
    constexpr std::size_t kWindow = 40;  // 5 ms at 8 kHz
    int longest = 0, run = 0;
    for (std::size_t start = 0; start + kWindow <= samples.size(); start += kWindow) {
        double energy = 0;
        for (std::size_t i = start; i < start + kWindow; ++i) energy += double{samples[i]} * samples[i];
        const double rms_db = 10 * std::log10(std::max(energy / kWindow, 1e-20));
        run = rms_db < floor_db ? run + 5 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}
class EngineImpairmentTest : public EngineFixture {};

TEST_F(EngineImpairmentTest, TenPercentLossIsConcealedWithoutAudibleGaps) {
    startSimulator(std::string("[numbers.\"") + kLossy +
                   "\"]\naction = \"answer\"\nanswer_after_ms = 200\n"
                   "[numbers.\"+15551230001\".audio]\nsource = \"tone\"\nfrequency_hz = 600\nlevel_dbov = -20\n" +
                   kLoss + silentPhone(kListener));
    startEngine();
    const auto conference = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    auto lossy = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, kLossy); });
    auto listener = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, kListener); });
    ASSERT_TRUE(lossy.ok() && listener.ok());
    ASSERT_TRUE(waitForLegState(lossy.value(), LegState::Connected, 10s)) << simulatorLog();
    ASSERT_TRUE(waitForLegState(listener.value(), LegState::Connected, 10s)) << simulatorLog();
    ASSERT_TRUE(waitForRecordedSeconds(recording(kListener), 4.0));
    onLoop([&](engine::ConferenceEngine& e) { return e.endConference(conference); });
    ASSERT_TRUE(waitForLegState(listener.value(), LegState::Disconnected, 10s));
    stopSimulator();

    std::int64_t dropped = -1;
    for (const auto& e : simulatorEvents())
        if (e.value("event", "") == "rtp_stats" && e.value("number", "") == kLossy)
            dropped = e.value("packets_dropped_by_loss", std::int64_t{0});
    EXPECT_GT(dropped, 10) << "the simulator dropped no packets; the test proves nothing";

    // The last 3 s, less the final 200 ms where the call is being torn down.
    // The gap detector itself: 100 ms of silence inside a tone is a 100 ms gap.
    std::vector<float> probe(8000, 0.1f);
    std::fill(probe.begin() + 4000, probe.begin() + 4800, 0.0f);
    ASSERT_EQ(longestGapMs(probe, -50.0), 100);

    auto heard = lastSeconds(readWav(recording(kListener)), 3.2);
    ASSERT_GT(heard.size(), 3u * 8000);
    heard.resize(heard.size() - 1600);
    const double tone = toneLevelDb(heard, 600);
    const int gap = longestGapMs(heard, -50.0);
    RecordProperty("tone_db", static_cast<int>(tone));
    RecordProperty("longest_gap_ms", gap);
    EXPECT_GT(tone, -35.0) << "the lossy phone's tone is not heard";
    EXPECT_LE(gap, 60) << "an audible gap in what the listener hears (dropped " << dropped << ")";
}

TEST_F(EngineImpairmentTest, TalkerEventsFollowTheSpeechScheduleDespiteLoss) {
    startSimulator(
        std::string("[numbers.\"") + kLossy +
        "\"]\naction = \"answer\"\nanswer_after_ms = 200\n"
        "[numbers.\"+15551230001\".audio]\nsource = \"speech\"\nengine = \"espeak\"\n"
        "text = \"Hello, this is Alice speaking to everyone on the bridge today.\"\n"
        "level_dbov = -20\ntalk = [[1000, 1500], [3500, 1200]]\n" +
        kLoss + silentPhone(kListener));
    startEngine();
    const auto conference = onLoop([](engine::ConferenceEngine& e) { return e.createConference(); });
    auto talker = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, kLossy); });
    auto listener = onLoop([&](engine::ConferenceEngine& e) { return e.dial(conference, kListener); });
    ASSERT_TRUE(talker.ok() && listener.ok());

    auto sim_times = [&](const std::string& event) {
        std::vector<double> out;
        for (const auto& e : simulatorEvents())
            if (e.value("number", "") == kLossy && e.value("event", "") == event)
                out.push_back(e["t_ms"].get<double>());
        return out;
    };
    ASSERT_TRUE(harness::waitUntil([&] { return sim_times("speech_stop").size() >= 2; }, 15s)) << simulatorLog();
    // Let a late stop (or a spurious extra start/stop) arrive before counting.
    std::this_thread::sleep_for(1500ms);

    std::vector<engine::TalkerChanged> talk;
    for (const auto& e : events())
        if (const auto* t = std::get_if<engine::TalkerChanged>(&e)) talk.push_back(*t);
    const auto sim_starts = sim_times("speech_start");
    const auto sim_stops = sim_times("speech_stop");
    ASSERT_EQ(sim_starts.size(), 2u);
    ASSERT_EQ(sim_stops.size(), 2u);
    expectTalkFollowsSpeech(talk, sim_starts, sim_stops, talker.value(), host_stalls_);
}

}  // namespace
}  // namespace confab::test
