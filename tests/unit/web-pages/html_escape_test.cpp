// htmlEscape: the one function every datum on the admin page goes through.
#include <gtest/gtest.h>

#include "confab/web/pages.h"
#include "html_scan.h"

namespace confab::web {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
    EXPECT_EQ(htmlEscape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    EXPECT_EQ(htmlEscape("&amp;"), "&amp;amp;");  // never "already escaped"
    EXPECT_EQ(htmlEscape(""), "");
}

TEST(HtmlEscape, KeepsValidUtf8ByteForByte) {
    const std::string text = "Zo\xC3\xAB \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF";
    EXPECT_EQ(htmlEscape(text), text);
}

TEST(HtmlEscape, ReplacesEveryInvalidByteWithU_FFFD) {
    EXPECT_EQ(htmlEscape("a\xFF" "b"), "a" + kFffd + "b");
    EXPECT_EQ(htmlEscape("\x80"), kFffd);                                     // lone continuation byte
    EXPECT_EQ(htmlEscape("\xC0\xAF"), kFffd + kFffd);                         // overlong '/'
    EXPECT_EQ(htmlEscape("\xE0\x80\xBC"), kFffd + kFffd + kFffd);             // overlong '<'
    EXPECT_EQ(htmlEscape("\xED\xA0\x80"), kFffd + kFffd + kFffd);             // UTF-16 surrogate
    EXPECT_EQ(htmlEscape("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd); // above U+10FFFF
    EXPECT_EQ(htmlEscape("x\xE2\x82"), "x" + kFffd + kFffd);                  // truncated at the end
    EXPECT_EQ(htmlEscape("\xE2\x82<"), kFffd + kFffd + "&lt;");               // truncated, then markup
    EXPECT_EQ(htmlEscape(std::string("a\0b", 3)), "a" + kFffd + "b");
}

TEST(HtmlEscape, AnInvalidLeadByteCannotSwallowAQuote) {
    // A naive decoder would read "\xC3\"" as one two-byte character and let
    // the quote through unescaped, closing the attribute.
    const std::string escaped = htmlEscape("\xC3\" onclick=\"x");
    EXPECT_EQ(escaped.find('"'), std::string::npos) << escaped;
    EXPECT_EQ(escaped, kFffd + "&quot; onclick=&quot;x");
}

TEST(HtmlEscape, ValuesRoundTripThroughAnAttribute) {
    const std::string username = "\" autofocus onfocus=\"alert(1)' <x>";
    const std::string page = renderLoginPage("", "csrf", username);
    bool found = false;
    for (const test::Tag& tag : test::scanTags(page)) {
        EXPECT_FALSE(tag.has("onfocus"));
        EXPECT_FALSE(tag.has("autofocus"));
        if (tag.name == "input" && tag.get("name") == "username") {
            found = true;
            EXPECT_EQ(test::decodeEntities(tag.get("value")), username);
        }
    }
    EXPECT_TRUE(found);
}

}  // namespace
}  // namespace confab::web
