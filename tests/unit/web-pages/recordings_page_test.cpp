// Recordings on the history pages: the count on each history row, the list on
// the timeline with its download links, the CSV column, and the file name a
// download is offered under, with hostile file names throughout.
#include <gtest/gtest.h>

#include "html_scan.h"
#include "sample_views.h"

namespace confab::web {
namespace {

using test::Tag;

std::vector<Tag> tagsNamed(const std::string& page, const std::string& name) {
    std::vector<Tag> found;
    for (Tag& tag : test::scanTags(page)) {
        if (tag.name == name) found.push_back(std::move(tag));
    }
    return found;
}

// The <tr> rows of the table with `id`, as their inner HTML.
std::vector<std::string> tableRows(const std::string& page, const std::string& id) {
    std::vector<std::string> rows;
    const std::size_t table = page.find("id=\"" + id + "\"");
    if (table == std::string::npos) return rows;
    const std::size_t end = page.find("</table>", table);
    for (std::size_t at = page.find("<tr", table); at < end; at = page.find("<tr", at + 1)) {
        rows.push_back(page.substr(at, page.find("</tr>", at) - at));
    }
    return rows;
}

store::ConferenceRecord conference42() {
    store::ConferenceRecord record;
    record.id = 42;
    record.owner_jid = "alice@example.com";
    record.started = 1714570000000;
    record.ended = 1714570100000;
    return record;
}

TEST(RecordingsOnTheTimeline, ListsEachRecordingWithItsDownloadLink) {
    store::RecordingRecord mix = test::sampleRecording(5);
    store::RecordingRecord track = test::sampleRecording(6, 3, "conf-42-p3.ogg");
    track.format = "ogg-opus";
    track.bytes = 812;
    track.ended = track.started + 7'000;
    const std::string page = renderTimelinePage(test::sampleContext(), conference42(), {}, {}, {mix, track});

    const auto rows = tableRows(page, "timeline-recordings");
    ASSERT_EQ(rows.size(), 3u);  // the header and two recordings, oldest first as given
    EXPECT_NE(rows[1].find("data-recording-id=\"5\""), std::string::npos);
    EXPECT_NE(rows[1].find(">conf-42-mix.wav<"), std::string::npos);  // the file name, not the folder
    EXPECT_EQ(rows[1].find("/var/lib/confab"), std::string::npos);
    EXPECT_NE(rows[1].find(">mix<"), std::string::npos);
    EXPECT_NE(rows[1].find(">WAV<"), std::string::npos);
    EXPECT_NE(rows[1].find(">1:30<"), std::string::npos);      // 90 s
    EXPECT_NE(rows[1].find(">1.4 MiB<"), std::string::npos);   // 1 440 044 bytes
    EXPECT_NE(rows[2].find(">participant 3<"), std::string::npos);
    EXPECT_NE(rows[2].find(">Ogg Opus<"), std::string::npos);
    EXPECT_NE(rows[2].find(">0:07<"), std::string::npos);
    EXPECT_NE(rows[2].find(">812 B<"), std::string::npos);

    std::vector<std::string> downloads;
    for (const Tag& tag : tagsNamed(page, "a")) {
        const std::string href = tag.get("href");
        if (href.rfind("/history/recordings/", 0) == 0) {
            downloads.push_back(href);
            EXPECT_TRUE(tag.has("download"));
        }
    }
    EXPECT_EQ(downloads, (std::vector<std::string>{"/history/recordings/5", "/history/recordings/6"}));
    // The history rows link to this section by its id.
    EXPECT_NE(page.find("id=\"recordings\""), std::string::npos);
}

TEST(RecordingsOnTheTimeline, SaysSoWhenThereAreNone) {
    const std::string page = renderTimelinePage(test::sampleContext(), conference42(), {}, {}, {});
    EXPECT_NE(page.find("This conference was not recorded."), std::string::npos);
    EXPECT_EQ(page.find("/history/recordings/"), std::string::npos);
}

TEST(RecordingsOnTheTimeline, HostileFileNamesAreEscapedTextOnly) {
    store::RecordingRecord hostile = test::sampleRecording(9, 0, "\"><img src=x onerror=alert(1)>&amp;'.wav");
    const std::string page = renderTimelinePage(test::sampleContext(), conference42(), {}, {}, {hostile});
    EXPECT_EQ(page.find("<img src=x"), std::string::npos);
    EXPECT_NE(page.find(">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;&#39;.wav<"), std::string::npos);
    for (const Tag& tag : test::scanTags(page)) {
        EXPECT_NE(tag.name, "img");
        for (const auto& [attribute, value] : tag.attributes) EXPECT_NE(attribute, "onerror");
        if (tag.name == "a" && tag.get("href") == "/history/recordings/9") {
            // The offered name keeps only safe bytes.
            EXPECT_EQ(tag.get("download"), "___img_src_x_onerror_alert_1___amp__.wav");
        }
    }
    // Invalid UTF-8 in a name becomes U+FFFD, and markup in a folder name
    // never shows: only the last part of the path is shown.
    const std::string rendered = renderTimelinePage(test::sampleContext(), conference42(), {}, {},
                                                    {test::hostileRecording(10)});
    EXPECT_EQ(rendered.find("<b style"), std::string::npos);
    EXPECT_EQ(rendered.find("\xFF"), std::string::npos);
    EXPECT_NE(rendered.find("script&gt;&#39; onmouseover=alert(1) x=&quot;&lt;b style=color:red&gt;"), std::string::npos);
}

TEST(RecordingsInHistory, EachRowShowsItsConferencesCountLinkedToTheTimeline) {
    store::LegSearchPage results;
    store::LegRecord other = test::sampleLeg(3);
    other.conference_id = 43;
    results.legs = {test::sampleLeg(1), test::failedLeg(2), other};
    results.total = 3;
    const RecordingsByConference recordings{{42, {test::sampleRecording(1), test::sampleRecording(2, 4)}}};
    const std::string page = renderHistoryPage(test::sampleContext(), HistoryQuery{}, results, 25, recordings);

    EXPECT_NE(page.find(">Recordings</th>"), std::string::npos);
    const auto rows = tableRows(page, "history");
    ASSERT_EQ(rows.size(), 4u);
    for (std::size_t row = 1; row <= 2; ++row) {  // both legs of conference 42
        EXPECT_NE(rows[row].find("<a href=\"/history/42#recordings\" title=\"2 recordings of conference 42\">2</a>"),
                  std::string::npos)
            << rows[row];
    }
    EXPECT_EQ(rows[3].find("#recordings"), std::string::npos);  // conference 43 has none
    EXPECT_NE(rows[3].find("<td class=\"num recordings\"></td>"), std::string::npos);
    // Every row has as many cells as the header has columns.
    const auto cells = [](const std::string& row, const std::string& cell) {
        std::size_t found = 0;
        for (std::size_t at = row.find(cell); at != std::string::npos; at = row.find(cell, at + 1)) ++found;
        return found;
    };
    for (std::size_t row = 1; row < rows.size(); ++row) EXPECT_EQ(cells(rows[row], "<td"), cells(rows[0], "<th"));
}

TEST(RecordingsInHistory, CsvNamesTheFilesWithTheFormulaGuard) {
    store::LegRecord leg = test::sampleLeg(1);
    leg.requester_jid = "a@b";
    leg.display_name = "Bob";
    store::LegRecord other = leg;
    other.conference_id = 43;
    store::RecordingRecord formula = test::sampleRecording(2, 1, "=HYPERLINK(\"evil\").wav");
    const RecordingsByConference recordings{{42, {test::sampleRecording(1), formula}}};
    const std::string csv = historyCsv({leg, other}, recordings);
    EXPECT_NE(csv.find(",sip_code,recordings\r\n"), std::string::npos);
    // Conference 42's row names both files; the cell starts harmlessly, so
    // only the quotes inside force RFC 4180 quoting.
    EXPECT_NE(csv.find(",hangup,,\"conf-42-mix.wav; =HYPERLINK(\"\"evil\"\").wav\"\r\n"), std::string::npos)
        << csv;
    EXPECT_NE(csv.find("\r\n43,"), std::string::npos);
    EXPECT_NE(csv.find(",hangup,,\r\n"), std::string::npos);  // conference 43: none

    const RecordingsByConference first_is_formula{{42, {formula}}};
    const std::string guarded = historyCsv({leg}, first_is_formula);
    EXPECT_NE(guarded.find(",\"'=HYPERLINK(\"\"evil\"\").wav\"\r\n"), std::string::npos) << guarded;
}

TEST(RecordingDownloads, FileNamesAreSafeInAHeader) {
    store::RecordingRecord recording = test::sampleRecording(7);
    EXPECT_EQ(recordingDownloadName(recording), "conf-42-mix.wav");
    recording.path = "/r/Zo\xC3\xAB \"x\"\r\nSet-Cookie: a=b;.wav";
    EXPECT_EQ(recordingDownloadName(recording), "Zo____x___Set-Cookie__a_b_.wav");
    recording.path = "/r/..hidden.wav";
    EXPECT_EQ(recordingDownloadName(recording), "hidden.wav");
    recording.path = "/r/...";
    EXPECT_EQ(recordingDownloadName(recording), "recording-7.wav");
    recording.path = "/r/";
    recording.format = "ogg-opus";
    EXPECT_EQ(recordingDownloadName(recording), "recording-7.ogg");
    recording.path = "/r/" + std::string(300, 'a') + ".ogg";
    const std::string long_name = recordingDownloadName(recording);
    EXPECT_EQ(long_name.size(), 120u);
    EXPECT_EQ(long_name.substr(long_name.size() - 4), ".ogg");
}

TEST(RecordingDownloads, ContentTypesByFormat) {
    store::RecordingRecord recording = test::sampleRecording(7);
    EXPECT_EQ(recordingContentType(recording), "audio/wav");
    recording.format = "ogg-opus";
    EXPECT_EQ(recordingContentType(recording), "audio/ogg");
    recording.format = "flac";
    EXPECT_EQ(recordingContentType(recording), "application/octet-stream");
}

}  // namespace
}  // namespace confab::web
