// main() for the client's end-to-end GUI tests: one QApplication for the
// whole process (Qt allows only one), on the offscreen platform unless the
// caller chose another (QT_QPA_PLATFORM=xcb under Xvfb works too).
#include <QApplication>
#include <gtest/gtest.h>

#include "confab/client/xmpp_types.h"

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    // No desktop keyring in tests: qtkeychain must fail fast, not wait for D-Bus.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/confab-test-bus");
    QApplication app(argc, argv);
    confab::client::registerXmppMetaTypes();
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
