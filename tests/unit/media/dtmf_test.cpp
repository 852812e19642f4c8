#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "confab/media/dtmf_detector.h"
#include "confab/media/dtmf_generator.h"
#include "confab/media/g711_codec.h"
#include "confab/media/telephone_event.h"
#include "confab/media/telephone_event_receiver.h"
#include "confab/media/telephone_event_sender.h"
#include "signals.h"

namespace confab::media {
namespace {

using namespace std::chrono_literals;

std::string detectAll(DtmfGenerator& gen, DtmfDetector& det, bool through_g711,
                      int max_frames = 500) {
    std::string got;
    Frame frame{};
    int idle = 0;
    for (int i = 0; i < max_frames && idle < 10; ++i) {
        gen.generate(frame);
        if (!gen.busy()) ++idle;
        if (through_g711) {
            std::array<uint8_t, kFrameSamples> enc{};
            G711Codec::encode(Codec::Pcmu, frame, enc);
            G711Codec::decode(Codec::Pcmu, enc, frame);
        }
        for (char c : det.process(frame)) got.push_back(c);
    }
    return got;
}

TEST(Dtmf, InBandRoundTrip) {
    DtmfGenerator gen;
    DtmfDetector det;
    ASSERT_TRUE(gen.queue("0123456789*#ABCD"));
    EXPECT_EQ(detectAll(gen, det, false), "0123456789*#ABCD");
}

TEST(Dtmf, InBandRoundTripThroughG711) {
    DtmfGenerator gen(DtmfGeneratorConfig{-20, 60ms, 60ms});
    DtmfDetector det;
    ASSERT_TRUE(gen.queue("159#"));
    EXPECT_EQ(detectAll(gen, det, true), "159#");
}

TEST(Dtmf, SpeechDoesNotTalkOff) {
    DtmfDetector det;
    const auto speech = test::speechLike(140, -20, 10 * 8000, 77);
    std::string got;
    for (std::size_t f = 0; f + kFrameSamples <= speech.size(); f += kFrameSamples) {
        for (char c : det.process(ConstFrameSpan(speech.data() + f, kFrameSamples)))
            got.push_back(c);
    }
    EXPECT_EQ(got, "");
}

TEST(TelephoneEvent, BuildParseRoundTrip) {
    std::array<uint8_t, 4> buf{};
    const TelephoneEvent ev{11, true, 13, 1280};
    ASSERT_EQ(buildTelephoneEvent(ev, buf), 4u);
    EXPECT_EQ(buf[0], 11);
    EXPECT_EQ(buf[1], 0x80 | 13);
    TelephoneEvent parsed;
    ASSERT_EQ(parseTelephoneEvent(buf, parsed), TelephoneEventError::None);
    EXPECT_EQ(parsed.event, 11);
    EXPECT_TRUE(parsed.end);
    EXPECT_EQ(parsed.volume, 13);
    EXPECT_EQ(parsed.duration, 1280);
    EXPECT_EQ(dtmfDigit(parsed.event), '#');
}

TEST(TelephoneEvent, Malformed) {
    TelephoneEvent ev;
    const std::array<uint8_t, 3> short_payload{1, 2, 3};
    EXPECT_EQ(parseTelephoneEvent(short_payload, ev), TelephoneEventError::TooShort);
    const std::array<uint8_t, 4> flash{16, 0, 0, 160};
    EXPECT_EQ(parseTelephoneEvent(flash, ev), TelephoneEventError::NotDtmf);
    std::array<uint8_t, 3> small{};
    EXPECT_EQ(buildTelephoneEvent(TelephoneEvent{}, small), 0u);
}

TEST(TelephoneEvent, DigitMapping) {
    EXPECT_EQ(dtmfEvent('0'), 0);
    EXPECT_EQ(dtmfEvent('*'), 10);
    EXPECT_EQ(dtmfEvent('#'), 11);
    EXPECT_EQ(dtmfEvent('d'), 15);
    EXPECT_FALSE(dtmfEvent('x').has_value());
    EXPECT_EQ(dtmfDigit(16), '\0');
}

struct SentEvent {
    TelephoneEventPacket packet;
    std::array<uint8_t, 4> payload;
};

std::vector<SentEvent> sendDigit(TelephoneEventSender& s, char digit, std::chrono::milliseconds d,
                                 uint32_t ts) {
    EXPECT_TRUE(s.start(digit, d, ts));
    std::vector<SentEvent> out;
    SentEvent e;
    while (auto p = s.next(e.payload)) {
        e.packet = *p;
        out.push_back(e);
    }
    return out;
}

TEST(TelephoneEvent, SenderSequence) {
    TelephoneEventSender s;
    const auto packets = sendDigit(s, '5', 100ms, 8000);
    ASSERT_EQ(packets.size(), 7u);  // 5 growing + 2 more end repeats
    EXPECT_TRUE(packets[0].packet.marker);
    const uint16_t durations[] = {160, 320, 480, 640, 800, 800, 800};
    for (std::size_t i = 0; i < packets.size(); ++i) {
        TelephoneEvent ev;
        ASSERT_EQ(parseTelephoneEvent(packets[i].payload, ev), TelephoneEventError::None);
        EXPECT_EQ(ev.event, 5);
        EXPECT_EQ(ev.duration, durations[i]);
        EXPECT_EQ(ev.end, i >= 4);
        EXPECT_EQ(packets[i].packet.timestamp, 8000u);
        if (i > 0) {
            EXPECT_FALSE(packets[i].packet.marker);
        }
    }
    EXPECT_FALSE(s.busy());
    EXPECT_EQ(s.totalDuration(), 800);
    EXPECT_FALSE(s.start('x', 100ms, 0));
}

TEST(TelephoneEvent, ReceiverDedupesEndPackets) {
    TelephoneEventSender s;
    TelephoneEventReceiver r;
    std::vector<DigitEvent> events;
    for (const auto& p : sendDigit(s, '7', 100ms, 1000)) {
        for (const auto& e : r.onPacket(p.packet.timestamp, p.payload)) events.push_back(e);
    }
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].digit, '7');
    EXPECT_EQ(events[0].phase, DigitEvent::Phase::Began);
    EXPECT_EQ(events[1].phase, DigitEvent::Phase::Ended);
    EXPECT_EQ(events[1].duration, 800);
    EXPECT_EQ(r.counters().duplicate_ends, 2u);
    EXPECT_FALSE(r.eventOpen());
}

TEST(TelephoneEvent, ReceiverClosesEventWhoseEndWasLost) {
    TelephoneEventSender s;
    TelephoneEventReceiver r;
    auto first = sendDigit(s, '1', 100ms, 1000);
    auto second = sendDigit(s, '2', 100ms, 5000);
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_EQ(r.onPacket(1000, first[i].payload).size(), i == 0 ? 1u : 0u);
    const auto events = r.onPacket(5000, second[0].payload);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].digit, '1');
    EXPECT_EQ(events[0].phase, DigitEvent::Phase::Ended);
    EXPECT_EQ(events[0].duration, 480);
    EXPECT_EQ(events[1].digit, '2');
    EXPECT_EQ(events[1].phase, DigitEvent::Phase::Began);
    EXPECT_EQ(r.counters().ends_lost, 1u);
    // A straggler from the first event is stale.
    EXPECT_TRUE(r.onPacket(1000, first[5].payload).empty());
    EXPECT_EQ(r.counters().stale, 1u);
    // The leg leaves mid-event.
    const auto closing = r.finish();
    ASSERT_EQ(closing.size(), 1u);
    EXPECT_EQ(closing[0].digit, '2');
    EXPECT_TRUE(r.finish().empty());
}

TEST(TelephoneEvent, ReceiverOnlyEndPacketsArrive) {
    TelephoneEventReceiver r;
    std::array<uint8_t, 4> end{};
    buildTelephoneEvent(TelephoneEvent{9, true, 10, 640}, end);
    const auto events = r.onPacket(42, end);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].phase, DigitEvent::Phase::Began);
    EXPECT_EQ(events[1].phase, DigitEvent::Phase::Ended);
    EXPECT_TRUE(r.onPacket(42, end).empty());
    const std::array<uint8_t, 2> junk{1, 2};
    EXPECT_TRUE(r.onPacket(43, junk).empty());
    EXPECT_EQ(r.counters().malformed, 1u);
}

}  // namespace
}  // namespace confab::media
