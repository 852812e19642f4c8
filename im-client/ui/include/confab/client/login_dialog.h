// LoginDialog: the setup screen: JID, password, optional server host:port and
// CA file, "Remember password". It only collects input (and shows an error
// from a failed attempt); the caller saves settings and starts the session.
// GUI thread.
#pragma once

#include <QDialog>

#include "confab/client/account_settings.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace confab::client {

class LoginDialog : public QDialog {
    Q_OBJECT
  public:
    explicit LoginDialog(QWidget* parent = nullptr);

    void setAccount(const StoredAccount& account);
    // Fills the password (e.g. when the keyring answers) unless the user typed one.
    void offerPassword(const QString& jid, const QString& password);
    void setError(const QString& error);

    // The stored account updated with what was entered (other fields of
    // `base` are kept).
    StoredAccount account(const StoredAccount& base) const;
    QString password() const;
    bool rememberPassword() const;

    QLineEdit* jidEdit() const { return jid_edit_; }
    QLineEdit* passwordEdit() const { return password_edit_; }

  private:
    void validate();
    QLineEdit* jid_edit_;
    QLineEdit* password_edit_;
    QLineEdit* server_edit_;
    QLineEdit* ca_edit_;
    QCheckBox* remember_box_;
    QLabel* error_label_;
    QPushButton* connect_button_;
};

// "host:port" -> host and port; "host" keeps `default_port`. False when the
// port is not 1..65535.
bool parseHostPort(const QString& text, QString* host, int* port, int default_port = 5222);

}  // namespace confab::client
