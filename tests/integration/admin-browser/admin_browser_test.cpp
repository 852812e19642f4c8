// The admin web page end to end in real headless Chromium: this gtest is the
// orchestrator. It runs the real Prosody, the PSTN simulator (recording what
// each phone hears) and confab-bridge with [web] on, creates the admin with
// `confab-bridge admin add`, and starts tests/e2e/admin_web.mjs under node,
// which drives /usr/bin/chromium through playwright-core. The two speak
// through files: the script prints "STEP name {json}" lines into its log,
// and waits for "GO name" lines that we append to a control file.
//
// What it proves: log in; a live conference started by chat appears on the
// dashboard without a reload; the talker indicator follows the phone's talk
// schedule; muting the talker in the page silences it in the other phone's
// recording (checked here, from the WAV, against the simulator's own speech
// events); ending it from the page; finding it in history and its timeline;
// the CSV export (checked here too). Every page is screenshotted into
// <build>/screenshots/admin-*.png.
//
// Missing node, chromium or tests/e2e/node_modules is a FAILURE with the
// command that fixes it, never a skip.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <numbers>
#include <span>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "conference_fixture.h"
#include "confab/harness/audio_analysis.h"
#include "confab/harness/process.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kAdmin = "browser-admin";
constexpr const char* kTalker = "+15551230001";
constexpr const char* kListener = "+15551230002";
constexpr const char* kBusy = "+15551230005";
constexpr double kToneHz = 300;  // inside the talk detector's pitch range
constexpr int kRate = 8000;

// +15551230001 talks (a 300 Hz tone, speech-like for the talk detector)
// 1.5 s of every 3.5 s; +15551230002 and +15551230003 stay silent;
// +15551230005 is busy.
std::string browserPhonebook() {
    auto answer = [](const std::string& number) {
        return "[numbers.\"" + number + "\"]\naction = \"answer\"\nanswer_after_ms = 200\n";
    };
    return answer(kTalker) + "[numbers.\"" + std::string(kTalker) +
           "\".audio]\nsource = \"tone\"\nfrequency_hz = 300\nlevel_dbov = -20\n"
           "talk = [[500, 1500]]\ntalk_repeat_ms = 3500\n" +
           answer(kListener) + answer("+15551230003") + "[numbers.\"" + kBusy + "\"]\naction = \"busy\"\n";
}

std::string findInPath(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::stringstream folders(path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin");
    std::string folder;
    while (std::getline(folders, folder, ':')) {
        const auto candidate = std::filesystem::path(folder) / program;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    return {};
}

std::int64_t monotonicMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::vector<float> recordedSamples(const std::filesystem::path& wav) { return harness::readSimulatorWav(wav); }

std::size_t recordedSampleCount(const std::filesystem::path& wav) { return harness::simulatorWavSampleCount(wav); }

// Level of `frequency` in samples [begin, end), dB re full-scale amplitude.
double toneLevelDb(const std::vector<float>& samples, std::size_t begin, std::size_t end, double frequency) {
    if (end <= begin || end > samples.size()) return -200;
    return harness::toneLevelDb(std::span<const float>(samples).subspan(begin, end - begin), frequency, kRate);
}

// The loudest 200 ms window of the tone in [begin, end).
double loudestToneDb(const std::vector<float>& samples, std::size_t begin, std::size_t end) {
    constexpr std::size_t kWindow = kRate / 5;
    double loudest = -200;
    for (std::size_t at = begin; at + kWindow <= std::min(end, samples.size()); at += kWindow / 2) {
        loudest = std::max(loudest, toneLevelDb(samples, at, at + kWindow, kToneHz));
    }
    return loudest;
}

class AdminBrowserTest : public ConferenceFixture {
  protected:
    void SetUp() override {
        work_ = prosody().runtimeDir() / ("admin-browser-" + std::to_string(::getpid()));
        std::filesystem::create_directories(work_ / "recordings");
        std::filesystem::create_directories(work_ / "downloads");
    }

    void TearDown() override {
        browser_.terminate();
        ConferenceFixture::TearDown();
    }

    // Our own simulator (the shared fixture's does not record), routed by a
    // [[sip.route]] in the bridge's extra TOML, and the bridge with [web].
    void startBridgeWithWebAndRecordingSimulator() {
        std::ofstream(work_ / "phonebook.toml") << browserPhonebook();
        const int sip_port = harness::freeUdpPort();
        simulator_ = harness::Process({CONFAB_PSTN_SIM_BINARY, "--phonebook", (work_ / "phonebook.toml").string(),
                                       "--listen", "127.0.0.1:" + std::to_string(sip_port), "--record-dir",
                                       (work_ / "recordings").string(), "--events", (work_ / "events.jsonl").string()},
                                      work_ / "pstn-sim.log");
        ASSERT_TRUE(harness::waitUntil(
            [&] { return harness::readFile(work_ / "pstn-sim.log").find("ready sip:") != std::string::npos; }, 10s))
            << harness::readFile(work_ / "pstn-sim.log");
        web_port_ = harness::freeTcpPort();
        // After [log] in the generated config; TOML lets an array of tables
        // extend [sip] there.
        startBridge("\n[web]\nlisten = \"127.0.0.1:" + std::to_string(web_port_) +
                        "\"\n\n[[sip.route]]\nprefix = \"+1555\"\nuri = \"sip:{number}@127.0.0.1:" +
                        std::to_string(sip_port) + "\"\n",
                    "ring_timeout_seconds = 3\n");
        ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
        ASSERT_TRUE(harness::waitUntil(
            [&] { return bridgeLog().find("admin web page: https://") != std::string::npos; }, 10s))
            << "the bridge never said \"admin web page: https://...\"\n"
            << bridgeLog();
    }

    void addAdmin() {
        password_file_ = work_ / "admin-password.txt";
        std::ofstream(password_file_) << "a browser test's long password, 42\n";
        const auto [code, output] = runBridgeCommand(
            {"--config", configPath().string(), "admin", "add", kAdmin, "--password-file", password_file_.string()},
            work_);
        ASSERT_EQ(code, 0) << output;
    }

    std::filesystem::path certificate() const {
        return databasePath().parent_path() / "web-tls" / "admin-web-cert.pem";
    }

    void startBrowserScript(const std::string& node) {
        browser_log_ = work_ / "browser.log";
        control_ = work_ / "control.txt";
        std::ofstream(control_).flush();
        screenshots_ = CONFAB_SCREENSHOT_DIR;
        browser_ = harness::Process({node, std::string(CONFAB_E2E_DIR) + "/admin_web.mjs"}, browser_log_,
                                    {{"CONFAB_E2E_URL", "https://127.0.0.1:" + std::to_string(web_port_)},
                                     {"CONFAB_E2E_USER", kAdmin},
                                     {"CONFAB_E2E_PASSWORD_FILE", password_file_.string()},
                                     {"CONFAB_E2E_CERT", certificate().string()},
                                     {"CONFAB_E2E_CONTROL", control_.string()},
                                     {"CONFAB_E2E_SCREENSHOTS", screenshots_.string()},
                                     {"CONFAB_E2E_DOWNLOADS", (work_ / "downloads").string()},
                                     {"CONFAB_E2E_CHROMIUM", "/usr/bin/chromium"},
                                     {"CONFAB_E2E_TALKER", kTalker},
                                     {"CONFAB_E2E_LISTENER", kListener},
                                     {"CONFAB_E2E_BUSY", kBusy}});
    }

    std::string browserLog() const { return harness::readFile(browser_log_); }

    // The JSON of the script's "STEP name" line once it is printed; nullopt
    // (with a failure recorded) when the script ends or the deadline passes.
    std::optional<nlohmann::json> waitForStep(const std::string& name, std::chrono::milliseconds deadline) {
        const std::string marker = "STEP " + name + " ";
        std::string line;
        const bool seen = harness::waitUntil(
            [&] {
                const std::string log = browserLog();
                const auto at = log.find(marker);
                if (at != std::string::npos && log.find('\n', at) != std::string::npos) {
                    line = log.substr(at + marker.size(), log.find('\n', at) - at - marker.size());
                    return true;
                }
                return !browser_.running();
            },
            deadline, 50ms);
        if (!seen || line.empty()) {
            ADD_FAILURE() << "the browser script never reached STEP " << name
                          << (browser_.running() ? " in time" : " (it ended)") << ":\n"
                          << browserLog() << "\n--- bridge log tail:\n"
                          << tail(bridgeLog(), 4000);
            return std::nullopt;
        }
        return nlohmann::json::parse(line, nullptr, false);
    }

    void go(const std::string& name) { std::ofstream(control_, std::ios::app) << "GO " << name << "\n"; }

    static std::string tail(const std::string& text, std::size_t bytes) {
        return text.size() <= bytes ? text : text.substr(text.size() - bytes);
    }

    // t_ms of the simulator's speech_start events for `number`.
    std::vector<std::int64_t> speechStarts(const std::string& number) const {
        std::vector<std::int64_t> starts;
        std::stringstream lines(harness::readFile(work_ / "events.jsonl"));
        std::string line;
        while (std::getline(lines, line)) {
            const auto event = nlohmann::json::parse(line, nullptr, false);
            if (event.is_object() && event.value("event", "") == "speech_start" && event.value("number", "") == number) {
                starts.push_back(event.value("t_ms", std::int64_t{0}));
            }
        }
        return starts;
    }

    std::filesystem::path work_;
    std::filesystem::path password_file_;
    std::filesystem::path browser_log_;
    std::filesystem::path control_;
    std::filesystem::path screenshots_;
    harness::Process browser_;
    int web_port_ = 0;
};

TEST_F(AdminBrowserTest, AdministerALiveConferenceInChromium) {
    // What the test needs on the machine: a failure that says how to fix it.
    const std::string node = findInPath("node");
    ASSERT_FALSE(node.empty()) << "node is not installed (Debian: apt-get install nodejs npm); the admin page's "
                                  "browser test cannot run without it";
    ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium"))
        << "/usr/bin/chromium is missing (Debian: apt-get install chromium); the browser test drives it";
    ASSERT_TRUE(std::filesystem::exists(std::string(CONFAB_E2E_DIR) + "/node_modules/playwright-core/package.json"))
        << "playwright-core is not installed: run `npm ci --prefix tests/e2e` (./run test does it)";

    ASSERT_NO_FATAL_FAILURE(startBridgeWithWebAndRecordingSimulator());
    ASSERT_NO_FATAL_FAILURE(addAdmin());
    ASSERT_TRUE(std::filesystem::exists(certificate())) << certificate();
    auto alice = connectUser("alice");

    startBrowserScript(node);
    ASSERT_TRUE(waitForStep("dashboard-ready", 60s));

    // The browser sits on the dashboard: now the conference starts, by chat.
    const std::string reply = command(*alice, std::string("/call ") + kTalker + " " + kListener + " " + kBusy);
    ASSERT_FALSE(roomFrom(reply).empty()) << reply;
    go("conference-started");
    const auto seen = waitForStep("conference-seen", 40s);
    ASSERT_TRUE(seen);
    const std::int64_t conference_id = seen->value("id", std::int64_t{0});
    ASSERT_GT(conference_id, 0);
    ASSERT_TRUE(waitForStep("talker-seen", 40s));

    // Muted in the page: from then on the listener must not hear the talker.
    ASSERT_TRUE(waitForStep("muted", 40s));
    const std::int64_t muted_at = monotonicMillis();
    const auto heard = work_ / "recordings" / (std::string(kListener) + "_1.wav");
    // Recordings reach the disk about once a second: everything past this
    // point plus a margin was sent after the mute.
    const std::size_t muted_sample = recordedSampleCount(heard);
    ASSERT_GT(muted_sample, static_cast<std::size_t>(2 * kRate)) << heard;
    const std::size_t margin = 3 * kRate / 2;
    // Two whole talk cycles after the margin, so the talker spoke in them.
    ASSERT_TRUE(harness::waitUntil([&] { return recordedSampleCount(heard) >= muted_sample + margin + 7 * kRate; }, 20s))
        << heard;
    const std::int64_t listened_until = monotonicMillis();
    go("end");

    ASSERT_TRUE(waitForStep("ended", 40s));
    const auto csv_step = waitForStep("csv", 40s);
    ASSERT_TRUE(csv_step);
    ASSERT_TRUE(waitForStep("done", 60s));
    ASSERT_TRUE(browser_.waitForExit(20s)) << browserLog();
    EXPECT_EQ(browser_.exitCode(), 0) << browserLog();

    // The recording, finished now that the call has ended.
    const std::vector<float> samples = recordedSamples(heard);
    ASSERT_GT(samples.size(), muted_sample + margin + 7 * kRate);
    const double before = loudestToneDb(samples, 0, muted_sample);
    const double after = loudestToneDb(samples, muted_sample + margin, muted_sample + margin + 7 * kRate);
    std::cout << "talker's tone in the listener's recording: loudest " << before << " dB before the mute, " << after
              << " dB after it\n";
    EXPECT_GT(before, -35.0) << "the listener never heard the talker before the mute";
    EXPECT_LT(after, -55.0) << "the listener still heard the talker after the mute in the page";
    // ... while the talker did talk in that stretch (so the silence is the mute's).
    const auto starts = speechStarts(kTalker);
    EXPECT_TRUE(std::any_of(starts.begin(), starts.end(), [&](std::int64_t t) {
        return t > muted_at + 1500 && t < listened_until - 1500;
    })) << "the talker's schedule had no talk spurt after the mute";

    // The CSV the browser downloaded, checked here too.
    const std::string csv = harness::readFile(csv_step->value("file", std::string()));
    EXPECT_EQ(csv.rfind("conference_id,leg_id,started_utc,requester,number,name,", 0), 0u) << csv;
    EXPECT_NE(csv.find("\r\n" + std::to_string(conference_id) + ","), std::string::npos) << csv;
    EXPECT_NE(csv.find(std::string(",'") + kTalker + ","), std::string::npos) << csv;
    EXPECT_NE(csv.find("alice@" + prosody().domain()), std::string::npos) << csv;

    for (const char* page : {"login", "dashboard", "conference", "conference-muted", "history", "timeline", "directory",
                             "policy", "system"}) {
        EXPECT_TRUE(std::filesystem::exists(screenshots_ / (std::string("admin-") + page + ".png"))) << page;
    }
}

}  // namespace
}  // namespace confab::test
