#include "confab/store/admin_accounts.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <string>

#include "confab/store/password_hash.h"

namespace confab::store {
namespace {

class AdminAccountsTest : public ::testing::Test {
  protected:
    // The stored hash column, read with raw SQLite so the test does not trust
    // the class under test.
    std::string rawHash(const std::string& name) {
        sqlite3_stmt* stmt = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db_.handle(), "SELECT password_hash FROM admins WHERE name = ?1",
                                     -1, &stmt, nullptr),
                  SQLITE_OK);
        sqlite3_bind_text(stmt, 1, name.c_str(), -1, SQLITE_TRANSIENT);
        std::string hash;
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            hash = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        }
        sqlite3_finalize(stmt);
        return hash;
    }

    void expectRefusedAdd(const std::string& name, const std::string& password,
                          const std::string& message_part) {
        const std::size_t before = accounts_.size();
        try {
            accounts_.add(name, password, 5);
            ADD_FAILURE() << "accepted name '" << name << "' with a " << password.size()
                          << "-byte password";
        } catch (const StoreError& error) {
            EXPECT_NE(std::string(error.what()).find(message_part), std::string::npos)
                << error.what();
        }
        EXPECT_EQ(accounts_.size(), before);
    }

    Database db_ = Database::openInMemory();
    AdminAccounts accounts_{db_};
};

TEST_F(AdminAccountsTest, AddsAndVerifiesAndStoresOnlyAHash) {
    accounts_.add("alice", "alice's long password", 1234);
    EXPECT_TRUE(accounts_.verify("alice", "alice's long password"));
    EXPECT_FALSE(accounts_.verify("alice", "alice's long passwore"));
    EXPECT_FALSE(accounts_.verify("Alice", "alice's long password"));  // names are case-sensitive
    const std::string hash = rawHash("alice");
    EXPECT_EQ(hash.rfind("scrypt$", 0), 0u) << hash;
    EXPECT_EQ(hash.find("alice's long password"), std::string::npos);
    EXPECT_EQ(accounts_.storedHash("alice"), hash);
    EXPECT_FALSE(accounts_.storedHash("bob"));
    ASSERT_EQ(accounts_.all().size(), 1u);
    EXPECT_EQ(accounts_.all()[0].name, "alice");
    EXPECT_EQ(accounts_.all()[0].created, 1234);
}

TEST_F(AdminAccountsTest, RefusesBadNamesAndPasswordsAndWritesNothing) {
    const std::string ok_password = "twelve bytes";
    ASSERT_EQ(ok_password.size(), 12u);
    expectRefusedAdd("", ok_password, "admin name must be 1 to 64");
    expectRefusedAdd(std::string(65, 'a'), ok_password, "admin name must be 1 to 64");
    expectRefusedAdd("al ice", ok_password, "may only contain");
    expectRefusedAdd("al/ice", ok_password, "may only contain");
    expectRefusedAdd("alice'--", ok_password, "may only contain");
    expectRefusedAdd("al\xc3\xaf" "ce", ok_password, "may only contain");
    expectRefusedAdd(std::string("al\0ce", 5), ok_password, "may only contain");
    expectRefusedAdd("alice", "eleven byte", "at least 12 bytes");
    expectRefusedAdd("alice", "", "at least 12 bytes");
    expectRefusedAdd("alice", std::string(1025, 'x'), "at most 1024 bytes");
    EXPECT_EQ(accounts_.size(), 0u);
    // The limits themselves are allowed.
    accounts_.add(std::string(64, 'a'), ok_password, 1);
    accounts_.add("A.b_c-9", std::string(1024, 'x'), 2);
    EXPECT_TRUE(accounts_.verify(std::string(64, 'a'), ok_password));
    EXPECT_TRUE(accounts_.verify("A.b_c-9", std::string(1024, 'x')));
}

TEST_F(AdminAccountsTest, RefusesATakenNameAndKeepsTheFirstPassword) {
    accounts_.add("alice", "first password!", 1);
    expectRefusedAdd("alice", "second password!", "already exists");
    EXPECT_TRUE(accounts_.verify("alice", "first password!"));
    EXPECT_FALSE(accounts_.verify("alice", "second password!"));
    EXPECT_EQ(accounts_.all()[0].created, 1);
}

TEST_F(AdminAccountsTest, SetPasswordChecksTheNameAndTheRules) {
    accounts_.add("alice", "first password!", 1);
    EXPECT_THROW(accounts_.setPassword("bob", "a fine password"), StoreError);
    EXPECT_THROW(accounts_.setPassword("alice", "short"), StoreError);
    EXPECT_TRUE(accounts_.verify("alice", "first password!"));
    const std::string old_hash = rawHash("alice");
    accounts_.setPassword("alice", "a new password!");
    EXPECT_NE(rawHash("alice"), old_hash);
    EXPECT_TRUE(accounts_.verify("alice", "a new password!"));
    EXPECT_FALSE(accounts_.verify("alice", "first password!"));
    EXPECT_FALSE(accounts_.storedHash("bob"));
}

TEST_F(AdminAccountsTest, RemovesAndListsByName) {
    accounts_.add("zed", "zed's password!", 3);
    accounts_.add("alice", "alice password!", 1);
    accounts_.add("mallory", "mallory password", 2);
    const auto all = accounts_.all();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].name, "alice");
    EXPECT_EQ(all[1].name, "mallory");
    EXPECT_EQ(all[2].name, "zed");
    EXPECT_TRUE(accounts_.remove("mallory"));
    EXPECT_FALSE(accounts_.remove("mallory"));
    EXPECT_FALSE(accounts_.remove("' OR 1=1 --"));
    EXPECT_EQ(accounts_.size(), 2u);
    EXPECT_FALSE(accounts_.verify("mallory", "mallory password"));
}

TEST_F(AdminAccountsTest, VerifyOfAnUnknownNameRunsScryptToo) {
    accounts_.add("alice", "alice password!", 1);
    using Clock = std::chrono::steady_clock;
    const auto timeOf = [&](const std::string& name) {
        const auto start = Clock::now();
        EXPECT_FALSE(accounts_.verify(name, "not the password"));
        return Clock::now() - start;
    };
    const auto known = timeOf("alice");
    const auto unknown = timeOf("nobody") + timeOf("nobody-else");
    // Without scrypt an unknown name would take microseconds against tens of
    // milliseconds: a factor of 10 leaves room for a busy machine.
    EXPECT_GT(unknown * 10, known) << "unknown name answered much faster than a known one";
    EXPECT_FALSE(verifyAdminPassword(std::nullopt, "not the password"));
    EXPECT_FALSE(verifyAdminPassword(std::nullopt, ""));
}

}  // namespace
}  // namespace confab::store
