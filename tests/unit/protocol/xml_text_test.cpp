#include "confab/protocol/xml_text.h"

#include <gloox/tag.h>
#include <gtest/gtest.h>

#include "wire.h"

namespace confab::protocol {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(XmlSafeTextTest, ValidTextIsUnchanged) {
    for (const std::string& text :
         {std::string(""), std::string("plain ascii ~!@#$%^&*()"), testing::kSpecials,
          testing::kRtl, std::string("tab\tlf\ncr\r"), std::string("\xF0\x9F\x93\x9E phone"),
          std::string("\xEE\x80\x80 private use"), std::string("\xEF\xBF\xBD"),
          std::string("\xF4\x8F\xBF\xBD max plane 16"), std::string("\x7F del and \xC2\x85 nel")})
        EXPECT_EQ(xmlSafeText(text), text);
}

TEST(XmlSafeTextTest, ControlCharactersBecomeReplacementCharacters) {
    EXPECT_EQ(xmlSafeText(std::string("a\0b", 3)), "a" + kFffd + "b");
    EXPECT_EQ(xmlSafeText("\x01\x08\x0B\x0C\x1F"), kFffd + kFffd + kFffd + kFffd + kFffd);
    EXPECT_EQ(xmlSafeText("x\x1By"), "x" + kFffd + "y");
}

TEST(XmlSafeTextTest, NoncharactersFffeAndFfffAreReplaced) {
    EXPECT_EQ(xmlSafeText("a\xEF\xBF\xBE" "b\xEF\xBF\xBF"), "a" + kFffd + "b" + kFffd);
}

TEST(XmlSafeTextTest, IllFormedUtf8IsReplacedPerMaximalSubpart) {
    EXPECT_EQ(xmlSafeText("\xFF\xFE"), kFffd + kFffd);
    EXPECT_EQ(xmlSafeText("\x80"), kFffd);                    // stray continuation
    EXPECT_EQ(xmlSafeText("\xC0\xAF"), kFffd + kFffd);        // overlong '/'
    EXPECT_EQ(xmlSafeText("\xE0\x80\xAF"), kFffd + kFffd + kFffd);  // overlong
    EXPECT_EQ(xmlSafeText("\xED\xA0\x80"), kFffd + kFffd + kFffd);  // lone high surrogate
    EXPECT_EQ(xmlSafeText("\xED\xBF\xBF"), kFffd + kFffd + kFffd);  // lone low surrogate
    EXPECT_EQ(xmlSafeText("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);  // > U+10FFFF
    EXPECT_EQ(xmlSafeText("\xE2\x82"), kFffd);                // truncated, one subpart
    EXPECT_EQ(xmlSafeText("\xE2\x82x"), kFffd + "x");
    EXPECT_EQ(xmlSafeText("\xF0\x9F\x93"), kFffd);
    EXPECT_EQ(xmlSafeText("ok\xC3"), "ok" + kFffd);
}

TEST(XmlSafeTextTest, ResultIsAlwaysAFixedPoint) {
    std::string every_byte;
    for (int i = 0; i < 256; ++i) every_byte.push_back(static_cast<char>(i));
    for (int i = 255; i >= 0; --i) every_byte.push_back(static_cast<char>(i));
    const std::string once = xmlSafeText(every_byte);
    EXPECT_EQ(xmlSafeText(once), once);
}

TEST(XmlSafeTextTest, TruncatesAtACodePointBoundary) {
    const std::string shalom = "\xD7\xA9\xD7\x9C";  // two 2-byte letters
    EXPECT_EQ(xmlSafeText(shalom, 4), shalom);
    EXPECT_EQ(xmlSafeText(shalom, 3), "\xD7\xA9");
    EXPECT_EQ(xmlSafeText(shalom, 1), "");
    EXPECT_EQ(xmlSafeText("\x01", 2), "");  // U+FFFD takes 3 bytes
    EXPECT_EQ(xmlSafeText(std::string(100 * 1024, 'x'), 10), std::string(10, 'x'));
}

TEST(XmlSafeTextTest, GlooxSilentlyDropsControlCharactersWithoutIt) {
    // Why xmlSafeText exists: gloox refuses the whole value and says nothing.
    gloox::Tag raw("t", "a\x01" "b");
    EXPECT_EQ(raw.cdata(), "");
    gloox::Tag safe("t", xmlSafeText("a\x01" "b"));
    EXPECT_EQ(safe.cdata(), "a" + kFffd + "b");
}

TEST(ParseXmlTest, ParsesOneElementWithNamespaceAndEntities) {
    const auto tag = parseXml("<a xmlns='urn:x' k='&lt;&amp;&apos;'><b>&#x41;&#66;&gt;</b></a>");
    ASSERT_NE(tag, nullptr);
    EXPECT_EQ(tag->xmlns(), "urn:x");
    EXPECT_EQ(tag->findAttribute("k"), "<&'");
    ASSERT_NE(tag->findChild("b"), nullptr);
    EXPECT_EQ(tag->findChild("b")->cdata(), "AB>");
    EXPECT_EQ(namespaceOf(*tag->findChild("b")), "urn:x");  // inherited
    EXPECT_EQ(tag->findChild("b")->xmlns(), "");  // the gloox quirk namespaceOf() exists for
}

TEST(ParseXmlTest, NamespaceOfFollowsPrefixesAndRedeclarations) {
    const auto tag = parseXml("<p:a xmlns:p='urn:x' xmlns='urn:d'><p:b><c/><q:d xmlns:q='urn:q'/>"
                              "<e xmlns='urn:e'><f/></e></p:b></p:a>");
    ASSERT_NE(tag, nullptr);
    const gloox::Tag* b = tag->children().front();
    EXPECT_EQ(namespaceOf(*tag), "urn:x");
    EXPECT_EQ(namespaceOf(*b), "urn:x");
    EXPECT_EQ(namespaceOf(*b->findChild("c")), "urn:d");
    EXPECT_EQ(namespaceOf(*b->findChild("d")), "urn:q");
    EXPECT_EQ(namespaceOf(*b->findChild("e")->findChild("f")), "urn:e");
}

TEST(ParseXmlTest, RejectsAnythingButOneCompleteElement) {
    for (const std::string& xml :
         {std::string(""), std::string("text"), std::string("<a>"), std::string("<a></b>"),
          std::string("<a/><b/>"), std::string("<a>&bogus;</a>"), std::string("<a>&#1;</a>"),
          std::string("<a b='1></a>"), std::string("</a>")})
        EXPECT_EQ(parseXml(xml), nullptr) << xml;
}

TEST(ParseXmlTest, SurvivesDeepNestingAndHugeText) {
    std::string deep;
    for (int i = 0; i < 2000; ++i) deep += "<a>";
    for (int i = 0; i < 2000; ++i) deep += "</a>";
    EXPECT_NE(parseXml(deep), nullptr);
    const auto big = parseXml("<a>" + std::string(1024 * 1024, 'x') + "</a>");
    ASSERT_NE(big, nullptr);
    EXPECT_EQ(big->cdata().size(), 1024u * 1024u);
}

}  // namespace
}  // namespace confab::protocol
