#include "confab/store/settings_store.h"

#include "statement.h"

namespace confab::store {

SettingsStore::SettingsStore(Database& db) : db_(db) {}

std::optional<std::string> SettingsStore::get(const std::string& key) const {
    Statement select(db_, "SELECT value FROM settings WHERE key = ?1", "SettingsStore::get");
    select.bind(1, key);
    if (!select.step()) {
        return std::nullopt;
    }
    return select.text(0);
}

void SettingsStore::set(const std::string& key, const std::string& value, UnixMillis now) {
    if (key.empty()) {
        throw StoreError("SettingsStore::set: the key is empty");
    }
    Statement(db_,
              "INSERT INTO settings (key, value, updated) VALUES (?1, ?2, ?3) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated = excluded.updated",
              "SettingsStore::set")
        .bind(1, key)
        .bind(2, value)
        .bind(3, now)
        .run();
}

bool SettingsStore::erase(const std::string& key) {
    Statement(db_, "DELETE FROM settings WHERE key = ?1", "SettingsStore::erase").bind(1, key).run();
    return changedRows(db_) > 0;
}

std::optional<UnixMillis> SettingsStore::updated(const std::string& key) const {
    Statement select(db_, "SELECT updated FROM settings WHERE key = ?1", "SettingsStore::updated");
    select.bind(1, key);
    if (!select.step()) {
        return std::nullopt;
    }
    return select.int64(0);
}

}  // namespace confab::store
