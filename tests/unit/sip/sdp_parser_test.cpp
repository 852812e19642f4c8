#include <gtest/gtest.h>

#include <string>

#include "confab/sip/sdp_parser.h"
#include "sdp_test_support.h"

namespace confab::sip::test {
namespace {

std::string parseError(const std::string& text, SdpLimits limits = {}) {
    auto result = SdpParser(limits).parse(text);
    return result ? std::string("(parsed)") : result.error();
}

TEST(SdpParser, ParsesAGatewayAnswer) {
    const auto result = SdpParser().parse(gatewayAnswer());
    ASSERT_TRUE(result) << result.error();
    const auto& sdp = result.value();
    EXPECT_EQ(sdp.origin_username, "gw");
    EXPECT_EQ(sdp.origin_session_version, "5678");
    ASSERT_TRUE(sdp.connection.has_value());
    EXPECT_EQ(sdp.connection->address, "198.51.100.7");
    ASSERT_EQ(sdp.media.size(), 1u);
    const auto& media = sdp.media[0];
    EXPECT_EQ(media.media, "audio");
    EXPECT_EQ(media.port, 30000u);
    EXPECT_EQ(media.proto, "RTP/AVP");
    EXPECT_EQ(media.formats, (std::vector<std::string>{"8", "101"}));
    ASSERT_EQ(media.attributes.size(), 5u);
    EXPECT_EQ(media.attributes[0].name, "rtpmap");
    EXPECT_EQ(media.attributes[0].value, "8 PCMA/8000");
    EXPECT_EQ(media.attributes[0].line, 7u);
    EXPECT_EQ(media.attributes[4].name, "sendrecv");
    EXPECT_FALSE(media.attributes[4].value.has_value());
}

TEST(SdpParser, AcceptsLfOnlyAndMissingFinalNewlineAndTrailingBlankLines) {
    EXPECT_TRUE(SdpParser().parse(gatewayAnswer("\n")));
    auto no_final = gatewayAnswer();
    no_final.resize(no_final.size() - 2);
    EXPECT_TRUE(SdpParser().parse(no_final));
    EXPECT_TRUE(SdpParser().parse(gatewayAnswer() + "\r\n\r\n"));
}

TEST(SdpParser, RefusesOversizeBeforeLookingAtIt) {
    const std::string big(9000, 'x');
    EXPECT_EQ(parseError(big), "is 9000 bytes, more than the 8192 allowed");
}

TEST(SdpParser, RefusesNulAndControlBytes) {
    auto with_nul = gatewayAnswer();
    with_nul[20] = '\0';
    EXPECT_EQ(parseError(with_nul), "contains a NUL byte at offset 20");
    EXPECT_EQ(parseError(sdpWith("a=tool:x\x01y", "")), "line 5: control character 0x01");
    EXPECT_EQ(parseError(sdpWith("a=tool:x\ty", "")), "line 5: control character 0x09");
}

TEST(SdpParser, RefusesBareCrAndEmptyLines) {
    EXPECT_EQ(parseError("v=0\ro=x 1 1 IN IP4 1.2.3.4\r\n"), "line 1: bare CR inside the line");
    EXPECT_EQ(parseError("v=0\r\n\r\no=x 1 1 IN IP4 1.2.3.4\r\n"), "line 2 is empty");
}

TEST(SdpParser, NonAsciiOnlyInFreeTextLines) {
    EXPECT_TRUE(SdpParser().parse(sdpWith("i=Caf\xc3\xa9|a=tool:\xc3\xa9", "")))
        << parseError(sdpWith("i=Caf\xc3\xa9", ""));
    EXPECT_EQ(parseError(sdpWith("c=IN IP4 1.2.3.\xc3\xa9", "")),
              "line 5: non-ASCII byte 0xc3 in a 'c=' line");
}

TEST(SdpParser, RefusesUnknownTypesAndBadLines) {
    EXPECT_EQ(parseError(sdpWith("x=1", "")), "line 5: unknown line type 'x'");
    EXPECT_EQ(parseError(sdpWith("hello", "")), "line 5 is not <type>=<value>: 'hello'");
    EXPECT_EQ(parseError(sdpWith("A=1", "")), "line 5 is not <type>=<value>: 'A=1'");
    EXPECT_EQ(parseError("o=x 1 1 IN IP4 1.2.3.4\r\nv=0\r\n"),
              "line 1: the first line must be v=0");
    EXPECT_EQ(parseError("v=1\r\n"), "line 1: unsupported SDP version '1'");
    EXPECT_EQ(parseError(sdpWith("v=0", "")), "line 5: v= may appear only once");
}

TEST(SdpParser, RequiresOriginNameAndTiming) {
    EXPECT_EQ(parseError("v=0\r\ns=-\r\nt=0 0\r\n"), "has no o= line");
    EXPECT_EQ(parseError("v=0\r\no=x 1 1 IN IP4 1.2.3.4\r\nt=0 0\r\n"), "has no s= line");
    EXPECT_EQ(parseError("v=0\r\no=x 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 1 RTP/AVP 0\r\n"),
              "has no t= line");
    EXPECT_EQ(
        parseError("v=0\r\no=x 1 1\r\n"),
        "line 2: o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address>");
}

TEST(SdpParser, MediaSectionRules) {
    EXPECT_EQ(parseError(sdpWith("", "m=audio 1 RTP/AVP 0|t=0 0")),
              "line 6: 't=' is not allowed inside a media section");
    EXPECT_EQ(parseError(sdpWith("", "m=audio RTP/AVP 0")),
              "line 5: m= needs <media> <port> <proto> <fmt> ...");
    EXPECT_EQ(parseError(sdpWith("", "m=audio x RTP/AVP 0")),
              "line 5: m= port 'x' is not a number");
    EXPECT_EQ(parseError(sdpWith("", "m=audio 99999999999 RTP/AVP 0")),
              "line 5: m= port '99999999999' is not a number");
    EXPECT_EQ(parseError(sdpWith("", "m=audio 1 RTP/AVP 0|c=IN IP4 1.2.3.4|c=IN IP4 1.2.3.5")),
              "line 7: more than one c= line at the same level");
    EXPECT_EQ(parseError(sdpWith("", "m=audio 1 RTP/AVP 0|a=:x")),
              "line 6: attribute name '' is not a token");
    const auto port_count = SdpParser().parse(sdpWith("", "m=audio 4000/2 RTP/AVP 0"));
    ASSERT_TRUE(port_count);
    EXPECT_EQ(port_count.value().media[0].port_count, 2u);
    const auto big_port = SdpParser().parse(sdpWith("", "m=audio 70000 RTP/AVP 0"));
    ASSERT_TRUE(big_port);
    EXPECT_EQ(big_port.value().media[0].port, 70000u);  // range is the negotiator's call
}

TEST(SdpParser, LineAndMediaLimits) {
    SdpLimits limits;
    limits.max_lines_per_section = 8;
    limits.max_media = 2;
    std::string many_attrs;
    for (int i = 0; i < 8; ++i) many_attrs += "|a=x" + std::to_string(i);
    EXPECT_EQ(parseError(sdpWith("", "m=audio 1 RTP/AVP 0" + many_attrs), limits),
              "the m= section at line 5 has more than 8 lines");
    EXPECT_EQ(parseError(sdpWith(many_attrs.substr(1), ""), limits),
              "the session part has more than 8 lines");
    EXPECT_EQ(parseError(sdpWith("", "m=audio 1 RTP/AVP 0|m=audio 2 RTP/AVP 0|m=audio 3 RTP/AVP 0"),
                         limits),
              "has more than 2 m= lines");
}

}  // namespace
}  // namespace confab::sip::test
