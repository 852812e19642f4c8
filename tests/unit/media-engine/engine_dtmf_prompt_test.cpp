// MediaEngine over real UDP: DTMF in (RFC 4733 and in-band) and out, prompts
// into a leg and into a mix, and the recording taps.
#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

#include "confab/media/dtmf_detector.h"
#include "confab/media/dtmf_generator.h"
#include "confab/media/g711_codec.h"
#include "confab/media/telephone_event_receiver.h"
#include "confab/media/telephone_event_sender.h"
#include "engine_harness.h"
#include "signal_analysis.h"

namespace confab::media::test {
namespace {

using std::chrono::milliseconds;
constexpr uint8_t kEventPt = 101;

std::string digitsOf(const std::vector<ReceivedEvent>& events, DtmfSource source) {
    std::string digits;
    for (const auto& e : events) {
        if (e.event.dtmf_source == source) digits += e.event.digit;
    }
    return digits;
}

TEST(MediaEngineDtmf, Rfc4733InBecomesDtmfEvents) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 4), MediaError::None);
    RtpPeer phone(Codec::Pcmu, kEventPt);
    const LegId leg = h.addLeg(phone, 1);
    TelephoneEventSender sender;
    const std::string keys = "1#9";
    std::size_t next_key = 0;
    int gap = 10;
    h.stream(phone, [&](FrameSpan out, uint64_t) {
        std::fill(out.begin(), out.end(), int16_t{0});
        return !sender.busy();  // audio is held during an event
    });
    h.onTick([&](uint64_t) {
        if (!sender.busy() && gap == 0 && next_key < keys.size()) {
            sender.start(keys[next_key++], milliseconds(100), phone.nextTimestamp());
        }
        if (sender.busy()) {
            std::array<uint8_t, 4> payload;
            const auto packet = sender.next(payload);
            phone.sendEvent(payload, packet->marker, packet->timestamp);
            if (!sender.busy()) gap = 5;
        } else if (gap > 0) {
            --gap;
        }
    });
    EXPECT_TRUE(h.runUntil([&] { return h.eventsOf(MediaEventKind::Dtmf, leg).size() >= 3; },
                           milliseconds(3000)));
    h.run(milliseconds(200));
    const auto events = h.eventsOf(MediaEventKind::Dtmf, leg);
    EXPECT_EQ(digitsOf(events, DtmfSource::Rfc4733), "1#9");
    EXPECT_EQ(events.size(), 3u);
}

TEST(MediaEngineDtmf, InbandInBecomesDtmfEvents) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 4), MediaError::None);
    RtpPeer phone;  // no telephone-event: the engine listens for tones
    const LegId leg = h.addLeg(phone, 1);
    DtmfGenerator generator;
    ASSERT_TRUE(generator.queue("5*0"));
    h.stream(phone, [&](FrameSpan out, uint64_t tick) {
        std::fill(out.begin(), out.end(), int16_t{0});
        if (tick > 10) generator.generate(out);
        return true;
    });
    EXPECT_TRUE(h.runUntil([&] { return h.eventsOf(MediaEventKind::Dtmf, leg).size() >= 3; },
                           milliseconds(3000)));
    h.run(milliseconds(300));
    EXPECT_EQ(digitsOf(h.eventsOf(MediaEventKind::Dtmf, leg), DtmfSource::Inband), "5*0");
}

TEST(MediaEngineDtmf, OutAsRfc4733WhenNegotiated) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 4), MediaError::None);
    RtpPeer phone(Codec::Pcmu, kEventPt);
    const LegId leg = h.addLeg(phone, 1);
    h.stream(phone, silence());
    h.run(milliseconds(300));
    ASSERT_EQ(h.engine().sendDtmf(leg, "12"), MediaError::None);
    h.run(milliseconds(1000));

    TelephoneEventReceiver receiver;
    std::string began;
    int markers = 0;
    for (const auto& packet : phone.packets()) {
        if (packet.payload_type != kEventPt) continue;
        markers += packet.marker ? 1 : 0;
        for (const DigitEvent& d : receiver.onPacket(packet.timestamp, packet.payload)) {
            if (d.phase == DigitEvent::Phase::Began) began += d.digit;
        }
    }
    EXPECT_EQ(began, "12");
    EXPECT_EQ(markers, 2);
    EXPECT_EQ(receiver.counters().duplicate_ends, 4u);  // three end packets each
}

TEST(MediaEngineDtmf, OutInbandWhenNotNegotiated) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 4), MediaError::None);
    RtpPeer phone;
    const LegId leg = h.addLeg(phone, 1);
    h.stream(phone, silence());
    h.run(milliseconds(300));
    ASSERT_EQ(h.engine().sendDtmf(leg, "39"), MediaError::None);
    h.run(milliseconds(1000));

    DtmfDetector detector;
    std::string heard;
    const auto& audio = phone.audio();
    for (std::size_t start = 0; start + kFrameSamples <= audio.size(); start += kFrameSamples) {
        Frame frame;
        std::copy_n(audio.begin() + static_cast<std::ptrdiff_t>(start), kFrameSamples,
                    frame.begin());
        for (const char digit : detector.process(frame)) heard += digit;
    }
    EXPECT_EQ(heard, "39");
    for (const auto& packet : phone.packets()) EXPECT_NE(packet.payload_type, kEventPt);
}

std::shared_ptr<const Prompt> writeAndLoadPrompt(double frequency, double seconds) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("confab-engine-prompt-" + std::to_string(::getpid()) + ".wav");
    SF_INFO info{};
    info.samplerate = 16000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    EXPECT_NE(file, nullptr);
    std::vector<int16_t> samples(static_cast<std::size_t>(seconds * info.samplerate));
    for (std::size_t n = 0; n < samples.size(); ++n) {
        samples[n] = static_cast<int16_t>(
            sineAmplitude(-12) * std::sin(2 * std::numbers::pi * frequency * n / info.samplerate));
    }
    sf_write_short(file, samples.data(), static_cast<sf_count_t>(samples.size()));
    sf_close(file);
    std::string error;
    auto prompt = Prompt::loadWav(path.string(), &error);
    std::filesystem::remove(path);
    EXPECT_TRUE(prompt.has_value()) << error;
    return std::make_shared<const Prompt>(std::move(*prompt));
}

TEST(MediaEnginePrompt, LegPromptIsHeardByThatLegOnly) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 4), MediaError::None);
    RtpPeer a, b;
    const LegId leg_a = h.addLeg(a, 1);
    h.addLeg(b, 1);
    h.stream(a, silence());
    h.stream(b, silence());
    h.run(milliseconds(400));

    auto prompt = writeAndLoadPrompt(800, 1.0);
    ASSERT_EQ(h.engine().playPrompt(leg_a, prompt), MediaError::None);
    const auto from = Clock::now() + milliseconds(150);
    EXPECT_TRUE(
        h.runUntil([&] { return !h.eventsOf(MediaEventKind::PromptFinished, leg_a).empty(); },
                   milliseconds(2000)));
    h.run(milliseconds(100));
    auto heard_a = a.audioSince(from);
    auto heard_b = b.audioSince(from);
    ASSERT_GE(heard_a.size(), 4000u);
    heard_a.resize(4000);
    heard_b.resize(4000);
    EXPECT_NEAR(relativeDb(toneAmplitude(heard_a, 800), sineAmplitude(-12)), 0.0, 3.0);
    EXPECT_LT(relativeDb(toneAmplitude(heard_b, 800), sineAmplitude(-12)), -40.0);
    EXPECT_EQ(prompt.use_count(), 1) << "the engine handed the prompt back and released it";
}

TEST(MediaEnginePrompt, MixPromptIsHeardByEveryLeg) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 4), MediaError::None);
    RtpPeer a, b;
    h.addLeg(a, 1);
    h.addLeg(b, 1);
    h.stream(a, tone(440, -20));  // one talker: it hears the prompt too
    h.stream(b, silence());
    h.run(milliseconds(400));

    auto prompt = writeAndLoadPrompt(800, 1.0);
    ASSERT_EQ(h.engine().playMixPrompt(1, prompt), MediaError::None);
    const auto from = Clock::now() + milliseconds(150);
    EXPECT_TRUE(h.runUntil(
        [&] {
            for (const auto& e : h.events()) {
                if (e.event.kind == MediaEventKind::PromptFinished && e.event.mix == 1 &&
                    e.event.leg == kNoLeg) {
                    return true;
                }
            }
            return false;
        },
        milliseconds(2000)));
    h.run(milliseconds(100));
    auto heard_a = a.audioSince(from);
    auto heard_b = b.audioSince(from);
    ASSERT_GE(heard_a.size(), 4000u);
    ASSERT_GE(heard_b.size(), 4000u);
    heard_a.resize(4000);
    heard_b.resize(4000);
    EXPECT_NEAR(relativeDb(toneAmplitude(heard_a, 800), sineAmplitude(-12)), 0.0, 3.0);
    EXPECT_NEAR(relativeDb(toneAmplitude(heard_b, 800), sineAmplitude(-12)), 0.0, 3.0);
    EXPECT_NEAR(relativeDb(toneAmplitude(heard_b, 440), sineAmplitude(-20)), 0.0, 3.0);
    EXPECT_EQ(prompt.use_count(), 1);
}

TEST(MediaEngineTap, MixAndLegTapsCopyAudioOffTheMediaThread) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 4), MediaError::None);
    RtpPeer a, b;
    h.addLeg(a, 1);
    const LegId leg_b = h.addLeg(b, 1);
    h.stream(a, tone(440, -20));
    h.stream(b, tone(660, -20));
    h.run(milliseconds(500));

    auto mix_tap = std::make_shared<AudioTap>(2048);
    auto leg_tap = std::make_shared<AudioTap>(2048);
    ASSERT_EQ(h.engine().setMixTap(1, mix_tap), MediaError::None);
    const uint64_t skipped_before = h.engine().metrics().skipped_ticks;
    ASSERT_EQ(h.engine().setLegTap(leg_b, leg_tap), MediaError::None);
    h.run(milliseconds(300));
    ASSERT_TRUE(h.runSteady(milliseconds(1200))) << unsteadyMessage(h);
    // Ticks the media thread skipped in a stall (a shared VM stops whole
    // processes) are the only frames a tap may miss: it never drops one.
    const uint64_t skipped = h.engine().metrics().skipped_ticks - skipped_before;

    const auto collect = [skipped](AudioTap& tap, std::vector<int16_t>& audio) {
        TapFrame frame;
        uint64_t last_tick = 0;
        std::size_t frames = 0, missing = 0;
        while (tap.read(frame)) {
            if (frames > 0) missing += frame.tick - last_tick - 1;
            last_tick = frame.tick;
            ++frames;
            audio.insert(audio.end(), frame.samples.begin(), frame.samples.end());
        }
        EXPECT_EQ(tap.dropped(), 0u);
        EXPECT_LE(missing, skipped) << "frames missing from the tap that the media thread ran";
        return frames;
    };
    std::vector<int16_t> mixed, from_b;
    EXPECT_GE(collect(*mix_tap, mixed), 60u);
    EXPECT_GE(collect(*leg_tap, from_b), 60u);
    ASSERT_GE(mixed.size(), 8000u);
    const std::vector<int16_t> last_mixed(mixed.end() - 8000, mixed.end());
    const std::vector<int16_t> last_b(from_b.end() - 8000, from_b.end());
    EXPECT_NEAR(relativeDb(toneAmplitude(last_mixed, 440), sineAmplitude(-20)), 0.0, 3.0);
    EXPECT_NEAR(relativeDb(toneAmplitude(last_mixed, 660), sineAmplitude(-20)), 0.0, 3.0);
    EXPECT_NEAR(relativeDb(toneAmplitude(last_b, 660), sineAmplitude(-20)), 0.0, 3.0);
    EXPECT_LT(relativeDb(toneAmplitude(last_b, 440), sineAmplitude(-20)), -30.0);
    EXPECT_EQ(mix_tap->dropped(), 0u);

    ASSERT_EQ(h.engine().setMixTap(1, nullptr), MediaError::None);
    ASSERT_EQ(h.engine().setLegTap(leg_b, nullptr), MediaError::None);
    h.run(milliseconds(200));
    EXPECT_EQ(mix_tap.use_count(), 1);
    EXPECT_EQ(leg_tap.use_count(), 1);
}

}  // namespace
}  // namespace confab::media::test
