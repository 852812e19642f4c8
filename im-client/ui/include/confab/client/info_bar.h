// InfoBar: a non-modal prompt across the top of the main window ("bob wants
// to see your presence  [Allow] [Deny]  ×"). Each button runs its action and
// closes the bar; × dismisses it without an answer. GUI thread.
#pragma once

#include <QFrame>
#include <QString>
#include <functional>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace confab::client {

class InfoBar : public QFrame {
    Q_OBJECT
  public:
    // `key` identifies what the bar asks about (e.g. "subscription:bob@x"),
    // so the same question is not asked twice.
    InfoBar(const QString& key, const QString& text, QWidget* parent = nullptr);

    QString key() const { return key_; }
    QString text() const;
    // Adds a button; its action runs, then the bar closes and deletes itself.
    QPushButton* addAction(const QString& label, std::function<void()> action);
    // Closes the bar (without running an action) after `seconds`, e.g. when an
    // invitation times out.
    void expireAfter(int seconds);
    // Runs the action of the button labelled `label` (tests and keyboard users).
    bool trigger(const QString& label);

  signals:
    void closed(const QString& key);

  private:
    void finish();
    QString key_;
    QLabel* label_;
    QHBoxLayout* buttons_;
    bool finished_ = false;
};

}  // namespace confab::client
