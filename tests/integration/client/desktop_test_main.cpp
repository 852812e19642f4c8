// main() for the client tests that need a real X server (confab-client-desktop-tests):
// the environment below starts a private Xvfb with a system-tray owner, then
// the process's one QApplication on it (the xcb platform). Listing the tests
// (gtest_discover_tests) starts nothing.
#include <QApplication>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <memory>

#include "confab/client/xmpp_types.h"
#include "xvfb_display.h"

namespace {

constexpr int kScreenWidth = 1280;
constexpr int kScreenHeight = 800;

class DesktopEnvironment : public ::testing::Environment {
public:
    DesktopEnvironment(int argc, char** argv) : argc_(argc), argv_(argv) {}

    void SetUp() override {
        const auto log = std::filesystem::temp_directory_path() /
                         ("confab-xvfb-" + std::to_string(::getpid()) + ".log");
        ASSERT_TRUE(display_.start(log, kScreenWidth, kScreenHeight)) << display_.error().toStdString();
        ASSERT_TRUE(display_.claimSystemTray()) << display_.error().toStdString();
        qputenv("DISPLAY", display_.name().toLocal8Bit());
        qputenv("QT_QPA_PLATFORM", "xcb");
        // No desktop keyring and no StatusNotifier tray over D-Bus: qtkeychain
        // fails fast, and Qt uses the X11 tray (the one held above).
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/confab-test-bus");
        qunsetenv("QT_QPA_PLATFORMTHEME");
        // Qt's own file dialog, which a test can drive, even where the desktop
        // would offer a native one.
        QCoreApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
        app_ = std::make_unique<QApplication>(argc_, argv_);
        confab::client::registerXmppMetaTypes();
    }
    void TearDown() override {
        app_.reset();
        display_.stop();
    }

private:
    int argc_;
    char** argv_;
    confab::test::XvfbDisplay display_;
    std::unique_ptr<QApplication> app_;
};

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new DesktopEnvironment(argc, argv));
    return RUN_ALL_TESTS();
}
