// One QGuiApplication (offscreen) for the run: ImageTransfer needs an event
// loop, which the tests spin while they wait (QSignalSpy::wait, qWaitFor).
#include <gtest/gtest.h>

#include <QGuiApplication>

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
