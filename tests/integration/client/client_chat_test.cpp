// Two people with the real client, each in their own window: they see each
// other's presence change in the buddy list, chat with delivery receipts and
// typing notifications, and share an image that arrives as a thumbnail; an
// image bomb arrives as a refusal with its reason. Real Prosody (with its
// XEP-0363 upload service), no bridge needed.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QTest>
#include <QTreeView>

#include "client_gui_fixture.h"
#include "confab/client/chat_input.h"
#include "confab/client/chat_widget.h"
#include "confab/client/conversation_model.h"
#include "confab/client/image_transfer.h"
#include "confab/client/main_window.h"
#include "confab/client/message_view.h"
#include "confab/client/info_bar.h"
#include "confab/client/presence_selector.h"
#include "confab/client/prompt_area.h"
#include "confab/client/roster_model.h"
#include "confab/client/roster_panel.h"
#include "confab/client/xmpp_session.h"
#include "test_images.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using client::PresenceShow;

class ClientChatTest : public ClientGuiFixture {
protected:
    static const client::RosterContact* contact(client::ClientApplication& app, const std::string& jid) {
        return app.mainWindow()->roster()->contact(QString::fromStdString(jid));
    }
    // The row of `chat` whose body contains `text`, or -1.
    static int rowWith(client::ChatWidget* chat, const QString& text) {
        if (!chat) return -1;
        for (int row = 0; row < chat->model()->rowCount(); ++row) {
            if (chat->model()->messageAt(row).body.contains(text)) return row;
        }
        return -1;
    }
    static int rowWithUrl(client::ChatWidget* chat, const QUrl& url) {
        if (!chat) return -1;
        for (int row = 0; row < chat->model()->rowCount(); ++row) {
            if (chat->model()->messageAt(row).oob_url == url) return row;
        }
        return -1;
    }

};

TEST_F(ClientChatTest, BuddiesSeePresenceChangesAndChatWithReceipts) {
    ASSERT_NO_FATAL_FAILURE(startPair("ann", "ben"));
    client::ClientApplication& ann = *first_;
    client::ClientApplication& ben = *second_;
    ASSERT_TRUE(waitFor([&] {
        const auto* b = contact(ann, "ben@localhost");
        return b && b->show == PresenceShow::Available;
    })) << "ann never saw ben online";

    // Ben goes away with a status text, through his presence selector.
    client::PresenceSelector* selector = ben.mainWindow()->rosterPanel()->presenceSelector();
    selector->statusEdit()->setText(QStringLiteral("at lunch"));
    const int away = selector->showBox()->findData(static_cast<int>(PresenceShow::Away));
    ASSERT_GE(away, 0);
    selector->showBox()->setCurrentIndex(away);
    emit selector->showBox()->activated(away);
    ASSERT_TRUE(waitFor([&] {
        const auto* b = contact(ann, "ben@localhost");
        return b && b->show == PresenceShow::Away && b->status_text == QStringLiteral("at lunch");
    })) << "ann's roster did not show ben away";
    saveScreenshot(ann.mainWindow(), "roster");

    // Both have the chat open. Ann types: Ben sees that she is typing, then
    // the message (as plain text).
    ASSERT_NE(ben.mainWindow()->openChat(QStringLiteral("ann@localhost")), nullptr);
    client::ChatWidget* to_ben = ann.mainWindow()->openChat(QStringLiteral("ben@localhost"));
    ASSERT_NE(to_ben, nullptr);
    QTest::keyClicks(to_ben->input(), QStringLiteral("Hel"));
    ASSERT_TRUE(waitFor([&] {
        client::ChatWidget* from_ann = ben.mainWindow()->chatWidget(QStringLiteral("ann@localhost"));
        return from_ann && from_ann->typingText().contains(QStringLiteral("typing"));
    })) << "no typing notification at ben";

    const QString text = QStringLiteral("Hello Ben <b>not bold</b> & see https://example.com/plan");
    to_ben->submit(text);
    client::ChatWidget* from_ann = nullptr;
    ASSERT_TRUE(waitFor([&] {
        from_ann = ben.mainWindow()->chatWidget(QStringLiteral("ann@localhost"));
        return rowWith(from_ann, QStringLiteral("not bold")) >= 0;
    })) << "ben never got the message";
    const int row = rowWith(from_ann, QStringLiteral("not bold"));
    EXPECT_EQ(from_ann->model()->messageAt(row).body, text) << "the body arrives unchanged";
    EXPECT_TRUE(from_ann->messageView()->transcript().contains(QStringLiteral("<b>not bold</b>")))
        << "markup is shown as text, not interpreted: " << from_ann->messageView()->transcript().toStdString();

    const int sent = rowWith(to_ben, QStringLiteral("not bold"));
    ASSERT_GE(sent, 0);
    EXPECT_TRUE(waitFor([&] {
        return to_ben->model()->messageAt(sent).delivery == client::DeliveryState::Delivered;
    })) << "no delivery receipt";
    saveScreenshot(ben.mainWindow(), "chat");
}

TEST_F(ClientChatTest, SharedImageArrivesAsAThumbnailAndABombIsRefused) {
    ASSERT_NO_FATAL_FAILURE(startPair("ivy", "jon"));
    client::ClientApplication& ivy = *first_;
    client::ClientApplication& jon = *second_;
    ASSERT_TRUE(waitFor([&] { return !ivy.session()->uploadService().isEmpty(); }))
        << "no upload service discovered";

    client::ChatWidget* to_jon = ivy.mainWindow()->openChat(QStringLiteral("jon@localhost"));
    to_jon->shareImage(test::screenshotLikeImage(900, 560), QStringLiteral("release-plan.png"));
    client::ChatWidget* from_ivy = nullptr;
    QUrl image_url;
    ASSERT_TRUE(waitFor(
        [&] {
            from_ivy = jon.mainWindow()->chatWidget(QStringLiteral("ivy@localhost"));
            if (!from_ivy) return false;
            for (int row = 0; row < from_ivy->model()->rowCount(); ++row) {
                const auto& message = from_ivy->model()->messageAt(row);
                if (message.oob_url.isValid()) image_url = message.oob_url;
            }
            return image_url.isValid();
        },
        15s))
        << "jon never got the image message; ivy's chat says: " << to_jon->statusText().toStdString();
    ASSERT_TRUE(waitFor([&] {
        return from_ivy->messageView()->imageState(image_url) == client::MessageView::ImageState::Ready;
    })) << "no thumbnail: " << from_ivy->messageView()->imageError(image_url).toStdString();

    // A bomb, uploaded raw by a hostile sender (the client itself would never
    // send one): Jon's client refuses it with the reason instead of a picture.
    const QByteArray bomb = test::pngBomb(30000, 30000);
    QUrl bomb_url;
    QObject::connect(ivy.session(), &client::XmppSession::uploadSlotReady, ivy.session(),
                     [&](const QString& id, const QUrl& put, const QUrl& get, const QMap<QString, QString>& headers) {
                         if (id == QStringLiteral("bomb"))
                             ivy.context().images->upload(id, put, get, headers, bomb, QStringLiteral("image/png"));
                     });
    QObject::connect(ivy.context().images, &client::ImageTransfer::uploadFinished, ivy.session(),
                     [&](const QString& id, const QUrl& get) {
                         if (id == QStringLiteral("bomb")) bomb_url = get;
                     });
    ivy.session()->requestUploadSlot(QStringLiteral("bomb"), QStringLiteral("bomb.png"), bomb.size(),
                                     QStringLiteral("image/png"));
    ASSERT_TRUE(waitFor([&] { return bomb_url.isValid(); }, 10s)) << "the bomb upload failed";
    ivy.session()->sendChatMessage(QStringLiteral("jon@localhost"), QString(), bomb_url);
    ASSERT_TRUE(waitFor([&] { return rowWithUrl(from_ivy, bomb_url) >= 0; })) << "no bomb message";
    ASSERT_TRUE(waitFor([&] {
        return from_ivy->messageView()->imageState(bomb_url) == client::MessageView::ImageState::Failed;
    })) << "the bomb was not refused";
    EXPECT_TRUE(from_ivy->messageView()->imageError(bomb_url).contains(QStringLiteral("too large")))
        << from_ivy->messageView()->imageError(bomb_url).toStdString();
    EXPECT_EQ(jon.session()->connectionState(), client::ConnectionState::Connected);
    saveScreenshot(jon.mainWindow(), "chat-image");
}

// Kim adds Leo; Leo's client asks him (an info bar, not a modal dialog);
// he allows, and each sees the other. Then Kim renames and removes him.
TEST_F(ClientChatTest, AddingABuddyAsksThemAndAllowingShowsPresence) {
    passwordOf("kim");
    passwordOf("leo");
    client::ClientApplication& kim = startClient("kim");
    client::ClientApplication& leo = startClient("leo");
    ASSERT_TRUE(waitForConnected(kim));
    ASSERT_TRUE(waitForConnected(leo));

    kim.session()->addContact(QStringLiteral("leo@localhost"), QStringLiteral("Leo"), {QStringLiteral("Friends")});
    client::InfoBar* request = nullptr;
    ASSERT_TRUE(waitFor([&] {
        return (request = leo.mainWindow()->promptArea()->infoBar(QStringLiteral("subscription:kim@localhost")));
    })) << "leo was not asked";
    saveScreenshot(leo.mainWindow(), "subscription-request");
    ASSERT_TRUE(request->trigger(QStringLiteral("Allow")));

    ASSERT_TRUE(waitFor([&] {
        const auto* l = contact(kim, "leo@localhost");
        return l && l->show == PresenceShow::Available && l->groups == QStringList{QStringLiteral("Friends")};
    })) << "kim does not see leo online";
    EXPECT_TRUE(waitFor([&] {
        const auto* k = contact(leo, "kim@localhost");
        return k && k->show == PresenceShow::Available;
    })) << "leo does not see kim online (his client subscribes back)";

    kim.session()->updateContact(QStringLiteral("leo@localhost"), QStringLiteral("Leo Lane"),
                                 {QStringLiteral("Work")});
    EXPECT_TRUE(waitFor([&] {
        return kim.mainWindow()->roster()->displayName(QStringLiteral("leo@localhost")) == QStringLiteral("Leo Lane");
    }));
    kim.session()->removeContact(QStringLiteral("leo@localhost"));
    EXPECT_TRUE(waitFor([&] { return contact(kim, "leo@localhost") == nullptr; }));
}

}  // namespace
}  // namespace confab::test
