// DialPad: a telephone keypad (0-9, *, #, +, backspace) with a number field
// that also takes typing and pasting. "Call" accepts the dialog; the caller
// sends "/call <number>" to the bridge. GUI thread.
#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace confab::client {

class DialPad : public QDialog {
    Q_OBJECT
  public:
    explicit DialPad(QWidget* parent = nullptr);

    QString number() const;  // as typed, without spaces
    QLineEdit* numberEdit() const { return number_edit_; }
    void press(const QString& key);  // "0".."9", "*", "#", "+"

  private:
    QLineEdit* number_edit_;
    QPushButton* call_button_;
};

}  // namespace confab::client
