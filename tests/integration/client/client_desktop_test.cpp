// The client features that need a real X display (Xvfb, see
// desktop_test_main.cpp), end to end against the real Prosody with its
// XEP-0363 upload service:
// - a message in a chat you are not looking at shows as a tray notification,
//   and a click on it opens that chat;
// - "Share screen snapshot" asks which screen or window, then captures it and
//   shares it (a window of another X client, made here with xcb);
// - "Image…" opens a file picker, and the picked PNG is shared.
// The tests press the chat's real buttons and answer the real dialogs.
#include <QApplication>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScreen>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <xcb/xcb.h>

#include <cstdlib>
#include <cstring>

#include "client_gui_fixture.h"
#include "confab/client/chat_widget.h"
#include "confab/client/conversation_model.h"
#include "confab/client/desktop_windows.h"
#include "confab/client/image_transfer.h"
#include "confab/client/main_window.h"
#include "confab/client/message_view.h"
#include "confab/client/snapshot_source_dialog.h"
#include "confab/client/xmpp_session.h"
#include "test_images.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;

// What a Qt balloon notification (QSystemTrayIcon::showMessage on X11) says:
// its title and message are its first two labels.
struct Balloon {
    QWidget* widget = nullptr;
    QStringList texts;
};

Balloon visibleBalloon() {
    Balloon balloon;
    for (QWidget* top : QApplication::topLevelWidgets()) {
        if (qstrcmp(top->metaObject()->className(), "QBalloonTip") != 0 || !top->isVisible()) continue;
        balloon.widget = top;
        for (const QLabel* label : top->findChildren<QLabel*>()) {
            if (!label->text().isEmpty()) balloon.texts << label->text();
        }
    }
    return balloon;
}

// A plain window of another X client (its own xcb connection, not Qt): a
// solid colour that the X server itself paints, and a title. Destroyed with
// its connection.
class ForeignWindow {
public:
    ForeignWindow(const QRect& geometry, const QColor& colour, const QByteArray& utf8_title,
                  const QByteArray& latin1_title) {
        connection_ = xcb_connect(nullptr, nullptr);
        if (xcb_connection_has_error(connection_)) return;
        xcb_screen_t* screen = xcb_setup_roots_iterator(xcb_get_setup(connection_)).data;
        window_ = xcb_generate_id(connection_);
        // A 24-bit TrueColor visual (Xvfb's): the pixel is 0xRRGGBB.
        const uint32_t values[] = {static_cast<uint32_t>(colour.rgb() & 0xffffffu)};
        xcb_create_window(connection_, XCB_COPY_FROM_PARENT, window_, screen->root,
                          static_cast<int16_t>(geometry.x()), static_cast<int16_t>(geometry.y()),
                          static_cast<uint16_t>(geometry.width()), static_cast<uint16_t>(geometry.height()), 0,
                          XCB_WINDOW_CLASS_INPUT_OUTPUT, screen->root_visual, XCB_CW_BACK_PIXEL, values);
        const xcb_atom_t net_wm_name = atom("_NET_WM_NAME");
        const xcb_atom_t utf8 = atom("UTF8_STRING");
        xcb_change_property(connection_, XCB_PROP_MODE_REPLACE, window_, net_wm_name, utf8, 8,
                            static_cast<uint32_t>(utf8_title.size()), utf8_title.constData());
        xcb_change_property(connection_, XCB_PROP_MODE_REPLACE, window_, XCB_ATOM_WM_NAME, XCB_ATOM_STRING, 8,
                            static_cast<uint32_t>(latin1_title.size()), latin1_title.constData());
        xcb_map_window(connection_, window_);
        xcb_flush(connection_);
    }
    ~ForeignWindow() {
        if (connection_) xcb_disconnect(connection_);
    }
    ForeignWindow(const ForeignWindow&) = delete;
    ForeignWindow& operator=(const ForeignWindow&) = delete;

    WId id() const { return window_; }
    bool viewable() const {
        if (!connection_ || xcb_connection_has_error(connection_)) return false;
        xcb_get_window_attributes_reply_t* reply = xcb_get_window_attributes_reply(
            connection_, xcb_get_window_attributes(connection_, window_), nullptr);
        const bool shown = reply && reply->map_state == XCB_MAP_STATE_VIEWABLE;
        std::free(reply);
        return shown;
    }

private:
    xcb_atom_t atom(const char* name) {
        xcb_intern_atom_reply_t* reply = xcb_intern_atom_reply(
            connection_, xcb_intern_atom(connection_, 0, static_cast<uint16_t>(std::strlen(name)), name), nullptr);
        const xcb_atom_t value = reply ? reply->atom : xcb_atom_t{XCB_ATOM_NONE};
        std::free(reply);
        return value;
    }

    xcb_connection_t* connection_ = nullptr;
    xcb_window_t window_ = 0;
};

class ClientDesktopTest : public ClientGuiFixture {
protected:
    static QToolButton* button(client::ChatWidget* chat, const QString& accessible_name) {
        for (QToolButton* candidate : chat->findChildren<QToolButton*>()) {
            if (candidate->accessibleName() == accessible_name) return candidate;
        }
        ADD_FAILURE() << "no button " << accessible_name.toStdString();
        return nullptr;
    }
    // Waits until `receiver` has an image message from `sender` whose
    // picture has downloaded; returns the decoded full image.
    client::DecodedImage receivedImage(client::ClientApplication& receiver, const QString& sender,
                                       client::ChatWidget* sent_from, QUrl& url) {
        client::ChatWidget* chat = nullptr;
        const bool arrived = waitFor(
            [&] {
                chat = receiver.mainWindow()->chatWidget(sender);
                if (!chat) return false;
                for (int row = 0; row < chat->model()->rowCount(); ++row) {
                    const client::ChatMessage& message = chat->model()->messageAt(row);
                    if (message.oob_url.isValid()) url = message.oob_url;
                }
                return url.isValid();
            },
            20s);
        EXPECT_TRUE(arrived) << "no image message; the sender's chat says: "
                             << sent_from->statusText().toStdString();
        if (!arrived) return {};
        EXPECT_TRUE(waitFor([&] {
            return chat->messageView()->imageState(url) == client::MessageView::ImageState::Ready;
        })) << "no thumbnail: "
            << chat->messageView()->imageError(url).toStdString();
        return receiver.context().images->fullImage(url);
    }

    // Presses "Share screen snapshot" in `chat`; returns its chooser once it
    // is on the screen.
    client::SnapshotSourceDialog* openSnapshotChooser(client::ChatWidget* chat) {
        QToolButton* snapshot = button(chat, QStringLiteral("Share screen snapshot"));
        if (!snapshot || !snapshot->isVisible()) return nullptr;
        QTest::mouseClick(snapshot, Qt::LeftButton);  // the chooser is not modal: this returns
        client::SnapshotSourceDialog* chooser = chat->snapshotDialog();
        EXPECT_NE(chooser, nullptr) << "no chooser; the chat says: " << chat->statusText().toStdString();
        if (!chooser) return nullptr;
        EXPECT_TRUE(QTest::qWaitForWindowExposed(chooser));
        EXPECT_TRUE(waitFor([&] { return chooser->isActiveWindow(); }, 5s)) << "the chooser does not have the focus";
        return chooser;
    }
    // The chooser's row whose text starts with `prefix`, or -1.
    static int rowStartingWith(client::SnapshotSourceDialog* chooser, const QString& prefix) {
        for (int row = 0; row < chooser->sourceList()->count(); ++row) {
            if (chooser->sourceList()->item(row)->text().startsWith(prefix)) return row;
        }
        return -1;
    }
    static QString rowsOf(client::SnapshotSourceDialog* chooser) {
        QStringList rows;
        for (int row = 0; row < chooser->sourceList()->count(); ++row) rows << chooser->sourceList()->item(row)->text();
        return rows.join(QStringLiteral(" | "));
    }

};

// Ben writes to Ann while her window shows no chat with him: her tray shows
// who wrote and what. While she is looking at his chat, nothing pops up.
TEST_F(ClientDesktopTest, MessageInAnotherChatShowsATrayNotification) {
    ASSERT_TRUE(QSystemTrayIcon::isSystemTrayAvailable()) << "the test display has no tray";
    ASSERT_NO_FATAL_FAILURE(startPair("ann", "ben"));
    client::ClientApplication& ann = *first_;
    client::ClientApplication& ben = *second_;
    ASSERT_EQ(visibleBalloon().widget, nullptr);

    ben.mainWindow()->openChat(QStringLiteral("ann@localhost"))->submit(QStringLiteral("Lunch at noon?"));
    Balloon balloon;
    ASSERT_TRUE(waitFor([&] { return (balloon = visibleBalloon()).widget != nullptr; }, 10s))
        << "no tray notification";
    ASSERT_GE(balloon.texts.size(), 2) << balloon.texts.join(QStringLiteral(" | ")).toStdString();
    EXPECT_TRUE(balloon.texts.contains(QStringLiteral("Lunch at noon?")))
        << balloon.texts.join(QStringLiteral(" | ")).toStdString();
    EXPECT_TRUE(balloon.texts.first().contains(QStringLiteral("ben"), Qt::CaseInsensitive))
        << "the title names the sender: " << balloon.texts.first().toStdString();
    saveScreenshot(balloon.widget, "tray-notification");
    balloon.widget->close();
    ASSERT_TRUE(waitFor([] { return visibleBalloon().widget == nullptr; }));

    // Ann reads Ben's chat: the next message from him is not announced.
    client::MainWindow* window = ann.mainWindow();
    window->openChat(QStringLiteral("ben@localhost"), true);
    window->activateWindow();
    ASSERT_TRUE(waitFor([&] { return window->isActiveWindow(); }, 5s)) << "the window never became active";
    ASSERT_TRUE(waitFor([&] { return ann.context().conversations->unread(QStringLiteral("ben@localhost")) == 0; }));
    ben.mainWindow()->openChat(QStringLiteral("ann@localhost"))->submit(QStringLiteral("Or at one?"));
    client::ChatWidget* with_ben = window->chatWidget(QStringLiteral("ben@localhost"));
    ASSERT_NE(with_ben, nullptr);
    ASSERT_TRUE(waitFor([&] {
        const int rows = with_ben->model()->rowCount();
        return rows > 0 && with_ben->model()->messageAt(rows - 1).body == QStringLiteral("Or at one?");
    })) << "the second message did not arrive";
    // Showing a notification happens as the message is stored, so by now it
    // would be there.
    QApplication::processEvents();
    EXPECT_EQ(visibleBalloon().widget, nullptr) << visibleBalloon().texts.join(QStringLiteral(" | ")).toStdString();
}

// Rex's window is hidden and shows another chat when Sam writes; a click on
// the tray notification brings the window back with Sam's chat in front.
TEST_F(ClientDesktopTest, ClickOnATrayNotificationOpensThatChat) {
    ASSERT_TRUE(QSystemTrayIcon::isSystemTrayAvailable()) << "the test display has no tray";
    ASSERT_NO_FATAL_FAILURE(startPair("rex", "sam"));
    client::ClientApplication& rex = *first_;
    client::ClientApplication& sam = *second_;
    client::MainWindow* window = rex.mainWindow();
    client::ChatWidget* elsewhere = window->openChat(QStringLiteral("tia@localhost"), true);
    window->hide();
    ASSERT_FALSE(window->isVisible());

    sam.mainWindow()->openChat(QStringLiteral("rex@localhost"))->submit(QStringLiteral("Got a minute?"));
    Balloon balloon;
    ASSERT_TRUE(waitFor([&] { return (balloon = visibleBalloon()).widget != nullptr; }, 10s))
        << "no tray notification";
    ASSERT_TRUE(balloon.texts.contains(QStringLiteral("Got a minute?")))
        << balloon.texts.join(QStringLiteral(" | ")).toStdString();
    // The message opened Sam's chat in the background only (a turn after
    // the notification: MainWindow::onMessageReceived).
    client::ChatWidget* with_sam = nullptr;
    ASSERT_TRUE(waitFor([&] { return (with_sam = window->chatWidget(QStringLiteral("sam@localhost"))) != nullptr; }))
        << "no tab for Sam's message";
    ASSERT_EQ(window->tabs()->currentWidget(), elsewhere);

    // A real left click on Qt's balloon (QBalloonTip: a click closes it and
    // emits the tray icon's messageClicked), as on a desktop without a
    // notification daemon. Away from its close button at the top right.
    QTest::mouseClick(balloon.widget, Qt::LeftButton, {}, QPoint(12, balloon.widget->height() / 2));
    EXPECT_TRUE(waitFor([] { return visibleBalloon().widget == nullptr; })) << "the click did not close it";
    EXPECT_TRUE(waitFor([&] { return window->isVisible(); }, 5s)) << "the window did not come back";
    EXPECT_TRUE(waitFor([&] { return window->isActiveWindow(); }, 5s)) << "the window is not active";
    EXPECT_EQ(window->tabs()->currentWidget(), with_sam) << "Sam's chat is in front";
    EXPECT_TRUE(waitFor([&] { return rex.context().conversations->unread(QStringLiteral("sam@localhost")) == 0; }))
        << "looking at the chat reads it";
}

// "Share screen snapshot" in Ivy's chat with Jon: Jon receives a PNG of the
// whole screen, with what was on it (a magenta square Ivy had on screen).
TEST_F(ClientDesktopTest, ScreenSnapshotIsSharedWithWhatIsOnTheScreen) {
    ASSERT_NO_FATAL_FAILURE(startPair("ivy", "jon"));
    client::ClientApplication& ivy = *first_;
    client::ClientApplication& jon = *second_;
    ASSERT_TRUE(waitFor([&] { return !ivy.session()->uploadService().isEmpty(); })) << "no upload service";

    const QRect screen = QGuiApplication::primaryScreen()->geometry();
    // Below and right of the client windows (1100 x 700 at the top left).
    const QRect square(screen.right() - 130, screen.bottom() - 90, 120, 80);
    QWidget marker(nullptr, Qt::Window | Qt::FramelessWindowHint | Qt::BypassWindowManagerHint);
    marker.setAutoFillBackground(true);
    QPalette palette = marker.palette();
    palette.setColor(QPalette::Window, QColor(255, 0, 255));
    marker.setPalette(palette);
    marker.setGeometry(square);
    marker.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&marker));

    client::ChatWidget* to_jon = ivy.mainWindow()->openChat(QStringLiteral("jon@localhost"));
    client::SnapshotSourceDialog* chooser = openSnapshotChooser(to_jon);
    ASSERT_NE(chooser, nullptr);
    // The screen comes first and is selected: Enter alone shares it.
    ASSERT_GE(chooser->sourceList()->count(), 1);
    EXPECT_EQ(chooser->sourceList()->currentRow(), 0);
    EXPECT_TRUE(chooser->sourceList()->item(0)->text().startsWith(QStringLiteral("Screen 1"))) << rowsOf(chooser).toStdString();
    EXPECT_TRUE(chooser->sourceList()->item(0)->text().contains(QStringLiteral("1280 × 800")))
        << rowsOf(chooser).toStdString();
    EXPECT_GE(rowStartingWith(chooser, QStringLiteral("Window: ")), 0)
        << "the client windows are listed too: " << rowsOf(chooser).toStdString();
    QTest::keyClick(chooser->sourceList(), Qt::Key_Return);
    EXPECT_TRUE(waitFor([&] { return to_jon->snapshotDialog() == nullptr; })) << "the chooser stayed open";
    EXPECT_FALSE(to_jon->statusText().contains(QStringLiteral("Could not take")))
        << to_jon->statusText().toStdString();

    QUrl url;
    const client::DecodedImage image = receivedImage(jon, QStringLiteral("ivy@localhost"), to_jon, url);
    ASSERT_TRUE(image.ok()) << image.error.toStdString();
    EXPECT_EQ(image.image.size(), screen.size()) << "the whole screen, not scaled";
    EXPECT_EQ(image.format, QByteArray("png")) << "screenshots stay PNG";
    EXPECT_TRUE(url.fileName().startsWith(QStringLiteral("screenshot-"))) << url.toString().toStdString();
    EXPECT_EQ(image.image.pixelColor(square.center() - screen.topLeft()), QColor(255, 0, 255))
        << "the marker on the screen is in the picture";
}

// "Share screen snapshot", then a window in the chooser: Nia's picture of a
// window of another X client (an orange box of known size, titled in
// UTF-8) is what Oto receives: that window's size, that window's colour.
TEST_F(ClientDesktopTest, WindowSnapshotIsSharedAtTheWindowsSize) {
    ASSERT_NO_FATAL_FAILURE(startPair("nia", "oto"));
    client::ClientApplication& nia = *first_;
    client::ClientApplication& oto = *second_;
    ASSERT_TRUE(waitFor([&] { return !nia.session()->uploadService().isEmpty(); })) << "no upload service";

    // Right of the client windows (1100 x 700 at the top left), so neither
    // they nor the chooser (centred on them) cover it.
    const QRect geometry(1110, 40, 160, 300);
    const QColor orange(255, 128, 0);
    ForeignWindow window(geometry, orange, QByteArray("Confab test — orange window"),
                         QByteArray("Confab test - orange window"));
    ASSERT_TRUE(waitFor([&] { return window.viewable(); }, 5s)) << "the test window never showed";

    // What the platform lists: the window, by its UTF-8 title, where it is.
    bool listed = false;
    for (const client::DesktopWindow& found : client::desktopWindows()) {
        if (found.id != window.id()) continue;
        listed = true;
        EXPECT_EQ(found.title, QStringLiteral("Confab test — orange window"));
        EXPECT_EQ(found.geometry, geometry);
    }
    EXPECT_TRUE(listed) << "desktopWindows() did not list the test window";

    client::ChatWidget* to_oto = nia.mainWindow()->openChat(QStringLiteral("oto@localhost"));
    client::SnapshotSourceDialog* chooser = openSnapshotChooser(to_oto);
    ASSERT_NE(chooser, nullptr);
    const int row = rowStartingWith(chooser, QStringLiteral("Window: Confab test — orange window"));
    ASSERT_GE(row, 0) << rowsOf(chooser).toStdString();
    EXPECT_EQ(chooser->sourceList()->item(row)->text(), QStringLiteral("Window: Confab test — orange window\n160 × 300"));
    EXPECT_EQ(chooser->sourceList()->item(row)->data(Qt::AccessibleTextRole).toString(),
              QStringLiteral("Window Confab test — orange window, 160 by 300 pixels"));
    EXPECT_GE(rowStartingWith(chooser, QStringLiteral("Window: Confab — nia@localhost")), 0)
        << "Nia's own window is offered too: " << rowsOf(chooser).toStdString();
    chooser->resize(chooser->sizeHint().expandedTo(chooser->size()));
    saveScreenshot(chooser, "snapshot-chooser");

    // As a person would: click the row, then Share.
    QListWidget* list = chooser->sourceList();
    list->scrollToItem(list->item(row));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(row)).center());
    ASSERT_EQ(list->currentRow(), row);
    ASSERT_TRUE(chooser->shareButton()->isEnabled());
    QTest::mouseClick(chooser->shareButton(), Qt::LeftButton);
    EXPECT_TRUE(waitFor([&] { return to_oto->snapshotDialog() == nullptr; })) << "the chooser stayed open";

    QUrl url;
    const client::DecodedImage image = receivedImage(oto, QStringLiteral("nia@localhost"), to_oto, url);
    ASSERT_TRUE(image.ok()) << image.error.toStdString();
    EXPECT_EQ(image.image.size(), geometry.size()) << "the window only, not the screen";
    EXPECT_EQ(image.format, QByteArray("png"));
    EXPECT_TRUE(url.fileName().startsWith(QStringLiteral("screenshot-"))) << url.toString().toStdString();
    int other = 0;
    for (int y = 0; y < image.image.height(); ++y) {
        for (int x = 0; x < image.image.width(); ++x) {
            if (image.image.pixelColor(x, y) != orange) ++other;
        }
    }
    EXPECT_EQ(other, 0) << "pixels that are not the window's orange, e.g. at the centre: "
                        << image.image.pixelColor(80, 150).name().toStdString();
}

// Esc in the chooser shares nothing.
TEST_F(ClientDesktopTest, SnapshotChooserCancelledWithEscSharesNothing) {
    ASSERT_NO_FATAL_FAILURE(startPair("pia", "quin"));
    client::ClientApplication& pia = *first_;
    client::ChatWidget* to_quin = pia.mainWindow()->openChat(QStringLiteral("quin@localhost"));
    client::SnapshotSourceDialog* chooser = openSnapshotChooser(to_quin);
    ASSERT_NE(chooser, nullptr);
    QTest::keyClick(chooser->sourceList(), Qt::Key_Escape);
    ASSERT_TRUE(waitFor([&] { return to_quin->snapshotDialog() == nullptr; })) << "Esc did not close the chooser";
    // Longer than the chooser's settle time before a picture is taken.
    QTest::qWait(600);
    EXPECT_EQ(to_quin->model()->rowCount(), 0) << "nothing was sent";
    EXPECT_TRUE(to_quin->statusText().isEmpty()) << to_quin->statusText().toStdString();
}

// "Image…" opens a file picker; the PNG chosen in it is what Jon receives.
TEST_F(ClientDesktopTest, ImageFilePickerSharesThePickedPng) {
    ASSERT_NO_FATAL_FAILURE(startPair("kai", "lou"));
    client::ClientApplication& kai = *first_;
    client::ClientApplication& lou = *second_;
    ASSERT_TRUE(waitFor([&] { return !kai.session()->uploadService().isEmpty(); })) << "no upload service";

    const QImage picture = test::screenshotLikeImage(640, 360);
    const QString path = QString::fromStdString((prosody().runtimeDir() / "release-plan.png").string());
    ASSERT_TRUE(picture.save(path, "PNG"));

    client::ChatWidget* to_lou = kai.mainWindow()->openChat(QStringLiteral("lou@localhost"));
    QToolButton* image_button = button(to_lou, QStringLiteral("Share an image file"));
    ASSERT_NE(image_button, nullptr);
    // The picker is modal: answer it from inside its event loop, as a person
    // would: put the file's path into its name field and press Open. A
    // dialog that is not Qt's own, or none, fails the test instead of
    // hanging it.
    QStringList filters;
    bool answered = false;
    QString problem = QStringLiteral("no file dialog, or not Qt's own");
    QElapsedTimer waited;
    waited.start();
    QTimer picker;
    picker.setInterval(20);
    QObject::connect(&picker, &QTimer::timeout, [&] {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible()) {
            if (waited.elapsed() > 10'000) {
                picker.stop();
                if (QWidget* modal = QApplication::activeModalWidget()) modal->close();
            }
            return;
        }
        picker.stop();
        filters = dialog->nameFilters();
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
        QPushButton* open = nullptr;
        if (auto* buttons = dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttonBox")))
            open = buttons->button(QDialogButtonBox::Open);
        if (!name || !open) {
            problem = QStringLiteral("no name field or Open button");
            dialog->reject();
            return;
        }
        // Set as a paste would: typed key by key, its completer popup takes
        // the keys.
        name->setFocus();
        name->setText(path);
        answered = open->isEnabled();
        if (!answered) problem = QStringLiteral("Open is disabled for ") + name->text();
        QTest::mouseClick(open, Qt::LeftButton);
        if (dialog->isVisible()) {
            answered = false;
            problem = QStringLiteral("the dialog stayed open with ") + name->text();
            dialog->reject();
        }
    });
    picker.start();
    QTest::mouseClick(image_button, Qt::LeftButton);  // returns when the dialog has closed
    picker.stop();
    ASSERT_TRUE(answered) << problem.toStdString();
    ASSERT_FALSE(filters.isEmpty());
    EXPECT_TRUE(filters.first().contains(QStringLiteral("*.png"))) << filters.first().toStdString();

    QUrl url;
    const client::DecodedImage image = receivedImage(lou, QStringLiteral("kai@localhost"), to_lou, url);
    ASSERT_TRUE(image.ok()) << image.error.toStdString();
    EXPECT_EQ(image.image.size(), picture.size());
    EXPECT_EQ(url.fileName(), QStringLiteral("release-plan.png")) << url.toString().toStdString();
    EXPECT_EQ(image.image.pixelColor(10, 10), picture.pixelColor(10, 10));
}

}  // namespace
}  // namespace confab::test
