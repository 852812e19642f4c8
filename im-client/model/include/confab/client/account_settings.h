// AccountSettings: what the client remembers between runs, in the XDG config
// folder (<XDG_CONFIG_HOME or ~/.config>/confab/confab.conf, INI format via
// QSettings). Never the password: that goes to the desktop keyring through
// PasswordStore, or is not stored at all. GUI thread only.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include "confab/client/xmpp_session.h"

namespace confab::client {

struct StoredAccount {
    QString jid;
    QString host;  // "" = the JID's domain
    int port = 5222;
    QString ca_file;  // "" = system trust store
    QStringList trusted_fingerprints;  // "trust always" answers
    QString bridge_jid;  // "" = discover
    bool remember_password = true;  // ask PasswordStore to keep it
    PresenceShow last_show = PresenceShow::Available;
    QString last_status_text;
};

class AccountSettings {
  public:
    // `config_path` "" = defaultPath().
    explicit AccountSettings(const QString& config_path = {});
    StoredAccount load() const;
    void save(const StoredAccount& account);
    void addTrustedFingerprint(const QString& sha256_fingerprint);
    QString path() const { return path_; }
    static QString defaultPath();  // <XDG_CONFIG_HOME or ~/.config>/confab/confab.conf

    // Builds the session config from the stored account plus a password.
    static AccountConfig toSessionConfig(const StoredAccount& account, const QString& password);

  private:
    QString path_;
};

// The desktop keyring through qtkeychain (Secret Service, KWallet). Without a
// keyring (no D-Bus session, as in CI) every job fails cleanly: read gives
// passwordRead(jid, "", error) and the login screen asks for the password.
// Asynchronous; signals arrive on the GUI thread.
class PasswordStore : public QObject {
    Q_OBJECT
  public:
    explicit PasswordStore(QObject* parent = nullptr);
    void read(const QString& jid);
    void write(const QString& jid, const QString& password);
    void remove(const QString& jid);

  signals:
    void passwordRead(const QString& jid, const QString& password, const QString& error);
    void passwordWritten(const QString& jid, const QString& error);  // error "" = stored
};

}  // namespace confab::client
