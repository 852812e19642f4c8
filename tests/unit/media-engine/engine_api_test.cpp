// MediaEngine's control API: validation and errors answered on the calling
// thread, slot reuse after hand-back, and one short real-socket smoke run
// (this file runs under ASan/UBSan; the timing-sensitive engine tests are
// in confab-media-engine-integration-tests).
#include <gtest/gtest.h>

#include "confab/media/media_engine.h"
#include "engine_harness.h"

namespace confab::media {
namespace {

using std::chrono::milliseconds;
using test::EngineHarness;

std::unique_ptr<MediaEngine> makeEngine(MediaEngineConfig config = EngineHarness::testConfig()) {
    std::string error;
    auto engine = MediaEngine::create(config, &error);
    EXPECT_TRUE(engine) << error;
    return engine;
}

RemoteMedia someRemote() {
    RemoteMedia remote;
    remote.rtp = NetAddress::v4(127, 0, 0, 1, 9);
    return remote;
}

TEST(MediaEngineApi, RejectsBadConfig) {
    auto config = EngineHarness::testConfig();
    config.bind_address = "not-an-address";
    std::string error;
    EXPECT_FALSE(MediaEngine::create(config, &error));
    EXPECT_NE(error.find("bind_address"), std::string::npos);
    config = EngineHarness::testConfig();
    config.rtp_port_max = config.rtp_port_min;
    EXPECT_FALSE(MediaEngine::create(config, &error));
}

TEST(MediaEngineApi, ValidatesIdsAndArguments) {
    auto engine = makeEngine();
    EXPECT_EQ(engine->createMix(1, 2), MediaError::None);
    EXPECT_EQ(engine->createMix(1, 2), MediaError::DuplicateId);
    EXPECT_EQ(engine->createMix(2, 0), MediaError::InvalidArgument);
    const OpenLegResult opened = engine->openLeg(10);
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(opened.rtp_port % 2, 0);
    EXPECT_EQ(opened.rtcp_port, opened.rtp_port + 1);
    EXPECT_EQ(engine->openLeg(10).error, MediaError::DuplicateId);
    EXPECT_EQ(engine->startLeg(11, 1, someRemote()), MediaError::UnknownLeg);
    EXPECT_EQ(engine->startLeg(10, 9, someRemote()), MediaError::UnknownMix);
    EXPECT_EQ(engine->startLeg(10, 1, RemoteMedia{}), MediaError::InvalidArgument);
    EXPECT_EQ(engine->updateLeg(10, someRemote()), MediaError::NotStarted);
    EXPECT_EQ(engine->sendDtmf(10, "12x"), MediaError::InvalidArgument);
    EXPECT_EQ(engine->sendDtmf(10, ""), MediaError::InvalidArgument);
    EXPECT_EQ(engine->playPrompt(10, nullptr), MediaError::InvalidArgument);
    EXPECT_EQ(engine->playMixPrompt(5, std::make_shared<const Prompt>(Prompt::fromSamples({1, 2}))),
              MediaError::UnknownMix);
    EXPECT_EQ(engine->setMuted(99, true), MediaError::UnknownLeg);
    EXPECT_EQ(engine->destroyMix(5), MediaError::UnknownMix);
}

TEST(MediaEngineApi, MixCapacityIsCheckedUpFront) {
    auto engine = makeEngine();
    ASSERT_EQ(engine->createMix(1, 1), MediaError::None);
    ASSERT_TRUE(engine->openLeg(1).ok());
    ASSERT_TRUE(engine->openLeg(2).ok());
    EXPECT_EQ(engine->startLeg(1, 1, someRemote()), MediaError::None);
    EXPECT_EQ(engine->startLeg(2, 1, someRemote()), MediaError::MixFull);
    EXPECT_EQ(engine->startLeg(1, 1, someRemote()), MediaError::None);  // same mix: an update
    EXPECT_EQ(engine->closeLeg(1), MediaError::None);
    EXPECT_EQ(engine->startLeg(2, 1, someRemote()), MediaError::None);
}

TEST(MediaEngineApi, FullCommandQueueIsReportedNotWaitedFor) {
    auto config = EngineHarness::testConfig();
    config.command_queue_capacity = 2;
    auto engine = makeEngine(config);  // not started: nothing drains the queue
    EXPECT_EQ(engine->createMix(1, 4), MediaError::None);
    EXPECT_TRUE(engine->openLeg(1).ok());
    const OpenLegResult refused = engine->openLeg(2);
    EXPECT_EQ(refused.error, MediaError::QueueFull);
    EXPECT_EQ(engine->openLegCount(), 1u);
    EXPECT_EQ(engine->metrics().command_rejections, 1u);
}

TEST(MediaEngineApi, ClosedLegSlotIsReusedAfterHandBack) {
    auto config = EngineHarness::testConfig();
    config.max_legs = 1;
    auto engine = makeEngine(config);
    ASSERT_TRUE(engine->openLeg(1).ok());
    EXPECT_EQ(engine->openLeg(2).error, MediaError::TooManyLegs);
    ASSERT_EQ(engine->closeLeg(1), MediaError::None);
    engine->start();
    const auto deadline = std::chrono::steady_clock::now() + milliseconds(2000);
    OpenLegResult reopened;
    do {
        engine->drainEvents(nullptr);
        reopened = engine->openLeg(2);
    } while (!reopened.ok() && std::chrono::steady_clock::now() < deadline);
    EXPECT_TRUE(reopened.ok());
}

TEST(MediaEngineApi, SmokeTwoLegsExchangeAudioAndShutDownCleanly) {
    EngineHarness h;
    ASSERT_EQ(h.engine().createMix(1, 4), MediaError::None);
    test::RtpPeer a, b;
    const LegId leg_a = h.addLeg(a, 1);
    const LegId leg_b = h.addLeg(b, 1);
    h.stream(a, test::tone(440, -20));
    h.stream(b, test::tone(660, -20));
    EXPECT_TRUE(h.runUntil([&] { return a.audioPackets() > 20 && b.audioPackets() > 20; },
                           milliseconds(3000)));
    ASSERT_EQ(h.engine().sendDtmf(leg_a, "1"), MediaError::None);
    ASSERT_EQ(h.engine().playPrompt(leg_b, std::make_shared<const Prompt>(Prompt::fromSamples(
                                               std::vector<int16_t>(800, 1000)))),
              MediaError::None);
    h.run(milliseconds(300));
    ASSERT_EQ(h.engine().closeLeg(leg_a), MediaError::None);
    ASSERT_EQ(h.engine().destroyMix(1), MediaError::None);
    EXPECT_TRUE(h.runUntil(
        [&] {
            const auto m = h.engine().metrics();
            return m.live_legs == 1 && m.live_mixes == 0 && m.started_legs == 0;
        },
        milliseconds(1000)));
    EXPECT_FALSE(h.eventsOf(MediaEventKind::TalkStarted, leg_a).empty());
    EXPECT_GT(h.engine().metrics().ticks, 10u);
}

}  // namespace
}  // namespace confab::media
