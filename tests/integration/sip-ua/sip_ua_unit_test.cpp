// The pure parts of confab-sip-ua: header building, credentials, and the
// trusted-peer address check.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cstring>
#include <fstream>

#include <gtest/gtest.h>

#include "confab/harness/temporary_folder.h"
#include "confab/sip/digest_credentials.h"
#include "confab/sip/sip_identity.h"
#include "confab/sip/trusted_peer_filter.h"

namespace confab::sip {
namespace {

TEST(SipIdentityTest, FromCarriesCallerIdAndCleanDisplayName) {
    EXPECT_EQ(fromHeader("Team \"A\"\r\nX: y", "+15550001111", "127.0.0.1"),
              "\"Team AX: y\" <sip:+15550001111@127.0.0.1>");
    EXPECT_EQ(fromHeader("", "", "127.0.0.1"), "<sip:confab@127.0.0.1>");
    EXPECT_EQ(fromHeader("  ", "+15550001111", "h"), "<sip:+15550001111@h>");
    EXPECT_EQ(cleanDisplayName(std::string(100, 'a')).size(), 64u);
    EXPECT_EQ(cleanDisplayName("caf\xc3\xa9 \\ bar"), "caf  bar");
}

TEST(SipIdentityTest, AssertedIdentityOnlyWithCallerId) {
    EXPECT_EQ(assertedIdentityHeader("+15550001111", "[::1]"), "<sip:+15550001111@[::1]>");
    EXPECT_EQ(assertedIdentityHeader("", "127.0.0.1"), "");
}

TEST(SipIdentityTest, HostsAndUris) {
    EXPECT_EQ(identityHost("127.0.0.1"), "127.0.0.1");
    EXPECT_EQ(identityHost("::1"), "[::1]");
    EXPECT_EQ(identityHost("0.0.0.0"), "confab.invalid");
    EXPECT_EQ(identityHost("::"), "confab.invalid");
    EXPECT_EQ(listenUri("127.0.0.1", 5060), "sip:127.0.0.1:5060;transport=udp");
    EXPECT_EQ(listenUri("::1", 5062), "sip:[::1]:5062;transport=udp");
    EXPECT_EQ(toHeader("sip:+1555@gw;user=phone"), "<sip:+1555@gw;user=phone>");
}

class DigestCredentialsTest : public ::testing::Test {
  protected:
    std::filesystem::path write(const std::string& text) {
        const auto file = folder.path() / "password";
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }
    harness::TemporaryFolder folder{"confab-sip-ua-unit"};
};

TEST_F(DigestCredentialsTest, ReadsTheFirstLine) {
    auto loaded = DigestCredentials::load(0, "bridge", write("s3cret\r\nignored\n"));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    EXPECT_EQ(loaded.value().password, "s3cret");
    EXPECT_EQ(loaded.value().nuaAuthString("Digest", "\"realm\""),
              "Digest:\"realm\":bridge:s3cret");
}

TEST_F(DigestCredentialsTest, RefusalsNeverShowThePassword) {
    for (const char* bad : {"pa:ss\n", "\n", "a\tb"}) {
        auto loaded = DigestCredentials::load(2, "bridge", write(bad));
        ASSERT_FALSE(loaded.ok());
        EXPECT_NE(loaded.error().find("sip.route[2]"), std::string::npos) << loaded.error();
        EXPECT_EQ(loaded.error().find("pa:ss"), std::string::npos) << loaded.error();
    }
    EXPECT_FALSE(DigestCredentials::load(0, "user:x", write("ok")).ok());
    EXPECT_FALSE(DigestCredentials::load(0, "", write("ok")).ok());
    EXPECT_FALSE(DigestCredentials::load(0, "bridge", folder.path() / "missing").ok());
}

sockaddr_storage address(const char* ip) {
    sockaddr_storage storage{};
    sockaddr_in v4{};
    sockaddr_in6 v6{};
    if (::inet_pton(AF_INET, ip, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        std::memcpy(&storage, &v4, sizeof v4);
    } else {
        ::inet_pton(AF_INET6, ip, &v6.sin6_addr);
        v6.sin6_family = AF_INET6;
        std::memcpy(&storage, &v6, sizeof v6);
    }
    return storage;
}

bool allows(const TrustedPeerFilter& filter, const char* ip) {
    const auto storage = address(ip);
    return filter.allows(reinterpret_cast<const sockaddr*>(&storage));
}

TEST(TrustedPeerFilterCheckTest, AllowsOnlyListedAddresses) {
    auto filter = TrustedPeerFilter::create({"192.0.2.10", "2001:db8::5", "::ffff:198.51.100.7"});
    ASSERT_TRUE(filter.ok()) << filter.error();
    EXPECT_TRUE(filter.value().enabled());
    EXPECT_TRUE(allows(filter.value(), "192.0.2.10"));
    EXPECT_TRUE(allows(filter.value(), "::ffff:192.0.2.10"));
    EXPECT_TRUE(allows(filter.value(), "198.51.100.7"));
    EXPECT_TRUE(allows(filter.value(), "2001:db8::5"));
    EXPECT_FALSE(allows(filter.value(), "192.0.2.11"));
    EXPECT_FALSE(allows(filter.value(), "2001:db8::6"));
    EXPECT_FALSE(filter.value().allows(nullptr));
}

TEST(TrustedPeerFilterCheckTest, EmptyListTrustsEveryoneAndBadEntriesFail) {
    auto open = TrustedPeerFilter::create({});
    ASSERT_TRUE(open.ok());
    EXPECT_FALSE(open.value().enabled());
    EXPECT_TRUE(allows(open.value(), "203.0.113.1"));

    auto bad = TrustedPeerFilter::create({"192.0.2.1", "gw.example.net"});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error(),
              "sip.trusted_peers[1]: 'gw.example.net' is not a numeric IPv4 or IPv6 address");
    EXPECT_FALSE(TrustedPeerFilter::create(std::vector<std::string>(65, "192.0.2.1")).ok());
}

}  // namespace
}  // namespace confab::sip
