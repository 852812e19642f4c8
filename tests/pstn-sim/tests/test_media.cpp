// The simulator's media scripts, measured at a real RTP socket: the talk
// schedule, DTMF both ways of sending, deliberately broken SDP answers,
// rogue RTP, and scripted loss and jitter.
#include <algorithm>
#include <cmath>
#include <set>

#include <sndfile.h>

#include "confab/media/dtmf_detector.h"
#include "confab/media/telephone_event.h"
#include "pstn_sim_fixture.h"

namespace confab::pstnsim::test {
namespace {

using namespace std::chrono_literals;

std::int64_t msSince(Clock::time_point start, Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t - start).count();
}

std::int64_t steadyMs(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

class MediaScripts : public PstnSimTest {};

TEST_F(MediaScripts, SpeechFollowsTheTalkSchedule) {
    startSimulator(R"(
[numbers."+15551230001"]
answer_after_ms = 100
[numbers."+15551230001".audio]
source = "speech"
engine = "synthetic"
voice = "test-voice"
level_dbov = -18
talk = [[200, 600], [1200, 400]]
)");
    auto& call = caller_->call("+15551230001", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return call.final_status == 200; }, 5s));
    ASSERT_TRUE(caller_->runUntil([&] { return call.received.size() >= 100; }, 5s));  // 2 s of audio
    const auto answered_ms = (*findEvent("+15551230001", "answered"))["t_ms"].get<std::int64_t>();

    std::vector<std::pair<std::int64_t, std::int64_t>> spurts;  // [start, stop) offsets from the events
    std::int64_t start = -1;
    for (const auto& event : eventsOf("+15551230001")) {
        const auto offset = event["t_ms"].get<std::int64_t>() - answered_ms;
        if (event["event"] == "speech_start") start = offset;
        if (event["event"] == "speech_stop") spurts.emplace_back(start, offset);
    }
    ASSERT_EQ(spurts.size(), 2u);
    EXPECT_NEAR(spurts[0].first, 200, 40);
    EXPECT_NEAR(spurts[0].second, 800, 40);
    EXPECT_NEAR(spurts[1].first, 1200, 40);
    EXPECT_NEAR(spurts[1].second, 1600, 40);

    // What arrived matches: loud inside the spurts, digital silence outside.
    for (const auto& packet : call.received) {
        const auto offset = steadyMs(packet.arrival) - answered_ms;
        const auto level = levelDbov(decodeG711({packet}, packet.payload_type));
        const bool inside = (offset > 260 && offset < 780) || (offset > 1260 && offset < 1580);
        const bool outside = (offset > 60 && offset < 160) || (offset > 880 && offset < 1160) || offset > 1700;
        if (inside) {
            EXPECT_GT(level, -40.0) << "at " << offset << " ms";
        }
        if (outside) {
            EXPECT_LT(level, -60.0) << "at " << offset << " ms";
        }
    }
}

TEST_F(MediaScripts, WavFilesOfAnyFormatPlayAt8kHz) {
    // 16 kHz stereo float: the simulator must convert at load.
    const auto wav = folder_.path() / "clip.wav";
    SF_INFO info{};
    info.samplerate = 16000;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* file = sf_open(wav.c_str(), SFM_WRITE, &info);
    ASSERT_NE(file, nullptr);
    std::vector<float> frames(2 * 16000);
    for (std::size_t i = 0; i < 16000; ++i) {
        frames[2 * i] = frames[2 * i + 1] = 0.3f * static_cast<float>(std::sin(2 * 3.14159265 * 500 * i / 16000.0));
    }
    sf_writef_float(file, frames.data(), 16000);
    sf_close(file);
    startSimulator(R"(
[numbers."+15551230004"]
answer_after_ms = 0
[numbers."+15551230004".audio]
source = "wav"
file = "clip.wav"
)");
    auto& call = caller_->call("+15551230004", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return call.received.size() >= 40; }, 5s));
    const auto heard = decodeG711(call.received, 0);
    EXPECT_GT(tonePower(heard, 500), 100 * tonePower(heard, 1000));
    EXPECT_NEAR(levelDbov(heard), 20 * std::log10(0.3 / std::sqrt(2.0)), 1.5);
}

TEST_F(MediaScripts, EspeakSpeechIsRenderedWhenInstalled) {
    if (harness::readFile("/usr/bin/espeak-ng").empty()) GTEST_SKIP() << "espeak-ng not installed";
    startSimulator(R"(
[numbers."+15551230002"]
answer_after_ms = 0
[numbers."+15551230002".audio]
source = "speech"
engine = "espeak"
voice = "en-us+f3"
text = "Testing the public telephone network."
)");
    auto& call = caller_->call("+15551230002", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return call.received.size() >= 50; }, 5s));
    EXPECT_GT(levelDbov(decodeG711(call.received, 0)), -40.0);
    EXPECT_TRUE(findEvent("+15551230002", "speech_start").has_value());
}

TEST_F(MediaScripts, Rfc4733AndInBandDigitsArrive) {
    startSimulator(R"(
[numbers."+15551230003"]
answer_after_ms = 0
[[numbers."+15551230003".dtmf]]
at_ms = 200
digits = "1#"
mode = "rfc4733"
[[numbers."+15551230003".dtmf]]
at_ms = 900
digits = "5"
mode = "inband"
duration_ms = 120
)");
    auto& call = caller_->call("+15551230003", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return call.final_status == 200; }, 5s));
    ASSERT_TRUE(caller_->runUntil([&] { return call.received.size() >= 75; }, 5s));

    std::vector<char> event_digits;
    std::set<std::uint32_t> ended;
    for (const auto& packet : call.received) {
        if (packet.payload_type != 101) continue;
        media::TelephoneEvent event;
        ASSERT_EQ(media::parseTelephoneEvent(packet.payload, event), media::TelephoneEventError::None);
        if (event.end) ended.insert(event.duration);
        if (packet.marker) event_digits.push_back(media::dtmfDigit(event.event));
    }
    EXPECT_EQ(event_digits, (std::vector<char>{'1', '#'}));

    media::DtmfDetector detector;
    std::vector<char> tones;
    const auto audio = decodeG711(call.received, 0);
    for (std::size_t i = 0; i + media::kFrameSamples <= audio.size(); i += media::kFrameSamples) {
        media::ConstFrameSpan frame(audio.data() + i, media::kFrameSamples);
        for (const char digit : detector.process(frame)) tones.push_back(digit);
    }
    EXPECT_EQ(tones, std::vector<char>{'5'});

    std::vector<std::string> sent;
    for (const auto& event : eventsOf("+15551230003")) {
        if (event["event"] == "digit_sent") sent.push_back(event["digit"].get<std::string>() + "/" +
                                                            event["mode"].get<std::string>());
    }
    EXPECT_EQ(sent, (std::vector<std::string>{"1/rfc4733", "#/rfc4733", "5/inband"}));
}

TEST_F(MediaScripts, MalformedAnswersFailTheBridgesOwnChecks) {
    startSimulator(R"(
[defaults]
answer_after_ms = 0
[numbers."+15551230011".misbehaviour]
malformed_sdp = "missing_c"
[numbers."+15551230012".misbehaviour]
malformed_sdp = "hostname_c"
[numbers."+15551230013".misbehaviour]
malformed_sdp = "port_zero"
[numbers."+15551230014".misbehaviour]
malformed_sdp = "no_common_codec"
)");
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"+15551230011", "c="},
        {"+15551230012", "not an IP literal"},
        {"+15551230013", "port"},
        {"+15551230014", "no codec"},
    };
    for (const auto& [number, reason] : expected) {
        auto& call = caller_->call(number, sim_port_);
        ASSERT_TRUE(caller_->runUntil([&] { return call.final_status != 0; }, 5s)) << number;
        EXPECT_EQ(call.final_status, 200) << number;
        EXPECT_FALSE(call.answer.has_value()) << number << "\n" << call.answer_sdp;
        EXPECT_NE(call.answer_error.find(reason), std::string::npos) << number << ": " << call.answer_error;
        caller_->hangUp(call);
    }
}

TEST_F(MediaScripts, RogueRtpComesFromAForeignPortAndASecondSsrc) {
    startSimulator(R"(
[numbers."+15551230021"]
answer_after_ms = 0
[numbers."+15551230021".audio]
source = "tone"
frequency_hz = 800
[numbers."+15551230021".misbehaviour]
rogue_rtp_foreign_port = true
rogue_rtp_second_ssrc = true
rogue_tone_hz = 2500
rogue_start_ms = 200
)");
    auto& call = caller_->call("+15551230021", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return call.received.size() >= 60; }, 5s));
    const auto legit = *parseNetAddress(call.answer->remote_address, call.answer->remote_port);
    std::set<std::uint16_t> ports;
    std::set<std::uint32_t> ssrcs;
    std::vector<ReceivedPacket> rogue;
    for (const auto& packet : call.received) {
        ports.insert(packet.from.port);
        ssrcs.insert(packet.ssrc);
        if (!(packet.from == legit)) rogue.push_back(packet);
    }
    EXPECT_EQ(ports.size(), 2u);
    EXPECT_EQ(ssrcs.size(), 2u);
    ASSERT_GT(rogue.size(), 10u);
    const auto rogue_audio = decodeG711(rogue, 0);
    EXPECT_GT(tonePower(rogue_audio, 2500), 100 * tonePower(rogue_audio, 800));
    EXPECT_TRUE((*findEvent("+15551230021", "answered")).contains("rogue_rtp"));
}

TEST_F(MediaScripts, ScriptedLossAndJitterShapeWhatIsSent) {
    startSimulator(R"(
[defaults]
answer_after_ms = 0
[numbers."+15551230031".impairment]
loss_percent = 30
seed = 7
[numbers."+15551230032".impairment]
jitter_ms = 80
)");
    auto& lossy = caller_->call("+15551230031", sim_port_);
    auto& jittery = caller_->call("+15551230032", sim_port_);
    ASSERT_TRUE(caller_->runUntil([&] { return lossy.final_status == 200 && jittery.final_status == 200; }, 5s));
    caller_->runUntil([] { return false; }, 2s);
    caller_->hangUp(lossy);
    caller_->hangUp(jittery);
    ASSERT_TRUE(waitForEvent("+15551230031", "rtp_stats", 5s));
    ASSERT_TRUE(waitForEvent("+15551230032", "rtp_stats", 5s));

    const auto lossy_stats = *findEvent("+15551230031", "rtp_stats");
    const double dropped = lossy_stats["packets_dropped_by_loss"].get<double>();
    const double sent = lossy_stats["packets_sent"].get<double>();
    EXPECT_NEAR(dropped / (dropped + sent), 0.30, 0.12);

    // Jitter: arrival gaps spread well beyond the steady 20 ms, and the
    // sequence numbers arrive out of order at least once.
    std::int64_t largest_gap = 0;
    bool reordered = false;
    for (std::size_t i = 1; i < jittery.received.size(); ++i) {
        const auto& previous = jittery.received[i - 1];
        const auto& packet = jittery.received[i];
        largest_gap = std::max(largest_gap, msSince(previous.arrival, packet.arrival));
        if (static_cast<std::int16_t>(packet.sequence - previous.sequence) < 0) reordered = true;
    }
    EXPECT_GT(largest_gap, 40);
    EXPECT_TRUE(reordered);
    const auto jitter_stats = *findEvent("+15551230032", "rtp_stats");
    EXPECT_GT(jitter_stats["packets_delayed"].get<int>(), 50);
}

}  // namespace
}  // namespace confab::pstnsim::test
