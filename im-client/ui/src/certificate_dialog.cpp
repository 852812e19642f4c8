#include "confab/client/certificate_dialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace confab::client {
namespace {

QLabel* selectableLabel(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    label->setFocusPolicy(Qt::StrongFocus);
    return label;
}

QString formatTime(const QDateTime& time) {
    if (!time.isValid()) return QObject::tr("unknown");
    return QLocale().toString(time.toLocalTime(), QLocale::LongFormat);
}

}  // namespace

CertificateDialog::CertificateDialog(const CertificateDetails& certificate, QWidget* parent)
    : QDialog(parent), certificate_(certificate) {
    setWindowTitle(tr("Untrusted server certificate"));
    setAccessibleName(tr("Untrusted server certificate"));

    auto* heading = new QLabel(
        tr("The certificate of %1 could not be verified: %2.\n"
           "Someone may be intercepting the connection. Only trust it if the fingerprint "
           "matches the one your server administrator gave you.")
            .arg(certificate.host, certificate.problem.isEmpty() ? tr("unknown problem") : certificate.problem),
        this);
    heading->setWordWrap(true);
    heading->setTextFormat(Qt::PlainText);
    auto* icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(40, 40));

    auto* form = new QFormLayout;
    auto add_row = [&](const QString& label, QLabel* value) {
        value->setAccessibleName(QString(label).remove(QLatin1Char(':')));
        form->addRow(label, value);
    };
    add_row(tr("Server:"), selectableLabel(certificate.host, this));
    add_row(tr("Problem:"), selectableLabel(certificate.problem, this));
    add_row(tr("Subject:"), selectableLabel(certificate.subject, this));
    add_row(tr("Issuer:"), selectableLabel(certificate.issuer, this));
    add_row(tr("Valid from:"), selectableLabel(formatTime(certificate.not_before), this));
    add_row(tr("Valid until:"), selectableLabel(formatTime(certificate.not_after), this));
    QLabel* fingerprint = selectableLabel(certificate.sha256_fingerprint, this);
    fingerprint->setObjectName(QStringLiteral("fingerprint"));
    fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    add_row(tr("SHA-256 fingerprint:"), fingerprint);

    auto* buttons = new QDialogButtonBox(this);
    QPushButton* once = buttons->addButton(tr("Trust once"), QDialogButtonBox::AcceptRole);
    QPushButton* always = buttons->addButton(tr("Trust always"), QDialogButtonBox::AcceptRole);
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    once->setToolTip(tr("Connect this time only; ask again next time"));
    always->setToolTip(tr("Remember this certificate for this account"));
    cancel->setDefault(true);  // the safe answer is the default
    once->setAccessibleName(tr("Trust once"));
    always->setAccessibleName(tr("Trust always"));
    cancel->setAccessibleName(tr("Cancel, do not connect"));
    connect(once, &QPushButton::clicked, this, [this] { choose(Choice::TrustOnce); });
    connect(always, &QPushButton::clicked, this, [this] { choose(Choice::TrustAlways); });
    connect(cancel, &QPushButton::clicked, this, [this] { choose(Choice::Cancel); });

    auto* top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addWidget(heading, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

void CertificateDialog::choose(Choice choice) {
    choice_ = choice;
    emit chosen(choice);
    if (choice == Choice::Cancel) {
        reject();
    } else {
        accept();
    }
}

}  // namespace confab::client
