// Statement: one use of a prepared SQLite statement. The statement itself is
// prepared once per connection and cached in the Database; a Statement binds
// parameters (bound only, never spliced into SQL text), steps, reads columns,
// and resets the cached statement when it goes out of scope so it holds no
// read lock. If the cached statement is already in use (a nested use of the
// same SQL), a private one is prepared and finalised instead.
//
// Every failure throws StoreError naming `operation` and sqlite3_errmsg().
// Control thread only, like the Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "confab/store/database.h"

namespace confab::store {

class Statement {
  public:
    // `operation` names what the caller is doing, for error messages
    // ("Directory::upsert: insert number"); it must outlive the Statement.
    Statement(Database& db, const char* sql, const char* operation);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in "?1".
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::optional<std::int64_t> value);

    // True when a row is ready, false when the statement is done.
    bool step();
    // Steps a statement that returns no rows.
    void run();

    std::string text(int column) const;
    std::int64_t int64(int column) const;
    std::optional<std::int64_t> optionalInt64(int column) const;

  private:
    [[noreturn]] void fail(const char* what) const;

    sqlite3* db_;
    sqlite3_stmt* stmt_;
    bool owned_;
    const char* operation_;
};

// Throws StoreError("<operation>: <what>: <sqlite3_errmsg> (code N)").
[[noreturn]] void throwSqliteError(sqlite3* db, std::string_view operation, std::string_view what);

// The number of rows the last INSERT/UPDATE/DELETE changed on this connection.
std::int64_t changedRows(Database& db);
std::int64_t lastInsertId(Database& db);

}  // namespace confab::store
