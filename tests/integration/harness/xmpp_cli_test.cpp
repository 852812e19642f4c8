// confab-xmpp-cli as users will run it: against a real Prosody, with bob's
// test client answering, and with the exit codes the README promises.
#include <gtest/gtest.h>

#include <fstream>

#include "confab/harness/process.h"
#include "confab/harness/temporary_folder.h"
#include "confab/harness/test_certificates.h"
#include "suite_server.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;

class XmppCliTest : public SuiteServer {
  protected:
    void SetUp() override {
        password_file_ = folder_.path() / "alice.password";
        std::ofstream(password_file_) << optionsFor("alice").password << "\n";
    }

    // Starts the tool as alice; its stdout and stderr go to output().
    harness::Process startCli(std::vector<std::string> extra_args,
                              const std::filesystem::path& ca_file = {}) {
        std::vector<std::string> argv = {CONFAB_XMPP_CLI_BINARY,
                                         "--jid",
                                         "alice@localhost",
                                         "--password-file",
                                         password_file_.string(),
                                         "--ca-file",
                                         (ca_file.empty() ? server().caFile() : ca_file).string(),
                                         "--server",
                                         "127.0.0.1:" + std::to_string(server().c2sPort())};
        argv.insert(argv.end(), extra_args.begin(), extra_args.end());
        return harness::Process(argv, folder_.path() / "cli-output.txt");
    }
    std::string output() const { return harness::readFile(folder_.path() / "cli-output.txt"); }

    harness::TemporaryFolder folder_;
    std::filesystem::path password_file_;
};

TEST_F(XmppCliTest, PrintsRepliesAndExitsZero) {
    auto bob = connectUser("bob");
    auto cli = startCli(
        {"--to", "bob@localhost", "--send", "/help", "--expect", "2", "--wait-seconds", "10"});
    auto request = bob->waitForMessageFrom("alice@localhost", 10s);
    ASSERT_TRUE(request.has_value()) << output();
    EXPECT_EQ(request->body, "/help");
    bob->sendMessage(request->from, "first answer");
    bob->sendMessage(request->from, "second answer");
    ASSERT_TRUE(cli.waitForExit(15s)) << output();
    EXPECT_EQ(cli.exitCode(), 0) << output();
    EXPECT_NE(output().find("bob@localhost/test: first answer\n"), std::string::npos) << output();
    EXPECT_NE(output().find("bob@localhost/test: second answer\n"), std::string::npos) << output();
}

TEST_F(XmppCliTest, RawStanzaAnswerIsPrinted) {
    auto cli = startCli({"--to", "localhost", "--raw",
                         "<iq type='get' id='v1' to='localhost'>"
                         "<query xmlns='jabber:iq:version'/></iq>",
                         "--expect", "1"});
    ASSERT_TRUE(cli.waitForExit(15s)) << output();
    EXPECT_EQ(cli.exitCode(), 0) << output();
    EXPECT_NE(output().find("localhost: <iq"), std::string::npos) << output();
    EXPECT_NE(output().find("Prosody"), std::string::npos) << output();
}

TEST_F(XmppCliTest, NoReplyExitsOne) {
    optionsFor("olga");  // registered, never online: the message goes to offline storage
    auto cli = startCli({"--to", "olga@localhost", "--send", "anyone?", "--wait-seconds", "1"});
    ASSERT_TRUE(cli.waitForExit(15s)) << output();
    EXPECT_EQ(cli.exitCode(), 1) << output();
}

TEST_F(XmppCliTest, ErrorBounceCountsAsAReplyAndIsPrinted) {
    auto cli = startCli({"--to", "nobody@localhost", "--send", "anyone?", "--expect", "1"});
    ASSERT_TRUE(cli.waitForExit(15s)) << output();
    EXPECT_EQ(cli.exitCode(), 0) << output();
    EXPECT_NE(output().find("service-unavailable"), std::string::npos) << output();
}

TEST_F(XmppCliTest, UntrustedServerExitsTwoWithTheReason) {
    auto other_ca = harness::TestCertificateAuthority::create(folder_.path(), "Other CA", "other");
    auto cli = startCli({"--to", "bob@localhost", "--send", "hi"}, other_ca.certificateFile());
    ASSERT_TRUE(cli.waitForExit(15s)) << output();
    EXPECT_EQ(cli.exitCode(), 2) << output();
    EXPECT_NE(output().find("certificate not trusted"), std::string::npos) << output();
}

}  // namespace
}  // namespace confab::test
