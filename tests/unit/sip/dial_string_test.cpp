// E164Number and SipTargetUri: the two gates between a typed number and the
// Request-URI we send.
#include <gtest/gtest.h>

#include <string>

#include "confab/sip/e164_number.h"
#include "confab/sip/sip_target_uri.h"

namespace confab::sip::test {
namespace {

TEST(E164Number, AcceptsPlusAndSevenToFifteenDigits) {
    for (const char* good : {"+1234567", "+15551234567", "+493012345678", "+123456789012345"}) {
        auto number = E164Number::parse(good);
        ASSERT_TRUE(number) << good << ": " << number.error();
        EXPECT_EQ(number.value().str(), good);
    }
}

TEST(E164Number, RefusesEverythingElseWithAReason) {
    const std::pair<std::string, std::string> cases[] = {
        {"", "dial string '' is not E.164: it must start with '+'"},
        {"15551234567", "dial string '15551234567' is not E.164: it must start with '+'"},
        {"+1555 1234567", "dial string '+1555 1234567' is not E.164: only digits may follow '+'"},
        {"+15551234567;user=phone",
         "dial string '+15551234567;user=phone' is not E.164: only digits may follow '+'"},
        {"+1555@evil.example",
         "dial string '+1555@evil.example' is not E.164: only digits may follow '+'"},
        {"+1555\r\nX: y",
         "dial string '+1555\\x0d\\x0aX: y' is not E.164: only digits may follow '+'"},
        {"+123456", "dial string '+123456' is not E.164: it needs 7 to 15 digits, it has 6"},
        {"+1234567890123456",
         "dial string '+1234567890123456' is not E.164: it needs 7 to 15 digits, it has 16"},
        {"+0123456789",
         "dial string '+0123456789' is not E.164: a country code never starts with 0"},
        {"++15551234567", "dial string '++15551234567' is not E.164: only digits may follow '+'"},
    };
    for (const auto& [text, reason] : cases) {
        auto number = E164Number::parse(text);
        ASSERT_FALSE(number) << text;
        EXPECT_EQ(number.error(), reason);
    }
}

TEST(E164Number, FullWidthDigitsAreNotDigits) {
    auto number = E164Number::parse("+\uff11\uff15\uff15\uff15\uff11\uff12\uff13\uff14");
    ASSERT_FALSE(number);
    EXPECT_NE(number.error().find("only digits may follow '+'"), std::string::npos);
    EXPECT_NE(number.error().find("\\xef\\xbc\\x91"), std::string::npos) << number.error();
}

TEST(E164Number, Prefixes) {
    const auto number = E164Number::parse("+15551234567").value();
    EXPECT_TRUE(number.hasPrefix(""));
    EXPECT_TRUE(number.hasPrefix("+"));
    EXPECT_TRUE(number.hasPrefix("+1555"));
    EXPECT_FALSE(number.hasPrefix("+1556"));
    EXPECT_FALSE(number.hasPrefix("+155512345678"));
}

TEST(SipTargetUri, AcceptsOrdinaryRouteUris) {
    for (const char* good :
         {"sip:+15551234567@gw.example.net", "sips:+15551234567@gw.example.net:5061",
          "sip:+15551234567@192.0.2.1;user=phone", "sip:+15551234567@[2001:db8::1]:5060",
          "SIP:alice@example.com;transport=tcp", "sip:gw.example.net", "sip:a%40b@host"}) {
        auto uri = SipTargetUri::parse(good);
        EXPECT_TRUE(uri) << good << ": " << uri.error();
    }
    auto uri = SipTargetUri::parse("sips:+15551234567@[2001:db8::1]:5061;transport=tls").value();
    EXPECT_TRUE(uri.secure());
    EXPECT_EQ(uri.host(), "[2001:db8::1]");
}

TEST(SipTargetUri, RefusesInjectionAndMalformedUris) {
    const std::pair<std::string, std::string> cases[] = {
        {"tel:+15551234567", "the scheme must be sip: or sips:"},
        {"sip:+1555 1234@gw", "character 0x20 is not allowed in a SIP URI"},
        {"sip:+1555@gw\r\nVia: x", "character 0x0d is not allowed in a SIP URI"},
        {"sip:+1555@gw>;tag=1", "character 0x3e is not allowed in a SIP URI"},
        {"sip:+1555@gw\"", "character 0x22 is not allowed in a SIP URI"},
        {"sip:+1555@gw?Subject=x", "a Request-URI cannot carry headers ('?')"},
        {"sip:+1555@evil@gw", "more than one '@'"},
        {"sip:@gw", "the user part before '@' is empty"},
        {"sip:user:secret@gw", "a password in the URI"},
        {"sip:+1555@", "the host is empty"},
        {"sip:+1555@gw:0", "port must be 1..65535"},
        {"sip:+1555@gw:99999", "port must be 1..65535"},
        {"sip:+1555@gw:abc", "port must be 1..65535"},
        {"sip:+1555@[::1", "the IPv6 host has no ']'"},
        {"sip:+1555@[1.2.3.4]", "the bracketed host is not IPv6"},
        {"sip:+1555@g_w", "the host has characters a host name cannot have"},
        {"sip:+1555@-gw", "the host is not a valid name"},
        {"sip:+1555@gw;;x", "an empty URI parameter"},
        {"sip:+1555@gw;", "an empty URI parameter"},
        {"sip:%zz@gw", "'%' is not followed by two hex digits"},
        {"sip:%4", "'%' is not followed by two hex digits"},
        {"sip:" + std::string(600, 'a'), "longer than 512 characters"},
    };
    for (const auto& [text, why] : cases) {
        auto uri = SipTargetUri::parse(text);
        ASSERT_FALSE(uri) << text;
        EXPECT_NE(uri.error().find(why), std::string::npos) << uri.error();
        EXPECT_EQ(uri.error().find('\r'), std::string::npos) << "reasons must be one line";
    }
}

}  // namespace
}  // namespace confab::sip::test
