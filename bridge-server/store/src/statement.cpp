#include "statement.h"

#include <sqlite3.h>

#include <limits>
#include <string>

namespace confab::store {

void throwSqliteError(sqlite3* db, std::string_view operation, std::string_view what) {
    std::string message(operation);
    message += ": ";
    message += what;
    if (db != nullptr) {
        message += ": ";
        message += sqlite3_errmsg(db);
        message += " (code " + std::to_string(sqlite3_extended_errcode(db)) + ")";
    }
    throw StoreError(message);
}

Statement::Statement(Database& db, const char* sql, const char* operation)
    : db_(db.handle()), stmt_(nullptr), owned_(false), operation_(operation) {
    if (db_ == nullptr) {
        throw StoreError(std::string(operation) + ": the database is not open");
    }
    stmt_ = db.cachedStatement(sql, operation);
    if (sqlite3_stmt_busy(stmt_) != 0) {
        // The cached statement is being stepped further up the stack.
        sqlite3_stmt* own = nullptr;
        if (sqlite3_prepare_v2(db_, sql, -1, &own, nullptr) != SQLITE_OK) {
            sqlite3_finalize(own);
            fail("preparing a statement");
        }
        stmt_ = own;
        owned_ = true;
    }
}

Statement::~Statement() {
    if (owned_) {
        sqlite3_finalize(stmt_);
    } else {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
}

void Statement::fail(const char* what) const {
    throwSqliteError(db_, operation_, what);
}

Statement& Statement::bind(int index, std::string_view text) {
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw StoreError(std::string(operation_) + ": text parameter too long");
    }
    // A null data pointer would bind NULL; an empty string must stay ''.
    const char* data = text.data() != nullptr ? text.data() : "";
    if (sqlite3_bind_text(stmt_, index, data, static_cast<int>(text.size()), SQLITE_TRANSIENT) !=
        SQLITE_OK) {
        fail("binding a text parameter");
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, static_cast<sqlite3_int64>(value)) != SQLITE_OK) {
        fail("binding an integer parameter");
    }
    return *this;
}

Statement& Statement::bind(int index, std::optional<std::int64_t> value) {
    if (!value) {
        if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) {
            fail("binding a NULL parameter");
        }
        return *this;
    }
    return bind(index, *value);
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    fail("executing");
}

void Statement::run() {
    while (step()) {
    }
}

std::string Statement::text(int column) const {
    const auto* data = sqlite3_column_text(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);
    if (data == nullptr) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::int64_t Statement::int64(int column) const {
    return static_cast<std::int64_t>(sqlite3_column_int64(stmt_, column));
}

std::optional<std::int64_t> Statement::optionalInt64(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) {
        return std::nullopt;
    }
    return int64(column);
}

std::int64_t changedRows(Database& db) {
    return static_cast<std::int64_t>(sqlite3_changes64(db.handle()));
}

std::int64_t lastInsertId(Database& db) {
    return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db.handle()));
}

}  // namespace confab::store
