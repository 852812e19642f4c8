// XmppTestClient against a real Prosody: verified TLS, messages both ways,
// refusal of an untrusted certificate with the reason, IQs and raw stanzas.
#include "confab/harness/xmpp_test_client.h"

#include <gtest/gtest.h>

#include "confab/harness/process.h"
#include "confab/harness/temporary_folder.h"
#include "confab/harness/test_certificates.h"
#include "suite_server.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using harness::ReceivedStanza;
using harness::XmppTestClient;

class XmppTestClientTest : public SuiteServer {};

TEST_F(XmppTestClientTest, TwoUsersWithVerifiedTlsSeeEachOthersMessages) {
    auto alice = connectUser("alice");
    auto bob = connectUser("bob");
    ASSERT_TRUE(alice->connected());
    ASSERT_TRUE(bob->connected());
    EXPECT_TRUE(alice->lastError().empty()) << alice->lastError();

    alice->sendMessage("bob@localhost", "hello bob <&>");
    auto to_bob = bob->waitForMessageFrom("alice@localhost", 5s);
    ASSERT_TRUE(to_bob.has_value());
    EXPECT_EQ(to_bob->body, "hello bob <&>");
    EXPECT_EQ(to_bob->from, "alice@localhost/test");
    EXPECT_EQ(to_bob->type, "chat");
    EXPECT_NE(to_bob->xml.find("hello bob &lt;&amp;&gt;"), std::string::npos) << to_bob->xml;

    bob->sendMessage("alice@localhost/test", "hi alice");
    auto to_alice = alice->waitForMessageFrom("bob@localhost/test", 5s);
    ASSERT_TRUE(to_alice.has_value());
    EXPECT_EQ(to_alice->body, "hi alice");
    EXPECT_NE(server().logTail(200).find("Stream encrypted"), std::string::npos);
}

TEST_F(XmppTestClientTest, CertificateFromAnotherCaIsRefusedWithTheReason) {
    harness::TemporaryFolder folder;
    auto other_ca = harness::TestCertificateAuthority::create(folder.path(), "Some other CA");
    auto options = optionsFor("mallory");
    options.ca_file = other_ca.certificateFile();
    XmppTestClient mallory(options);
    EXPECT_FALSE(mallory.connect(10s));
    EXPECT_FALSE(mallory.connected());
    EXPECT_NE(mallory.lastError().find("certificate not trusted"), std::string::npos)
        << mallory.lastError();
    EXPECT_NE(mallory.lastError().find("signer unknown"), std::string::npos) << mallory.lastError();
}

TEST_F(XmppTestClientTest, MissingCaFileMeansNothingIsTrusted) {
    auto options = optionsFor("mallory");
    options.ca_file.clear();
    XmppTestClient mallory(options);
    EXPECT_FALSE(mallory.connect(10s));
    EXPECT_NE(mallory.lastError().find("certificate not trusted"), std::string::npos)
        << mallory.lastError();
}

TEST_F(XmppTestClientTest, AcceptUntrustedConnectsDespiteAnotherCa) {
    harness::TemporaryFolder folder;
    auto other_ca = harness::TestCertificateAuthority::create(folder.path(), "Some other CA");
    auto options = optionsFor("erin");
    options.ca_file = other_ca.certificateFile();
    options.accept_untrusted = true;
    XmppTestClient erin(options);
    EXPECT_TRUE(erin.connect(10s)) << erin.lastError();
}

TEST_F(XmppTestClientTest, WrongPasswordIsAnAuthenticationFailure) {
    auto options = optionsFor("frank");
    options.password = "wrong";
    XmppTestClient frank(options);
    EXPECT_FALSE(frank.connect(10s));
    EXPECT_NE(frank.lastError().find("authentication failed"), std::string::npos)
        << frank.lastError();
}

TEST_F(XmppTestClientTest, NothingListeningIsReportedQuickly) {
    auto options = optionsFor("frank");
    options.port = harness::freeTcpPort();
    XmppTestClient frank(options);
    auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(frank.connect(10s));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_FALSE(frank.lastError().empty());
}

TEST_F(XmppTestClientTest, SendIqWaitsForTheAnswerWithItsId) {
    auto alice = connectUser("alice");
    auto with_id = alice->sendIq(
        "<iq type='get' id='ping-1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", 5s);
    ASSERT_TRUE(with_id.has_value());
    EXPECT_EQ(with_id->id, "ping-1");
    EXPECT_EQ(with_id->type, "result");

    auto without_id =
        alice->sendIq("<iq type='get' to='localhost'><query xmlns='jabber:iq:version'/></iq>", 5s);
    ASSERT_TRUE(without_id.has_value());
    EXPECT_EQ(without_id->type, "result") << without_id->xml;
    EXPECT_NE(without_id->xml.find("Prosody"), std::string::npos) << without_id->xml;

    EXPECT_FALSE(alice->sendIq("<iq type='get'", 1s).has_value());  // not XML
}

TEST_F(XmppTestClientTest, RawStanzasGoOutAsWritten) {
    auto alice = connectUser("alice");
    auto bob = connectUser("bob");
    alice->sendRaw(
        "<message to='bob@localhost' type='normal' id='raw-1'><body>raw</body>"
        "<x xmlns='urn:example:raw'/></message>");
    auto received = bob->waitForMessageFrom("alice@localhost", 5s);
    ASSERT_TRUE(received.has_value());
    EXPECT_EQ(received->id, "raw-1");
    EXPECT_NE(received->xml.find("urn:example:raw"), std::string::npos) << received->xml;
}

TEST_F(XmppTestClientTest, EachStanzaIsHandedOutOnce) {
    auto alice = connectUser("alice");
    auto bob = connectUser("bob");
    alice->sendMessage("bob@localhost", "one");
    alice->sendMessage("bob@localhost", "two");
    auto first = bob->waitForMessageFrom("alice@localhost", 5s);
    auto second = bob->waitForMessageFrom("alice@localhost", 5s);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->body, "one");
    EXPECT_EQ(second->body, "two");
    EXPECT_FALSE(bob->waitForMessageFrom("alice@localhost", 200ms).has_value());
    // Still all there for inspection.
    int messages = 0;
    for (const auto& stanza : bob->receivedStanzas()) {
        messages += stanza.name == "message" ? 1 : 0;
    }
    EXPECT_EQ(messages, 2);
}

TEST_F(XmppTestClientTest, ServerClosingTheStreamIsSeen) {
    auto alice = connectUser("alice");
    alice->sendRaw("<not-a-stanza xmlns='urn:example:bad'/>");
    EXPECT_TRUE(alice->waitForDisconnect(5s));
    EXPECT_FALSE(alice->connected());
    EXPECT_FALSE(alice->lastError().empty());
}

// A trusted certificate that does not name the JID's domain is refused too:
// a second virtual host shares the certificate, which only names localhost.
TEST(XmppTestClientNameCheckTest, CertificateForAnotherNameIsRefused) {
    harness::ProsodyServer server(
        harness::ProsodyOptions{.extra_global_config = "VirtualHost \"other.test\""});
    server.start();
    XmppTestClient::Options options;
    options.jid = "nobody@other.test";  // TLS comes before login: no account needed
    options.password = "irrelevant";
    options.port = server.c2sPort();
    options.ca_file = server.caFile();
    XmppTestClient client(options);
    EXPECT_FALSE(client.connect(10s));
    EXPECT_NE(client.lastError().find("wrong peer name"), std::string::npos)
        << client.lastError() << "\n"
        << server.logTail();
}

TEST(CertificateStatusTest, NamesEveryFlag) {
    EXPECT_EQ(harness::describeCertificateStatus(0), "0x0: ok");
    EXPECT_EQ(harness::describeCertificateStatus(3), "0x3: invalid, signer unknown");
    EXPECT_EQ(harness::describeCertificateStatus(32), "0x20: wrong peer name");
}

}  // namespace
}  // namespace confab::test
