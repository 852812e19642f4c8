#include "confab/store/admin_accounts.h"

#include "confab/store/password_hash.h"
#include "statement.h"

namespace confab::store {
namespace {

bool isNameCharacter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

// Same parameters as hashPassword, so an unknown name costs what a known one
// does. Its all-zero key is not the scrypt output of any password we know of,
// and verify() returns false for unknown names regardless.
const std::string& dummyHash() {
    static const std::string hash = "scrypt$N=" + std::to_string(kScryptN) +
                                    ",r=" + std::to_string(kScryptR) +
                                    ",p=" + std::to_string(kScryptP) +
                                    "$AAAAAAAAAAAAAAAAAAAAAA=="
                                    "$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    return hash;
}

void checkName(const std::string& name) {
    if (const auto problem = adminNameProblem(name)) {
        throw StoreError("the admin name " + *problem);
    }
}

void checkPassword(const std::string& password) {
    if (const auto problem = adminPasswordProblem(password)) {
        throw StoreError("the password " + *problem);
    }
}

}  // namespace

std::optional<std::string> adminNameProblem(std::string_view name) {
    if (name.empty() || name.size() > kAdminNameMaxLength) {
        return "must be 1 to " + std::to_string(kAdminNameMaxLength) + " characters long";
    }
    for (const char c : name) {
        if (!isNameCharacter(c)) {
            return std::string("may only contain the letters A-Z and a-z, digits, '.', '_' and '-'");
        }
    }
    return std::nullopt;
}

std::optional<std::string> adminPasswordProblem(std::string_view password) {
    if (password.size() < kAdminPasswordMinLength) {
        return "must be at least " + std::to_string(kAdminPasswordMinLength) + " bytes long";
    }
    if (password.size() > kAdminPasswordMaxLength) {
        return "must be at most " + std::to_string(kAdminPasswordMaxLength) + " bytes long";
    }
    return std::nullopt;
}

bool verifyAdminPassword(const std::optional<std::string>& stored_hash, std::string_view password) {
    if (!stored_hash) {
        verifyPassword(password, dummyHash());
        return false;
    }
    return verifyPassword(password, *stored_hash);
}

AdminAccounts::AdminAccounts(Database& db) : db_(db) {}

void AdminAccounts::add(const std::string& name, const std::string& password, UnixMillis now) {
    checkName(name);
    checkPassword(password);
    // Hash before taking the write lock: scrypt is the slow part.
    const std::string hash = hashPassword(password);
    db_.transaction([&] {
        if (storedHash(name)) {
            throw StoreError("an admin named " + name + " already exists");
        }
        Statement(db_, "INSERT INTO admins (name, password_hash, created) VALUES (?1, ?2, ?3)",
                  "AdminAccounts::add")
            .bind(1, name)
            .bind(2, hash)
            .bind(3, now)
            .run();
    });
}

void AdminAccounts::setPassword(const std::string& name, const std::string& password) {
    checkPassword(password);
    if (!storedHash(name)) {
        throw StoreError("there is no admin named " + name);
    }
    const std::string hash = hashPassword(password);
    Statement(db_, "UPDATE admins SET password_hash = ?2 WHERE name = ?1",
              "AdminAccounts::setPassword")
        .bind(1, name)
        .bind(2, hash)
        .run();
    // Removed by another connection while we were hashing.
    if (changedRows(db_) == 0) {
        throw StoreError("there is no admin named " + name);
    }
}

bool AdminAccounts::remove(const std::string& name) {
    Statement(db_, "DELETE FROM admins WHERE name = ?1", "AdminAccounts::remove")
        .bind(1, name)
        .run();
    return changedRows(db_) > 0;
}

bool AdminAccounts::verify(const std::string& name, const std::string& password) const {
    return verifyAdminPassword(storedHash(name), password);
}

std::optional<std::string> AdminAccounts::storedHash(const std::string& name) const {
    Statement select(db_, "SELECT password_hash FROM admins WHERE name = ?1",
                     "AdminAccounts::storedHash");
    select.bind(1, name);
    if (!select.step()) {
        return std::nullopt;
    }
    return select.text(0);
}

std::vector<AdminAccount> AdminAccounts::all() const {
    Statement select(db_, "SELECT name, created FROM admins ORDER BY name", "AdminAccounts::all");
    std::vector<AdminAccount> accounts;
    while (select.step()) {
        accounts.push_back(AdminAccount{select.text(0), select.int64(1)});
    }
    return accounts;
}

std::size_t AdminAccounts::size() const {
    Statement select(db_, "SELECT COUNT(*) FROM admins", "AdminAccounts::size");
    select.step();
    return static_cast<std::size_t>(select.int64(0));
}

}  // namespace confab::store
