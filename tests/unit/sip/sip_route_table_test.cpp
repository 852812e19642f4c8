#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "confab/sip/sip_route_table.h"

namespace confab::sip::test {
namespace {

std::vector<RouteSpec> exampleRoutes() {
    return {
        {"+1555", "sip:{number}@test-gw.example.net;user=phone", "", std::nullopt, ""},
        {"+49", "sips:{number}@de.example.net:5061", "confab", "/etc/confab/de.pw", "+4930111111"},
        {"+", "sip:{number}@default.example.net", "", std::nullopt, ""},
    };
}

TEST(SipRouteTable, FirstMatchingPrefixWins) {
    auto table = SipRouteTable::create(exampleRoutes());
    ASSERT_TRUE(table) << table.error();
    auto us = table.value().resolve("+15551234567");
    ASSERT_TRUE(us) << us.error();
    EXPECT_EQ(us.value().route_index, 0u);
    EXPECT_EQ(us.value().target_uri, "sip:+15551234567@test-gw.example.net;user=phone");

    auto de = table.value().resolve("+493012345678");
    ASSERT_TRUE(de) << de.error();
    EXPECT_EQ(de.value().route_index, 1u);
    EXPECT_EQ(de.value().target_uri, "sips:+493012345678@de.example.net:5061");
    EXPECT_EQ(de.value().username, "confab");
    EXPECT_EQ(de.value().password_file, std::filesystem::path("/etc/confab/de.pw"));
    EXPECT_EQ(de.value().caller_id, "+4930111111");
    EXPECT_EQ(de.value().number, "+493012345678");

    auto other = table.value().resolve("+15561234567");
    ASSERT_TRUE(other) << other.error();
    EXPECT_EQ(other.value().route_index, 2u);
}

TEST(SipRouteTable, ConfigOrderNotLongestPrefix) {
    auto table = SipRouteTable::create({{"+1", "sip:{number}@a.example", "", std::nullopt, ""},
                                        {"+1555", "sip:{number}@b.example", "", std::nullopt, ""}});
    ASSERT_TRUE(table);
    EXPECT_EQ(table.value().resolve("+15551234567").value().route_index, 0u);
}

TEST(SipRouteTable, RefusesUnsafeDialStringsBeforeSubstituting) {
    auto table = SipRouteTable::create(exampleRoutes()).value();
    for (const char* bad : {"+1555123;transport=tcp", "+1555123@evil.example", "15551234567",
                            "+1555\r\nContact: <sip:evil>", "+1555>", "${EXTEN}", ""}) {
        auto resolved = table.resolve(bad);
        ASSERT_FALSE(resolved) << bad;
        EXPECT_NE(resolved.error().find("is not E.164"), std::string::npos) << resolved.error();
    }
}

TEST(SipRouteTable, NoMatchingRoute) {
    auto table = SipRouteTable::create({{"+1555", "sip:{number}@a.example", "", std::nullopt, ""}});
    EXPECT_EQ(table.value().resolve("+4930123456").error(), "no SIP route matches +4930123456");
    auto empty = SipRouteTable::create({});
    EXPECT_EQ(empty.value().resolve("+4930123456").error(), "no SIP route is configured");
}

TEST(SipRouteTable, RefusesBadRoutesAtStartup) {
    const std::pair<RouteSpec, std::string> cases[] = {
        {{"1555", "sip:{number}@a.example", "", std::nullopt, ""},
         "sip.route[0]: prefix '1555' must be '+' followed by at most 15 digits"},
        {{"+1x", "sip:{number}@a.example", "", std::nullopt, ""},
         "sip.route[0]: prefix '+1x' must be '+' followed by at most 15 digits"},
        {{"+1", "sip:gw@a.example", "", std::nullopt, ""},
         "sip.route[0]: uri 'sip:gw@a.example' has no {number}"},
        {{"+1", "sip:{numbr}{number}@a.example", "", std::nullopt, ""},
         "sip.route[0]: uri 'sip:{numbr}{number}@a.example' has braces other than {number}"},
        {{"+1", "sip:{number}@a example", "", std::nullopt, ""},
         "sip.route[0]: uri template: SIP URI 'sip:+123456789012345@a example' is not acceptable: "
         "character 0x20 is not allowed in a SIP URI"},
        {{"+1", "http://{number}", "", std::nullopt, ""},
         "sip.route[0]: uri template: SIP URI 'http://+123456789012345' is not acceptable: the "
         "scheme must be sip: or sips:"},
        {{"+1", "sip:{number}@a.example", "", std::nullopt, "anonymous"},
         "sip.route[0]: caller_id: dial string 'anonymous' is not E.164: it must start with '+'"},
    };
    for (const auto& [route, reason] : cases) {
        auto table = SipRouteTable::create({route});
        ASSERT_FALSE(table) << route.uri_template;
        EXPECT_EQ(table.error(), reason);
    }
    auto second_bad = SipRouteTable::create({{"+1", "sip:{number}@a.example", "", std::nullopt, ""},
                                             {"+2", "sip:x", "", std::nullopt, ""}});
    ASSERT_FALSE(second_bad);
    EXPECT_EQ(second_bad.error().rfind("sip.route[1]: ", 0), 0u);
}

}  // namespace
}  // namespace confab::sip::test
