#include "confab/store/database.h"

#include <sqlite3.h>

#include <string>
#include <unordered_map>
#include <utility>

#include "schema.h"
#include "statement.h"

namespace confab::store {

struct Database::Impl {
    sqlite3* db = nullptr;
    std::filesystem::path path;
    std::unordered_map<std::string, sqlite3_stmt*> statements;
    int transaction_depth = 0;

    ~Impl() {
        for (auto& entry : statements) {
            sqlite3_finalize(entry.second);
        }
        if (db != nullptr) {
            sqlite3_close_v2(db);
        }
    }
};

namespace {

// One text value from a parameterless query (PRAGMAs).
std::string queryText(sqlite3* db, const char* sql, std::string_view operation) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
        sqlite3_finalize(stmt);
        throwSqliteError(db, operation, sql);
    }
    std::string value;
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        if (const auto* text = sqlite3_column_text(stmt, 0)) {
            value = reinterpret_cast<const char*>(text);
        }
    } else if (rc != SQLITE_DONE) {
        sqlite3_finalize(stmt);
        throwSqliteError(db, operation, sql);
    }
    sqlite3_finalize(stmt);
    return value;
}

}  // namespace

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&& other) noexcept = default;
Database& Database::operator=(Database&& other) noexcept = default;
Database::~Database() = default;

Database Database::open(const std::filesystem::path& file) {
    return openWith(file.string(), file, true);
}

Database Database::openInMemory() {
    return openWith(":memory:", {}, false);
}

Database Database::openWith(const std::string& name, const std::filesystem::path& file, bool wal) {
    const std::string operation = "opening database " + (wal ? file.string() : name);
    auto impl = std::make_unique<Impl>();
    impl->path = file;
    // NOMUTEX: a connection is used by the control thread only (see header).
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(name.c_str(), &impl->db, flags, nullptr) != SQLITE_OK) {
        if (impl->db == nullptr) {
            throw StoreError(operation + ": out of memory");
        }
        throwSqliteError(impl->db, operation, "sqlite3_open_v2");
    }
    sqlite3_extended_result_codes(impl->db, 1);
    sqlite3_busy_timeout(impl->db, 2000);

    Database db(std::move(impl));
    // journal_mode is read back: SQLite answers with the mode it really uses
    // ("memory" for an in-memory database, and a file it cannot switch keeps
    // its old mode), and the reading also proves the file is a database.
    const std::string mode = queryText(db.handle(), "PRAGMA journal_mode = WAL", operation);
    if (wal && mode != "wal") {
        throw StoreError(operation + ": could not switch to WAL mode (journal_mode is '" + mode +
                         "')");
    }
    db.execute("PRAGMA synchronous = NORMAL", operation.c_str());
    db.execute("PRAGMA foreign_keys = ON", operation.c_str());
    if (queryText(db.handle(), "PRAGMA foreign_keys", operation) != "1") {
        throw StoreError(operation + ": this SQLite cannot enforce foreign keys");
    }
    migrateSchema(db);
    return db;
}

sqlite3* Database::handle() const {
    return impl_ ? impl_->db : nullptr;
}

const std::filesystem::path& Database::path() const {
    static const std::filesystem::path none;
    return impl_ ? impl_->path : none;
}

int Database::schemaVersion() const {
    if (!impl_) {
        throw StoreError("reading the schema version: the database is not open");
    }
    return std::stoi(queryText(impl_->db, "PRAGMA user_version", "reading the schema version"));
}

void Database::execute(const char* sql, const char* operation) {
    if (!impl_) {
        throw StoreError(std::string(operation) + ": the database is not open");
    }
    char* message = nullptr;
    if (sqlite3_exec(impl_->db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        throwSqliteError(impl_->db, operation, "executing SQL");
    }
}

bool Database::inTransaction() const {
    return impl_ && sqlite3_get_autocommit(impl_->db) == 0;
}

void Database::transaction(const std::function<void()>& work) {
    if (!impl_) {
        throw StoreError("transaction: the database is not open");
    }
    const int depth = impl_->transaction_depth;
    // Savepoint names come from our own counter, never from data.
    const std::string savepoint = "confab_nested_" + std::to_string(depth);
    if (depth == 0) {
        execute("BEGIN IMMEDIATE", "transaction: BEGIN IMMEDIATE");
    } else {
        execute(("SAVEPOINT " + savepoint).c_str(), "transaction: SAVEPOINT");
    }
    ++impl_->transaction_depth;
    try {
        work();
    } catch (...) {
        --impl_->transaction_depth;
        // Best effort: SQLite may already have rolled back on its own (e.g.
        // after SQLITE_FULL); the original exception is what matters.
        if (depth == 0) {
            if (sqlite3_get_autocommit(impl_->db) == 0) {
                sqlite3_exec(impl_->db, "ROLLBACK", nullptr, nullptr, nullptr);
            }
        } else {
            const std::string undo = "ROLLBACK TO " + savepoint + "; RELEASE " + savepoint;
            sqlite3_exec(impl_->db, undo.c_str(), nullptr, nullptr, nullptr);
        }
        throw;
    }
    --impl_->transaction_depth;
    if (depth == 0) {
        if (sqlite3_exec(impl_->db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
            const std::string message = sqlite3_errmsg(impl_->db);
            if (sqlite3_get_autocommit(impl_->db) == 0) {
                sqlite3_exec(impl_->db, "ROLLBACK", nullptr, nullptr, nullptr);
            }
            throw StoreError("transaction: COMMIT: " + message + " (rolled back)");
        }
    } else {
        execute(("RELEASE " + savepoint).c_str(), "transaction: RELEASE");
    }
}

sqlite3_stmt* Database::cachedStatement(const char* sql, const char* operation) {
    auto found = impl_->statements.find(sql);
    if (found != impl_->statements.end()) {
        return found->second;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(impl_->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK) {
        sqlite3_finalize(stmt);
        throwSqliteError(impl_->db, operation, "preparing a statement");
    }
    impl_->statements.emplace(sql, stmt);
    return stmt;
}

}  // namespace confab::store
