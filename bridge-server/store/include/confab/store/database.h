// Database: one open SQLite connection holding the bridge's durable state.
//
// Thread contract: a Database and every store object built on it (Directory,
// ConferenceLog) live on the bridge's control thread and are used only there,
// never from the media thread. SQLite is opened without its own mutex for that
// reason. Another process or thread may open the same file with its own
// Database: WAL mode lets readers run beside the one writer, and a writer that
// finds the file locked waits up to 2 s (busy_timeout) before StoreError.
//
// Settings applied on every open: journal_mode=WAL (files only), synchronous=
// NORMAL, foreign_keys=ON, busy_timeout=2000 ms. The schema is versioned with
// PRAGMA user_version; open() creates it or migrates an older one forward, and
// refuses a file written by a newer bridge.
//
// Movable, not copyable. Directory and ConferenceLog keep a reference to the
// Database, so do not move it while they exist.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "confab/store/store_error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace confab::store {

class Statement;

class Database {
  public:
    // The schema version this build writes (PRAGMA user_version).
    static constexpr int kSchemaVersion = 3;

    // Opens or creates `file` (its folder must exist) and creates or migrates
    // the schema. Throws StoreError.
    static Database open(const std::filesystem::path& file);
    // A private in-memory database with the same schema, for tests.
    static Database openInMemory();

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    sqlite3* handle() const;
    const std::filesystem::path& path() const;  // empty for openInMemory()
    int schemaVersion() const;                  // PRAGMA user_version

    // Runs `work` in one transaction: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK
    // and rethrow when `work` throws. Nested calls (a store method that needs
    // a transaction, called inside another one) become SAVEPOINTs, so an inner
    // failure rolls back only the inner part if the outer work catches it.
    void transaction(const std::function<void()>& work);
    bool inTransaction() const;

    // Runs SQL text that has no parameters (schema, PRAGMAs). Never pass
    // data here: everything that carries data uses bound parameters.
    void execute(const char* sql, const char* operation);

  private:
    struct Impl;
    explicit Database(std::unique_ptr<Impl> impl);
    static Database openWith(const std::string& name, const std::filesystem::path& file, bool wal);

    friend class Statement;
    // The prepared statement for `sql`, prepared once per connection and kept.
    sqlite3_stmt* cachedStatement(const char* sql, const char* operation);

    std::unique_ptr<Impl> impl_;
};

}  // namespace confab::store
