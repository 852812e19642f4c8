#include "bridge_admin_fixture.h"

#include "confab/harness/audio_analysis.h"

#include <cmath>
#include <fstream>
#include <numbers>
#include <regex>

namespace confab::test {

using namespace std::chrono_literals;

namespace {

constexpr const char* kPassword = "admin page integration password";

std::string cookieValue(const httplib::Response& response, const std::string& name) {
    for (std::size_t i = 0; i < response.get_header_value_count("Set-Cookie"); ++i) {
        const std::string line = response.get_header_value("Set-Cookie", i);
        if (line.rfind(name + "=", 0) == 0) {
            return line.substr(name.size() + 1, line.find(';') - name.size() - 1);
        }
    }
    return {};
}

}  // namespace

std::string BridgeAdminFixture::adminPhonebook() {
    auto answer = [](const std::string& number) {
        return "[numbers.\"" + number + "\"]\naction = \"answer\"\nanswer_after_ms = 200\n";
    };
    return answer("+15551230001") +
           "[numbers.\"+15551230001\".audio]\nsource = \"tone\"\nfrequency_hz = 440\nlevel_dbov = -20\n" +
           answer("+15551230002") + answer("+15551230003") +
           "[numbers.\"+15551230005\"]\naction = \"busy\"\n";
}

void BridgeAdminFixture::startWithWeb(const std::string& extra_toml) {
    static int runs = 0;
    const auto dir = prosody().runtimeDir() / ("admin-sim-" + std::to_string(++runs));
    record_dir_ = dir / "recordings";
    std::filesystem::create_directories(record_dir_);
    std::ofstream(dir / "phonebook.toml") << adminPhonebook();
    const int port = harness::freeUdpPort();
    simulator_ = harness::Process({CONFAB_PSTN_SIM_BINARY, "--phonebook", (dir / "phonebook.toml").string(),
                                   "--listen", "127.0.0.1:" + std::to_string(port), "--record-dir",
                                   record_dir_.string()},
                                  dir / "pstn-sim.log");
    ASSERT_TRUE(harness::waitUntil(
        [&] { return harness::readFile(dir / "pstn-sim.log").find("ready sip:") != std::string::npos; }, 10s))
        << harness::readFile(dir / "pstn-sim.log");
    // After [log] in the generated config: TOML lets an array of tables
    // extend [sip] there.
    route_toml_ = "\n[[sip.route]]\nprefix = \"+1555\"\nuri = \"sip:{number}@127.0.0.1:" + std::to_string(port) +
                  "\"\n";
    startBridgeWithWeb(extra_toml);
}

void BridgeAdminFixture::startBridgeWithWeb(const std::string& extra_toml) {
    web_port_ = harness::freeTcpPort();
    startBridge(extra_toml + "\n[web]\nlisten = \"127.0.0.1:" + std::to_string(web_port_) + "\"\n" + route_toml_,
                "ring_timeout_seconds = 3\n");
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    ASSERT_TRUE(harness::waitUntil([&] { return bridgeLog().find("admin web page: https://") != std::string::npos; },
                                   10s))
        << bridgeLog();
    if (!admin_created_) {
        const auto password_file = configPath().parent_path() / "admin-password.txt";
        std::ofstream(password_file) << kPassword << "\n";
        const auto [code, output] = runBridgeCommand(
            {"--config", configPath().string(), "admin", "add", kAdmin, "--password-file", password_file.string()},
            configPath().parent_path());
        ASSERT_EQ(code, 0) << output;
        admin_created_ = true;
    }
    session_cookie_.clear();
    csrf_.clear();
}

void BridgeAdminFixture::restartBridge(const std::string& extra_toml) {
    bridge_.terminate();
    startBridgeWithWeb(extra_toml);
}

std::unique_ptr<httplib::SSLClient> BridgeAdminFixture::client() const {
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", web_port_);
    // The certificate the bridge generated next to its database on first run.
    client->set_ca_cert_path((databasePath().parent_path() / "web-tls" / "admin-web-cert.pem").c_str());
    client->enable_server_certificate_verification(true);
    client->set_connection_timeout(5s);
    client->set_read_timeout(10s);
    return client;
}

void BridgeAdminFixture::login() {
    auto form = client()->Get("/login");
    ASSERT_TRUE(form) << httplib::to_string(form.error());
    ASSERT_EQ(form->status, 200);
    const std::string token = cookieValue(*form, "confab_login_csrf");
    ASSERT_FALSE(token.empty());
    auto answer = client()->Post("/login", {{"Cookie", "confab_login_csrf=" + token}},
                                 httplib::Params{{"username", kAdmin}, {"password", kPassword}, {"csrf", token}});
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 303) << answer->body;
    session_cookie_ = "confab_session=" + cookieValue(*answer, "confab_session");
    auto dashboard = get("/");
    ASSERT_TRUE(dashboard);
    ASSERT_EQ(dashboard->status, 200);
    static const std::regex pattern(R"re(name="csrf" value="([0-9a-f]+)")re");
    std::smatch match;
    ASSERT_TRUE(std::regex_search(dashboard->body, match, pattern)) << dashboard->body.substr(0, 2000);
    csrf_ = match[1].str();
}

httplib::Result BridgeAdminFixture::get(const std::string& path) {
    return client()->Get(path.c_str(), {{"Cookie", session_cookie_}});
}

nlohmann::json BridgeAdminFixture::act(const std::string& path, const httplib::Params& form) {
    auto answer = client()->Post(
        path.c_str(), {{"Cookie", session_cookie_}, {"X-CSRF-Token", csrf_}, {"Accept", "application/json"}}, form);
    if (!answer) {
        ADD_FAILURE() << "POST " << path << ": " << httplib::to_string(answer.error());
        return nlohmann::json::object();
    }
    const auto body = nlohmann::json::parse(answer->body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("ok")) {
        ADD_FAILURE() << "POST " << path << " answered " << answer->status << ": " << answer->body.substr(0, 500);
        return nlohmann::json::object();
    }
    return body;
}

nlohmann::json BridgeAdminFixture::conferences() {
    auto answer = get("/api/conferences");
    if (!answer || answer->status != 200) {
        ADD_FAILURE() << "GET /api/conferences failed";
        return nlohmann::json::array();
    }
    const auto body = nlohmann::json::parse(answer->body, nullptr, false);
    if (body.is_discarded() || !body.contains("conferences")) {
        ADD_FAILURE() << "unexpected /api/conferences: " << answer->body.substr(0, 500);
        return nlohmann::json::array();
    }
    return body["conferences"];
}

std::optional<nlohmann::json> BridgeAdminFixture::legOf(std::int64_t id, const std::string& number) {
    std::optional<nlohmann::json> found;
    for (const auto& conference : conferences()) {
        if (conference.value("id", std::int64_t{0}) != id) continue;
        for (const auto& leg : conference["legs"]) {
            if (leg.value("number", std::string()) == number) found = leg;  // the newest wins
        }
    }
    return found;
}

std::uint32_t BridgeAdminFixture::participantOf(std::int64_t id, const std::string& number) {
    const auto leg = legOf(id, number);
    return leg ? leg->value("participant", 0U) : 0U;
}

std::filesystem::path BridgeAdminFixture::recording(const std::string& number, int call) const {
    return record_dir_ / (number + "_" + std::to_string(call) + ".wav");
}

std::vector<float> BridgeAdminFixture::recordedSamples(const std::filesystem::path& wav) {
    return harness::readSimulatorWav(wav);
}

bool BridgeAdminFixture::waitForMoreAudio(const std::filesystem::path& wav, double seconds) {
    std::error_code error;
    const auto start = std::filesystem::file_size(wav, error);
    if (error) return false;
    const auto wanted = start + static_cast<std::uintmax_t>(seconds * 8000 * 2);
    return harness::waitUntil(
        [&] {
            std::error_code ec;
            return std::filesystem::file_size(wav, ec) >= wanted;
        },
        std::chrono::milliseconds(static_cast<int>(seconds * 1000) + 10000));
}

double BridgeAdminFixture::toneLevelDb(const std::vector<float>& samples, double frequency) {
    return harness::toneLevelDb(samples, frequency);
}

}  // namespace confab::test
