#include "confab/shared/utf8.h"

#include <gtest/gtest.h>

namespace confab {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
    EXPECT_TRUE(isValidUtf8(""));
    EXPECT_TRUE(isValidUtf8("plain ascii"));
    EXPECT_TRUE(isValidUtf8("Zoë 李雷 🎉 \xF4\x8F\xBF\xBF"));  // U+10FFFF is the last valid
}

TEST(Utf8Test, RejectsEveryKindOfIllFormedSequence) {
    EXPECT_EQ(findInvalidUtf8("ab\x80"), 2U);                // stray continuation
    EXPECT_EQ(findInvalidUtf8("ab\xC3"), 2U);                // truncated
    EXPECT_EQ(findInvalidUtf8("\xC3(x"), 0U);                // bad continuation
    EXPECT_EQ(findInvalidUtf8("\xC0\xAF"), 0U);              // overlong '/'
    EXPECT_EQ(findInvalidUtf8("\xE0\x80\xAF"), 0U);          // overlong, 3 bytes
    EXPECT_EQ(findInvalidUtf8("\xED\xA0\x80"), 0U);          // UTF-16 surrogate
    EXPECT_EQ(findInvalidUtf8("\xF4\x90\x80\x80"), 0U);      // above U+10FFFF
    EXPECT_EQ(findInvalidUtf8("\xF8\x88\x80\x80\x80"), 0U);  // 5-byte form
    EXPECT_EQ(findInvalidUtf8("\xFF"), 0U);
}

TEST(Utf8Test, DecodesCodePoints) {
    const auto euro = decodeUtf8At("x\xE2\x82\xAC", 1);
    ASSERT_TRUE(euro);
    EXPECT_EQ(euro->value, U'\u20AC');
    EXPECT_EQ(euro->length, 3U);
    EXPECT_FALSE(decodeUtf8At("x", 1));
}

TEST(Utf8Test, CountsColumns) {
    EXPECT_EQ(countCodePoints("Zoë x", 4), 3U);
    EXPECT_EQ(countCodePoints("Zoë x", 100), 5U);
}

TEST(Utf8Test, NamesAndClassifiesCharacters) {
    EXPECT_EQ(codePointName(0x1B), "U+001B");
    EXPECT_EQ(codePointName(0x1F389), "U+1F389");
    EXPECT_TRUE(isControlCodePoint(0));
    EXPECT_TRUE(isControlCodePoint(0x85));
    EXPECT_FALSE(isControlCodePoint(U'é'));
    EXPECT_TRUE(isDisplayTrickCodePoint(0x202E));
    EXPECT_FALSE(isDisplayTrickCodePoint(U'a'));
}

}  // namespace
}  // namespace confab
