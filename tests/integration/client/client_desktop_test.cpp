// The client features that need a real X display (Xvfb, see
// desktop_test_main.cpp), end to end against the real Prosody with its
// XEP-0363 upload service:
// - a message in a chat you are not looking at shows as a tray notification;
// - "Share screen snapshot" captures the screen and shares it;
// - "Image…" opens a file picker, and the picked PNG is shared.
// The tests press the chat's real buttons and answer the real dialog.
#include <QApplication>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSystemTrayIcon>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include "client_gui_fixture.h"
#include "confab/client/chat_widget.h"
#include "confab/client/conversation_model.h"
#include "confab/client/image_transfer.h"
#include "confab/client/main_window.h"
#include "confab/client/message_view.h"
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

class ClientDesktopTest : public ClientGuiFixture {
protected:
    // `a` and `b` are buddies and both signed in.
    void startPair(const std::string& a, const std::string& b) {
        seedBuddies(a, {b});
        seedBuddies(b, {a});
        first_ = &startClient(a);
        second_ = &startClient(b);
        ASSERT_TRUE(waitForConnected(*first_)) << first_->mainWindow()->connectionText().toStdString();
        ASSERT_TRUE(waitForConnected(*second_)) << second_->mainWindow()->connectionText().toStdString();
    }
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

    client::ClientApplication* first_ = nullptr;
    client::ClientApplication* second_ = nullptr;
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
    QToolButton* snapshot = button(to_jon, QStringLiteral("Share screen snapshot"));
    ASSERT_NE(snapshot, nullptr);
    ASSERT_TRUE(snapshot->isVisible());
    QTest::mouseClick(snapshot, Qt::LeftButton);
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
