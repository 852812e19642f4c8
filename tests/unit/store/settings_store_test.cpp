#include "confab/store/settings_store.h"

#include <gtest/gtest.h>

#include <string>

#include "temp_folder.h"

namespace confab::store {
namespace {

TEST(SettingsStoreTest, SetsGetsOverwritesAndErases) {
    Database db = Database::openInMemory();
    SettingsStore settings(db);
    EXPECT_FALSE(settings.get("policy"));
    EXPECT_FALSE(settings.updated("policy"));
    settings.set("policy", R"({"allowed":["+1"],"name":"it's \"quoted\""})", 100);
    EXPECT_EQ(settings.get("policy"), R"({"allowed":["+1"],"name":"it's \"quoted\""})");
    EXPECT_EQ(settings.updated("policy"), 100);
    settings.set("policy", "", 200);
    EXPECT_EQ(settings.get("policy"), "");
    EXPECT_EQ(settings.updated("policy"), 200);
    settings.set("other", "value", 300);
    EXPECT_TRUE(settings.erase("policy"));
    EXPECT_FALSE(settings.erase("policy"));
    EXPECT_FALSE(settings.get("policy"));
    EXPECT_EQ(settings.get("other"), "value");
    EXPECT_FALSE(settings.get("' OR 1=1 --"));
    EXPECT_FALSE(settings.erase("%"));
    EXPECT_EQ(settings.get("other"), "value");
}

TEST(SettingsStoreTest, RefusesAnEmptyKey) {
    Database db = Database::openInMemory();
    SettingsStore settings(db);
    EXPECT_THROW(settings.set("", "value", 1), StoreError);
    EXPECT_FALSE(settings.get(""));
}

TEST(SettingsStoreTest, SurvivesReopening) {
    testing::TempFolder folder;
    {
        Database db = Database::open(folder.file("bridge.db"));
        SettingsStore(db).set("policy", "{\"max_legs\":4}", 7);
    }
    Database db = Database::open(folder.file("bridge.db"));
    EXPECT_EQ(SettingsStore(db).get("policy"), "{\"max_legs\":4}");
    EXPECT_EQ(SettingsStore(db).updated("policy"), 7);
}

}  // namespace
}  // namespace confab::store
