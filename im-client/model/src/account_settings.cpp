#include "confab/client/account_settings.h"

#include <QSettings>
#include <QStandardPaths>

namespace confab::client {

namespace {

constexpr int kDefaultPort = 5222;

}  // namespace

AccountSettings::AccountSettings(const QString& config_path)
    : path_(config_path.isEmpty() ? defaultPath() : config_path) {}

QString AccountSettings::defaultPath() {
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/confab/confab.conf");
}

StoredAccount AccountSettings::load() const {
    const QSettings settings(path_, QSettings::IniFormat);
    StoredAccount account;
    account.jid = settings.value(QStringLiteral("account/jid")).toString();
    account.host = settings.value(QStringLiteral("account/host")).toString();
    bool port_ok = false;
    const int port = settings.value(QStringLiteral("account/port"), kDefaultPort).toInt(&port_ok);
    account.port = port_ok && port > 0 && port <= 65535 ? port : kDefaultPort;  // a hand-edited file
    account.ca_file = settings.value(QStringLiteral("account/ca_file")).toString();
    account.trusted_fingerprints =
        settings.value(QStringLiteral("account/trusted_fingerprints")).toStringList();
    account.trusted_fingerprints.removeAll(QString());
    account.bridge_jid = settings.value(QStringLiteral("account/bridge_jid")).toString();
    account.remember_password = settings.value(QStringLiteral("account/remember_password"), true).toBool();
    account.last_show = presenceShowFromName(
        settings.value(QStringLiteral("presence/show"), QStringLiteral("available")).toString());
    if (account.last_show == PresenceShow::Offline) {
        account.last_show = PresenceShow::Available;  // logging in means being online
    }
    account.last_status_text = settings.value(QStringLiteral("presence/status")).toString();
    return account;
}

void AccountSettings::save(const StoredAccount& account) {
    QSettings settings(path_, QSettings::IniFormat);
    settings.setValue(QStringLiteral("account/jid"), account.jid);
    settings.setValue(QStringLiteral("account/host"), account.host);
    settings.setValue(QStringLiteral("account/port"), account.port);
    settings.setValue(QStringLiteral("account/ca_file"), account.ca_file);
    settings.setValue(QStringLiteral("account/trusted_fingerprints"), account.trusted_fingerprints);
    settings.setValue(QStringLiteral("account/bridge_jid"), account.bridge_jid);
    settings.setValue(QStringLiteral("account/remember_password"), account.remember_password);
    settings.setValue(QStringLiteral("presence/show"), presenceShowName(account.last_show));
    settings.setValue(QStringLiteral("presence/status"), account.last_status_text);
    settings.sync();
}

void AccountSettings::addTrustedFingerprint(const QString& sha256_fingerprint) {
    const QString fingerprint = sha256_fingerprint.trimmed().toUpper();
    if (fingerprint.isEmpty()) {
        return;
    }
    StoredAccount account = load();
    if (!account.trusted_fingerprints.contains(fingerprint)) {
        account.trusted_fingerprints.append(fingerprint);
        QSettings settings(path_, QSettings::IniFormat);
        settings.setValue(QStringLiteral("account/trusted_fingerprints"), account.trusted_fingerprints);
        settings.sync();
    }
}

AccountConfig AccountSettings::toSessionConfig(const StoredAccount& account, const QString& password) {
    AccountConfig config;
    config.jid = account.jid.trimmed();
    config.password = password;
    config.host = account.host.trimmed();
    config.port = account.port;
    config.ca_file = account.ca_file;
    config.trusted_fingerprints = account.trusted_fingerprints;
    return config;
}

}  // namespace confab::client
