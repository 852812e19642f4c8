// PresenceSelector: our own presence at the top of the roster: a combo box
// (Available / Away / Busy) and a custom status text. Emits what the user
// chose; whoever owns the session applies it. GUI thread.
#pragma once

#include <QWidget>

#include "confab/client/xmpp_types.h"

class QComboBox;
class QLineEdit;

namespace confab::client {

class PresenceSelector : public QWidget {
    Q_OBJECT
  public:
    explicit PresenceSelector(QWidget* parent = nullptr);

    // Shows the presence without emitting presenceChosen.
    void setPresence(PresenceShow show, const QString& status_text);
    PresenceShow show() const;
    QString statusText() const;
    QComboBox* showBox() const { return show_box_; }
    QLineEdit* statusEdit() const { return status_edit_; }

  signals:
    void presenceChosen(confab::client::PresenceShow show, const QString& status_text);

  private:
    void emitChoice();
    QComboBox* show_box_;
    QLineEdit* status_edit_;
    bool updating_ = false;
};

}  // namespace confab::client
