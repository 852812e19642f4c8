#include "bridge_fixture.h"

#include <fstream>
#include <map>
#include <regex>
#include <sys/wait.h>

namespace confab::test {

using namespace std::chrono_literals;

std::unique_ptr<harness::ProsodyServer> BridgeFixture::prosody_;

namespace {
std::map<std::string, std::string> g_passwords;
int g_bridge_runs = 0;
}  // namespace

void BridgeFixture::SetUpTestSuite() {
    prosody_ = std::make_unique<harness::ProsodyServer>();
    prosody_->start();
}

void BridgeFixture::TearDownTestSuite() {
    prosody_.reset();
    g_passwords.clear();
}

void BridgeFixture::TearDown() { bridge_.terminate(); }

std::filesystem::path BridgeFixture::bridgeLogPath() const {
    return config_path_.parent_path() / (config_path_.stem().string() + ".log");
}

void BridgeFixture::startBridge(const std::string& extra_toml) {
    const auto dir = prosody().runtimeDir();
    const std::string name = "bridge-" + std::to_string(++g_bridge_runs);
    config_path_ = dir / (name + ".toml");
    {
        std::ofstream secret(dir / (name + ".secret"));
        secret << prosody().componentSecret() << "\n";
    }
    std::ofstream config(config_path_);
    config << "[xmpp]\n"
           << "domain = \"" << prosody().domain() << "\"\n"
           << "component = \"" << prosody().componentJid() << "\"\n"
           << "host = \"127.0.0.1\"\n"
           << "port = " << prosody().componentPort() << "\n"
           << "secret_file = \"" << name << ".secret\"\n"
           << "muc_service = \"" << prosody().mucService() << "\"\n\n"
           << "[log]\nlevel = \"debug\"\n"
           << extra_toml;
    config.close();
    bridge_ = harness::Process({CONFAB_BRIDGE_BINARY, "--config", config_path_.string()},
                               bridgeLogPath());
}

int BridgeFixture::bridgeOnlineCount() const {
    const std::string log = harness::readFile(bridgeLogPath());
    int count = 0;
    for (std::size_t at = log.find("online as"); at != std::string::npos;
         at = log.find("online as", at + 1))
        ++count;
    return count;
}

bool BridgeFixture::waitForBridgeOnline(int times, std::chrono::milliseconds deadline) {
    return harness::waitUntil([&] { return bridgeOnlineCount() >= times; }, deadline);
}

std::string BridgeFixture::bridgeLog() const { return harness::readFile(bridgeLogPath()); }

std::unique_ptr<harness::XmppTestClient> BridgeFixture::connectUser(const std::string& user) {
    auto& password = g_passwords[user];
    if (password.empty()) password = prosody().addUser(user);
    harness::XmppTestClient::Options options;
    options.jid = user + "@" + prosody().domain();
    options.password = password;
    options.port = prosody().c2sPort();
    options.ca_file = prosody().caFile();
    auto client = std::make_unique<harness::XmppTestClient>(options);
    if (!client->connect(10s)) {
        ADD_FAILURE() << "client " << options.jid << " could not connect: " << client->lastError();
    }
    return client;
}

std::pair<int, std::string> runBridgeCommand(const std::vector<std::string>& args,
                                             const std::filesystem::path& work_dir) {
    const auto output = work_dir / "command-output.txt";
    std::filesystem::remove(output);
    std::vector<std::string> argv{CONFAB_BRIDGE_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    harness::Process process(argv, output);
    harness::waitUntil([&] { return !process.running(); }, 10s);
    if (process.running()) {
        process.kill9();
        return {-1, "timed out"};
    }
    const int status = process.exitStatus();
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, harness::readFile(output)};
}

}  // namespace confab::test
