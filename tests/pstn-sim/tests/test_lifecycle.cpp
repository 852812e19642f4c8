// The simulator as a process: clean SIGTERM with live calls, a bad phonebook,
// many simultaneous streaming calls; and the phonebook's validation.
#include <csignal>
#include <cstdlib>
#include <fstream>

#include <sys/socket.h>

#include "confab/pstnsim/phonebook.h"
#include "pstn_sim_fixture.h"

namespace confab::pstnsim::test {
namespace {

using namespace std::chrono_literals;

class Lifecycle : public PstnSimTest {};

TEST_F(Lifecycle, SigtermHangsUpLiveCallsClosesRecordingsAndExitsZero) {
    startSimulator(R"(
[numbers."+15551230001"]
answer_after_ms = 0
[numbers."+15551230001".audio]
source = "speech"
voice = "en-us+m3"
text = "Still talking when the simulator stops."
[numbers."+15551230002"]
action = "no_answer"
)");
    auto& talking = caller_->call("+15551230001", sim_port_, {.send_tone_hz = 440.0});
    auto& ringing = caller_->call("+15551230002", sim_port_);
    ASSERT_TRUE(caller_->runUntil(
        [&] { return talking.received.size() >= 25 && !ringing.provisional.empty(); }, 10s));

    sim_->signal(SIGTERM);
    ASSERT_TRUE(caller_->runUntil([&] { return talking.bye_received && ringing.final_status != 0; }, 5s));
    EXPECT_EQ(ringing.final_status, 480);
    ASSERT_TRUE(sim_->waitForExit(10s));
    EXPECT_EQ(sim_->exitCode(), 0) << harness::readFile(logFile());

    const auto hangup = *findEvent("+15551230001", "hangup");
    EXPECT_EQ(hangup["by"], "simulator");
    EXPECT_EQ(hangup["reason"], "shutdown");
    ASSERT_TRUE(findEvent("+15551230001", "rtp_stats").has_value());
    EXPECT_EQ(events().back()["event"], "stopped");
    // The WAV header was finalised: libsndfile reads back what was heard.
    const auto recording = readWav(recordDir() / "+15551230001_1.wav");
    EXPECT_GT(recording.size(), 3000u);
    EXPECT_GT(tonePower(recording, 440), 10 * tonePower(recording, 1000));
    // No child process (espeak-ng ran with its files in our folder) is left.
    EXPECT_TRUE(harness::processesWithCommandLineContaining(folder_.path().string()).empty());
}

TEST_F(Lifecycle, BadPhonebookExitsWithStatusTwoAndSaysWhy) {
    const auto book = folder_.path() / "bad.toml";
    std::ofstream(book) << "[numbers.\"+15551230001\"]\nanswer_afterms = 100\n";
    harness::Process sim({CONFAB_PSTN_SIM_PATH, "--phonebook", book.string(), "--listen",
                          "127.0.0.1:" + std::to_string(harness::freeUdpPort())},
                         logFile());
    ASSERT_TRUE(sim.waitForExit(10s));
    EXPECT_EQ(sim.exitCode(), 2);
    EXPECT_NE(harness::readFile(logFile()).find("'answer_afterms' is not a known key"), std::string::npos)
        << harness::readFile(logFile());
}

// The bridge's legs-per-core benchmark uses the simulator as its far end:
// one process, one media thread, every call streaming 50 packets a second.
// CONFAB_PSTN_SIM_SCALE_CALLS raises the count (1000 for the real check).
TEST_F(Lifecycle, ManySimultaneousCallsAllStream) {
    int calls = 100;
    if (const char* env = std::getenv("CONFAB_PSTN_SIM_SCALE_CALLS")) calls = std::atoi(env);
    startSimulator(R"(
[numbers."+15551230001"]
answer_after_ms = 0
record = false
[numbers."+15551230001".audio]
source = "tone"
frequency_hz = 1000
)");
    std::string error;
    auto shared = UdpSocket::bind("127.0.0.1", 0, error);
    ASSERT_TRUE(shared) << error;
    // A big receive buffer: all streams land on this one socket.
    const int buffer_bytes = 8 << 20;
    setsockopt(shared->fd(), SOL_SOCKET, SO_RCVBUF, &buffer_bytes, sizeof buffer_bytes);
    CallOptions options;
    options.shared_rtp = &*shared;
    std::vector<TestCall*> all;
    for (int i = 0; i < calls; ++i) all.push_back(&caller_->call("+15551230001", sim_port_, options));
    ASSERT_TRUE(caller_->runUntil(
        [&] { return std::all_of(all.begin(), all.end(), [](TestCall* c) { return c->final_status == 200; }); },
        30s));

    const auto before = caller_->sharedPacketsReceived();
    const auto start = Clock::now();
    caller_->runUntil([] { return false; }, 2s);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double rate = static_cast<double>(caller_->sharedPacketsReceived() - before) / seconds;
    std::cout << calls << " calls: " << rate << " packets/s received (expected " << calls * 50 << ")\n";
    // A functional check that all the calls stream, not a capacity figure:
    // CI runs this beside other tests on 2 shared cores, where 90 % of the
    // nominal rate failed (4166 of 5000 packets/s, 53 late ticks). Capacity is
    // measured on an idle machine and recorded in docs/performance.md.
    EXPECT_GT(rate, calls * 50 * 0.5);

    for (TestCall* call : all) caller_->hangUp(*call);
    ASSERT_TRUE(caller_->runUntil(
        [&] { return std::all_of(all.begin(), all.end(), [](TestCall* c) { return c->terminated; }); }, 30s));
    sim_->signal(SIGTERM);
    ASSERT_TRUE(sim_->waitForExit(10s));
    EXPECT_EQ(sim_->exitCode(), 0);
    const auto stopped = events().back();
    ASSERT_EQ(stopped["event"], "stopped");
    std::cout << "late media ticks: " << stopped["late_media_ticks"] << "\n";
}

TEST(Phonebook, ReadsEveryKeyAndAppliesDefaults) {
    const auto book = Phonebook::parse(R"(
[defaults]
answer_after_ms = 1500
hangup_after_ms = 60000
[numbers."+15551230001"]
[numbers."+15551230001".audio]
source = "speech"
voice = "en-gb+f2"
talk = [[500, 2000], [4000, 1500]]
talk_repeat_ms = 8000
[numbers."+15551230001".hold]
at_ms = 5000
resume_ms = 8000
direction = "inactive"
[[numbers."+15551230001".dtmf]]
at_ms = 3000
digits = "12#"
[numbers."+15551230001".impairment]
loss_percent = 2.5
jitter_ms = 30
[numbers."+15551230002"]
action = "reject"
reject_code = 603
reject_phrase = "Decline"
)",
                                       "/books");
    const auto* first = book.find("+15551230001");
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->answer_after, Milliseconds(1500));
    EXPECT_EQ(first->hangup_after, Milliseconds(60000));
    EXPECT_EQ(first->audio.kind, AudioKind::Speech);
    ASSERT_EQ(first->audio.talk.size(), 2u);
    EXPECT_EQ(first->audio.talk[1].start, Milliseconds(4000));
    EXPECT_EQ(first->hold->direction, "inactive");
    EXPECT_EQ(first->dtmf.at(0).digits, "12#");
    EXPECT_DOUBLE_EQ(first->impairment.loss_percent, 2.5);
    const auto* second = book.find("+15551230002");
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->reject_code, 603);
    EXPECT_EQ(second->answer_after, Milliseconds(1500));
    EXPECT_EQ(book.find("+15550000000"), nullptr);
}

TEST(Phonebook, RefusesMistakesWithThePlaceNamed) {
    const auto error = [](const std::string& text) {
        try {
            Phonebook::parse(text, "/");
        } catch (const PhonebookError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(error("[numbers.\"15551230001\"]\n").find("not an E.164 number"), std::string::npos);
    EXPECT_NE(error("[numbers.\"+15551230001\"]\naction = \"maybe\"\n").find("expected one of"), std::string::npos);
    EXPECT_NE(error("[numbers.\"+15551230001\".audio]\ntalk = [[500, 100], [550, 100]]\n").find("overlap"),
              std::string::npos);
    EXPECT_NE(error("[numbers.\"+15551230001\".impairment]\njitter_ms = 1000\n").find("jitter_ms"),
              std::string::npos);
    EXPECT_NE(error("[numbers.\"+15551230001\".audio]\nsource = \"wav\"\n").find("'file' is required"),
              std::string::npos);
    EXPECT_NE(error("[numbers.\"+15551230001\"]\nreject_code = \"503\"\n").find("must be an integer"),
              std::string::npos);
    EXPECT_NE(error("[[numbers.\"+15551230001\".dtmf]]\nat_ms = 1\ndigits = \"12x\"\n").find("0-9"),
              std::string::npos);
    EXPECT_NE(error("numbers = 3\n").find("must be a table"), std::string::npos);
    EXPECT_NE(error("[numbers.\"+15551230001\"\n").find("phonebook"), std::string::npos);
}

TEST(Phonebook, ShippedDemoAndReadmeExampleAreValid) {
    const std::filesystem::path source = CONFAB_PSTN_SIM_SOURCE_DIR;
    const auto demo = Phonebook::load(source / "demo-phonebook.toml");
    for (const char* number : {"+15551230001", "+15551230002", "+15551230003", "+15551230004"}) {
        ASSERT_NE(demo.find(number), nullptr) << number;
        EXPECT_EQ(demo.find(number)->audio.kind, AudioKind::Speech);
    }
    EXPECT_EQ(demo.find("+15551230005")->action, CallAction::Busy);
    EXPECT_EQ(demo.find("+15551230006")->action, CallAction::NoAnswer);

    // The documented example must stay loadable.
    const std::string readme = harness::readFile(source / "README.md");
    const auto begin = readme.find("```toml\n");
    ASSERT_NE(begin, std::string::npos);
    const auto end = readme.find("```", begin + 8);
    const auto example = Phonebook::parse(readme.substr(begin + 8, end - begin - 8), source);
    EXPECT_EQ(example.numbers().size(), 3u);
}

}  // namespace
}  // namespace confab::pstnsim::test
