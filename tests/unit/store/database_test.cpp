#include "confab/store/database.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "confab/store/conference_log.h"
#include "confab/store/directory.h"
#include "temp_folder.h"

namespace confab::store {
namespace {

using testing::TempFolder;

std::string pragmaText(const Database& db, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db.handle(), sql, -1, &stmt, nullptr), SQLITE_OK);
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
        value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
}

int countRows(const Database& db, const std::string& table) {
    // Table names are test constants, not data.
    return std::stoi(pragmaText(db, ("SELECT count(*) FROM " + table).c_str()));
}

TEST(StoreDatabaseTest, CreatesTheSchemaInWalModeWithTheSettings) {
    TempFolder folder;
    const auto file = folder.file("bridge.db");
    Database db = Database::open(file);
    EXPECT_TRUE(std::filesystem::exists(file));
    EXPECT_EQ(db.path(), file);
    EXPECT_EQ(pragmaText(db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(pragmaText(db, "PRAGMA synchronous"), "1");  // NORMAL
    EXPECT_EQ(pragmaText(db, "PRAGMA foreign_keys"), "1");
    EXPECT_EQ(pragmaText(db, "PRAGMA busy_timeout"), "2000");
    EXPECT_EQ(db.schemaVersion(), Database::kSchemaVersion);
    EXPECT_EQ(pragmaText(db, "PRAGMA user_version"), std::to_string(Database::kSchemaVersion));
    for (const char* table :
         {"users", "numbers", "name_words", "conferences", "legs", "events", "audit", "recordings"}) {
        EXPECT_EQ(countRows(db, table), 0) << table;
    }
    for (const char* index : {"legs_by_conference", "numbers_by_number", "conferences_by_ended"}) {
        const std::string sql =
            std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = '") +
            index + "'";
        EXPECT_EQ(pragmaText(db, sql.c_str()), "1") << index;
    }
}

TEST(StoreDatabaseTest, ReopeningKeepsTheDataAndTheSchemaVersion) {
    TempFolder folder;
    const auto file = folder.file("bridge.db");
    std::int64_t conference_id = 0;
    {
        Database db = Database::open(file);
        Directory directory(db);
        directory.upsert(DirectoryUser{
            "alice@example.com", "Alice", {{"+15551230001", NumberKind::Work, true}}, "admin"});
        ConferenceLog log(db);
        conference_id = log.conferenceStarted("alice@example.com", "room@muc.example.com", 1000);
    }
    Database db = Database::open(file);
    EXPECT_EQ(db.schemaVersion(), Database::kSchemaVersion);
    EXPECT_EQ(pragmaText(db, "PRAGMA journal_mode"), "wal");
    Directory directory(db);
    const auto alice = directory.findByJid("alice@example.com");
    ASSERT_TRUE(alice);
    EXPECT_EQ(alice->display_name, "Alice");
    ASSERT_EQ(alice->numbers.size(), 1u);
    EXPECT_EQ(alice->numbers[0].number, "+15551230001");
    const auto conference = ConferenceLog(db).conference(conference_id);
    ASSERT_TRUE(conference);
    EXPECT_EQ(conference->room_jid, "room@muc.example.com");
}

TEST(StoreDatabaseTest, RefusesAFileFromANewerBridge) {
    TempFolder folder;
    const auto file = folder.file("bridge.db");
    {
        Database db = Database::open(file);
        db.execute("PRAGMA user_version = 99", "test");
    }
    try {
        Database::open(file);
        FAIL() << "a newer schema was accepted";
    } catch (const StoreError& error) {
        EXPECT_NE(std::string(error.what()).find("schema version 99 is newer"), std::string::npos)
            << error.what();
    }
}

TEST(StoreDatabaseTest, ErrorsNameTheOperationAndSqlitesMessage) {
    TempFolder folder;
    try {
        Database::open(folder.file("missing-folder/bridge.db"));
        FAIL() << "opened a file in a folder that does not exist";
    } catch (const StoreError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("opening database"), std::string::npos) << message;
        EXPECT_NE(message.find("unable to open database file"), std::string::npos) << message;
    }

    const auto not_a_db = folder.file("text.db");
    std::ofstream(not_a_db) << "this is not a database, just some text that is long enough\n";
    try {
        Database::open(not_a_db);
        FAIL() << "opened a text file";
    } catch (const StoreError& error) {
        EXPECT_NE(std::string(error.what()).find("file is not a database"), std::string::npos)
            << error.what();
    }
}

TEST(StoreDatabaseTest, TransactionCommitsOrRollsBackAndRethrows) {
    Database db = Database::openInMemory();
    ConferenceLog log(db);
    db.transaction([&] { log.audit("a@x", "call", "+1555", true, "", 1); });
    EXPECT_EQ(log.recentAudit(10).size(), 1u);

    EXPECT_THROW(db.transaction([&] {
        log.audit("a@x", "call", "+1556", true, "", 2);
        EXPECT_TRUE(db.inTransaction());
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    EXPECT_FALSE(db.inTransaction());
    EXPECT_EQ(log.recentAudit(10).size(), 1u);

    // A nested failure that the outer work catches undoes only the inner part.
    db.transaction([&] {
        log.audit("a@x", "outer", "", true, "", 3);
        try {
            db.transaction([&] {
                log.audit("a@x", "inner", "", true, "", 4);
                throw StoreError("inner");
            });
        } catch (const StoreError&) {
        }
    });
    const auto audit = log.recentAudit(10);
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[0].action, "outer");
}

TEST(StoreDatabaseTest, MovedDatabaseKeepsWorking) {
    Database first = Database::openInMemory();
    Database second = std::move(first);
    EXPECT_EQ(first.handle(), nullptr);  // NOLINT(bugprone-use-after-move)
    ConferenceLog log(second);
    EXPECT_GT(log.conferenceStarted("a@x", "", 1), 0);
}

// A second connection (another thread, as another process would) that writes
// while our transaction is open waits for it (busy_timeout) instead of
// failing, and both writes survive.
TEST(StoreDatabaseTest, ConcurrentWriterWaitsForAnOpenTransaction) {
    TempFolder folder;
    const auto file = folder.file("bridge.db");
    Database db = Database::open(file);
    ConferenceLog log(db);
    std::atomic<bool> writer_done{false};
    std::string writer_error;
    std::thread writer;
    db.transaction([&] {
        log.audit("main@x", "inside", "", true, "", 1);
        writer = std::thread([&] {
            try {
                Database other = Database::open(file);
                ConferenceLog(other).audit("other@x", "concurrent", "", true, "", 2);
            } catch (const std::exception& error) {
                writer_error = error.what();
            }
            writer_done = true;
        });
        // Hold the write lock a little while the writer waits; it must not
        // have finished while we hold it.
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        EXPECT_FALSE(writer_done.load());
    });
    writer.join();
    EXPECT_EQ(writer_error, "");
    const auto audit = log.recentAudit(10);
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[0].action, "concurrent");
    EXPECT_EQ(audit[1].action, "inside");
    EXPECT_EQ(pragmaText(db, "PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace confab::store
