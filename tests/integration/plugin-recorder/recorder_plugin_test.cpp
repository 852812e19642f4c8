// The recorder plugin in the real bridge: three simulator phones each play
// their own tone, "/record start" and "/record stop" in chat, and the file
// the bridge wrote must be a valid WAV holding all three tones. Also what
// the room reads and sees (conference-info's recording flag), who may
// record, and a folder that cannot be created.
#include <sndfile.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <vector>

#include "confab/harness/audio_analysis.h"
#include "directory_fixture.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using protocol::EndpointStatus;

constexpr double kTones[] = {600.0, 1100.0, 1700.0};
constexpr const char* kTonePhones[] = {"+15551230021", "+15551230022", "+15551230023"};

std::string tonePhonebook() {
    std::string book;
    for (std::size_t i = 0; i < 3; ++i) {
        const std::string number = kTonePhones[i];
        book += "[numbers.\"" + number + "\"]\naction = \"answer\"\nanswer_after_ms = 200\n";
        book += "[numbers.\"" + number + "\".audio]\nsource = \"tone\"\nfrequency_hz = " +
                std::to_string(static_cast<int>(kTones[i])) + "\nlevel_dbov = -20\n";
    }
    return book;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The WAV files in `folder`, by name.
std::vector<std::filesystem::path> wavFiles(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (entry.path().extension() == ".wav") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// True once the header's RIFF and data sizes match the file: sf_close ran.
bool wavHeaderIsFinal(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto u32 = [&](std::size_t at) {
        return static_cast<std::uint32_t>(bytes[at]) | static_cast<std::uint32_t>(bytes[at + 1]) << 8 |
               static_cast<std::uint32_t>(bytes[at + 2]) << 16 | static_cast<std::uint32_t>(bytes[at + 3]) << 24;
    };
    if (bytes.size() < 44 || std::string(bytes.begin(), bytes.begin() + 4) != "RIFF") return false;
    if (u32(4) != bytes.size() - 8) return false;
    for (std::size_t at = 12; at + 8 <= bytes.size();) {
        const std::uint32_t size = u32(at + 4);
        if (std::string(bytes.begin() + static_cast<long>(at), bytes.begin() + static_cast<long>(at) + 4) == "data") {
            return size > 0 && size == bytes.size() - at - 8;
        }
        at += 8 + size + (size & 1);
    }
    return false;
}

class RecorderPluginTest : public DirectoryFixture {
protected:
    void SetUp() override {
        recordings_ = prosody().runtimeDir() /
                      ("recordings-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::error_code ec;
        std::filesystem::remove_all(recordings_, ec);
    }

    static std::string pluginToml(const std::filesystem::path& directory) {
        return "[plugins]\nenable = [\"recorder\"]\n[plugins.recorder]\ndirectory = \"" + directory.string() +
               "\"\n";
    }

    void startWithTones() {
        startSimulator(tonePhonebook());
        startBridge(pluginToml(recordings_), kRingTimeout);
        ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    }

    bool roomShowsRecording(harness::XmppTestClient& user, const std::string& room, bool recording,
                            std::chrono::milliseconds deadline) {
        return harness::waitUntil(
            [&] {
                std::optional<bool> latest;
                for (const auto& event : roomEvents(user, room)) {
                    if (event.info) latest = event.info->recording;
                }
                return latest == recording;
            },
            deadline);
    }

    std::filesystem::path recordings_;
};

TEST_F(RecorderPluginTest, RecordsTheMixOfThreePhonesIntoAValidWav) {
    ASSERT_NO_FATAL_FAILURE(startWithTones());
    auto alice = connectUser("alice");
    const std::string room =
        callAndJoin(*alice, std::string(kTonePhones[0]) + " " + kTonePhones[1] + " " + kTonePhones[2], "alice");
    ASSERT_FALSE(room.empty());
    for (const char* phone : kTonePhones) {
        ASSERT_TRUE(waitForEndpointStatus(*alice, room, std::string("tel:") + phone, EndpointStatus::Connected, 10s))
            << phone << "\n" << bridgeLog();
    }

    const std::string started = command(*alice, "/record start tracks");
    ASSERT_TRUE(contains(started, "Recording to conf-")) << started << "\n" << bridgeLog();
    EXPECT_TRUE(contains(started, "with 3 leg tracks")) << started;
    EXPECT_TRUE(waitForRoomBody(*alice, room, "Recording started by " + jidOf("alice") + ".", 10s)) << bridgeLog();
    EXPECT_TRUE(roomShowsRecording(*alice, room, true, 10s)) << "conference-info carries recording=true";
    EXPECT_TRUE(contains(command(*alice, "/record start"), "Already recording"));

    // Enough audio: 3 s of samples on disk (the tap thread writes every frame).
    std::filesystem::path wav;
    ASSERT_TRUE(harness::waitUntil(
        [&] {
            const auto files = wavFiles(recordings_);
            if (files.size() != 4) return false;
            for (const auto& file : files) {
                if (!contains(file.filename().string(), "-p")) wav = file;  // the mix
            }
            std::error_code ec;
            return std::filesystem::file_size(wav, ec) >= 44 + 3 * 16000;
        },
        15s))
        << "no growing WAV in " << recordings_ << "\n" << bridgeLog();
    EXPECT_TRUE(contains(started, wav.filename().string())) << started;

    const std::string stopped = command(*alice, "/record stop");
    EXPECT_TRUE(contains(stopped, "saved as " + wav.filename().string() + " and 3 leg tracks")) << stopped;
    EXPECT_TRUE(waitForRoomBody(*alice, room,
                                "Recording stopped by " + jidOf("alice") + "; saved as " + wav.filename().string(),
                                10s))
        << bridgeLog();
    EXPECT_TRUE(roomShowsRecording(*alice, room, false, 10s));
    ASSERT_TRUE(harness::waitUntil([&] { return wavHeaderIsFinal(wav); }, 10s))
        << "the header was never finalised: " << wav << "\n" << bridgeLog();

    // A valid file for libsndfile: 8 kHz mono 16-bit, more than 2 s.
    SF_INFO info{};
    SNDFILE* file = sf_open(wav.c_str(), SFM_READ, &info);
    ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
    sf_close(file);
    EXPECT_EQ(info.samplerate, 8000);
    EXPECT_EQ(info.channels, 1);
    EXPECT_EQ(info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    EXPECT_GT(info.frames, 2 * 8000);

    // Every phone's tone is in the mix, well above a frequency nobody sent.
    auto samples = harness::readSimulatorWav(wav);
    ASSERT_EQ(static_cast<sf_count_t>(samples.size()), info.frames) << "a plain 44-byte header";
    samples.erase(samples.begin(), samples.begin() + 4000);  // past the start cue
    const double off_tone = harness::toneLevelDb(samples, 2900.0);
    for (std::size_t i = 0; i < 3; ++i) {
        const double level = harness::toneLevelDb(samples, kTones[i]);
        std::cout << kTonePhones[i] << ": " << kTones[i] << " Hz at " << level << " dBFS in the mix (2900 Hz: "
                  << off_tone << ")\n";
        EXPECT_GT(level, -25.0) << kTonePhones[i] << " at " << kTones[i] << " Hz";
        EXPECT_GT(level, off_tone + 30.0) << kTonePhones[i] << " at " << kTones[i] << " Hz vs 2900 Hz";
    }

    // Each leg's own track holds its phone's tone and not the others'.
    const auto files = wavFiles(recordings_);
    ASSERT_EQ(files.size(), 4u);
    for (const auto& leg_file : files) {
        if (leg_file == wav) continue;
        ASSERT_TRUE(harness::waitUntil([&] { return wavHeaderIsFinal(leg_file); }, 10s)) << leg_file;
        const auto track = harness::readSimulatorWav(leg_file);
        ASSERT_GT(track.size(), 2u * 8000u) << leg_file;
        std::size_t loudest = 0;
        double levels[3];
        for (std::size_t i = 0; i < 3; ++i) {
            levels[i] = harness::toneLevelDb(track, kTones[i]);
            if (levels[i] > levels[loudest]) loudest = i;
        }
        for (std::size_t i = 0; i < 3; ++i) {
            if (i != loudest) {
                EXPECT_GT(levels[loudest], levels[i] + 30.0) << leg_file << ": one phone per track";
            }
        }
    }

    // The conference carries on.
    EXPECT_TRUE(contains(command(*alice, "/list"), std::string(kTonePhones[0]) + ": connected"));
    EXPECT_EQ(wavFiles(recordings_).size(), 4u);
}

TEST_F(RecorderPluginTest, AFolderThatCannotBeCreatedGetsAClearReplyAndTheConferenceGoesOn) {
    std::ofstream(prosody().runtimeDir() / "plain-file") << "not a folder";
    recordings_ = prosody().runtimeDir() / "plain-file" / "recordings";
    ASSERT_NO_FATAL_FAILURE(startWithTones());
    auto alice = connectUser("alice");
    const std::string room = callAndJoin(*alice, kTonePhones[0], "alice");
    ASSERT_FALSE(room.empty());
    ASSERT_TRUE(waitForEndpointStatus(*alice, room, std::string("tel:") + kTonePhones[0], EndpointStatus::Connected,
                                      10s));

    const std::string reply = command(*alice, "/record start");
    EXPECT_TRUE(contains(reply, "Cannot record: cannot create the folder " + recordings_.string())) << reply;
    EXPECT_TRUE(contains(reply, "Not a directory")) << reply;
    EXPECT_TRUE(contains(command(*alice, "/list"), std::string(kTonePhones[0]) + ": connected"));
    EXPECT_TRUE(contains(command(*alice, "/record bogus"), "Usage: /record start"));
    EXPECT_EQ(command(*alice, "/record stop"), "Not recording.");
    for (const auto& event : roomEvents(*alice, room)) {
        EXPECT_FALSE(contains(event.body, "Recording started")) << event.body;
        if (event.info) {
            EXPECT_FALSE(event.info->recording);
        }
    }
}

TEST_F(RecorderPluginTest, OnlyTheOwnerOrAModeratorMayRecord) {
    const std::string toml = pluginToml(recordings_);
    ASSERT_NO_FATAL_FAILURE(prepareDirectory("jid,display_name,work,mobile,preferred\n"
                                             "bob@localhost,Bob Brown,,,\n",
                                             toml));
    auto alice = connectUser("alice");
    auto bob = connectUser("bob");
    ASSERT_NO_FATAL_FAILURE(preApproveBridge(*bob));
    ASSERT_NO_FATAL_FAILURE(startBridgeAgain(toml));
    ASSERT_NO_FATAL_FAILURE(waitUntilBridgeSeesPresence(*bob));

    const std::string room = callAndJoin(*alice, "+15551230002", "alice");
    ASSERT_FALSE(room.empty());
    const std::string invited = command(*alice, "/invite " + jidOf("bob"));
    ASSERT_TRUE(bob->waitForStanza(
        [&](const harness::ReceivedStanza& s) {
            return s.name == "message" && s.xml.find("urn:confab:invite:0") != std::string::npos;
        },
        10s))
        << invited << "\n" << bridgeLog();
    EXPECT_TRUE(contains(command(*bob, "/accept chat"), "chat"));
    ASSERT_TRUE(harness::waitUntil([&] { return contains(command(*bob, "/list"), "Conference"); }, 10s, 200ms))
        << "bob takes part by chat\n" << bridgeLog();

    const std::string refused = command(*bob, "/record start");
    EXPECT_TRUE(contains(refused, "moderator")) << "refused by the bridge: " << refused;
    EXPECT_FALSE(contains(refused, "Recording to")) << refused;
    EXPECT_TRUE(wavFiles(recordings_).empty());

    const std::string started = command(*alice, "/record start");
    EXPECT_TRUE(contains(started, "Recording to conf-")) << started << "\n" << bridgeLog();
    EXPECT_TRUE(waitForRoomBody(*alice, room, "Recording started by " + jidOf("alice"), 10s));
    EXPECT_FALSE(contains(command(*bob, "/record stop"), "Recording stopped")) << "nor stop it";

    // The conference ending ends the recording: the file is finished anyway.
    std::filesystem::path wav;
    ASSERT_TRUE(harness::waitUntil(
        [&] {
            const auto files = wavFiles(recordings_);
            std::error_code ec;
            if (files.size() == 1) wav = files.front();
            return files.size() == 1 && std::filesystem::file_size(wav, ec) >= 44 + 16000;
        },
        10s))
        << bridgeLog();
    EXPECT_TRUE(contains(command(*alice, "/end"), "Ending conference"));
    EXPECT_TRUE(harness::waitUntil([&] { return wavHeaderIsFinal(wav); }, 10s))
        << "the header was never finalised: " << wav << "\n" << bridgeLog();
}

}  // namespace
}  // namespace confab::test
