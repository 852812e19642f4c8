// The "Share screen snapshot" chooser on its own (offscreen platform): the
// rows it lists for screens and windows, what a screen reader hears, and the
// keyboard (arrows, Enter, Esc). The windows are given to it here; listing a
// real desktop's windows and grabbing them is tested under Xvfb in
// tests/integration/client/client_desktop_test.cpp.
#include <gtest/gtest.h>

#include <QApplication>
#include <QGuiApplication>
#include <QListWidget>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QTest>

#include "confab/client/snapshot_source_dialog.h"

namespace confab::client {
namespace {

QList<DesktopWindow> twoWindows() {
    return {{101, QStringLiteral("Editor — notes.txt"), QRect(10, 20, 300, 200)},
            {102, QString(90, QLatin1Char('x')), QRect(400, 100, 640, 480)}};
}

TEST(SnapshotSourceDialogTest, ListsEachScreenThenEachWindowWithSpokenNames) {
    const QList<QScreen*> screens = QGuiApplication::screens();
    ASSERT_FALSE(screens.isEmpty());
    SnapshotSourceDialog dialog(screens, twoWindows());
    QListWidget* list = dialog.sourceList();
    ASSERT_EQ(list->count(), screens.size() + 2);

    const QRect geometry = screens.first()->geometry();
    const QListWidgetItem* screen = list->item(0);
    EXPECT_TRUE(screen->text().startsWith(QStringLiteral("Screen 1"))) << screen->text().toStdString();
    EXPECT_TRUE(screen->text().endsWith(QStringLiteral(" · main screen"))) << screen->text().toStdString();
    EXPECT_TRUE(screen->text().contains(QStringLiteral("%1 × %2").arg(geometry.width()).arg(geometry.height())))
        << screen->text().toStdString();
    EXPECT_TRUE(screen->data(Qt::AccessibleTextRole)
                    .toString()
                    .endsWith(QStringLiteral("%1 by %2 pixels").arg(geometry.width()).arg(geometry.height())));
    EXPECT_FALSE(screen->icon().isNull()) << "a thumbnail";

    const QListWidgetItem* editor = list->item(static_cast<int>(screens.size()));
    EXPECT_EQ(editor->text(), QStringLiteral("Window: Editor — notes.txt\n300 × 200"));
    EXPECT_EQ(editor->data(Qt::AccessibleTextRole).toString(),
              QStringLiteral("Window Editor — notes.txt, 300 by 200 pixels"));
    // A long title is cut in the row; the tooltip and the spoken name keep all of it.
    const QListWidgetItem* long_title = list->item(static_cast<int>(screens.size()) + 1);
    EXPECT_LT(long_title->text().indexOf(QLatin1Char('\n')), 80) << long_title->text().toStdString();
    EXPECT_TRUE(long_title->text().contains(QStringLiteral("…")));
    EXPECT_EQ(long_title->toolTip(), QString(90, QLatin1Char('x')));

    EXPECT_FALSE(dialog.sourceList()->accessibleName().isEmpty());
    EXPECT_FALSE(dialog.shareButton()->accessibleName().isEmpty());
}

TEST(SnapshotSourceDialogTest, FirstScreenIsPreselectedAndEnterSharesItOnce) {
    SnapshotSourceDialog dialog(QGuiApplication::screens(), twoWindows());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    EXPECT_TRUE(dialog.shareButton()->isEnabled());
    EXPECT_TRUE(dialog.shareButton()->isDefault());
    QTest::keyClick(dialog.sourceList(), Qt::Key_Return);
    EXPECT_EQ(dialog.result(), QDialog::Accepted);
    EXPECT_EQ(accepted.count(), 1) << "Enter on the list shares once, not twice";
    const SnapshotSource source = dialog.selectedSource();
    EXPECT_EQ(source.kind, SnapshotSource::Kind::Screen);
    EXPECT_EQ(source.screen, QGuiApplication::screens().first());
}

TEST(SnapshotSourceDialogTest, ArrowKeysPickAWindowAndEscCancels) {
    const int screens = static_cast<int>(QGuiApplication::screens().size());
    {
        SnapshotSourceDialog dialog(QGuiApplication::screens(), twoWindows());
        dialog.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
        for (int i = 0; i < screens; ++i) QTest::keyClick(dialog.sourceList(), Qt::Key_Down);
        QTest::keyClick(dialog.sourceList(), Qt::Key_Enter);  // the keypad's Enter
        EXPECT_EQ(dialog.result(), QDialog::Accepted);
        const SnapshotSource source = dialog.selectedSource();
        EXPECT_EQ(source.kind, SnapshotSource::Kind::Window);
        EXPECT_EQ(source.window, WId(101));
        EXPECT_EQ(source.title, QStringLiteral("Editor — notes.txt"));
        EXPECT_EQ(source.geometry, QRect(10, 20, 300, 200));
    }
    SnapshotSourceDialog dialog(QGuiApplication::screens(), twoWindows());
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClick(dialog.sourceList(), Qt::Key_Escape);
    EXPECT_EQ(dialog.result(), QDialog::Rejected);
    EXPECT_FALSE(dialog.isVisible());
    EXPECT_EQ(accepted.count(), 0);
}

TEST(SnapshotSourceDialogTest, NothingSelectedMeansNothingToShare) {
    SnapshotSourceDialog dialog(QGuiApplication::screens(), {});
    dialog.sourceList()->clearSelection();
    EXPECT_FALSE(dialog.shareButton()->isEnabled());
    EXPECT_TRUE(SnapshotSourceDialog::grab(dialog.selectedSource()).isNull());
}

TEST(SnapshotSourceDialogTest, GrabsAWholeScreenAtItsSize) {
    QScreen* screen = QGuiApplication::primaryScreen();
    ASSERT_NE(screen, nullptr);
    SnapshotSource source;
    source.screen = screen;
    const QImage picture = SnapshotSourceDialog::grab(source);
    ASSERT_FALSE(picture.isNull());
    EXPECT_EQ(picture.size(), screen->geometry().size() * screen->devicePixelRatio());
}

}  // namespace
}  // namespace confab::client
