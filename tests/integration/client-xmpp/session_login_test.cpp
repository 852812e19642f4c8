// Logging in: TLS trust (the harness CA, a CA that does not match, trusting
// the certificate by its fingerprint), a wrong password, reconnecting after
// the server restarts and after it stops answering the keepalive ping.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>

#include "confab/harness/temporary_folder.h"
#include "confab/harness/test_certificates.h"
#include "session_probe.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using client::ConnectionState;


class SessionLoginTest : public ProsodySuite {};

TEST_F(SessionLoginTest, TheRightCaConnectsAndBindsAJid) {
    SessionProbe alice;
    ASSERT_TRUE(alice.login(account("alice"))) << server().logTail();
    EXPECT_TRUE(alice->boundJid().startsWith(QStringLiteral("alice@localhost/confab")))
        << alice->boundJid().toStdString();
    EXPECT_TRUE(alice.rejected_certificates.isEmpty());
    EXPECT_TRUE(waitFor([&] { return alice.rosters.size() == 1; }));
    alice->stop();
    EXPECT_TRUE(waitFor([&] { return alice->connectionState() == ConnectionState::Disconnected; }));
    EXPECT_TRUE(alice->boundJid().isEmpty());
}

TEST_F(SessionLoginTest, AnotherCaIsRejectedWithTheRealFingerprintUntilTrusted) {
    harness::TemporaryFolder folder("client-xmpp-ca");
    const auto other_ca = harness::TestCertificateAuthority::create(folder.path(), "Some other CA");
    auto config = account("alice");
    config.ca_file = QString::fromStdString(other_ca.certificateFile().string());

    SessionProbe alice;
    alice->start(config);
    ASSERT_TRUE(waitFor([&] { return !alice.rejected_certificates.isEmpty(); }));
    const client::CertificateDetails rejected = alice.rejected_certificates.first();
    const QString expected = QString::fromStdString(
        harness::certificateFingerprintSha256(server().runtimeDir() / "certs" / "localhost.crt"));
    ASSERT_FALSE(expected.isEmpty());
    EXPECT_EQ(rejected.sha256_fingerprint.toStdString(), expected.toStdString());
    EXPECT_EQ(rejected.host.toStdString(), "localhost");
    EXPECT_TRUE(rejected.problem.contains(QStringLiteral("issuer unknown")))
        << rejected.problem.toStdString();
    EXPECT_TRUE(rejected.subject.contains(QStringLiteral("localhost"))) << rejected.subject.toStdString();
    EXPECT_TRUE(rejected.not_before.isValid() && rejected.not_after > rejected.not_before);

    // Refused, and no automatic retry.
    spinFor(2500ms);
    EXPECT_EQ(alice->connectionState(), ConnectionState::Disconnected);
    EXPECT_EQ(alice.countStates(ConnectionState::Connected), 0);
    EXPECT_EQ(alice.countStates(ConnectionState::Connecting), 1);
    EXPECT_EQ(alice.rejected_certificates.size(), 1);

    alice->trustCertificateAndReconnect(rejected.sha256_fingerprint);
    EXPECT_TRUE(alice.waitConnected()) << server().logTail();
}

TEST_F(SessionLoginTest, AWrongPasswordFailsOnceWithoutAReconnectLoop) {
    passwordOf("alice");
    auto config = account("alice");
    config.password = QStringLiteral("not the password");
    SessionProbe alice;
    alice->start(config);
    ASSERT_TRUE(waitFor([&] { return !alice.auth_failures.isEmpty(); }));
    spinFor(2500ms);
    EXPECT_EQ(alice.auth_failures.size(), 1);
    EXPECT_EQ(alice.countStates(ConnectionState::Connecting), 1);
    EXPECT_EQ(alice.countStates(ConnectionState::Connected), 0);
    EXPECT_EQ(alice->connectionState(), ConnectionState::Disconnected);
}

// Restarts and freezes its own server: a suite of its own.
class SessionReconnectTest : public ProsodySuite {};

TEST_F(SessionReconnectTest, ReconnectsAfterTheServerRestarts) {
    SessionProbe alice;
    ASSERT_TRUE(alice.login(account("alice")));
    server().stop();
    ASSERT_TRUE(waitFor([&] { return alice.countStates(ConnectionState::WaitingToReconnect) > 0; }));
    server().start();
    EXPECT_TRUE(alice.waitConnected(15s)) << server().logTail();
    EXPECT_EQ(alice.countStates(ConnectionState::Connected), 2);
    EXPECT_TRUE(waitFor([&] { return alice.rosters.size() == 2; }))  // once per login
        << alice.rosters.size();
}

TEST_F(SessionReconnectTest, ReconnectsWhenTheServerStopsAnsweringPings) {
    auto config = account("alice");
    config.keepalive_seconds = 1;
    SessionProbe alice;
    ASSERT_TRUE(alice.login(config));
    const pid_t prosody = server().pid();
    ASSERT_GT(prosody, 0);
    ::kill(prosody, SIGSTOP);
    const bool noticed =
        waitFor([&] { return alice.countStates(ConnectionState::WaitingToReconnect) > 0; }, 8s);
    ::kill(prosody, SIGCONT);
    ASSERT_TRUE(noticed);
    EXPECT_TRUE(alice.waitConnected(15s)) << server().logTail();
}

}  // namespace
}  // namespace confab::test
