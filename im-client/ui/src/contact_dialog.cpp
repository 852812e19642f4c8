#include "confab/client/contact_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>

namespace confab::client {

ContactDialog::ContactDialog(Mode mode, const QStringList& groups, QWidget* parent)
    : QDialog(parent),
      mode_(mode),
      jid_edit_(new QLineEdit(this)),
      name_edit_(new QLineEdit(this)),
      group_box_(new QComboBox(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(mode == Mode::Add ? tr("Add contact") : tr("Rename contact"));
    jid_edit_->setPlaceholderText(tr("name@example.com"));
    jid_edit_->setAccessibleName(tr("Contact address (JID)"));
    jid_edit_->setToolTip(tr("The contact's chat address, like bob@example.com"));
    jid_edit_->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[^\\s/@]+@[^\\s/@]+")), jid_edit_));
    jid_edit_->setReadOnly(mode == Mode::Rename);
    name_edit_->setPlaceholderText(tr("Shown name (optional)"));
    name_edit_->setAccessibleName(tr("Contact name"));
    group_box_->setEditable(true);
    group_box_->addItem(QString());
    group_box_->addItems(groups);
    group_box_->setAccessibleName(tr("Contact group"));
    group_box_->setToolTip(tr("Pick a group or type a new one; empty puts the contact under Contacts"));
    buttons_->button(QDialogButtonBox::Ok)->setText(mode == Mode::Add ? tr("Add") : tr("Save"));

    auto* form = new QFormLayout(this);
    form->addRow(tr("&Address:"), jid_edit_);
    form->addRow(tr("&Name:"), name_edit_);
    form->addRow(tr("&Group:"), group_box_);
    form->addRow(buttons_);

    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(jid_edit_, &QLineEdit::textChanged, this, &ContactDialog::validate);
    validate();
}

void ContactDialog::setContact(const QString& jid, const QString& name, const QString& group) {
    jid_edit_->setText(jid);
    name_edit_->setText(name);
    group_box_->setCurrentText(group);
    if (mode_ == Mode::Rename) name_edit_->setFocus();
    validate();
}

QString ContactDialog::jid() const {
    const QString text = jid_edit_->text().trimmed();
    const qsizetype at = text.indexOf(QLatin1Char('@'));
    if (at < 0) return text;
    return text.left(at) + QLatin1Char('@') + text.mid(at + 1).toLower();
}

QString ContactDialog::name() const { return name_edit_->text().trimmed(); }

QStringList ContactDialog::groups() const {
    const QString group = group_box_->currentText().trimmed();
    return group.isEmpty() ? QStringList() : QStringList{group};
}

void ContactDialog::validate() {
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(jid_edit_->hasAcceptableInput());
}

}  // namespace confab::client
