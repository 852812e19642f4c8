// desktopWindows(): the visible top-level windows of the desktop, for
// "Share screen snapshot" to offer next to the screens. Only the X11 (xcb)
// platform can list other programs' windows; everywhere else (Wayland, the
// offscreen platform, a build without libxcb) the list is empty and only
// screens are offered.
//
// On X11 the list comes from the window manager's _NET_CLIENT_LIST when it
// publishes one; without a window manager, from the root window's children
// that are viewable, not override-redirect (menus, tooltips), named
// (_NET_WM_NAME or WM_NAME) and at least kMinimumWindowSize in both
// directions. Desktop and dock windows (_NET_WM_WINDOW_TYPE) are left out.
// Window titles come from other programs: they are shown as plain text only.
// GUI thread (it uses the application's xcb connection; each call makes a few
// round trips per window).
#pragma once

#include <QList>
#include <QRect>
#include <QString>
#include <QtGui/qwindowdefs.h>  // WId

namespace confab::client {

struct DesktopWindow {
    WId id = 0;        // what QScreen::grabWindow takes
    QString title;     // never empty
    QRect geometry;    // where it is on the root window, in the X server's (device) pixels
};

inline constexpr int kMinimumWindowSize = 32;

// Topmost first where the platform tells the stacking order.
QList<DesktopWindow> desktopWindows();

}  // namespace confab::client
