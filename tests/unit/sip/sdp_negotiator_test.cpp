#include <gtest/gtest.h>

#include <string>

#include "confab/sip/sdp_negotiator.h"
#include "sdp_test_support.h"

namespace confab::sip::test {
namespace {

std::string answerError(const std::string& sdp) {
    SdpNegotiator negotiator;
    auto result = negotiator.checkAnswer(sdp);
    return result ? std::string("(accepted)") : result.error();
}

std::string offerError(const std::string& sdp) {
    SdpNegotiator negotiator;
    auto result = negotiator.checkOffer(sdp);
    return result ? std::string("(accepted)") : result.error();
}

// An answer with session-level c= and the given media section.
std::string answer(const std::string& media, const std::string& address = "IN IP4 198.51.100.7") {
    return sdpWith("c=" + address, media);
}

TEST(SdpNegotiatorAnswer, AcceptsAGatewayAnswer) {
    SdpNegotiator negotiator;
    const auto result = negotiator.checkAnswer(gatewayAnswer());
    ASSERT_TRUE(result) << result.error();
    EXPECT_EQ(result.value(),
              (NegotiatedMedia{"198.51.100.7", IpFamily::V4, 30000, 8, AudioCodec::Pcma, 101,
                               MediaDirection::SendRecv, 20}));
    EXPECT_EQ(negotiator.counters().answers_accepted, 1u);
    EXPECT_EQ(negotiator.counters().answers_refused, 0u);
}

TEST(SdpNegotiatorAnswer, ChoosesTheFirstSupportedCodecInTheirOrder) {
    SdpNegotiator negotiator;
    const auto result = negotiator.checkAnswer(answer(
        "m=audio 4000 RTP/AVP 18 0 8 96|a=rtpmap:18 G729/8000|a=rtpmap:96 telephone-event/8000"));
    ASSERT_TRUE(result) << result.error();
    EXPECT_EQ(result.value().codec, AudioCodec::Pcmu);
    EXPECT_EQ(result.value().payload_type, 0);
    EXPECT_EQ(result.value().telephone_event_pt, 96);
}

TEST(SdpNegotiatorAnswer, StaticTypesNeedNoRtpmapAndDynamicPcmuIsUnderstood) {
    SdpNegotiator negotiator;
    auto plain = negotiator.checkAnswer(answer("m=audio 4000 RTP/AVP 8"));
    ASSERT_TRUE(plain) << plain.error();
    EXPECT_EQ(plain.value().codec, AudioCodec::Pcma);
    EXPECT_FALSE(plain.value().telephone_event_pt.has_value());

    auto dynamic = negotiator.checkAnswer(answer("m=audio 4000 RTP/AVP 97|a=rtpmap:97 pcmu/8000"));
    ASSERT_TRUE(dynamic) << dynamic.error();
    EXPECT_EQ(dynamic.value().codec, AudioCodec::Pcmu);
    EXPECT_EQ(dynamic.value().payload_type, 97);
}

TEST(SdpNegotiatorAnswer, NoCodecWeSupport) {
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP 18")),
              "SDP answer: m=audio offers no codec we support (offered: 18 G729)");
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP 18 96 120|a=rtpmap:96 opus/48000/2")),
              "SDP answer: m=audio offers no codec we support (offered: 18 G729, 96 opus, 120)");
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP 0|a=rtpmap:0 PCMU/16000")),
              "SDP answer: m=audio offers no codec we support (offered: 0 PCMU)");
}

TEST(SdpNegotiatorAnswer, ConnectionChecks) {
    const std::string media = "m=audio 4000 RTP/AVP 0";
    EXPECT_EQ(answerError(answer(media, "IN IP4 example.com")),
              "SDP answer: c= address 'example.com' is not an IP literal");
    EXPECT_EQ(answerError(answer(media, "IN IP4 224.0.0.1")),
              "SDP answer: c= address '224.0.0.1' is multicast");
    EXPECT_EQ(
        answerError(answer(media, "IN IP4 224.2.1.1/127")),
        "SDP answer: c= address '224.2.1.1/127' has a TTL or count (multicast is not supported)");
    EXPECT_EQ(answerError(answer(media, "IN IP4 255.255.255.255")),
              "SDP answer: c= address '255.255.255.255' is broadcast");
    EXPECT_EQ(answerError(answer(media, "IN IP4 240.1.2.3")),
              "SDP answer: c= address '240.1.2.3' is reserved, not a unicast address");
    EXPECT_EQ(answerError(answer(media, "IN IP6 ff02::1")),
              "SDP answer: c= address 'ff02::1' is multicast");
    EXPECT_EQ(answerError(answer(media, "IN IP4 ::1")),
              "SDP answer: c= address '::1' is not an IPv4 literal, as its address type says");
    EXPECT_EQ(answerError(answer(media, "IN IP6 10.0.0.1")),
              "SDP answer: c= address '10.0.0.1' is not an IPv6 literal, as its address type says");
    EXPECT_EQ(answerError(answer(media, "ATM NSAP 47.0091")),
              "SDP answer: c= network type 'ATM' is not IN");
    EXPECT_EQ(answerError(answer(media, "IN IPX 1.2.3.4")),
              "SDP answer: c= address type 'IPX' is not IP4 or IP6");
    EXPECT_EQ(answerError(answer(media, "IN IP4 01.2.3.4")),
              "SDP answer: c= address '01.2.3.4' is not an IP literal");
    EXPECT_EQ(answerError(sdpWith("", media)), "SDP answer: no c= line at session or media level");
}

TEST(SdpNegotiatorAnswer, MediaLevelConnectionWinsAndIpv6Works) {
    SdpNegotiator negotiator;
    auto result = negotiator.checkAnswer(
        answer("m=audio 4000 RTP/AVP 0|c=IN IP6 2001:DB8::7", "IN IP4 example.com"));
    ASSERT_TRUE(result) << result.error();
    EXPECT_EQ(result.value().remote_address, "2001:db8::7");
    EXPECT_EQ(result.value().remote_family, IpFamily::V6);
}

TEST(SdpNegotiatorAnswer, UnspecifiedAddressOnlyOnHold) {
    EXPECT_EQ(
        answerError(answer("m=audio 4000 RTP/AVP 0", "IN IP4 0.0.0.0")),
        "SDP answer: c= address '0.0.0.0' is only allowed on hold (a=sendonly or a=inactive)");
    SdpNegotiator negotiator;
    auto held =
        negotiator.checkAnswer(answer("m=audio 4000 RTP/AVP 0|a=inactive", "IN IP4 0.0.0.0"));
    ASSERT_TRUE(held) << held.error();
    EXPECT_EQ(held.value().direction, MediaDirection::Inactive);
}

TEST(SdpNegotiatorAnswer, MediaLineChecks) {
    EXPECT_EQ(answerError(answer("m=audio 0 RTP/AVP 0")),
              "SDP answer: the audio stream was rejected (port 0)");
    EXPECT_EQ(answerError(answer("m=audio 70000 RTP/AVP 0")),
              "SDP answer: m=audio port 70000 is out of range 1..65535");
    EXPECT_EQ(answerError(answer("m=audio 4000/2 RTP/AVP 0")),
              "SDP answer: m=audio port count '/2' is not supported");
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/SAVP 0")),
              "SDP answer: m=audio transport 'RTP/SAVP' is not RTP/AVP");
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP abc")),
              "SDP answer: m=audio format 'abc' is not an RTP payload type (0..127)");
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP 128")),
              "SDP answer: m=audio format '128' is not an RTP payload type (0..127)");
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP 0 0")),
              "SDP answer: m=audio lists payload type 0 twice");
    EXPECT_EQ(answerError(answer("m=video 4000 RTP/AVP 96")),
              "SDP answer: m= line 6 is 'video' media, expected audio");
    EXPECT_EQ(answerError(sdpWith("c=IN IP4 1.2.3.4", "")), "SDP answer: has no m= line");
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP 0|m=video 0 RTP/AVP 96")),
              "SDP answer: has 2 m= lines, our offer had 1");
}

TEST(SdpNegotiatorAnswer, AttributeChecks) {
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP 0|a=rtpmap:0")),
              "SDP answer: line 7: a=rtpmap:'0' is malformed");
    EXPECT_EQ(
        answerError(answer("m=audio 4000 RTP/AVP 0|a=rtpmap:0 PCMU/8000|a=rtpmap:0 PCMA/8000")),
        "SDP answer: line 8: second a=rtpmap for payload type 0");
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP 0|a=sendonly|a=recvonly")),
              "SDP answer: conflicting direction attributes at lines 7 and 8");
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP 0|a=sendonly:yes")),
              "SDP answer: line 7: a=sendonly takes no value");
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP 0|a=ptime:25")),
              "SDP answer: line 7: a=ptime:'25' is not 10..120 ms in steps of 10");
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP 0|a=ptime:abc")),
              "SDP answer: line 7: a=ptime:'abc' is not 10..120 ms in steps of 10");
    EXPECT_EQ(answerError(answer("m=audio 4000 RTP/AVP 0|a=ptime:20|a=ptime:30")),
              "SDP answer: line 8: a second a=ptime");
}

TEST(SdpNegotiatorAnswer, DirectionAndPtimeLevels) {
    SdpNegotiator negotiator;
    auto session_level = negotiator.checkAnswer(
        sdpWith("c=IN IP4 192.0.2.9|a=recvonly|a=ptime:30", "m=audio 4000 RTP/AVP 0"));
    ASSERT_TRUE(session_level) << session_level.error();
    EXPECT_EQ(session_level.value().direction, MediaDirection::RecvOnly);
    EXPECT_EQ(session_level.value().ptime_ms, 30u);

    auto media_wins =
        negotiator.checkAnswer(sdpWith("c=IN IP4 192.0.2.9|a=recvonly|a=ptime:30",
                                       "m=audio 4000 RTP/AVP 0|a=sendrecv|a=ptime:40"));
    ASSERT_TRUE(media_wins) << media_wins.error();
    EXPECT_EQ(media_wins.value().direction, MediaDirection::SendRecv);
    EXPECT_EQ(media_wins.value().ptime_ms, 40u);
}

TEST(SdpNegotiatorAnswer, ParseErrorsGetThePrefixAndAreCounted) {
    SdpNegotiator negotiator;
    auto result = negotiator.checkAnswer("garbage");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error(), "SDP answer: line 1 is not <type>=<value>: 'garbage'");
    EXPECT_EQ(negotiator.counters().answers_refused, 1u);
}

TEST(SdpNegotiatorOffer, PicksTheFirstAcceptableAudioStreamAndRemembersAllLines) {
    SdpNegotiator negotiator;
    auto result = negotiator.checkOffer(
        sdpWith("c=IN IP4 192.0.2.20",
                "m=video 5000 RTP/AVP 96|m=audio 6000 RTP/SAVP 0|m=audio 6002 RTP/AVP 8 0 101|"
                "a=rtpmap:101 telephone-event/8000"));
    ASSERT_TRUE(result) << result.error();
    const auto& offer = result.value();
    EXPECT_EQ(offer.audio_index, 2u);
    EXPECT_EQ(offer.media.remote_port, 6002);
    EXPECT_EQ(offer.media.codec, AudioCodec::Pcma);
    EXPECT_EQ(offer.media.telephone_event_pt, 101);
    EXPECT_EQ(offer.streams, (std::vector<OfferedStream>{{"video", "RTP/AVP", "96"},
                                                         {"audio", "RTP/SAVP", "0"},
                                                         {"audio", "RTP/AVP", "8"}}));
    EXPECT_EQ(negotiator.counters().offers_accepted, 1u);
}

TEST(SdpNegotiatorOffer, OldStyleHoldLosesReceive) {
    SdpNegotiator negotiator;
    auto hold = negotiator.checkOffer(sdpWith("c=IN IP4 0.0.0.0", "m=audio 6000 RTP/AVP 0"));
    ASSERT_TRUE(hold) << hold.error();
    EXPECT_EQ(hold.value().media.direction, MediaDirection::SendOnly);
    auto recvonly =
        negotiator.checkOffer(sdpWith("c=IN IP4 0.0.0.0", "m=audio 6000 RTP/AVP 0|a=recvonly"));
    ASSERT_TRUE(recvonly) << recvonly.error();
    EXPECT_EQ(recvonly.value().media.direction, MediaDirection::Inactive);
}

TEST(SdpNegotiatorOffer, RefusalsNameTheFirstProblem) {
    EXPECT_EQ(offerError(sdpWith("c=IN IP4 192.0.2.20", "m=video 5000 RTP/AVP 96")),
              "SDP offer: has no audio stream");
    EXPECT_EQ(offerError(sdpWith("c=IN IP4 192.0.2.20", "m=audio 5000 RTP/SAVP 0")),
              "SDP offer: m=audio transport 'RTP/SAVP' is not RTP/AVP");
    EXPECT_EQ(offerError(sdpWith("c=IN IP4 192.0.2.20", "")), "SDP offer: has no m= line");
}

}  // namespace
}  // namespace confab::sip::test
