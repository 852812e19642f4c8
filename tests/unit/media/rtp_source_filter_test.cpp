#include "confab/media/rtp_source_filter.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace confab::media {
namespace {

using namespace std::chrono_literals;

const NetAddress kSdp = NetAddress::v4(192, 0, 2, 10, 4000);
const NetAddress kNat = NetAddress::v4(198, 51, 100, 7, 61000);

std::vector<uint8_t> packet(uint16_t seq, uint32_t ssrc = 0x1111, uint8_t pt = 0) {
    std::array<uint8_t, 160> payload{};
    std::vector<uint8_t> buf(200);
    buf.resize(buildRtp({pt, false, seq, seq * 160u, ssrc}, payload, buf));
    return buf;
}

SourceFilterConfig config(bool learning = false) {
    SourceFilterConfig c;
    c.expected = kSdp;
    c.payload_types.set(0);
    c.payload_types.set(101);
    c.allow_learning = learning;
    c.learning_packets = 10;
    c.learning_window = 1000ms;
    c.learning_probation = 2;
    return c;
}

TEST(RtpSourceFilter, AcceptsNegotiatedSourceAndLatchesSsrc) {
    RtpSourceFilter f(config(), MediaTime{0});
    RtpPacketView view;
    EXPECT_EQ(f.check(kSdp, packet(1), 10ms, view), SourceVerdict::Accepted);
    EXPECT_EQ(view.sequence, 1);
    EXPECT_EQ(f.latchedSsrc(), 0x1111u);
    EXPECT_EQ(f.check(kSdp, packet(2, 0x1111, 101), 20ms, view), SourceVerdict::Accepted);
    EXPECT_EQ(f.counters().accepted, 2u);
    EXPECT_EQ(f.counters().dropped(), 0u);
}

TEST(RtpSourceFilter, CountsEveryDropReason) {
    RtpSourceFilter f(config(), MediaTime{0});
    RtpPacketView view;
    ASSERT_EQ(f.check(kSdp, packet(1), 0ms, view), SourceVerdict::Accepted);

    NetAddress other_port = kSdp;
    other_port.port = 4002;
    EXPECT_EQ(f.check(other_port, packet(2), 1ms, view), SourceVerdict::WrongPort);
    EXPECT_EQ(f.check(kNat, packet(3), 2ms, view), SourceVerdict::WrongAddress);
    EXPECT_EQ(f.check(kSdp, packet(4, 0x2222), 3ms, view), SourceVerdict::WrongSsrc);
    auto bad = packet(5);
    bad[0] = 0x40;
    EXPECT_EQ(f.check(kSdp, bad, 4ms, view), SourceVerdict::Malformed);
    EXPECT_EQ(f.check(kSdp, std::vector<uint8_t>{0x80, 0}, 5ms, view), SourceVerdict::Malformed);
    EXPECT_EQ(f.check(kSdp, packet(6, 0x1111, 96), 6ms, view), SourceVerdict::UnknownPayloadType);

    const auto& c = f.counters();
    EXPECT_EQ(c.wrong_port, 1u);
    EXPECT_EQ(c.wrong_address, 1u);
    EXPECT_EQ(c.wrong_ssrc, 1u);
    EXPECT_EQ(c.malformed, 2u);
    EXPECT_EQ(c.unknown_payload_type, 1u);
    EXPECT_EQ(c.dropped(), 6u);
    EXPECT_EQ(f.latchedSsrc(), 0x1111u);  // drops did not move the latch
}

TEST(RtpSourceFilter, Ipv6SameHostDifferentPort) {
    std::array<uint8_t, 16> a{0x20, 0x01, 0x0d, 0xb8};
    a[15] = 1;
    auto c = config();
    c.expected = NetAddress::v6(a, 5000);
    RtpSourceFilter f(c, MediaTime{0});
    RtpPacketView view;
    EXPECT_EQ(f.check(NetAddress::v6(a, 5000), packet(1), 0ms, view), SourceVerdict::Accepted);
    EXPECT_EQ(f.check(NetAddress::v6(a, 5001), packet(2), 0ms, view), SourceVerdict::WrongPort);
    a[15] = 2;
    EXPECT_EQ(f.check(NetAddress::v6(a, 5000), packet(3), 0ms, view), SourceVerdict::WrongAddress);
    // An IPv4 address whose bytes match is still another host.
    EXPECT_EQ(f.check(NetAddress::v4(0x20, 0x01, 0x0d, 0xb8, 5000), packet(4), 0ms, view),
              SourceVerdict::WrongAddress);
}

TEST(RtpSourceFilter, LearnsNatSourceAfterProbation) {
    RtpSourceFilter f(config(true), MediaTime{0});
    RtpPacketView view;
    EXPECT_EQ(f.check(kNat, packet(10, 0x3333), 10ms, view), SourceVerdict::WrongAddress);
    EXPECT_EQ(f.check(kNat, packet(11, 0x3333), 30ms, view), SourceVerdict::Accepted);
    EXPECT_EQ(f.remote(), kNat);
    EXPECT_EQ(f.latchedSsrc(), 0x3333u);
    EXPECT_EQ(f.counters().sources_learned, 1u);
    // The SDP address is now the stranger.
    EXPECT_EQ(f.check(kSdp, packet(12, 0x3333), 50ms, view), SourceVerdict::WrongAddress);
    EXPECT_EQ(f.check(kNat, packet(12, 0x3333), 50ms, view), SourceVerdict::Accepted);
}

TEST(RtpSourceFilter, NeverLearnsARogueOnceTheNegotiatedSourceHasSent) {
    RtpSourceFilter f(config(true), MediaTime{0});
    RtpPacketView view;
    EXPECT_EQ(f.check(kSdp, packet(1), 10ms, view), SourceVerdict::Accepted);
    // A well-formed, in-sequence stream from elsewhere inside the learning
    // window must not take the leg over.
    for (uint16_t seq = 100; seq < 108; ++seq)
        EXPECT_EQ(f.check(kNat, packet(seq, 0x1111), 20ms, view), SourceVerdict::WrongAddress);
    EXPECT_EQ(f.remote(), kSdp);
    EXPECT_EQ(f.counters().sources_learned, 0u);
    EXPECT_EQ(f.check(kSdp, packet(2), 40ms, view), SourceVerdict::Accepted);
}

TEST(RtpSourceFilter, LearnsOnlyOnce) {
    RtpSourceFilter f(config(true), MediaTime{0});
    RtpPacketView view;
    f.check(kNat, packet(10, 0x3333), 10ms, view);
    ASSERT_EQ(f.check(kNat, packet(11, 0x3333), 20ms, view), SourceVerdict::Accepted);
    const NetAddress third = NetAddress::v4(203, 0, 113, 5, 7000);
    f.check(third, packet(50, 0x3333), 30ms, view);
    EXPECT_NE(f.check(third, packet(51, 0x3333), 40ms, view), SourceVerdict::Accepted);
    EXPECT_EQ(f.remote(), kNat);
}

TEST(RtpSourceFilter, ProbationNeedsConsecutivePackets) {
    RtpSourceFilter f(config(true), MediaTime{0});
    RtpPacketView view;
    EXPECT_EQ(f.check(kNat, packet(10), 10ms, view), SourceVerdict::WrongAddress);
    EXPECT_EQ(f.check(kNat, packet(20), 20ms, view), SourceVerdict::WrongAddress);  // gap restarts
    EXPECT_EQ(f.check(kNat, packet(21), 30ms, view), SourceVerdict::Accepted);
}

TEST(RtpSourceFilter, NoLearningAfterWindowTime) {
    RtpSourceFilter f(config(true), MediaTime{0});
    RtpPacketView view;
    EXPECT_EQ(f.check(kNat, packet(1), 1000ms, view), SourceVerdict::WrongAddress);
    EXPECT_EQ(f.check(kNat, packet(2), 1020ms, view), SourceVerdict::WrongAddress);
    EXPECT_EQ(f.remote(), kSdp);
}

TEST(RtpSourceFilter, NoLearningAfterWindowPackets) {
    RtpSourceFilter f(config(true), MediaTime{0});
    RtpPacketView view;
    for (uint16_t s = 1; s <= 10; ++s)
        ASSERT_EQ(f.check(kSdp, packet(s), 1ms * s, view), SourceVerdict::Accepted);
    EXPECT_EQ(f.check(kNat, packet(11), 20ms, view), SourceVerdict::WrongAddress);
    EXPECT_EQ(f.check(kNat, packet(12), 21ms, view), SourceVerdict::WrongAddress);
    EXPECT_EQ(f.counters().sources_learned, 0u);
}

TEST(RtpSourceFilter, LearningStillRejectsJunk) {
    RtpSourceFilter f(config(true), MediaTime{0});
    RtpPacketView view;
    EXPECT_EQ(f.check(kNat, std::vector<uint8_t>{1, 2, 3}, 1ms, view), SourceVerdict::Malformed);
    EXPECT_EQ(f.check(kNat, packet(1, 1, 96), 2ms, view), SourceVerdict::UnknownPayloadType);
}

TEST(RtpSourceFilter, SsrcChangeAfterSilenceWhenAllowed) {
    auto c = config();
    c.ssrc_change_after_silence = 500ms;
    RtpSourceFilter f(c, MediaTime{0});
    RtpPacketView view;
    EXPECT_EQ(f.check(kSdp, packet(1, 0xA), 0ms, view), SourceVerdict::Accepted);
    EXPECT_EQ(f.check(kSdp, packet(1, 0xB), 100ms, view), SourceVerdict::WrongSsrc);
    EXPECT_EQ(f.check(kSdp, packet(1, 0xB), 600ms, view), SourceVerdict::Accepted);
    EXPECT_EQ(f.latchedSsrc(), 0xBu);
    EXPECT_EQ(f.counters().ssrc_changes, 1u);
    EXPECT_EQ(f.check(kSdp, packet(2, 0xA), 620ms, view), SourceVerdict::WrongSsrc);
}

TEST(RtpSourceFilter, UpdateRemoteResetsLatch) {
    RtpSourceFilter f(config(), MediaTime{0});
    RtpPacketView view;
    EXPECT_EQ(f.check(kSdp, packet(1, 0xA), 0ms, view), SourceVerdict::Accepted);
    f.updateRemote(kNat, 5000ms);
    EXPECT_FALSE(f.latchedSsrc().has_value());
    EXPECT_EQ(f.check(kSdp, packet(2, 0xA), 5010ms, view), SourceVerdict::WrongAddress);
    EXPECT_EQ(f.check(kNat, packet(1, 0xC), 5020ms, view), SourceVerdict::Accepted);
    EXPECT_EQ(f.latchedSsrc(), 0xCu);
}

}  // namespace
}  // namespace confab::media
