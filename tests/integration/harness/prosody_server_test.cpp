// ProsodyServer lifecycle: start on free loopback ports, stop by pid with no
// process left, kill + start on the same ports, the component port, a kept
// runtime folder, and a readable failure.
#include <gloox/component.h>
#include <gloox/connectionlistener.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "confab/harness/process.h"
#include "confab/harness/prosody_server.h"
#include "confab/harness/temporary_folder.h"
#include "confab/harness/xmpp_test_client.h"

namespace confab::harness {
namespace {

using namespace std::chrono_literals;

// Runs a gloox Component on the calling thread until it is connected or fails.
class ComponentProbe : public gloox::ConnectionListener {
  public:
    bool connect(const ProsodyServer& server, const std::string& secret) {
        gloox::Component component(gloox::XMLNS_COMPONENT_ACCEPT, "127.0.0.1",
                                   server.componentJid(), secret, server.componentPort());
        component.registerConnectionListener(this);
        if (!component.connect(false)) {
            return false;
        }
        waitUntil(
            [&] {
                component.recv(10'000);
                return connected_ || disconnected_;
            },
            5s, 0ms);
        bool ok = connected_;
        component.disconnect();
        return ok;
    }
    void onConnect() override { connected_ = true; }
    void onDisconnect(gloox::ConnectionError) override { disconnected_ = true; }
    bool onTLSConnect(const gloox::CertInfo&) override { return false; }

  private:
    bool connected_ = false;
    bool disconnected_ = false;
};

XmppTestClient::Options userOptions(const ProsodyServer& server, const std::string& user,
                                    const std::string& password) {
    XmppTestClient::Options options;
    options.jid = user + "@" + server.domain();
    options.password = password;
    options.port = server.c2sPort();
    options.ca_file = server.caFile();
    return options;
}

TEST(ProsodyServerTest, StartsOnLoopbackAndStopsLeavingNoProcessAndNoFolder) {
    std::filesystem::path folder;
    {
        ProsodyServer server;
        server.start();
        folder = server.runtimeDir();
        ASSERT_TRUE(server.running());
        EXPECT_TRUE(tcpPortOpen(server.c2sPort()));
        EXPECT_TRUE(tcpPortOpen(server.componentPort()));
        EXPECT_TRUE(tcpPortOpen(server.httpPort()));
        EXPECT_EQ(processesWithCommandLineContaining(server.configFile().string()),
                  std::vector<pid_t>{server.pid()});

        const std::string config = readFile(server.configFile());
        for (const char* line :
             {"run_as_root = true", "daemonize = false", "modules_disabled = { \"s2s\" }",
              "c2s_require_encryption = true"}) {
            EXPECT_NE(config.find(line), std::string::npos) << line;
        }
        EXPECT_EQ(readFile(server.logFile()).find("Activated service 's2s'"), std::string::npos)
            << server.logTail();

        server.stop();
        EXPECT_FALSE(server.running());
        EXPECT_TRUE(processesWithCommandLineContaining(folder.string()).empty());
        EXPECT_FALSE(tcpPortOpen(server.c2sPort()));
        server.stop();  // idempotent
    }
    EXPECT_FALSE(std::filesystem::exists(folder));
}

TEST(ProsodyServerTest, KillThenStartComesBackOnTheSamePortsWithItsUsers) {
    ProsodyServer server;
    server.start();
    const std::string password = server.addUser("carol");
    const int c2s = server.c2sPort();
    const int component = server.componentPort();
    const int http = server.httpPort();
    const pid_t first_pid = server.pid();

    server.kill();
    EXPECT_FALSE(server.running());
    EXPECT_TRUE(processesWithCommandLineContaining(server.configFile().string()).empty());

    server.start();
    EXPECT_NE(server.pid(), first_pid);
    EXPECT_EQ(server.c2sPort(), c2s);
    EXPECT_EQ(server.componentPort(), component);
    EXPECT_EQ(server.httpPort(), http);
    XmppTestClient carol(userOptions(server, "carol", password));
    EXPECT_TRUE(carol.connect(10s)) << carol.lastError() << "\n" << server.logTail();
}

TEST(ProsodyServerTest, SeededRosterIsWhatTheUserGetsOnLogin) {
    ProsodyServer server;
    server.start();
    const std::string password = server.addUser("dave");
    server.seedRoster("dave", {{"erin@localhost", "Erin \"E\" <Ops>", {"Team", "Ops"}},
                               {"frank@localhost", "", {}}});
    XmppTestClient dave(userOptions(server, "dave", password));
    ASSERT_TRUE(dave.connect(10s)) << dave.lastError() << "\n" << server.logTail();
    auto roster = dave.sendIq("<iq type='get'><query xmlns='jabber:iq:roster'/></iq>", 5s);
    ASSERT_TRUE(roster.has_value());
    EXPECT_EQ(roster->type, "result");
    EXPECT_NE(roster->xml.find("jid='erin@localhost'"), std::string::npos) << roster->xml;
    EXPECT_NE(roster->xml.find("name='Erin &quot;E&quot; &lt;Ops&gt;'"), std::string::npos)
        << roster->xml;
    EXPECT_NE(roster->xml.find("<group>Ops</group>"), std::string::npos) << roster->xml;
    EXPECT_NE(roster->xml.find("jid='frank@localhost'"), std::string::npos) << roster->xml;
    EXPECT_NE(roster->xml.find("subscription='both'"), std::string::npos) << roster->xml;
}

TEST(ProsodyServerTest, ComponentPortAcceptsTheComponentWithItsSecretOnly) {
    ProsodyServer server;
    server.start();
    EXPECT_TRUE(ComponentProbe().connect(server, server.componentSecret())) << server.logTail();
    EXPECT_FALSE(ComponentProbe().connect(server, "not-the-secret")) << server.logTail();
}

TEST(ProsodyServerTest, GivenRuntimeFolderIsKeptAndItsCaReused) {
    TemporaryFolder parent;
    const auto folder = parent.path() / "demo";
    std::string first_ca;
    {
        ProsodyServer server(ProsodyOptions{.runtime_dir = folder});
        server.start();
        first_ca = readFile(server.caFile());
        EXPECT_EQ(server.caFile(), folder / "tls" / "ca.pem");
    }
    ASSERT_TRUE(std::filesystem::exists(folder / "prosody.cfg.lua"));
    ASSERT_FALSE(first_ca.empty());
    ProsodyServer again(ProsodyOptions{.runtime_dir = folder});
    EXPECT_EQ(readFile(again.caFile()), first_ca);
    again.start();
    again.addUser("dave", "first password");
    const std::string password = again.addUser("dave");  // existing user: new password
    XmppTestClient dave(userOptions(again, "dave", password));
    EXPECT_TRUE(dave.connect(10s)) << dave.lastError();
}

TEST(ProsodyServerTest, BrokenConfigFailsStartWithTheLogInTheError) {
    ProsodyServer server(ProsodyOptions{.extra_global_config = "this is not Lua"});
    try {
        server.start();
        FAIL() << "start() should throw";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("exited during start"), std::string::npos)
            << error.what();
    }
    EXPECT_FALSE(server.running());
}

}  // namespace
}  // namespace confab::harness
