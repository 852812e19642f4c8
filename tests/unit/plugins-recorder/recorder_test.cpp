// The Recorder against a fake host: what participants hear and read, which
// taps it adds and removes, the files it leaves, and how it fails.
#include <fcntl.h>
#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>

#include "confab/recorder/recorder.h"
#include "fake_host.h"
#include "test_folder.h"

namespace confab::recorder {
namespace {

using test::FakeHost;
using test::TestFolder;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool anyContains(const std::vector<std::string>& lines, const std::string& part) {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return contains(l, part); });
}

std::vector<std::int16_t> readAll(const std::filesystem::path& path) {
    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    if (!file) return {};
    std::vector<std::int16_t> samples(static_cast<std::size_t>(info.frames));
    samples.resize(static_cast<std::size_t>(sf_readf_short(file, samples.data(), info.frames)));
    sf_close(file);
    return samples;
}

std::size_t filesIn(const std::filesystem::path& folder) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) ++n;
    return n;
}

class RecorderTest : public ::testing::Test {
protected:
    void SetUp() override { host.strings["directory"] = (folder.path() / "recordings").string(); }

    void make() {
        std::string error;
        auto settings = readRecorderSettings(host.host(), error);
        ASSERT_TRUE(settings) << error;
        recorder = std::make_unique<Recorder>(host.host(), *settings);
        // One second later on every call: file names never collide by accident.
        recorder->setClock([this] { return clock_ms += 1000; });
        ASSERT_EQ(recorder->registerCapabilities(), 0);
        ASSERT_TRUE(host.command_fn);
    }

    void frames(std::int64_t conference, std::uint64_t from, std::uint64_t count, std::int16_t value,
                long participant = -1) {
        for (std::uint64_t t = from; t < from + count; ++t) host.frame(conference, t, value, participant);
    }

    TestFolder folder;
    FakeHost host;
    std::unique_ptr<Recorder> recorder;
    std::int64_t clock_ms = 1704164645000;
};

TEST_F(RecorderTest, SettingsNeedADirectoryAndKnownValues) {
    std::string error;
    FakeHost empty;
    EXPECT_FALSE(readRecorderSettings(empty.host(), error));
    EXPECT_TRUE(contains(error, "directory")) << error;
    host.strings["format"] = "mp3";
    EXPECT_FALSE(readRecorderSettings(host.host(), error));
    EXPECT_TRUE(contains(error, "mp3")) << error;
    host.strings["format"] = "ogg-opus";
    host.bools["per_leg_tracks"] = -1;  // the fake's "wrong type"
    EXPECT_FALSE(readRecorderSettings(host.host(), error));
    host.bools["per_leg_tracks"] = 1;
    const auto settings = readRecorderSettings(host.host(), error);
    ASSERT_TRUE(settings) << error;
    EXPECT_TRUE(settings->per_leg_tracks);
    EXPECT_EQ(settings->format, formatSupported(RecordingFormat::OggOpus) ? RecordingFormat::OggOpus
                                                                           : RecordingFormat::Wav);
}

TEST_F(RecorderTest, StartRecordsTheMixAndStopListsAValidFile) {
    make();
    EXPECT_EQ(host.command_access, CONFAB_COMMAND_MODERATORS);
    int status = -1;
    const std::string reply = host.command(1, {"start"}, true, "alice@localhost", &status);
    EXPECT_EQ(status, 0);
    EXPECT_TRUE(contains(reply, "Recording to conf-1-")) << reply;
    EXPECT_TRUE(recorder->isRecording(1));
    ASSERT_EQ(host.liveTaps(1), 1u);
    EXPECT_EQ(host.taps.begin()->second.participant, 0u) << "the mix";
    EXPECT_EQ(host.said, std::vector<std::string>{"Recording started by alice@localhost."});
    EXPECT_EQ(host.announced, std::vector<std::string>{"This conference is now being recorded."});
    EXPECT_EQ(host.played, 2800u) << "no prompt source: the two-tone cue instead";
    ASSERT_EQ(host.recording_flags.size(), 1u);
    EXPECT_EQ(host.recording_flags[0], std::make_pair(std::int64_t{1}, 1));

    frames(1, 0, 100, 1000);  // 2 s
    const std::string stopped = host.command(1, {"stop"}, true, "bob@localhost", &status);
    EXPECT_EQ(status, 0);
    EXPECT_TRUE(contains(stopped, "Recording stopped; saved as conf-1-")) << stopped;
    EXPECT_FALSE(recorder->isRecording(1));
    ASSERT_EQ(host.said.size(), 2u);
    EXPECT_TRUE(contains(host.said[1], "Recording stopped by bob@localhost; saved as conf-1-")) << host.said[1];
    EXPECT_EQ(host.recording_flags.back(), std::make_pair(std::int64_t{1}, 0));
    EXPECT_EQ(host.announced.back(), "Recording has stopped.");
    EXPECT_EQ(host.liveTaps(1), 0u) << "the tap was removed";
    EXPECT_TRUE(host.recordings.empty()) << "listed only once the tap thread closed it";

    host.endTaps();  // the tap thread's frame == NULL
    ASSERT_EQ(host.recordings.size(), 1u);
    const auto& listed = host.recordings[0];
    EXPECT_EQ(listed.conference, 1);
    EXPECT_EQ(listed.participant, 0u);
    EXPECT_EQ(listed.format, "wav");
    EXPECT_EQ(listed.bytes, 44u + 2 * 16000u);
    EXPECT_TRUE(contains(host.said[1], std::filesystem::path(listed.path).filename().string()));
    const auto samples = readAll(listed.path);
    ASSERT_EQ(samples.size(), 16000u);
    EXPECT_TRUE(std::all_of(samples.begin(), samples.end(), [](std::int16_t s) { return s == 1000; }));
}

TEST_F(RecorderTest, AnAnnouncerSpeaksInsteadOfTheCue) {
    host.announce_result = CONFAB_OK;
    make();
    host.command(1, {"start"});
    host.command(1, {"stop"});
    EXPECT_EQ(host.announced.size(), 2u);
    EXPECT_EQ(host.played, 0u);
}

TEST_F(RecorderTest, RefusalsAndMistakesChangeNothing) {
    make();
    int status = 0;
    EXPECT_TRUE(contains(host.command(1, {"start"}, false, "mallory@localhost", &status), "moderator"));
    EXPECT_NE(status, 0);
    EXPECT_TRUE(contains(host.command(1, {"begin"}, true, "alice@localhost", &status), "Usage: /record start"));
    EXPECT_NE(status, 0);
    EXPECT_TRUE(contains(host.command(1, {}), "Usage"));
    EXPECT_EQ(host.command(1, {"stop"}), "Not recording.");
    EXPECT_TRUE(host.taps.empty());
    EXPECT_TRUE(host.said.empty());
    EXPECT_FALSE(std::filesystem::exists(folder.path() / "recordings")) << "nothing created";

    host.command(1, {"start"});
    const std::string again = host.command(1, {"start"}, true, "alice@localhost", &status);
    EXPECT_TRUE(contains(again, "Already recording (started by alice@localhost, conf-1-")) << again;
    EXPECT_NE(status, 0);
    EXPECT_EQ(host.liveTaps(1), 1u);
    EXPECT_EQ(host.said.size(), 1u);
}

TEST_F(RecorderTest, TracksFollowTheLegsThatAreConnectedAndThatConnectLater) {
    make();
    host.legState(1, 2, CONFAB_LEG_CONNECTED);
    host.legState(1, 3, CONFAB_LEG_CONNECTED);
    host.legState(1, 5, CONFAB_LEG_ALERTING);
    const std::string reply = host.command(1, {"start", "tracks"});
    EXPECT_TRUE(contains(reply, "with 2 leg tracks")) << reply;
    EXPECT_EQ(host.liveTaps(1), 3u);
    host.legState(1, 4, CONFAB_LEG_CONNECTED);
    EXPECT_EQ(host.liveTaps(1), 4u) << "a leg connecting while recording gets its track";
    host.legState(1, 3, CONFAB_LEG_ON_HOLD);
    host.legState(1, 3, CONFAB_LEG_CONNECTED);
    EXPECT_EQ(host.liveTaps(1), 4u) << "back from hold: the same track";
    frames(1, 0, 25, 700, 2);
    host.legState(1, 2, CONFAB_LEG_DISCONNECTED);  // its tap ends with it
    ASSERT_EQ(host.recordings.size(), 1u);
    EXPECT_EQ(host.recordings[0].participant, 2u);
    EXPECT_TRUE(contains(host.recordings[0].path, "-p2.wav"));
    EXPECT_EQ(readAll(host.recordings[0].path).size(), 25u * 160u);

    const std::string stopped = host.command(1, {"stop"});
    EXPECT_TRUE(contains(stopped, "and 3 leg tracks")) << stopped;
    host.endTaps();
    EXPECT_EQ(host.recordings.size(), 4u);
    EXPECT_EQ(filesIn(folder.path() / "recordings"), 4u);
}

TEST_F(RecorderTest, TheConfigCanAskForTracksAlways) {
    host.bools["per_leg_tracks"] = 1;
    make();
    host.legState(1, 2, CONFAB_LEG_CONNECTED);
    host.command(1, {"start"});
    EXPECT_EQ(host.liveTaps(1), 2u);
}

TEST_F(RecorderTest, TheConferenceEndingStopsTheRecordingAndClearsIt) {
    make();
    host.legState(7, 2, CONFAB_LEG_CONNECTED);
    host.command(7, {"start"});
    frames(7, 10, 30, -500);
    host.conferenceEnded(7);
    EXPECT_FALSE(recorder->isRecording(7));
    ASSERT_EQ(host.recordings.size(), 1u);
    EXPECT_EQ(readAll(host.recordings[0].path).size(), 30u * 160u);
    // A later conference with the same id (a restart) starts afresh, without
    // the old legs.
    EXPECT_TRUE(contains(host.command(7, {"start", "tracks"}), "with 0 leg tracks"));
}

TEST_F(RecorderTest, LostFramesBecomeSilenceSoTheTimelineHolds) {
    make();
    host.command(1, {"start"});
    host.frame(1, 100, 3000);
    host.frame(1, 105, 3000);  // 4 frames lost in the ring
    host.command(1, {"stop"});
    host.endTaps();
    ASSERT_EQ(host.recordings.size(), 1u);
    const auto samples = readAll(host.recordings[0].path);
    ASSERT_EQ(samples.size(), 6u * 160u);
    EXPECT_EQ(samples[160], 0);
    EXPECT_EQ(samples[5 * 160], 3000);
}

TEST_F(RecorderTest, AFolderThatCannotBeCreatedIsAnsweredPrecisely) {
    std::ofstream(folder.path() / "plain-file") << "x";
    host.strings["directory"] = (folder.path() / "plain-file" / "recordings").string();
    make();
    int status = 0;
    const std::string reply = host.command(1, {"start"}, true, "alice@localhost", &status);
    EXPECT_NE(status, 0);
    EXPECT_TRUE(contains(reply, "Cannot record: cannot create the folder " + host.strings["directory"])) << reply;
    EXPECT_TRUE(contains(reply, "Not a directory")) << reply;
    EXPECT_TRUE(host.taps.empty());
    EXPECT_TRUE(host.said.empty());
    EXPECT_TRUE(host.recording_flags.empty());
    EXPECT_FALSE(recorder->isRecording(1));
}

TEST_F(RecorderTest, ATapTheBridgeRefusesLeavesNoFile) {
    host.tap_result = CONFAB_ERR_UNKNOWN;
    make();
    const std::string reply = host.command(1, {"start"});
    EXPECT_TRUE(contains(reply, "Cannot record: the bridge gave no audio")) << reply;
    EXPECT_EQ(filesIn(folder.path() / "recordings"), 0u);
    EXPECT_FALSE(recorder->isRecording(1));
}

// The disk fills up while recording: the recording stops by itself and says
// so; the conference is not touched and a new recording can start.
TEST_F(RecorderTest, ADiskThatFillsUpStopsTheRecordingCleanly) {
    make();
    host.legState(1, 2, CONFAB_LEG_CONNECTED);
    host.command(1, {"start", "tracks"});
    frames(1, 0, 10, 100);
    // Find the mix file's descriptor and make it refuse writes like a full disk.
    std::filesystem::path mix;
    for (const auto& entry : std::filesystem::directory_iterator(folder.path() / "recordings")) {
        if (!contains(entry.path().filename().string(), "-p")) mix = entry.path();
    }
    int fd = -1;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
        std::error_code ec;
        if (std::filesystem::read_symlink(entry.path(), ec) == mix) fd = std::stoi(entry.path().filename().string());
    }
    ASSERT_GE(fd, 0) << "the recorder keeps " << mix << " open";
    const int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    ASSERT_EQ(::dup2(full, fd), fd);
    ::close(full);

    frames(1, 10, 3, 100);
    EXPECT_FALSE(recorder->isRecording(1));
    ASSERT_EQ(host.said.size(), 2u);
    EXPECT_TRUE(contains(host.said[1], "Recording stopped: writing " + mix.string() + ": No space left on device"))
        << host.said[1];
    EXPECT_TRUE(anyContains(host.logs, "No space left on device"));
    EXPECT_EQ(host.recording_flags.back(), std::make_pair(std::int64_t{1}, 0));
    EXPECT_EQ(host.recordings.size(), 2u) << "both tracks closed and listed: the leg's at its next frame";
    frames(1, 13, 5, 100);  // more frames: nothing happens, nothing crashes
    EXPECT_EQ(host.said.size(), 2u) << "reported once";

    const std::string stopped = host.command(1, {"stop"});
    EXPECT_TRUE(contains(stopped, "The recording had already stopped")) << stopped;
    EXPECT_EQ(host.liveTaps(1), 0u) << "the dead taps are removed";
    host.endTaps();
    EXPECT_TRUE(contains(host.command(1, {"start"}), "Recording to")) << "a new recording may start";
    EXPECT_EQ(host.liveTaps(1), 1u) << "a plain start: the mix only";
}

TEST_F(RecorderTest, CloseRemovesEverythingAndTheLastFramesNeverCallTheHost) {
    make();
    host.command(1, {"start"});
    frames(1, 0, 5, 42);
    recorder->unregister();
    EXPECT_EQ(host.liveTaps(1), 0u);
    EXPECT_GE(host.removed.size(), 3u) << "tap, command, listener";
    host.endTaps();  // after close(): the file is finished, the host not called
    EXPECT_TRUE(host.recordings.empty());
    for (const auto& entry : std::filesystem::directory_iterator(folder.path() / "recordings")) {
        EXPECT_EQ(readAll(entry.path()).size(), 5u * 160u) << "a complete header even so";
    }
}

}  // namespace
}  // namespace confab::recorder
