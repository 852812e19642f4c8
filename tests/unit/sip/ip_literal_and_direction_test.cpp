#include <gtest/gtest.h>

#include "confab/sip/ip_literal.h"
#include "confab/sip/log_text.h"
#include "confab/sip/media_direction.h"

namespace confab::sip::test {
namespace {

TEST(IpLiteral, ParsesLiteralsOnly) {
    EXPECT_TRUE(IpLiteral::parse("192.0.2.1"));
    EXPECT_TRUE(IpLiteral::parse("127.0.0.1"));
    EXPECT_TRUE(IpLiteral::parse("2001:db8::1"));
    EXPECT_TRUE(IpLiteral::parse("::ffff:192.0.2.1"));
    for (const char* bad : {"", "example.com", "192.0.2", "192.0.2.1.5", "192.0.2.256",
                            "0x7f.0.0.1", "[::1]", "fe80::1%eth0", " 192.0.2.1", "192.0.2.1 "}) {
        EXPECT_FALSE(IpLiteral::parse(bad)) << bad;
    }
    EXPECT_FALSE(IpLiteral::parse(std::string(100, '1')));
}

TEST(IpLiteral, Classifies) {
    EXPECT_TRUE(IpLiteral::parse("0.0.0.0")->isUnspecified());
    EXPECT_TRUE(IpLiteral::parse("::")->isUnspecified());
    EXPECT_TRUE(IpLiteral::parse("239.1.1.1")->isMulticast());
    EXPECT_TRUE(IpLiteral::parse("ff05::2")->isMulticast());
    EXPECT_TRUE(IpLiteral::parse("::ffff:224.0.0.5")->isMulticast());
    EXPECT_TRUE(IpLiteral::parse("255.255.255.255")->isBroadcast());
    EXPECT_TRUE(IpLiteral::parse("0.1.2.3")->isReserved());
    EXPECT_TRUE(IpLiteral::parse("250.1.2.3")->isReserved());
    const auto ordinary = IpLiteral::parse("10.1.2.3");
    EXPECT_FALSE(ordinary->isUnspecified() || ordinary->isMulticast() || ordinary->isBroadcast() ||
                 ordinary->isReserved());
    EXPECT_EQ(IpLiteral::parse("2001:DB8:0:0::1")->toString(), "2001:db8::1");
}

TEST(MediaDirection, RoundTripsAndMirrors) {
    for (auto d : {MediaDirection::SendRecv, MediaDirection::SendOnly, MediaDirection::RecvOnly,
                   MediaDirection::Inactive}) {
        EXPECT_EQ(parseMediaDirection(toString(d)), d);
        EXPECT_EQ(answerDirectionFor(answerDirectionFor(d)), d);
    }
    EXPECT_FALSE(parseMediaDirection("SENDRECV"));
    EXPECT_EQ(answerDirectionFor(MediaDirection::SendOnly), MediaDirection::RecvOnly);
    EXPECT_TRUE(isHoldDirection(MediaDirection::SendOnly));
    EXPECT_TRUE(isHoldDirection(MediaDirection::Inactive));
    EXPECT_FALSE(isHoldDirection(MediaDirection::RecvOnly));
    EXPECT_EQ(withoutReceiving(MediaDirection::SendRecv), MediaDirection::SendOnly);
    EXPECT_EQ(withoutReceiving(MediaDirection::RecvOnly), MediaDirection::Inactive);
    EXPECT_TRUE(weSendTo(MediaDirection::RecvOnly));
    EXPECT_FALSE(weSendTo(MediaDirection::SendOnly));
    EXPECT_TRUE(weReceiveFrom(MediaDirection::SendOnly));
    EXPECT_FALSE(weReceiveFrom(MediaDirection::Inactive));
}

TEST(QuoteUntrusted, EscapesAndCuts) {
    EXPECT_EQ(quoteUntrusted("abc"), "'abc'");
    EXPECT_EQ(quoteUntrusted("a'b\\c\n"), "'a\\x27b\\x5cc\\x0a'");
    EXPECT_EQ(quoteUntrusted("abcdef", 3), "'abc...'");
}

}  // namespace
}  // namespace confab::sip::test
