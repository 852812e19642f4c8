// ConferenceLog's recordings: what the recorder plugin's finished files leave
// in the database for the admin page's history.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>

#include "confab/store/conference_log.h"

namespace confab::store {
namespace {

std::string errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const StoreError& error) {
        return error.what();
    }
    return "(no StoreError)";
}

class RecordingLogTest : public ::testing::Test {
  protected:
    RecordingRecord recordingOf(std::int64_t conference, std::uint32_t participant, const std::string& path,
                                UnixMillis started) {
        RecordingRecord recording;
        recording.conference_id = conference;
        recording.participant = participant;
        recording.path = path;
        recording.format = "wav";
        recording.started = started;
        recording.ended = started + 60'000;
        recording.bytes = 960'044;
        return recording;
    }

    Database db_ = Database::openInMemory();
    ConferenceLog log_{db_};
};

TEST_F(RecordingLogTest, StoresEveryFieldAndReadsItBack) {
    const auto conference = log_.conferenceStarted("alice@x.org", "r@muc", 1'000);
    RecordingRecord mix = recordingOf(conference, 0, "/var/lib/confab/recordings/conf-1-mix.wav", 2'000);
    mix.ended = 62'500;
    mix.bytes = std::uint64_t{5} << 32;  // above 32 bits survives
    const auto id = log_.recordingAdded(mix);
    EXPECT_GT(id, 0);

    const auto read = log_.recording(id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->id, id);
    EXPECT_EQ(read->conference_id, conference);
    EXPECT_EQ(read->participant, 0u);
    EXPECT_EQ(read->path, mix.path);
    EXPECT_EQ(read->format, "wav");
    EXPECT_EQ(read->started, 2'000);
    EXPECT_EQ(read->ended, 62'500);
    EXPECT_EQ(read->bytes, std::uint64_t{5} << 32);

    RecordingRecord track = recordingOf(conference, 4'000'000'000u, "/r/conf-1-p4.ogg", 3'000);
    track.format = "ogg-opus";
    const auto track_id = log_.recordingAdded(track);
    EXPECT_NE(track_id, id);
    EXPECT_EQ(log_.recording(track_id)->participant, 4'000'000'000u);  // the whole uint32_t range
    EXPECT_EQ(log_.recording(track_id)->format, "ogg-opus");
    EXPECT_FALSE(log_.recording(track_id + 100));
}

TEST_F(RecordingLogTest, ListsAConferencesRecordingsOldestFirst) {
    const auto first = log_.conferenceStarted("alice@x.org", "", 1'000);
    const auto second = log_.conferenceStarted("bob@x.org", "", 1'500);
    const auto late = log_.recordingAdded(recordingOf(first, 0, "/r/late.wav", 9'000));
    const auto early = log_.recordingAdded(recordingOf(first, 2, "/r/early.wav", 4'000));
    const auto other = log_.recordingAdded(recordingOf(second, 0, "/r/other.wav", 5'000));

    const auto list = log_.recordings(first);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].id, early);
    EXPECT_EQ(list[1].id, late);
    ASSERT_EQ(log_.recordings(second).size(), 1u);
    EXPECT_EQ(log_.recordings(second)[0].id, other);
    EXPECT_TRUE(log_.recordings(999).empty());

    // Several history rows of one conference ask once; conferences without
    // recordings are left out.
    const auto third = log_.conferenceStarted("carol@x.org", "", 2'000);
    const auto by_conference = log_.recordingsOf({first, second, first, third, 999});
    ASSERT_EQ(by_conference.size(), 2u);
    EXPECT_EQ(by_conference.at(first).size(), 2u);
    EXPECT_EQ(by_conference.at(second).at(0).path, "/r/other.wav");
    EXPECT_EQ(by_conference.count(third), 0u);
    EXPECT_TRUE(log_.recordingsOf({}).empty());
}

TEST_F(RecordingLogTest, LogsAnEventWithTheFileNameForTheTimeline) {
    const auto conference = log_.conferenceStarted("alice@x.org", "", 1'000);
    RecordingRecord recording = recordingOf(conference, 0, "/var/rec/conf 7 <mix>.wav", 2'000);
    log_.recordingAdded(recording);
    recording.ended = 0;  // no end known: the event is at the start
    recording.path = "relative.ogg";
    recording.format = "ogg-opus";
    log_.recordingAdded(recording);

    const auto events = log_.events(conference);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].kind, "recording");
    EXPECT_EQ(events[0].detail, "relative.ogg");
    EXPECT_EQ(events[0].at, 2'000);
    EXPECT_EQ(events[1].detail, "conf 7 <mix>.wav");
    EXPECT_EQ(events[1].at, 62'000);
}

TEST_F(RecordingLogTest, TextIsBoundNotSpliced) {
    const auto conference = log_.conferenceStarted("alice@x.org", "", 1'000);
    const std::string path = "/r/x'); DROP TABLE recordings; --\xFF\".wav";
    const auto id = log_.recordingAdded(recordingOf(conference, 1, path, 2'000));
    EXPECT_EQ(log_.recording(id)->path, path);
    EXPECT_EQ(log_.recordings(conference).size(), 1u);
}

TEST_F(RecordingLogTest, RefusesWhatTheHistoryCouldNotShow) {
    const auto conference = log_.conferenceStarted("alice@x.org", "", 1'000);
    EXPECT_EQ(errorOf([&] { log_.recordingAdded(recordingOf(42, 0, "/r/a.wav", 2'000)); }),
              "ConferenceLog::recordingAdded: no conference with id 42");
    RecordingRecord no_path = recordingOf(conference, 0, "", 2'000);
    EXPECT_EQ(errorOf([&] { log_.recordingAdded(no_path); }), "ConferenceLog::recordingAdded: the recording has no path");
    RecordingRecord mp3 = recordingOf(conference, 0, "/r/a.mp3", 2'000);
    mp3.format = "mp3";
    EXPECT_EQ(errorOf([&] { log_.recordingAdded(mp3); }),
              "ConferenceLog::recordingAdded: unknown recording format \"mp3\" (expected wav or ogg-opus)");
    RecordingRecord huge = recordingOf(conference, 0, "/r/a.wav", 2'000);
    huge.bytes = std::numeric_limits<std::uint64_t>::max();
    EXPECT_NE(errorOf([&] { log_.recordingAdded(huge); }).find("size is out of range"), std::string::npos);
    // Nothing refused left a row or an event behind.
    EXPECT_TRUE(log_.recordings(conference).empty());
    EXPECT_TRUE(log_.events(conference).empty());
}

TEST_F(RecordingLogTest, AFailedEventRollsTheRowBack) {
    // The conference disappears between the check and the insert only in a
    // broken database; a trigger that refuses the event stands in for that.
    const auto conference = log_.conferenceStarted("alice@x.org", "", 1'000);
    db_.execute(
        "CREATE TEMP TRIGGER refuse_recording_event BEFORE INSERT ON events "
        "WHEN NEW.kind = 'recording' BEGIN SELECT RAISE(ABORT, 'refused by test'); END",
        "test");
    EXPECT_NE(errorOf([&] { log_.recordingAdded(recordingOf(conference, 0, "/r/a.wav", 2'000)); })
                  .find("refused by test"),
              std::string::npos);
    EXPECT_TRUE(log_.recordings(conference).empty());
}

}  // namespace
}  // namespace confab::store
