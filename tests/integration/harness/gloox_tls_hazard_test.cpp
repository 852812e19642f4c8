// Debian's gloox 1.0.24 (GnuTLS) frees the TLS session twice when a handshake
// fails fatally (handshake() calls gnutls_deinit, cleanup() does it again):
// the process aborts with "double free". A server that answers STARTTLS with a
// fatal alert triggers it; here Prosody offers only TLS 1.3, which gloox
// 1.0.24's GnuTLS priority string disables. The same happens when a host has
// no certificate ("no shared cipher"). Risky clients run in a child process.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <functional>

#include "confab/harness/process.h"
#include "confab/harness/prosody_server.h"
#include "confab/harness/xmpp_test_client.h"

namespace confab::harness {
namespace {

using namespace std::chrono_literals;

constexpr int kConnected = 3;
constexpr int kRefusedCleanly = 4;
constexpr int kRefusedForAnotherReason = 5;

// Runs `body` in a forked child; returns its raw wait status, or -1 when it
// did not finish before `deadline` (it is then killed).
int runInChildProcess(const std::function<int()>& body, std::chrono::milliseconds deadline) {
    std::fflush(nullptr);
    pid_t child = ::fork();
    if (child == 0) {
        ::_exit(body());  // no destructors of the parent's objects in the child
    }
    int status = 0;
    bool done = waitUntil([&] { return ::waitpid(child, &status, WNOHANG) == child; }, deadline);
    if (!done) {
        ::kill(child, SIGKILL);
        ::waitpid(child, &status, 0);
        return -1;
    }
    return status;
}

class GlooxTlsHazardTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        ProsodyOptions options;
        options.extra_ssl_options = "protocol = \"tlsv1_3\"";  // gloox 1.0.24 speaks up to 1.2
        server_ = std::make_unique<ProsodyServer>(options);
        server_->start();
        password_ = server_->addUser("alice");
    }
    static void TearDownTestSuite() { server_.reset(); }

    static int connectInChild(bool unguarded) {
        return runInChildProcess(
            [unguarded] {
                XmppTestClient::Options options;
                options.jid = "alice@" + server_->domain();
                options.password = password_;
                options.port = server_->c2sPort();
                options.ca_file = server_->caFile();
                options.unguarded_gloox_tls = unguarded;
                XmppTestClient client(options);
                if (client.connect(10s)) {
                    return kConnected;
                }
                std::fprintf(stderr, "lastError: %s\n", client.lastError().c_str());
                return client.lastError().find("TLS handshake failed") != std::string::npos
                           ? kRefusedCleanly
                           : kRefusedForAnotherReason;
            },
            30s);
    }

    static inline std::unique_ptr<ProsodyServer> server_;
    static inline std::string password_;
};

TEST_F(GlooxTlsHazardTest, FatalTlsAlertEndsInLastErrorNotInAnAbort) {
    int status = connectInChild(false);
    ASSERT_TRUE(WIFEXITED(status)) << "child died, raw status " << status;
    EXPECT_EQ(WEXITSTATUS(status), kRefusedCleanly);
    // And in this process too, where a double free would take the suite down.
    XmppTestClient::Options options;
    options.jid = "alice@" + server_->domain();
    options.password = password_;
    options.port = server_->c2sPort();
    options.ca_file = server_->caFile();
    XmppTestClient client(options);
    EXPECT_FALSE(client.connect(10s));
    EXPECT_NE(client.lastError().find("TLS handshake failed"), std::string::npos)
        << client.lastError();
}

// Documents the upstream bug the guard exists for. When a gloox update fixes
// it, this test skips and says so: the guard can then go.
TEST_F(GlooxTlsHazardTest, UnguardedGlooxTlsStillAbortsOnAFatalAlert) {
    int status = connectInChild(true);
    ASSERT_NE(status, -1) << "child hung";
    const bool finished_normally =
        WIFEXITED(status) &&
        (WEXITSTATUS(status) == kConnected || WEXITSTATUS(status) == kRefusedCleanly ||
         WEXITSTATUS(status) == kRefusedForAnotherReason);
    if (finished_normally) {
        GTEST_SKIP() << "gloox no longer crashes on a fatal TLS alert (exit code "
                     << WEXITSTATUS(status) << "); GuardedTls may be unnecessary now";
    }
    // glibc aborts ("double free"); under AddressSanitizer the child exits
    // with the sanitizer's code after a heap-use-after-free report instead.
    if (WIFSIGNALED(status)) {
        EXPECT_EQ(WTERMSIG(status), SIGABRT);
    }
}

}  // namespace
}  // namespace confab::harness
