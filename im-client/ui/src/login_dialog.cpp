#include "confab/client/login_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QToolButton>

namespace confab::client {

bool parseHostPort(const QString& text, QString* host, int* port, int default_port) {
    const QString trimmed = text.trimmed();
    QString name = trimmed;
    QString port_text;
    if (trimmed.startsWith(QLatin1Char('['))) {  // "[::1]" or "[::1]:5222"
        const qsizetype close = trimmed.indexOf(QLatin1Char(']'));
        if (close < 0) return false;
        name = trimmed.mid(1, close - 1);
        const QString rest = trimmed.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(QLatin1Char(':'))) return false;
            port_text = rest.mid(1);
        }
    } else if (trimmed.count(QLatin1Char(':')) == 1) {  // "host:port"; more colons: bare IPv6
        const qsizetype colon = trimmed.indexOf(QLatin1Char(':'));
        name = trimmed.left(colon);
        port_text = trimmed.mid(colon + 1);
    }
    int value = default_port;
    if (!port_text.isNull()) {
        bool ok = false;
        value = port_text.toInt(&ok);
        if (!ok || value < 1 || value > 65535) return false;
    }
    *host = name;
    *port = value;
    return true;
}

LoginDialog::LoginDialog(QWidget* parent)
    : QDialog(parent),
      jid_edit_(new QLineEdit(this)),
      password_edit_(new QLineEdit(this)),
      server_edit_(new QLineEdit(this)),
      ca_edit_(new QLineEdit(this)),
      remember_box_(new QCheckBox(tr("&Remember password"), this)),
      error_label_(new QLabel(this)),
      connect_button_(new QPushButton(tr("&Connect"), this)) {
    setWindowTitle(tr("Confab: sign in"));
    jid_edit_->setPlaceholderText(tr("alice@example.com"));
    jid_edit_->setAccessibleName(tr("Account (JID)"));
    jid_edit_->setToolTip(tr("Your chat address"));
    jid_edit_->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[^\\s/@]+@[^\\s/@]+")), jid_edit_));
    password_edit_->setEchoMode(QLineEdit::Password);
    password_edit_->setAccessibleName(tr("Password"));
    server_edit_->setPlaceholderText(tr("optional: host:port"));
    server_edit_->setAccessibleName(tr("Server host and port"));
    server_edit_->setToolTip(tr("Leave empty to connect to the domain of your address on port 5222"));
    ca_edit_->setPlaceholderText(tr("optional: the system's certificates"));
    ca_edit_->setAccessibleName(tr("CA certificate file"));
    ca_edit_->setToolTip(tr("A PEM file with the certificate authority your server's certificate must chain to"));
    auto* browse = new QToolButton(this);
    browse->setText(tr("…"));
    browse->setToolTip(tr("Choose a CA certificate file"));
    browse->setAccessibleName(tr("Choose a CA certificate file"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificate file"), ca_edit_->text(),
                                                          tr("Certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty()) ca_edit_->setText(file);
    });
    remember_box_->setAccessibleName(tr("Remember password in the keyring"));
    remember_box_->setToolTip(tr("Keep the password in the desktop keyring"));
    error_label_->setWordWrap(true);
    error_label_->setTextFormat(Qt::PlainText);
    error_label_->setStyleSheet(QStringLiteral("color: #b00020"));
    error_label_->setAccessibleName(tr("Sign-in error"));
    error_label_->hide();
    connect_button_->setDefault(true);
    connect_button_->setAccessibleName(tr("Connect"));
    auto* cancel = new QPushButton(tr("Quit"), this);
    connect(connect_button_, &QPushButton::clicked, this, &QDialog::accept);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);

    auto* ca_row = new QHBoxLayout;
    ca_row->addWidget(ca_edit_, 1);
    ca_row->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("&Account:"), jid_edit_);
    form->addRow(tr("&Password:"), password_edit_);
    form->addRow(QString(), remember_box_);
    form->addRow(tr("&Server:"), server_edit_);
    form->addRow(tr("C&A file:"), ca_row);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(cancel);
    buttons->addWidget(connect_button_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(error_label_);
    layout->addLayout(form);
    layout->addLayout(buttons);

    connect(jid_edit_, &QLineEdit::textChanged, this, &LoginDialog::validate);
    connect(password_edit_, &QLineEdit::textChanged, this, &LoginDialog::validate);
    connect(server_edit_, &QLineEdit::textChanged, this, &LoginDialog::validate);
    validate();
    resize(440, sizeHint().height());
}

void LoginDialog::setAccount(const StoredAccount& account) {
    jid_edit_->setText(account.jid);
    if (!account.host.isEmpty()) {
        server_edit_->setText(account.port == 5222 ? account.host
                                                   : account.host + QLatin1Char(':') + QString::number(account.port));
    }
    ca_edit_->setText(account.ca_file);
    remember_box_->setChecked(account.remember_password);
    (account.jid.isEmpty() ? jid_edit_ : password_edit_)->setFocus();
}

void LoginDialog::offerPassword(const QString& jid, const QString& password) {
    if (jid != jid_edit_->text().trimmed() || password.isEmpty() || password_edit_->isModified()) return;
    password_edit_->setText(password);
    connect_button_->setFocus();
}

void LoginDialog::setError(const QString& error) {
    error_label_->setText(error);
    error_label_->setVisible(!error.isEmpty());
}

StoredAccount LoginDialog::account(const StoredAccount& base) const {
    StoredAccount account = base;
    account.jid = jid_edit_->text().trimmed();
    QString host;
    int port = 5222;
    if (parseHostPort(server_edit_->text(), &host, &port)) {
        account.host = host;
        account.port = port;
    }
    account.ca_file = ca_edit_->text().trimmed();
    account.remember_password = remember_box_->isChecked();
    return account;
}

QString LoginDialog::password() const { return password_edit_->text(); }

bool LoginDialog::rememberPassword() const { return remember_box_->isChecked(); }

void LoginDialog::validate() {
    QString host;
    int port = 0;
    const bool server_ok = parseHostPort(server_edit_->text(), &host, &port);
    connect_button_->setEnabled(jid_edit_->hasAcceptableInput() && !password_edit_->text().isEmpty() && server_ok);
}

}  // namespace confab::client
