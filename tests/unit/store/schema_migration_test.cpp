// Migration from schema versions 1 (the first release) and 2 (admin web
// page) to the current one, checked against fixtures: each schema exactly as
// it shipped.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

#include "confab/store/admin_accounts.h"
#include "confab/store/conference_log.h"
#include "confab/store/database.h"
#include "confab/store/settings_store.h"
#include "temp_folder.h"

// Searches are written with designated initializers; the fields left out
// keep their defaults, which GCC's -Wextra still reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace confab::store {
namespace {

constexpr const char* kVersion1Fixture = R"sql(
CREATE TABLE users (
    jid          TEXT PRIMARY KEY NOT NULL,
    local_part   TEXT NOT NULL,
    display_name TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('csv', 'vcard', 'admin'))
);
CREATE INDEX users_by_local_part ON users(local_part);
CREATE INDEX users_by_name_key ON users(name_key);
CREATE TABLE numbers (
    jid       TEXT NOT NULL REFERENCES users(jid) ON DELETE CASCADE,
    number    TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('work', 'mobile', 'other')),
    preferred INTEGER NOT NULL DEFAULT 0 CHECK (preferred IN (0, 1)),
    position  INTEGER NOT NULL,
    PRIMARY KEY (jid, number)
);
CREATE INDEX numbers_by_number ON numbers(number);
CREATE UNIQUE INDEX numbers_one_preferred ON numbers(jid) WHERE preferred = 1;
CREATE TABLE name_words (
    jid  TEXT NOT NULL REFERENCES users(jid) ON DELETE CASCADE,
    word TEXT NOT NULL,
    PRIMARY KEY (jid, word)
);
CREATE INDEX name_words_by_word ON name_words(word);
CREATE TABLE conferences (
    id         INTEGER PRIMARY KEY,
    owner_jid  TEXT NOT NULL,
    room_jid   TEXT NOT NULL DEFAULT '',
    started    INTEGER NOT NULL,
    ended      INTEGER,
    end_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX conferences_by_ended ON conferences(ended);
CREATE TABLE legs (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id),
    requester_jid TEXT NOT NULL,
    number        TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    started       INTEGER NOT NULL,
    answered      INTEGER,
    ended         INTEGER,
    end_reason    TEXT NOT NULL DEFAULT '',
    sip_code      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX legs_by_conference ON legs(conference_id);
CREATE INDEX legs_by_ended ON legs(ended);
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences(id),
    at            INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    detail        TEXT NOT NULL
);
CREATE INDEX events_by_conference ON events(conference_id);
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor_jid TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    allowed   INTEGER NOT NULL CHECK (allowed IN (0, 1)),
    reason    TEXT NOT NULL
);
CREATE INDEX audit_by_at ON audit(at);
INSERT INTO conferences (id, owner_jid, room_jid, started) VALUES (7, 'alice@example.com', 'r@muc', 1000);
INSERT INTO legs (id, conference_id, requester_jid, number, display_name, started)
    VALUES (70, 7, 'alice@example.com', '+15550001111', 'Carol', 1100);
PRAGMA user_version = 1;
)sql";

// Run after kVersion1Fixture: what version 2 added, as it shipped, with data.
constexpr const char* kVersion2Fixture = R"sql(
CREATE TABLE admins (
    name          TEXT PRIMARY KEY NOT NULL,
    password_hash TEXT NOT NULL,
    created       INTEGER NOT NULL
);
CREATE TABLE settings (
    key     TEXT PRIMARY KEY NOT NULL,
    value   TEXT NOT NULL,
    updated INTEGER NOT NULL
);
CREATE INDEX legs_by_started ON legs(started);
INSERT INTO settings (key, value, updated) VALUES ('policy', '{"v":2}', 20);
INSERT INTO events (conference_id, at, kind, detail) VALUES (7, 1200, 'talker', 'Carol');
PRAGMA user_version = 2;
)sql";

void runRaw(sqlite3* db, const char* sql) {
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
}

// Every table and index as "type name" lines, sorted, for comparing shapes.
// Columns are compared through PRAGMA table_info per table.
std::vector<std::string> schemaShape(const Database& db) {
    std::vector<std::string> shape;
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db.handle(),
                                 "SELECT type, name, tbl_name FROM sqlite_schema "
                                 "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
                                 -1, &stmt, nullptr),
              SQLITE_OK);
    std::vector<std::string> tables;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        const std::string type = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
        shape.push_back(type + " " + name + " on " +
                        reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2)));
        if (type == "table") {
            tables.push_back(name);
        }
    }
    sqlite3_finalize(stmt);
    for (const auto& table : tables) {
        sqlite3_stmt* columns = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db.handle(),
                                     "SELECT name, type, \"notnull\", dflt_value, pk "
                                     "FROM pragma_table_info(?1)",
                                     -1, &columns, nullptr),
                  SQLITE_OK);
        sqlite3_bind_text(columns, 1, table.c_str(), -1, SQLITE_TRANSIENT);
        while (sqlite3_step(columns) == SQLITE_ROW) {
            std::string line = "column " + table;
            for (int i = 0; i < 5; ++i) {
                const auto* text = sqlite3_column_text(columns, i);
                line += " " + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
            }
            shape.push_back(line);
        }
        sqlite3_finalize(columns);
    }
    return shape;
}

TEST(SchemaMigrationTest, MigratesAVersion1FileKeepingItsData) {
    testing::TempFolder folder;
    const auto file = folder.file("v1.db");
    {
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
        runRaw(raw, kVersion1Fixture);
        sqlite3_close(raw);
    }
    Database db = Database::open(file);
    EXPECT_EQ(db.schemaVersion(), 3);
    EXPECT_EQ(Database::kSchemaVersion, 3);
    ConferenceLog log(db);
    const auto leg = log.leg(70);
    ASSERT_TRUE(leg);
    EXPECT_EQ(leg->display_name, "Carol");
    EXPECT_EQ(log.searchLegs({.user = "alice"}).total, 1u);

    AdminAccounts accounts(db);
    accounts.add("admin", "a long enough password", 5);
    EXPECT_TRUE(accounts.verify("admin", "a long enough password"));
    SettingsStore(db).set("policy", "{}", 5);
    EXPECT_EQ(SettingsStore(db).get("policy"), "{}");

    // A migrated file has exactly the shape of a fresh one.
    Database fresh = Database::open(folder.file("fresh.db"));
    EXPECT_EQ(schemaShape(db), schemaShape(fresh));
    const auto shape = schemaShape(fresh);
    for (const char* expected : {"table admins on admins", "table settings on settings",
                                 "index legs_by_started on legs"}) {
        EXPECT_NE(std::find(shape.begin(), shape.end(), expected), shape.end()) << expected;
    }
}

TEST(SchemaMigrationTest, MigratesAVersion2FileToRecordings) {
    testing::TempFolder folder;
    const auto file = folder.file("v2.db");
    {
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
        runRaw(raw, kVersion1Fixture);
        runRaw(raw, kVersion2Fixture);
        sqlite3_close(raw);
    }
    Database db = Database::open(file);
    EXPECT_EQ(db.schemaVersion(), 3);
    ConferenceLog log(db);
    EXPECT_EQ(SettingsStore(db).get("policy"), "{\"v\":2}");
    EXPECT_EQ(log.leg(70)->display_name, "Carol");
    EXPECT_TRUE(log.recordings(7).empty());

    RecordingRecord recording;
    recording.conference_id = 7;
    recording.path = "/r/conf-7-mix.wav";
    recording.format = "wav";
    recording.started = 1100;
    recording.ended = 5100;
    recording.bytes = 64044;
    const auto id = log.recordingAdded(recording);
    EXPECT_EQ(log.recording(id)->path, "/r/conf-7-mix.wav");
    const auto events = log.events(7);
    ASSERT_EQ(events.size(), 2u);  // the old one is kept
    EXPECT_EQ(events[0].detail, "Carol");
    EXPECT_EQ(events[1].kind, "recording");
    // The foreign key holds in a migrated file too.
    recording.conference_id = 8;
    EXPECT_THROW(log.recordingAdded(recording), StoreError);

    Database fresh = Database::open(folder.file("fresh.db"));
    EXPECT_EQ(schemaShape(db), schemaShape(fresh));
    const auto shape = schemaShape(fresh);
    for (const char* expected : {"table recordings on recordings", "index recordings_by_conference on recordings",
                                 "column recordings participant INTEGER 1 0 0",
                                 "column recordings started_ms INTEGER 1 NULL 0",
                                 "column recordings bytes INTEGER 1 0 0"}) {
        EXPECT_NE(std::find(shape.begin(), shape.end(), expected), shape.end()) << expected;
    }
}

TEST(SchemaMigrationTest, ReopeningAMigratedFileChangesNothing) {
    testing::TempFolder folder;
    const auto file = folder.file("v1.db");
    {
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
        runRaw(raw, kVersion1Fixture);
        sqlite3_close(raw);
    }
    std::vector<std::string> first_shape;
    {
        Database db = Database::open(file);
        AdminAccounts(db).add("admin", "a long enough password", 5);
        first_shape = schemaShape(db);
    }
    Database db = Database::open(file);
    EXPECT_EQ(db.schemaVersion(), Database::kSchemaVersion);
    EXPECT_EQ(schemaShape(db), first_shape);
    EXPECT_EQ(AdminAccounts(db).size(), 1u);
}

}  // namespace
}  // namespace confab::store
