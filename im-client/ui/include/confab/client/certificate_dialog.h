// CertificateDialog: the server's certificate failed verification; shows
// what is wrong and lets the user trust it once, always, or not at all. It
// only reports the choice; the caller tells the session and the settings.
// GUI thread.
#pragma once

#include <QDialog>

#include "confab/client/xmpp_types.h"

namespace confab::client {

class CertificateDialog : public QDialog {
    Q_OBJECT
  public:
    enum class Choice { Cancel, TrustOnce, TrustAlways };
    explicit CertificateDialog(const CertificateDetails& certificate, QWidget* parent = nullptr);

    Choice choice() const { return choice_; }
    const CertificateDetails& certificate() const { return certificate_; }

  signals:
    void chosen(confab::client::CertificateDialog::Choice choice);

  private:
    void choose(Choice choice);
    CertificateDetails certificate_;
    Choice choice_ = Choice::Cancel;
};

}  // namespace confab::client
