// AdminAccounts: who may log in to the admin web page. Only a salted scrypt
// hash of each password is stored (see password_hash.h); there are no default
// accounts: the first one is made with `confab-bridge admin add`.
//
// Thread contract: like every store object, used by one thread at a time
// together with its Database (see database.h). A web server that checks
// logins on several threads gives them their own Database connection, or
// holds its lock only around storedHash() and runs verifyAdminPassword()
// (the slow part) outside it. Hashing takes tens of milliseconds: never call
// add/setPassword/verify on the media thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "confab/store/database.h"

namespace confab::store {

struct AdminAccount {
    std::string name;
    UnixMillis created = 0;
};

inline constexpr std::size_t kAdminNameMaxLength = 64;
inline constexpr std::size_t kAdminPasswordMinLength = 12;
inline constexpr std::size_t kAdminPasswordMaxLength = 1024;

// Why `name` cannot be an admin name (it must be 1..64 of [A-Za-z0-9._-]),
// or nullopt when it can. The text completes "the admin name ...".
std::optional<std::string> adminNameProblem(std::string_view name);
// Why `password` cannot be an admin password (12..1024 bytes), or nullopt.
// The text completes "the password ...".
std::optional<std::string> adminPasswordProblem(std::string_view password);

// True when `password` matches `stored_hash`. For nullopt (no such admin) it
// runs scrypt against a fixed dummy hash with the same parameters and
// returns false, so the time taken does not tell which names exist.
bool verifyAdminPassword(const std::optional<std::string>& stored_hash, std::string_view password);

class AdminAccounts {
  public:
    explicit AdminAccounts(Database& db);

    // Throws StoreError (nothing written) when: the name is not 1..64 of
    // [A-Za-z0-9._-]; the password is shorter than 12 or longer than 1024
    // bytes; the name is taken. Names are case-sensitive.
    void add(const std::string& name, const std::string& password, UnixMillis now);
    // Throws StoreError (nothing written) for an unknown name or a password
    // breaking the rules of add().
    void setPassword(const std::string& name, const std::string& password);
    // True when an account was removed.
    bool remove(const std::string& name);
    // Runs scrypt even for an unknown name (against a fixed dummy hash), so
    // timing does not tell which names exist.
    bool verify(const std::string& name, const std::string& password) const;
    // The encoded hash stored for `name`, or nullopt for an unknown name.
    std::optional<std::string> storedHash(const std::string& name) const;
    std::vector<AdminAccount> all() const;  // by name
    std::size_t size() const;

  private:
    Database& db_;
};

}  // namespace confab::store
