#include "confab/store/directory_csv.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "confab/shared/phone_number.h"

namespace confab::store {
namespace {

class DirectoryCsvTest : public ::testing::Test {
  protected:
    ImportReport import(const std::string& text, const std::string& region = "US") {
        std::istringstream in(text);
        return importDirectoryCsv(directory_, db_, in, region);
    }

    // "line: message" for each error, to compare whole reports at once.
    static std::vector<std::string> describe(const ImportReport& report) {
        std::vector<std::string> lines;
        for (const auto& error : report.errors) {
            lines.push_back(std::to_string(error.line) + ": " + error.message);
        }
        return lines;
    }

    Database db_ = Database::openInMemory();
    Directory directory_{db_};
};

constexpr const char* kHeader = "jid,display_name,work,mobile,preferred\n";

TEST_F(DirectoryCsvTest, ImportsAGoodFile) {
    const std::string csv =
        std::string("\xEF\xBB\xBF") +  // BOM
        "jid,display_name,work,mobile,preferred\r\n"
        "Carol@Example.com,\"Smith, Carol\",+1 555 123 0001,(555) 987-0001,mobile\r\n"
        "\r\n"
        "bob@example.com,\"Bob \"\"The\"\" Builder\",555.123.0002,,\r\n"
        "quote@example.com,\"Say \"\"hi\"\"\",,+15559870003,\r\n"
        "chat@example.com,  Chat Only  ,,,\n"
        "same@example.com,Same,5551230004,555-123-0004,mobile\n"
        "uk@example.com,\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D,+44 20 7946 0958,,work";
    const ImportReport report = import(csv);
    EXPECT_EQ(describe(report), std::vector<std::string>{});
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.imported, 6u);
    EXPECT_EQ(directory_.size(), 6u);

    const auto carol = directory_.findByJid("carol@example.com");
    ASSERT_TRUE(carol);
    EXPECT_EQ(carol->display_name, "Smith, Carol");
    EXPECT_EQ(carol->source, "csv");
    EXPECT_EQ(carol->numbers,
              (std::vector<PhoneEntry>{{"+15551230001", NumberKind::Work, false},
                                       {"+15559870001", NumberKind::Mobile, true}}));
    const auto bob = directory_.findByJid("bob@example.com");
    EXPECT_EQ(bob->display_name, "Bob \"The\" Builder");
    EXPECT_EQ(bob->numbers, (std::vector<PhoneEntry>{{"+15551230002", NumberKind::Work, true}}));
    EXPECT_EQ(directory_.findByJid("quote@example.com")->display_name, "Say \"hi\"");
    EXPECT_EQ(directory_.findByJid("quote@example.com")->preferredNumber()->number,
              "+15559870003");  // empty preferred, no work number: mobile
    const auto chat = directory_.findByJid("chat@example.com");
    EXPECT_EQ(chat->display_name, "Chat Only");
    EXPECT_TRUE(chat->numbers.empty());
    EXPECT_EQ(directory_.findByJid("same@example.com")->numbers,
              (std::vector<PhoneEntry>{{"+15551230004", NumberKind::Mobile, true}}));
    EXPECT_EQ(directory_.findByJid("uk@example.com")->display_name,
              "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
    EXPECT_EQ(directory_.findByJid("uk@example.com")->numbers[0].number, "+442079460958");
}

// The example in docs/directory.md, kept true by this test.
TEST_F(DirectoryCsvTest, TheDocumentedExampleImports) {
    const ImportReport report = import(
        "jid,display_name,work,mobile,preferred\n"
        "carol@example.com,\"Smith, Carol\",+1 555 123 0001,(555) 987-0001,mobile\n"
        "bob@example.com,\"Bob \"\"The\"\" Builder\",555.123.0002,,\n"
        "dana@example.com,Dana Scully,,+1 555 987 0003,\n"
        "uk@example.com,Ada Lovelace,+44 20 7946 0958,,work\n"
        "chat@example.com,Chat Only,,,\n");
    ASSERT_TRUE(report.committed) << ::testing::PrintToString(describe(report));
    EXPECT_EQ(report.imported, 5u);
    EXPECT_EQ(directory_.findByJid("bob@example.com")->preferredNumber()->number, "+15551230002");
    EXPECT_EQ(directory_.findByJid("dana@example.com")->preferredNumber()->number, "+15559870003");
    EXPECT_EQ(directory_.findByJid("uk@example.com")->preferredNumber()->number, "+442079460958");
    EXPECT_EQ(directory_.findByJid("carol@example.com")->display_name, "Smith, Carol");
    EXPECT_TRUE(directory_.findByJid("chat@example.com")->numbers.empty());
}

TEST_F(DirectoryCsvTest, NationalNumbersUseTheDefaultRegion) {
    const ImportReport report = import(std::string(kHeader) + "g@x.org,G,020 7946 0958,,\n", "GB");
    ASSERT_TRUE(report.committed) << describe(report)[0];
    EXPECT_EQ(directory_.findByJid("g@x.org")->numbers[0].number, "+442079460958");
}

TEST_F(DirectoryCsvTest, EveryBrokenLineIsReportedAndNothingIsImported) {
    directory_.upsert(DirectoryUser{"keep@x.org", "Keep", {}, "admin"});
    const std::string csv = std::string(kHeader) +                         // line 1
                            "ok@x.org,Fine,+15551230001,,\n"               // 2
                            "few@x.org,Too Few,+15551230002\n"             // 3
                            "many@x.org,Too,Many,,,\n"                     // 4
                            "num@x.org,Bad Number,555-12,,\n"              // 5
                            "q@x.org,\"Unbalanced,+15551230003,,\n"        // 6
                            "utf@x.org,Bad \xC3\x28 UTF,,,\n"              // 7
                            "ok@x.org,Again,+15551230004,,\n"              // 8
                            "nobody,No At,+15551230005,,\n"                // 9
                            "pref@x.org,Bad Pref,+15551230006,,home\n"     // 10
                            "\n"                                           // 11 (blank)
                            "empty@x.org,Empty Pref,,+15551230007,work\n"  // 12
                            "mid@x.org,Mid\"quote,,,\n"                    // 13
                            "letters@x.org,Vanity,1-800-FLOWERS,,\n"       // 14
                            "last@x.org,Last,+15551230008,,\n";            // 15
    const ImportReport report = import(csv);
    EXPECT_FALSE(report.committed);
    EXPECT_EQ(report.imported, 0u);
    const std::vector<std::string> expected = {
        "3: Expected 5 fields (jid,display_name,work,mobile,preferred) but found 3.",
        "4: Expected 5 fields (jid,display_name,work,mobile,preferred) but found 6.",
        "5: The work number \"555-12\" " + normalizeToE164("555-12", "US").reason + ".",
        "6: Unbalanced quote: the quoted field 2 (display_name) starting at byte 9 is not "
        "closed on this line.",
        "7: Invalid UTF-8 at byte 15; the file must be UTF-8.",
        "8: The jid ok@x.org appears again; it was first on line 2.",
        "9: The jid \"nobody\" has no '@'.",
        "10: The preferred field must be \"work\", \"mobile\" or empty, not \"home\".",
        "12: The preferred number is work but the work number is empty.",
        "13: Unbalanced quote: field 2 (display_name) has a quote at byte 14 inside unquoted "
        "text; quote the whole field and double the quote.",
    };
    std::vector<std::string> got = describe(report);
    ASSERT_GE(got.size(), expected.size() + 1) << ::testing::PrintToString(got);
    // Line 14's reason comes from the phone-number library; check its start.
    ASSERT_EQ(got.size(), expected.size() + 1) << ::testing::PrintToString(got);
    EXPECT_EQ(got.back().rfind("14: The work number \"1-800-FLOWERS\" ", 0), 0u) << got.back();
    got.pop_back();
    EXPECT_EQ(got, expected);
    // Nothing written: not even the good lines, and existing users are intact.
    EXPECT_EQ(directory_.size(), 1u);
    EXPECT_FALSE(directory_.findByJid("ok@x.org"));
    EXPECT_FALSE(directory_.findByJid("last@x.org"));
    EXPECT_TRUE(directory_.findByJid("keep@x.org"));
}

TEST_F(DirectoryCsvTest, OneBadLineAmongGoodOnesBlocksTheWholeFile) {
    const ImportReport report = import(std::string(kHeader) + "a@x.org,A,+15551230001,,\n" +
                                       "b@x.org,B,+15551230002,,\n" + "c@x.org,C,not a number,,\n");
    EXPECT_FALSE(report.committed);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].line, 4u);
    EXPECT_EQ(directory_.size(), 0u);
}

TEST_F(DirectoryCsvTest, HeaderIsRequired) {
    ImportReport report = import("a@x.org,A,+15551230001,,\n");
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].line, 1u);
    EXPECT_EQ(report.errors[0].message,
              "The first line must be the header jid,display_name,work,mobile,preferred.");
    report = import("");
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_NE(report.errors[0].message.find("The file is empty"), std::string::npos);
    // Case and spaces in the header do not matter; a header alone imports nothing.
    report = import("\n JID , Display_Name,WORK,mobile,preferred\n");
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.imported, 0u);
}

TEST_F(DirectoryCsvTest, LimitsOnLineLengthAndLineCount) {
    const std::string long_name(kCsvMaxLineBytes, 'x');
    ImportReport report =
        import(std::string(kHeader) + "a@x.org," + long_name + ",,,\n" + "b@x.org,B,,,\n");
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].line, 2u);
    EXPECT_EQ(report.errors[0].message, "The line is longer than 4096 bytes.");

    std::string many(kHeader);
    for (std::size_t i = 0; i < kCsvMaxLines; ++i) {
        many += "\n";
    }
    report = import(many);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].line, kCsvMaxLines + 1);
    EXPECT_NE(report.errors[0].message.find("more than 100000 lines"), std::string::npos);
    EXPECT_FALSE(report.committed);
}

TEST_F(DirectoryCsvTest, ReimportReplacesUsersAndKeepsOthers) {
    directory_.upsert(DirectoryUser{"other@x.org", "Other", {}, "admin"});
    directory_.mergeVcard("v@x.org", "Vcard", {{"+15550000009", NumberKind::Work, true}});
    ASSERT_TRUE(import(std::string(kHeader) + "v@x.org,From Csv,+15551230001,,\n").committed);
    const auto v = directory_.findByJid("v@x.org");
    EXPECT_EQ(v->source, "csv");
    EXPECT_EQ(v->display_name, "From Csv");
    EXPECT_EQ(v->numbers, (std::vector<PhoneEntry>{{"+15551230001", NumberKind::Work, true}}));
    EXPECT_TRUE(directory_.findByJid("other@x.org"));
}

TEST_F(DirectoryCsvTest, InjectionLookingFieldsAreJustText) {
    const ImportReport report =
        import(std::string(kHeader) + "x@x.org,\"'; DROP TABLE users; --\",,,\n");
    ASSERT_TRUE(report.committed);
    EXPECT_EQ(directory_.findByJid("x@x.org")->display_name, "'; DROP TABLE users; --");
    EXPECT_EQ(directory_.size(), 1u);
}

}  // namespace
}  // namespace confab::store
