// `confab-bridge admin ...` as an operator runs it, before any bridge runs:
// exit codes (0 done, 1 refused with one sentence on stderr, 2 usage), the
// stored hash verifying through the store library, and no plain password
// anywhere on disk or in the program's output.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "confab/harness/process.h"
#include "confab/harness/temporary_folder.h"
#include "confab/store/admin_accounts.h"
#include "confab/store/conference_log.h"
#include "confab/store/database.h"

extern char** environ;

namespace confab::test {
namespace {

namespace fs = std::filesystem;

struct Outcome {
    int code = -1;
    std::string out;
    std::string err;
};

class AdminCommandLineTest : public ::testing::Test {
  protected:
    void SetUp() override {
        write("component.secret", "s3cret\n");
        config_ = write("bridge.toml",
                        "[xmpp]\n"
                        "domain = \"localhost\"\n"
                        "component = \"bridge.localhost\"\n"
                        "host = \"127.0.0.1\"\n"
                        "port = 5347\n"
                        "secret_file = \"component.secret\"\n\n"
                        "[db]\n"
                        "path = \"data/confab.sqlite\"\n");
        fs::create_directories(dir() / "data");
    }

    const fs::path& dir() const { return folder_.path(); }
    fs::path database() const { return dir() / "data/confab.sqlite"; }

    fs::path write(const std::string& name, const std::string& text,
                   fs::perms perms = fs::perms::owner_read | fs::perms::owner_write) {
        const fs::path file = dir() / name;
        std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
        fs::permissions(file, perms);
        return file;
    }

    // Runs confab-bridge --config bridge.toml ARGS with `input` on stdin;
    // stdout and stderr are captured through files (no pipe to deadlock).
    Outcome run(const std::vector<std::string>& args, const std::string& input = "") {
        const fs::path in = write("stdin.txt", input);
        const fs::path out = dir() / "stdout.txt";
        const fs::path err = dir() / "stderr.txt";
        std::vector<std::string> argv{CONFAB_BRIDGE_BINARY, "--config", config_.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> raw;
        for (auto& arg : argv) raw.push_back(arg.data());
        raw.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        pid_t pid = -1;
        const int spawned = posix_spawn(&pid, raw[0], &actions, nullptr, raw.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        Outcome result;
        if (spawned != 0) {
            ADD_FAILURE() << "cannot start " << raw[0];
            return result;
        }
        int status = 0;
        waitpid(pid, &status, 0);
        result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        result.out = harness::readFile(out);
        result.err = harness::readFile(err);
        outputs_ += result.out + result.err;
        return result;
    }

    // Everything the SQLite files hold, main file and write-ahead log.
    std::string databaseBytes() const {
        std::string bytes;
        for (const char* suffix : {"", "-wal", "-shm"}) {
            bytes += harness::readFile(database().string() + suffix);
        }
        return bytes;
    }

    harness::TemporaryFolder folder_{"confab-admin-cli"};
    fs::path config_;
    std::string outputs_;  // everything the program printed, to look for leaks
};

const std::string kFirstPassword = "first-pass-Word-1234";
const std::string kSecondPassword = "second pass phrase, longer";

TEST_F(AdminCommandLineTest, AddListPasswdRemove) {
    const fs::path first = write("first.password", kFirstPassword + "\n");
    Outcome add = run({"admin", "add", "alice", "--password-file", first.string()});
    ASSERT_EQ(add.code, 0) << add.err;
    EXPECT_NE(add.out.find("admin alice added"), std::string::npos) << add.out;
    EXPECT_EQ(add.err, "");  // 0600 file: no warning

    Outcome list = run({"admin", "list"});
    ASSERT_EQ(list.code, 0) << list.err;
    EXPECT_EQ(list.out.rfind("alice\tcreated ", 0), 0u) << list.out;
    EXPECT_NE(list.out.find(" UTC\n"), std::string::npos) << list.out;
    {
        store::Database db = store::Database::open(database());
        store::AdminAccounts accounts(db);
        EXPECT_TRUE(accounts.verify("alice", kFirstPassword));  // the newline was stripped
        EXPECT_FALSE(accounts.verify("alice", kFirstPassword + "\n"));
    }

    const fs::path second = write("second.password", kSecondPassword);  // no newline
    Outcome passwd = run({"admin", "passwd", "alice", "--password-file", second.string()});
    ASSERT_EQ(passwd.code, 0) << passwd.err;
    {
        store::Database db = store::Database::open(database());
        store::AdminAccounts accounts(db);
        EXPECT_TRUE(accounts.verify("alice", kSecondPassword));
        EXPECT_FALSE(accounts.verify("alice", kFirstPassword));
        // Every change is in the audit log the admin page shows.
        std::vector<std::string> actions;
        for (const auto& row : store::ConferenceLog(db).recentAudit(10)) actions.push_back(row.action);
        EXPECT_EQ(actions, (std::vector<std::string>{"admin passwd", "admin add"}));
    }

    Outcome remove = run({"admin", "remove", "alice"});
    ASSERT_EQ(remove.code, 0) << remove.err;
    Outcome empty = run({"admin", "list"});
    EXPECT_EQ(empty.code, 0);
    EXPECT_EQ(empty.out, "");
    EXPECT_NE(empty.err.find("no admin accounts"), std::string::npos) << empty.err;
    Outcome again = run({"admin", "remove", "alice"});
    EXPECT_EQ(again.code, 1);
    EXPECT_NE(again.err.find("there is no admin named alice"), std::string::npos) << again.err;

    EXPECT_EQ(outputs_.find(kFirstPassword), std::string::npos) << "a password was printed";
    EXPECT_EQ(outputs_.find(kSecondPassword), std::string::npos) << "a password was printed";
}

TEST_F(AdminCommandLineTest, ReadsThePasswordFromStandardInput) {
    Outcome add = run({"admin", "add", "bob", "--password-file", "-"}, kFirstPassword + "\n");
    ASSERT_EQ(add.code, 0) << add.err;
    store::Database db = store::Database::open(database());
    EXPECT_TRUE(store::AdminAccounts(db).verify("bob", kFirstPassword));
}

TEST_F(AdminCommandLineTest, TheDatabaseHoldsNoPlainPassword) {
    const fs::path file = write("p.password", kFirstPassword + "\n");
    ASSERT_EQ(run({"admin", "add", "alice", "--password-file", file.string()}).code, 0);
    ASSERT_EQ(run({"admin", "add", "bob", "--password-file", "-"}, kSecondPassword).code, 0);
    const std::string bytes = databaseBytes();
    ASSERT_NE(bytes.find("alice"), std::string::npos) << "database not where the test looks";
    ASSERT_NE(bytes.find("scrypt$N="), std::string::npos);
    EXPECT_EQ(bytes.find(kFirstPassword), std::string::npos);
    EXPECT_EQ(bytes.find(kSecondPassword), std::string::npos);
}

TEST_F(AdminCommandLineTest, RefusesShortPasswordsAndWritesNothing) {
    const fs::path file = write("short.password", "eleven char\n");
    Outcome add = run({"admin", "add", "alice", "--password-file", file.string()});
    EXPECT_EQ(add.code, 1);
    EXPECT_NE(add.err.find("at least 12 bytes"), std::string::npos) << add.err;
    EXPECT_EQ(std::count(add.err.begin(), add.err.end(), '\n'), 1) << add.err;
    Outcome empty = run({"admin", "add", "alice", "--password-file", "-"}, "");
    EXPECT_EQ(empty.code, 1);
    EXPECT_NE(empty.err.find("at least 12 bytes"), std::string::npos) << empty.err;
    Outcome list = run({"admin", "list"});
    EXPECT_EQ(list.out, "");
}

TEST_F(AdminCommandLineTest, RefusesADuplicateNameAndKeepsTheFirstPassword) {
    const fs::path first = write("first.password", kFirstPassword);
    const fs::path second = write("second.password", kSecondPassword);
    ASSERT_EQ(run({"admin", "add", "alice", "--password-file", first.string()}).code, 0);
    Outcome duplicate = run({"admin", "add", "alice", "--password-file", second.string()});
    EXPECT_EQ(duplicate.code, 1);
    EXPECT_NE(duplicate.err.find("already exists"), std::string::npos) << duplicate.err;
    store::Database db = store::Database::open(database());
    store::AdminAccounts accounts(db);
    EXPECT_TRUE(accounts.verify("alice", kFirstPassword));
    EXPECT_FALSE(accounts.verify("alice", kSecondPassword));
    EXPECT_EQ(accounts.size(), 1u);
}

TEST_F(AdminCommandLineTest, RefusesBadNamesAndUnknownAccounts) {
    const fs::path file = write("p.password", kFirstPassword);
    Outcome bad = run({"admin", "add", "al ice", "--password-file", file.string()});
    EXPECT_EQ(bad.code, 1);
    EXPECT_NE(bad.err.find("may only contain"), std::string::npos) << bad.err;
    Outcome quote = run({"admin", "add", "x' OR 1=1 --", "--password-file", file.string()});
    EXPECT_EQ(quote.code, 1);
    Outcome unknown = run({"admin", "passwd", "nobody", "--password-file", file.string()});
    EXPECT_EQ(unknown.code, 1);
    EXPECT_NE(unknown.err.find("there is no admin named nobody"), std::string::npos) << unknown.err;
    Outcome missing = run({"admin", "add", "alice", "--password-file", (dir() / "absent").string()});
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("cannot read the password file"), std::string::npos) << missing.err;
}

TEST_F(AdminCommandLineTest, WarnsAboutAPasswordFileOthersCanRead) {
    const fs::path file = write("open.password", kFirstPassword + "\n",
                                fs::perms::owner_read | fs::perms::owner_write |
                                    fs::perms::group_read | fs::perms::others_read);
    Outcome add = run({"admin", "add", "alice", "--password-file", file.string()});
    EXPECT_EQ(add.code, 0) << add.err;
    EXPECT_NE(add.err.find("readable by group or others"), std::string::npos) << add.err;
    EXPECT_EQ(add.err.find(kFirstPassword), std::string::npos);
}

TEST_F(AdminCommandLineTest, UsageErrorsExitWithTwo) {
    EXPECT_EQ(run({"admin"}).code, 2);
    EXPECT_EQ(run({"admin", "frobnicate"}).code, 2);
    EXPECT_EQ(run({"admin", "add", "alice"}).code, 2);  // no --password-file
    EXPECT_EQ(run({"admin", "remove"}).code, 2);
    EXPECT_FALSE(fs::exists(database())) << "a usage error touched the database";
}

TEST_F(AdminCommandLineTest, AMissingDatabaseFolderIsExplained) {
    fs::remove_all(dir() / "data");
    const fs::path file = write("p.password", kFirstPassword);
    Outcome add = run({"admin", "add", "alice", "--password-file", file.string()});
    EXPECT_EQ(add.code, 1);
    EXPECT_NE(add.err.find("does not exist"), std::string::npos) << add.err;
}

}  // namespace
}  // namespace confab::test
