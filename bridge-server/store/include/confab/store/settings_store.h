// SettingsStore: small named values the admin changes at run time and that
// must survive a restart, e.g. the dial policy edited on the admin page
// (key "policy", JSON written and read by the control code). Values are
// opaque text here; whoever writes a key validates it.
//
// Thread contract: like every store object, used by one thread at a time
// together with its Database (see database.h).
#pragma once

#include <optional>
#include <string>

#include "confab/store/database.h"

namespace confab::store {

class SettingsStore {
  public:
    explicit SettingsStore(Database& db);

    // nullopt when the key was never set (or was erased).
    std::optional<std::string> get(const std::string& key) const;
    // Inserts or replaces; `now` is recorded as the time of the change.
    // Throws StoreError for an empty key.
    void set(const std::string& key, const std::string& value, UnixMillis now);
    // True when the key existed.
    bool erase(const std::string& key);
    // When the key was last set, or nullopt.
    std::optional<UnixMillis> updated(const std::string& key) const;

  private:
    Database& db_;
};

}  // namespace confab::store
