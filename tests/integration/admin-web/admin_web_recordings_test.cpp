// Recordings in the admin page's history over real HTTPS: the download route
// needs a login, streams exactly the file named by the database row with the
// right type and a safe attachment name, answers 404 for an unknown id or a
// file that is gone (and keeps serving), and the history, timeline and CSV
// list the recordings.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <random>

#include "admin_web_fixture.h"
#include "confab/harness/process.h"

namespace confab::web::testing {
namespace {

std::string randomBytes(std::size_t size, unsigned seed) {
    std::mt19937 generator(seed);
    std::string bytes(size, '\0');
    for (char& byte : bytes) byte = static_cast<char>(generator() & 0xFF);
    return bytes;
}

void writeFile(const std::filesystem::path& file, const std::string& content) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    ASSERT_TRUE(out.good()) << file;
}

class RecordingsTest : public AdminWebTest {
  protected:
    void SetUp() override {
        AdminWebTest::SetUp();
        recordings_ = folder_.path() / "recordings";
        std::filesystem::create_directories(recordings_);
        // Larger than one read chunk (64 KiB) and not a multiple of it, so
        // the download is assembled from several reads.
        wav_content_ = randomBytes(200'003, 1);
        ogg_content_ = randomBytes(4'321, 2);
        writeFile(recordings_ / "conf 1 <mix>.wav", wav_content_);
        writeFile(recordings_ / "conf-1-p3.ogg", ogg_content_);
        writeFile(recordings_ / "deleted.wav", "soon gone");

        store::Database db = openDatabase();
        store::ConferenceLog log(db);
        conference_ = log.conferenceStarted("owner@example.com", "room@conference.example.com", 1'714'550'000'000);
        log.legCreated(conference_, "owner@example.com", "+15551230001", "Bob", 1'714'550'001'000);
        log.conferenceEnded(conference_, 1'714'550'070'000, "ended by owner");
        unrecorded_ = log.conferenceStarted("other@example.com", "", 1'714'550'100'000);
        log.legCreated(unrecorded_, "other@example.com", "+15551230002", "Carol", 1'714'550'101'000);

        store::RecordingRecord recording;
        recording.conference_id = conference_;
        recording.participant = 0;
        recording.path = (recordings_ / "conf 1 <mix>.wav").string();
        recording.format = "wav";
        recording.started = 1'714'550'001'000;
        recording.ended = 1'714'550'069'000;
        recording.bytes = wav_content_.size();
        wav_ = log.recordingAdded(recording);
        recording.participant = 3;
        recording.path = (recordings_ / "conf-1-p3.ogg").string();
        recording.format = "ogg-opus";
        recording.bytes = ogg_content_.size();
        ogg_ = log.recordingAdded(recording);
        recording.path = (recordings_ / "deleted.wav").string();
        recording.format = "wav";
        deleted_ = log.recordingAdded(recording);
        recording.path = recordings_.string();  // a folder, not a file
        folder_row_ = log.recordingAdded(recording);
        recording.path = (recordings_ / "fifo.wav").string();
        fifo_ = log.recordingAdded(recording);
        ASSERT_EQ(::mkfifo(recording.path.c_str(), 0600), 0);
    }

    std::string downloadPath(std::int64_t id) const { return "/history/recordings/" + std::to_string(id); }

    std::filesystem::path recordings_;
    std::string wav_content_;
    std::string ogg_content_;
    std::int64_t conference_ = 0;
    std::int64_t unrecorded_ = 0;
    std::int64_t wav_ = 0;
    std::int64_t ogg_ = 0;
    std::int64_t deleted_ = 0;
    std::int64_t folder_row_ = 0;
    std::int64_t fifo_ = 0;
};

TEST_F(RecordingsTest, DownloadNeedsALogin) {
    start();
    auto anonymous = get(downloadPath(wav_));
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(anonymous->status, 303);
    EXPECT_EQ(anonymous->get_header_value("Location"), "/login");
    EXPECT_EQ(anonymous->body.find(wav_content_.substr(0, 64)), std::string::npos);

    auto forged = get(downloadPath(wav_), "confab_session=" + std::string(64, 'a'));
    ASSERT_TRUE(forged);
    EXPECT_EQ(forged->status, 303);
    EXPECT_TRUE(forged->body.empty() || forged->body.find(wav_content_.substr(0, 64)) == std::string::npos);
}

TEST_F(RecordingsTest, StreamsTheFileWithItsTypeAndASafeName) {
    start();
    Browser browser = login();
    auto wav = get(downloadPath(wav_), browser.cookieHeader());
    ASSERT_TRUE(wav);
    EXPECT_EQ(wav->status, 200);
    EXPECT_EQ(wav->get_header_value("Content-Type"), "audio/wav");
    EXPECT_EQ(wav->get_header_value("Content-Disposition"), "attachment; filename=\"conf_1__mix_.wav\"");
    EXPECT_EQ(wav->get_header_value("Content-Length"), std::to_string(wav_content_.size()));
    EXPECT_EQ(wav->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(wav->get_header_value("Cache-Control"), "no-store");
    EXPECT_EQ(wav->body.size(), wav_content_.size());
    EXPECT_TRUE(wav->body == wav_content_) << "the downloaded bytes differ from the file";

    auto ogg = get(downloadPath(ogg_), browser.cookieHeader());
    ASSERT_TRUE(ogg);
    EXPECT_EQ(ogg->status, 200);
    EXPECT_EQ(ogg->get_header_value("Content-Type"), "audio/ogg");
    EXPECT_EQ(ogg->get_header_value("Content-Disposition"), "attachment; filename=\"conf-1-p3.ogg\"");
    EXPECT_TRUE(ogg->body == ogg_content_);

    // Each download is audited with the admin and the recording.
    const auto rows = audit();
    std::size_t downloads = 0;
    for (const auto& row : rows) {
        if (row.action != "recording-download") continue;
        ++downloads;
        EXPECT_EQ(row.actor_jid, "admin:alice");
        EXPECT_TRUE(row.allowed);
        EXPECT_NE(row.detail.find("of conference " + std::to_string(conference_)), std::string::npos) << row.detail;
    }
    EXPECT_EQ(downloads, 2u);
}

TEST_F(RecordingsTest, UnknownIdsAndMissingFilesAreClear404Pages) {
    start();
    Browser browser = login();
    auto unknown = get(downloadPath(999'999), browser.cookieHeader());
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 404);
    EXPECT_EQ(unknown->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(unknown->body.find("There is no recording with that number."), std::string::npos);

    std::filesystem::remove(recordings_ / "deleted.wav");
    for (const std::int64_t id : {deleted_, folder_row_, fifo_}) {
        SCOPED_TRACE(id);
        auto gone = get(downloadPath(id), browser.cookieHeader());
        ASSERT_TRUE(gone);  // a FIFO must not hang the request
        EXPECT_EQ(gone->status, 404);
        EXPECT_EQ(gone->get_header_value("Content-Type"), "text/html; charset=utf-8");
        EXPECT_NE(gone->body.find("is no longer on the bridge"), std::string::npos) << gone->body;
        EXPECT_NE(gone->body.find("Log out"), std::string::npos);  // the whole page, with navigation
    }
    EXPECT_TRUE(logContains("cannot be served from"));

    // The server keeps serving, and the request cannot name a file itself.
    for (const std::string path : {"/history/recordings/..%2F..%2Fetc%2Fpasswd", "/history/recordings/-1",
                                   "/history/recordings/1.wav", "/history/recordings/99999999999999999999"}) {
        auto refused = get(path, browser.cookieHeader());
        ASSERT_TRUE(refused) << path;
        EXPECT_EQ(refused->status, 404) << path;
        EXPECT_EQ(refused->body.find("root:"), std::string::npos);
    }
    auto again = get(downloadPath(wav_), browser.cookieHeader());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 200);
    EXPECT_TRUE(again->body == wav_content_);
}

TEST_F(RecordingsTest, HistoryTimelineAndCsvListTheRecordings) {
    start();
    Browser browser = login();
    const std::string conference = std::to_string(conference_);
    auto history = get("/history", browser.cookieHeader());
    ASSERT_TRUE(history);
    EXPECT_EQ(history->status, 200);
    // Five recordings of the first conference; none of the second.
    EXPECT_NE(history->body.find("<a href=\"/history/" + conference + "#recordings\" title=\"5 recordings of conference " +
                                 conference + "\">5</a>"),
              std::string::npos)
        << history->body;
    EXPECT_EQ(history->body.find("/history/" + std::to_string(unrecorded_) + "#recordings"), std::string::npos);

    auto timeline = get("/history/" + conference, browser.cookieHeader());
    ASSERT_TRUE(timeline);
    EXPECT_EQ(timeline->status, 200);
    EXPECT_NE(timeline->body.find(">conf 1 &lt;mix&gt;.wav<"), std::string::npos);
    EXPECT_NE(timeline->body.find("href=\"" + downloadPath(wav_) + "\""), std::string::npos);
    EXPECT_NE(timeline->body.find("href=\"" + downloadPath(ogg_) + "\""), std::string::npos);
    EXPECT_NE(timeline->body.find(">participant 3<"), std::string::npos);
    EXPECT_NE(timeline->body.find("<span class=\"kind\">recording</span>"), std::string::npos);  // the event

    auto csv = get("/history.csv", browser.cookieHeader());
    ASSERT_TRUE(csv);
    EXPECT_EQ(csv->status, 200);
    EXPECT_NE(csv->body.find(",recordings\r\n"), std::string::npos);
    EXPECT_NE(csv->body.find(",conf 1 <mix>.wav; conf-1-p3.ogg; deleted.wav; recordings; fifo.wav\r\n"),
              std::string::npos)
        << csv->body;
}

}  // namespace
}  // namespace confab::web::testing
