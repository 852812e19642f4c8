// SnapshotSourceDialog: "Share screen snapshot" asks what to take a picture
// of. It lists every screen (name, size and position, a thumbnail) and every
// visible window of the desktop that desktopWindows() finds (title, size, a
// thumbnail cut from its screen's picture). Enter or Share takes the selected
// row, a double click too; Esc cancels. The first screen is selected when it
// opens, so Enter alone shares what "Share screen snapshot" always shared.
// It is shown even when there is only one screen and no window, so the user
// always sees, and confirms, what is about to be shared.
//
// grab() takes the picture. The caller does that after the dialog has gone
// (and the windows it covered have repainted), so the dialog is not in it.
// GUI thread.
#pragma once

#include <QDialog>
#include <QImage>
#include <QList>
#include <QPointer>
#include <QRect>
#include <QString>

#include "confab/client/desktop_windows.h"

class QListWidget;
class QPushButton;
class QScreen;

namespace confab::client {

struct SnapshotSource {
    enum class Kind { Screen, Window };
    Kind kind = Kind::Screen;
    QPointer<QScreen> screen;  // Kind::Screen
    WId window = 0;            // Kind::Window
    QString title;             // the screen's name or the window's title
    QRect geometry;            // screen: Qt's geometry; window: root window pixels
};

class SnapshotSourceDialog : public QDialog {
    Q_OBJECT
  public:
    SnapshotSourceDialog(const QList<QScreen*>& screens, const QList<DesktopWindow>& windows,
                         QWidget* parent = nullptr);

    QListWidget* sourceList() const { return list_; }
    QPushButton* shareButton() const { return share_button_; }
    const QList<SnapshotSource>& sources() const { return sources_; }
    // The selected row's source; a default (screen-less) one when none is.
    SnapshotSource selectedSource() const;

    // A picture of `source` at full size; null when the screen has gone, the
    // window was closed, or the platform cannot take pictures (Wayland).
    static QImage grab(const SnapshotSource& source);

  private:
    void addSource(const SnapshotSource& source, const QString& text, const QString& spoken, const QImage& picture);
    void updateShareButton();

    QListWidget* list_;
    QPushButton* share_button_;
    QList<SnapshotSource> sources_;
};

}  // namespace confab::client
