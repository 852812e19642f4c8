// XvfbDisplay: a private X server (Xvfb) for the client tests that the
// offscreen platform cannot run: a screen snapshot needs a real frame
// buffer, and a tray notification needs an X system tray. Started on a free
// display number (Xvfb -displayfd picks it), stopped by its pid.
//
// The "tray" is only the XEmbed system-tray selection (_NET_SYSTEM_TRAY_S0)
// held by a window of this object: that is all Qt looks for before it says
// a tray is available, and its balloon messages are then shown by Qt itself.
// Nothing is docked. One thread (the test's).
#pragma once

#include <QString>
#include <filesystem>
#include <memory>

#include "confab/harness/process.h"

struct xcb_connection_t;

namespace confab::test {

class XvfbDisplay {
public:
    XvfbDisplay() = default;
    ~XvfbDisplay();  // stop()
    XvfbDisplay(const XvfbDisplay&) = delete;
    XvfbDisplay& operator=(const XvfbDisplay&) = delete;

    // Starts Xvfb with one `width` x `height` x 24 screen; its log goes to
    // `log_file`. Returns false (with the reason in error()) when it does not
    // come up within a few seconds.
    bool start(const std::filesystem::path& log_file, int width, int height);
    // Takes the system-tray selection on screen 0. False when the X server
    // refuses, or another client already owns it.
    bool claimSystemTray();
    void stop();

    QString name() const { return name_; }  // ":N", for DISPLAY
    QString error() const { return error_; }

private:
    harness::Process server_;
    QString name_;
    QString error_;
    xcb_connection_t* tray_connection_ = nullptr;
};

}  // namespace confab::test
