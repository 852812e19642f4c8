// ContactDialog: "Add contact" (JID, name, group) and "Rename" (name and
// group of a known contact; the JID is shown but fixed). It only collects
// input; the caller calls XmppSession. GUI thread.
#pragma once

#include <QDialog>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;

namespace confab::client {

class ContactDialog : public QDialog {
    Q_OBJECT
  public:
    enum class Mode { Add, Rename };
    // `groups`: known group names offered in the group box.
    ContactDialog(Mode mode, const QStringList& groups, QWidget* parent = nullptr);

    void setContact(const QString& jid, const QString& name, const QString& group);
    QString jid() const;  // trimmed, lower-case domain
    QString name() const;
    QStringList groups() const;  // empty when no group was given

  private:
    void validate();
    Mode mode_;
    QLineEdit* jid_edit_;
    QLineEdit* name_edit_;
    QComboBox* group_box_;
    QDialogButtonBox* buttons_;
};

}  // namespace confab::client
