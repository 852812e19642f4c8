#include "xvfb_display.h"

#include <xcb/xcb.h>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <string>

namespace confab::test {
namespace {

using namespace std::chrono_literals;

// -displayfd writes the display number as a line of its own; the log also
// holds whatever Xvfb says on stderr, so look for a line of digits only.
QString displayNumberIn(const std::string& log) {
    std::istringstream lines(log);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.find_first_not_of("0123456789") == std::string::npos) {
            return QStringLiteral(":") + QString::fromStdString(line);
        }
    }
    return {};
}

}  // namespace

XvfbDisplay::~XvfbDisplay() { stop(); }

bool XvfbDisplay::start(const std::filesystem::path& log_file, int width, int height) {
    std::filesystem::remove(log_file);
    const std::string screen = std::to_string(width) + "x" + std::to_string(height) + "x24";
    // harness::Process closes every inherited descriptor above stderr, so
    // the display number comes on stdout (fd 1), which is the log file.
    server_ = harness::Process({"Xvfb", "-displayfd", "1", "-screen", "0", screen, "-nolisten", "tcp",
                                "-noreset"},
                               log_file);
    const bool up = harness::waitUntil(
        [&] {
            name_ = displayNumberIn(harness::readFile(log_file));
            return !name_.isEmpty() || !server_.running();
        },
        10s);
    if (!up || name_.isEmpty()) {
        error_ = QStringLiteral("Xvfb did not start: ") + QString::fromStdString(harness::readFile(log_file));
        server_.terminate();
        return false;
    }
    return true;
}

bool XvfbDisplay::claimSystemTray() {
    int screen_number = 0;
    tray_connection_ = xcb_connect(name_.toLocal8Bit().constData(), &screen_number);
    if (xcb_connection_has_error(tray_connection_)) {
        error_ = QStringLiteral("cannot connect to ") + name_;
        return false;
    }
    xcb_screen_t* screen = xcb_setup_roots_iterator(xcb_get_setup(tray_connection_)).data;
    const std::string selection_name = "_NET_SYSTEM_TRAY_S" + std::to_string(screen_number);
    xcb_intern_atom_reply_t* atom = xcb_intern_atom_reply(
        tray_connection_,
        xcb_intern_atom(tray_connection_, 0, static_cast<uint16_t>(selection_name.size()), selection_name.c_str()),
        nullptr);
    if (!atom) {
        error_ = QStringLiteral("cannot intern ") + QString::fromStdString(selection_name);
        return false;
    }
    const xcb_atom_t selection = atom->atom;
    std::free(atom);
    const xcb_window_t tray = xcb_generate_id(tray_connection_);
    xcb_create_window(tray_connection_, XCB_COPY_FROM_PARENT, tray, screen->root, -1, -1, 1, 1, 0,
                      XCB_WINDOW_CLASS_INPUT_ONLY, XCB_COPY_FROM_PARENT, 0, nullptr);
    xcb_set_selection_owner(tray_connection_, tray, selection, XCB_CURRENT_TIME);
    xcb_get_selection_owner_reply_t* owner = xcb_get_selection_owner_reply(
        tray_connection_, xcb_get_selection_owner(tray_connection_, selection), nullptr);
    const bool ours = owner && owner->owner == tray;
    std::free(owner);
    if (!ours) error_ = QStringLiteral("another client owns the system tray selection");
    return ours;
}

void XvfbDisplay::stop() {
    if (tray_connection_) {
        xcb_disconnect(tray_connection_);
        tray_connection_ = nullptr;
    }
    server_.terminate();
}

}  // namespace confab::test
