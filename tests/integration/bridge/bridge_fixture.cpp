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

void BridgeFixture::TearDown() {
    bridge_.terminate();
    simulator_.terminate();
}

void BridgeFixture::startSimulator(const std::string& phonebook_toml) {
    static int runs = 0;
    simulator_dir_ = prosody().runtimeDir() / ("pstn-sim-" + std::to_string(++runs));
    std::filesystem::create_directories(simulator_dir_);
    const auto phonebook = simulator_dir_ / "phonebook.toml";
    std::ofstream(phonebook) << phonebook_toml;
    simulator_port_ = harness::freeUdpPort();
    simulator_ = harness::Process(
        {CONFAB_PSTN_SIM_BINARY, "--phonebook", phonebook.string(), "--listen",
         "127.0.0.1:" + std::to_string(simulator_port_), "--events",
         (simulator_dir_ / "events.jsonl").string()},
        simulator_dir_ / "pstn-sim.log");
    ASSERT_TRUE(harness::waitUntil(
        [&] { return simulatorLog().find("ready sip:") != std::string::npos; }, 10s))
        << simulatorLog();
}

std::string BridgeFixture::simulatorLog() const {
    return harness::readFile(simulator_dir_ / "pstn-sim.log");
}

std::filesystem::path BridgeFixture::bridgeLogPath() const {
    return config_path_.parent_path() / (config_path_.stem().string() + ".log");
}

void BridgeFixture::startBridge(const std::string& extra_toml, const std::string& sip_lines) {
    const auto dir = prosody().runtimeDir();
    const std::string name = "bridge-" + std::to_string(++g_bridge_runs);
    config_path_ = dir / (name + ".toml");
    if (database_path_.empty()) database_path_ = dir / (name + ".sqlite");
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
           << "[sip]\n"
           << "listen = \"127.0.0.1:" << harness::freeUdpPort() << "\"\n"
           << "caller_id = \"+15550100\"\n"
           << sip_lines << "\n";
    if (simulator_port_ != 0) {
        config << "[[sip.route]]\nprefix = \"+1555\"\nuri = \"sip:{number}@127.0.0.1:"
               << simulator_port_ << "\"\n\n";
    }
    config << "[db]\npath = \"" << database_path_.string() << "\"\n\n"
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

std::string BridgeFixture::passwordOf(const std::string& user) {
    auto& password = g_passwords[user];
    if (password.empty()) password = prosody().addUser(user);
    return password;
}

std::unique_ptr<harness::XmppTestClient> BridgeFixture::connectUser(const std::string& user) {
    const std::string password = passwordOf(user);
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
