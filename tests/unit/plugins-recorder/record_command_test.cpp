#include <gtest/gtest.h>

#include "confab/recorder/beep.h"
#include "confab/recorder/record_command.h"
#include "confab/recorder/recording_format.h"

namespace confab::recorder {
namespace {

TEST(RecordCommand, StartStopAndTracksInAnyCase) {
    const auto start = parseRecordCommand({"start"});
    ASSERT_TRUE(start);
    EXPECT_EQ(start->action, RecordCommand::Action::Start);
    EXPECT_FALSE(start->per_leg_tracks);
    const auto tracks = parseRecordCommand({"START", "Tracks"});
    ASSERT_TRUE(tracks);
    EXPECT_EQ(tracks->action, RecordCommand::Action::Start);
    EXPECT_TRUE(tracks->per_leg_tracks);
    const auto stop = parseRecordCommand({"stop"});
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->action, RecordCommand::Action::Stop);
}

TEST(RecordCommand, AnythingElseIsUsage) {
    EXPECT_FALSE(parseRecordCommand({}));
    EXPECT_FALSE(parseRecordCommand({""}));
    EXPECT_FALSE(parseRecordCommand({"begin"}));
    EXPECT_FALSE(parseRecordCommand({"stop", "tracks"}));
    EXPECT_FALSE(parseRecordCommand({"start", "everything"}));
    EXPECT_FALSE(parseRecordCommand({"start", "tracks", "now"}));
    EXPECT_FALSE(parseRecordCommand({"st\xC3\xA4rt"}));
    EXPECT_FALSE(parseRecordCommand({std::string(10000, 's')}));
}

TEST(RecordingFormat, NamesAndSpellings) {
    EXPECT_EQ(parseRecordingFormat("wav"), RecordingFormat::Wav);
    EXPECT_EQ(parseRecordingFormat("ogg-opus"), RecordingFormat::OggOpus);
    EXPECT_FALSE(parseRecordingFormat("mp3"));
    EXPECT_FALSE(parseRecordingFormat("WAV"));
    EXPECT_STREQ(formatName(RecordingFormat::OggOpus), "ogg-opus");
    EXPECT_TRUE(formatSupported(RecordingFormat::Wav));
}

TEST(RecordingFileName, ConferenceUtcTimeParticipantAndAttempt) {
    // 2024-01-02 03:04:05.678 UTC
    const std::int64_t ms = 1704164645678;
    EXPECT_EQ(recordingFileName(7, 0, ms, RecordingFormat::Wav), "conf-7-20240102-030405.wav");
    EXPECT_EQ(recordingFileName(7, 3, ms, RecordingFormat::Wav), "conf-7-20240102-030405-p3.wav");
    EXPECT_EQ(recordingFileName(7, 0, ms, RecordingFormat::OggOpus), "conf-7-20240102-030405.opus");
    EXPECT_EQ(recordingFileName(12345678901, 2, ms, RecordingFormat::Wav, 3),
              "conf-12345678901-20240102-030405-p2-3.wav");
}

TEST(Beep, TwoShortTonesWithinRange) {
    const auto rising = twoToneBeep(true);
    const auto falling = twoToneBeep(false);
    EXPECT_EQ(rising.size(), 2800u);  // 150 + 50 + 150 ms at 8 kHz
    EXPECT_EQ(falling.size(), rising.size());
    EXPECT_NE(rising, falling);
    int peak = 0;
    for (const auto s : rising) peak = std::max(peak, std::abs(static_cast<int>(s)));
    EXPECT_GT(peak, 4000);
    EXPECT_LT(peak, 16384);
    EXPECT_EQ(rising.front(), 0) << "ramped in";
    EXPECT_EQ(rising[1300], 0) << "a pause between the tones";
}

}  // namespace
}  // namespace confab::recorder
