#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "confab/sip/sdp_negotiator.h"
#include "confab/sip/sdp_offer_builder.h"
#include "sdp_test_support.h"

namespace confab::sip::test {
namespace {

TEST(SdpOfferBuilder, BuildsTheOfferTheSpecAsksFor) {
    SdpOfferBuilder builder("192.0.2.5", 40000, 987654321);
    EXPECT_EQ(builder.buildOffer(),
              "v=0\r\n"
              "o=confab 987654321 1 IN IP4 192.0.2.5\r\n"
              "s=confab\r\n"
              "c=IN IP4 192.0.2.5\r\n"
              "t=0 0\r\n"
              "m=audio 40000 RTP/AVP 0 8 101\r\n"
              "a=rtpmap:0 PCMU/8000\r\n"
              "a=rtpmap:8 PCMA/8000\r\n"
              "a=rtpmap:101 telephone-event/8000\r\n"
              "a=fmtp:101 0-16\r\n"
              "a=ptime:20\r\n"
              "a=sendrecv\r\n");
    EXPECT_EQ(builder.sessionVersion(), 1u);
}

TEST(SdpOfferBuilder, VersionGoesUpOnlyWhenTheSdpChanges) {
    SdpOfferBuilder builder("192.0.2.5", 40000, 1);
    builder.buildOffer();
    builder.buildOffer();
    EXPECT_EQ(builder.sessionVersion(), 1u);
    const auto hold = builder.buildOffer(MediaDirection::SendOnly);
    EXPECT_EQ(builder.sessionVersion(), 2u);
    EXPECT_NE(hold.find("o=confab 1 2 IN IP4"), std::string::npos);
    EXPECT_NE(hold.find("a=sendonly\r\n"), std::string::npos);
    builder.buildOffer();
    EXPECT_EQ(builder.sessionVersion(), 3u);
}

TEST(SdpOfferBuilder, Ipv6AddressesUseIp6) {
    SdpOfferBuilder builder("2001:DB8::5", 40000, 7);
    const auto offer = builder.buildOffer();
    EXPECT_NE(offer.find("c=IN IP6 2001:db8::5\r\n"), std::string::npos);
    EXPECT_NE(offer.find("o=confab 7 1 IN IP6 2001:db8::5\r\n"), std::string::npos);
}

TEST(SdpOfferBuilder, RefusesABadLocalConfiguration) {
    EXPECT_THROW(SdpOfferBuilder("localhost", 40000, 1), std::invalid_argument);
    EXPECT_THROW(SdpOfferBuilder("0.0.0.0", 40000, 1), std::invalid_argument);
    EXPECT_THROW(SdpOfferBuilder("192.0.2.5", 0, 1), std::invalid_argument);
}

TEST(SdpOfferBuilder, OurOfferPassesOurOwnOfferCheck) {
    SdpOfferBuilder builder("192.0.2.5", 40000, 1);
    SdpNegotiator negotiator;
    auto result = negotiator.checkOffer(builder.buildOffer());
    ASSERT_TRUE(result) << result.error();
    EXPECT_EQ(result.value().media,
              (NegotiatedMedia{"192.0.2.5", IpFamily::V4, 40000, 0, AudioCodec::Pcmu, 101,
                               MediaDirection::SendRecv, 20}));
}

TEST(SdpOfferBuilder, AnswersAnOfferDecliningOtherStreams) {
    SdpNegotiator negotiator;
    auto offer = negotiator.checkOffer(sdpWith(
        "c=IN IP4 192.0.2.20",
        "m=video 5000 RTP/AVP 96|m=audio 6002 RTP/AVP 8 0 96|a=rtpmap:96 telephone-event/8000"));
    ASSERT_TRUE(offer) << offer.error();
    SdpOfferBuilder builder("192.0.2.5", 40000, 42);
    EXPECT_EQ(builder.buildAnswer(offer.value()),
              "v=0\r\n"
              "o=confab 42 1 IN IP4 192.0.2.5\r\n"
              "s=confab\r\n"
              "c=IN IP4 192.0.2.5\r\n"
              "t=0 0\r\n"
              "m=video 0 RTP/AVP 96\r\n"
              "m=audio 40000 RTP/AVP 8 96\r\n"
              "a=rtpmap:8 PCMA/8000\r\n"
              "a=rtpmap:96 telephone-event/8000\r\n"
              "a=fmtp:96 0-16\r\n"
              "a=ptime:20\r\n"
              "a=sendrecv\r\n");
}

TEST(SdpOfferBuilder, AnswersHoldWithTheMirrorDirection) {
    SdpNegotiator negotiator;
    SdpOfferBuilder builder("192.0.2.5", 40000, 42);
    const std::pair<std::string, std::string> cases[] = {
        {"a=sendonly", "a=recvonly"},
        {"a=inactive", "a=inactive"},
        {"a=recvonly", "a=sendonly"},
        {"a=sendrecv", "a=sendrecv"},
    };
    for (const auto& [theirs, ours] : cases) {
        auto offer = negotiator.checkOffer(
            sdpWith("c=IN IP4 192.0.2.20", "m=audio 6000 RTP/AVP 0|" + theirs));
        ASSERT_TRUE(offer) << offer.error();
        const auto answer = builder.buildAnswer(offer.value());
        EXPECT_NE(answer.find(ours + "\r\n"), std::string::npos) << theirs << "\n" << answer;
    }
    // RFC 2543 hold: c=0.0.0.0 without a direction means they will not receive.
    auto old_hold = negotiator.checkOffer(sdpWith("c=IN IP4 0.0.0.0", "m=audio 6000 RTP/AVP 0"));
    ASSERT_TRUE(old_hold);
    EXPECT_NE(builder.buildAnswer(old_hold.value()).find("a=recvonly\r\n"), std::string::npos);
}

TEST(SdpOfferBuilder, OurAnswerPassesOurOwnAnswerCheck) {
    SdpNegotiator negotiator;
    auto offer = negotiator.checkOffer(gatewayAnswer());
    ASSERT_TRUE(offer) << offer.error();
    SdpOfferBuilder builder("203.0.113.9", 41000, 5);
    auto answer = negotiator.checkAnswer(builder.buildAnswer(offer.value()));
    ASSERT_TRUE(answer) << answer.error();
    EXPECT_EQ(answer.value(),
              (NegotiatedMedia{"203.0.113.9", IpFamily::V4, 41000, 8, AudioCodec::Pcma, 101,
                               MediaDirection::SendRecv, 20}));
}

}  // namespace
}  // namespace confab::sip::test
