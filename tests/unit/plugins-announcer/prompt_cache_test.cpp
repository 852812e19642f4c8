#include <gtest/gtest.h>

#include "confab/announcer/prompt_cache.h"

namespace confab::announcer {
namespace {

PromptAudio audioOf(std::size_t samples) {
    return std::make_shared<const std::vector<std::int16_t>>(samples, std::int16_t{1});
}

TEST(PromptCache, FindsWhatWasInserted) {
    PromptCache cache(4, 1024);
    EXPECT_EQ(cache.find("a"), nullptr);
    const PromptAudio a = audioOf(10);
    cache.insert("a", a);
    EXPECT_EQ(cache.find("a"), a);
    EXPECT_EQ(cache.bytes(), 20U);
}

TEST(PromptCache, EvictsTheLeastRecentlyUsedByCount) {
    PromptCache cache(2, 1024);
    cache.insert("a", audioOf(1));
    cache.insert("b", audioOf(1));
    ASSERT_NE(cache.find("a"), nullptr);  // "b" is now the oldest
    cache.insert("c", audioOf(1));
    EXPECT_NE(cache.find("a"), nullptr);
    EXPECT_EQ(cache.find("b"), nullptr);
    EXPECT_NE(cache.find("c"), nullptr);
    EXPECT_EQ(cache.evictions(), 1U);
}

TEST(PromptCache, EvictsByBytes) {
    PromptCache cache(10, 100);  // 50 samples
    cache.insert("a", audioOf(20));
    cache.insert("b", audioOf(20));
    cache.insert("c", audioOf(20));  // 120 bytes: "a" goes
    EXPECT_EQ(cache.find("a"), nullptr);
    EXPECT_EQ(cache.size(), 2U);
    EXPECT_EQ(cache.bytes(), 80U);
    cache.insert("huge", audioOf(51));  // larger than the whole cache: not kept
    EXPECT_EQ(cache.find("huge"), nullptr);
    EXPECT_EQ(cache.size(), 2U);
}

TEST(PromptCache, ReplacingAnEntryKeepsTheBytesRight) {
    PromptCache cache(10, 1000);
    cache.insert("a", audioOf(10));
    cache.insert("a", audioOf(30));
    EXPECT_EQ(cache.size(), 1U);
    EXPECT_EQ(cache.bytes(), 60U);
}

}  // namespace
}  // namespace confab::announcer
