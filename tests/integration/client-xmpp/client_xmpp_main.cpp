// One QCoreApplication for the whole test process: XmppSession's signals are
// queued to the thread that owns it (this one), and the tests spin its event
// loop with session_probe.h's waitFor().
#include <gtest/gtest.h>

#include <QCoreApplication>

#include "confab/client/xmpp_types.h"

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    confab::client::registerXmppMetaTypes();
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
