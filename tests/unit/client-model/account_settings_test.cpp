#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

#include "confab/client/account_settings.h"
#include "qt_test_support.h"

namespace confab::client {
namespace {

TEST(AccountSettingsTest, RoundTripWithoutThePassword) {
    QTemporaryDir dir;
    const QString path = dir.filePath("confab/confab.conf");
    StoredAccount account;
    account.jid = QStringLiteral("alice@example.com");
    account.host = QStringLiteral("xmpp.example.com");
    account.port = 5223;
    account.ca_file = QStringLiteral("/etc/confab/ca.pem");
    account.trusted_fingerprints = {QStringLiteral("AB:CD")};
    account.bridge_jid = QStringLiteral("bridge.example.com");
    account.remember_password = false;
    account.last_show = PresenceShow::DoNotDisturb;
    account.last_status_text = QStringLiteral("in a meeting = busy; \"really\" [x]");
    AccountSettings(path).save(account);
    AccountSettings settings(path);
    settings.addTrustedFingerprint(" ef:01 ");
    settings.addTrustedFingerprint("AB:CD");  // already there
    const StoredAccount loaded = settings.load();
    EXPECT_EQ(loaded.jid, account.jid);
    EXPECT_EQ(loaded.host, account.host);
    EXPECT_EQ(loaded.port, 5223);
    EXPECT_EQ(loaded.ca_file, account.ca_file);
    EXPECT_EQ(loaded.trusted_fingerprints, QStringList({"AB:CD", "EF:01"}));
    EXPECT_EQ(loaded.bridge_jid, account.bridge_jid);
    EXPECT_FALSE(loaded.remember_password);
    EXPECT_EQ(loaded.last_show, PresenceShow::DoNotDisturb);
    EXPECT_EQ(loaded.last_status_text, account.last_status_text);

    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    EXPECT_TRUE(text.contains("jid=alice@example.com"));
    EXPECT_FALSE(text.contains("secret"));
    EXPECT_FALSE(text.contains("\npassword="));

    const AccountConfig config = AccountSettings::toSessionConfig(loaded, "secret");
    EXPECT_EQ(config.jid, "alice@example.com");
    EXPECT_EQ(config.password, "secret");
    EXPECT_EQ(config.host, "xmpp.example.com");
    EXPECT_EQ(config.port, 5223);
    EXPECT_EQ(config.ca_file, "/etc/confab/ca.pem");
    EXPECT_EQ(config.trusted_fingerprints, QStringList({"AB:CD", "EF:01"}));
}

TEST(AccountSettingsTest, MissingOrHandEditedFileGivesDefaults) {
    QTemporaryDir dir;
    const QString path = dir.filePath("confab.conf");
    EXPECT_EQ(AccountSettings(path).load().port, 5222);
    EXPECT_TRUE(AccountSettings(path).load().remember_password);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("[account]\nport=99999\n[presence]\nshow=sleeping\n");
    file.close();
    const StoredAccount loaded = AccountSettings(path).load();
    EXPECT_EQ(loaded.port, 5222);
    EXPECT_EQ(loaded.last_show, PresenceShow::Available);
}

TEST(AccountSettingsTest, DefaultPathIsUnderXdgConfigHome) {
    QTemporaryDir home;
    const QByteArray saved = qgetenv("XDG_CONFIG_HOME");
    qputenv("XDG_CONFIG_HOME", home.path().toUtf8());
    const QString path = AccountSettings::defaultPath();
    const QString used = AccountSettings().path();
    if (saved.isEmpty()) {
        qunsetenv("XDG_CONFIG_HOME");
    } else {
        qputenv("XDG_CONFIG_HOME", saved);
    }
    EXPECT_EQ(path, home.path() + "/confab/confab.conf");
    EXPECT_EQ(used, path);
}

// CI has no D-Bus session and no keyring: every job must fail quickly with an
// error, so the login screen simply asks for the password.
TEST(PasswordStoreTest, FailsCleanlyAndQuicklyWithoutAKeyring) {
    test::takeQtWarnings();
    QTemporaryDir dir;
    const QByteArray saved = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    qputenv("DBUS_SESSION_BUS_ADDRESS", ("unix:path=" + dir.filePath("no-bus")).toUtf8());
    PasswordStore store;
    QSignalSpy read(&store, &PasswordStore::passwordRead);
    QSignalSpy written(&store, &PasswordStore::passwordWritten);
    QElapsedTimer timer;
    timer.start();
    store.write("alice@example.com", "secret");
    store.read("alice@example.com");
    store.remove("alice@example.com");
    const bool done = test::waitFor([&] { return read.size() == 1 && written.size() == 1; }, 10'000);
    const qint64 elapsed = timer.elapsed();
    if (saved.isEmpty()) {
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    } else {
        qputenv("DBUS_SESSION_BUS_ADDRESS", saved);
    }
    ASSERT_TRUE(done) << "no answer from qtkeychain in 10 s";
    EXPECT_LT(elapsed, 5'000);
    EXPECT_EQ(read.at(0).at(0).toString(), "alice@example.com");
    EXPECT_EQ(read.at(0).at(1).toString(), "");
    EXPECT_FALSE(read.at(0).at(2).toString().isEmpty());
    EXPECT_EQ(written.at(0).at(0).toString(), "alice@example.com");
    EXPECT_FALSE(written.at(0).at(1).toString().isEmpty());
    test::takeQtWarnings();  // qtkeychain and QtDBus may complain about the missing bus
}

}  // namespace
}  // namespace confab::client
