// The participants panel on its own: its badges follow the conference model,
// and its context menu, opened the way a right click opens it, offers the
// moderator actions and sends the chosen one as a slash command in the room.
// A session that never connects takes the command; the conversation store
// records it, as it does for every message the client sends.
#include <gtest/gtest.h>

#include <QApplication>
#include <QContextMenuEvent>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QTest>
#include <QTimer>
#include <functional>

#include "confab/client/conference_model.h"
#include "confab/client/conversation_model.h"
#include "confab/client/participants_panel.h"
#include "confab/client/roster_model.h"
#include "confab/client/xmpp_session.h"

namespace confab::client {
namespace {

using protocol::ConferenceInfoDocument;
using protocol::ElementState;
using protocol::EndpointStatus;

const QString kRoom = QStringLiteral("standup@conference.example.com");

protocol::UserInfo phoneUser(const std::string& entity, const std::string& number, EndpointStatus status) {
    protocol::EndpointInfo endpoint;
    endpoint.entity = "tel:" + number;
    endpoint.status = status;
    protocol::UserInfo user;
    user.entity = entity;
    user.endpoints = {endpoint};
    return user;
}

ConferenceInfoDocument document(std::uint32_t version, ElementState state) {
    ConferenceInfoDocument doc;
    doc.entity = "xmpp:" + kRoom.toStdString();
    doc.version = version;
    doc.state = state;
    return doc;
}

// Bob (a buddy, connected, muted or not) and a caller who is only a number.
ConferenceInfoDocument call(std::uint32_t version, bool bob_muted = false) {
    ConferenceInfoDocument doc = document(version, ElementState::Full);
    doc.subject = "Daily standup";
    doc.users = {phoneUser("xmpp:bob@example.com", "+15557654321",
                           bob_muted ? EndpointStatus::MutedViaFocus : EndpointStatus::Connected),
                 phoneUser("tel:+15550001111", "+15550001111", EndpointStatus::Connected)};
    doc.user_count = 2;
    return doc;
}

// What the context menu showed, and what it sent.
struct MenuResult {
    bool shown = false;
    QStringList actions;   // separators left out
    QStringList disabled;  // those of `actions` shown greyed out
};

// Answers the next modal QInputDialog (QInputDialog::getText runs its own
// event loop) as a person would: types `text` and presses Enter. Gives up
// after two seconds, closing whatever modal dialog is open.
class InputDialogAnswer {
  public:
    explicit InputDialogAnswer(const QString& text) {
        timer_.setInterval(10);
        QObject::connect(&timer_, &QTimer::timeout, [this, text] {
            auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            if (!dialog) {
                if (++ticks_ > 200) {
                    timer_.stop();
                    if (QWidget* modal = QApplication::activeModalWidget()) modal->close();
                }
                return;
            }
            timer_.stop();
            label_ = dialog->labelText();
            auto* edit = dialog->findChild<QLineEdit*>();
            if (!edit) {
                dialog->reject();
                return;
            }
            QTest::keyClicks(edit, text);
            QTest::keyClick(edit, Qt::Key_Return);
            answered_ = !dialog->isVisible();
        });
        timer_.start();
    }
    bool answered() const { return answered_; }
    QString label() const { return label_; }

  private:
    QTimer timer_;
    int ticks_ = 0;
    bool answered_ = false;
    QString label_;
};

class ParticipantsPanelTest : public ::testing::Test {
  protected:
    void SetUp() override {
        context_.session = &session_;
        context_.roster = &roster_;
        context_.conversations = &conversations_;
        panel_ = std::make_unique<ParticipantsPanel>(context_, &model_);
        panel_->resize(360, 420);
        panel_->show();
        QApplication::processEvents();
    }

    QModelIndex rowOf(const QString& entity) const {
        for (int row = 0; row < model_.rowCount(); ++row) {
            if (model_.index(row).data(ConferenceModel::EntityRole).toString() == entity) return model_.index(row);
        }
        return {};
    }

    // Right-clicks the row of `entity` (the QContextMenuEvent a right click
    // sends to the list's viewport), then, if a menu pops up, picks the
    // action whose text is `choice` with the keyboard, or Escape when
    // `choice` is empty.
    MenuResult rightClick(const QString& entity, const QString& choice) {
        const QModelIndex index = rowOf(entity);
        EXPECT_TRUE(index.isValid()) << entity.toStdString();
        return rightClickAt(panel_->participantsView()->visualRect(index).center(), choice);
    }
    // The same at a point of the list's viewport (below the rows: no row).
    MenuResult rightClickAt(const QPoint& position, const QString& choice) {
        MenuResult result;
        QListView* view = panel_->participantsView();
        QTimer chooser;  // fires inside QMenu::exec; dies with this scope if no menu came
        chooser.setSingleShot(true);
        QObject::connect(&chooser, &QTimer::timeout, [&] {
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            if (!menu) return;
            result.shown = true;
            QAction* picked = nullptr;
            for (QAction* action : menu->actions()) {
                if (action->isSeparator()) continue;
                result.actions << action->text();
                if (!action->isEnabled()) result.disabled << action->text();
                if (action->text() == choice) picked = action;
            }
            if (picked && picked->isEnabled()) {
                menu->setActiveAction(picked);
                QTest::keyClick(menu, Qt::Key_Return);
            } else {
                QTest::keyClick(menu, Qt::Key_Escape);
            }
        });
        chooser.start(0);
        QContextMenuEvent event(QContextMenuEvent::Mouse, position, view->viewport()->mapToGlobal(position));
        QApplication::sendEvent(view->viewport(), &event);
        QApplication::processEvents();
        EXPECT_EQ(QApplication::activePopupWidget(), nullptr) << "the menu stayed open";
        return result;
    }
    // A point in the list below its last row.
    QPoint emptySpot() const {
        QListView* view = panel_->participantsView();
        const QRect last = view->visualRect(model_.index(model_.rowCount() - 1));
        const QPoint spot(view->viewport()->width() / 2, last.bottom() + 20);
        EXPECT_LT(spot.y(), view->viewport()->height()) << "the list has no empty part";
        EXPECT_FALSE(view->indexAt(spot).isValid());
        return spot;
    }

    // The slash commands the panel sent to the room, in order.
    QStringList sentCommands() {
        QStringList bodies;
        MessageListModel* room = conversations_.conversation(kRoom);
        for (int row = 0; row < room->rowCount(); ++row) {
            const ChatMessage& message = room->messageAt(row);
            if (message.outgoing && message.groupchat) bodies << message.body;
        }
        return bodies;
    }

    XmppSession session_;  // never started: what it is asked to send is only queued
    RosterModel roster_;
    ConversationStore conversations_{nullptr};
    ConferenceModel model_{kRoom, &roster_};
    ClientContext context_;
    std::unique_ptr<ParticipantsPanel> panel_;
};

TEST_F(ParticipantsPanelTest, RecordingBadgeShowsWhileTheBridgeRecords) {
    ASSERT_TRUE(model_.applyConferenceInfo(call(1)));
    EXPECT_FALSE(panel_->recordingBadgeVisible());

    ConferenceInfoDocument started = document(2, ElementState::Partial);
    started.user_count = 2;
    started.recording = true;
    ASSERT_TRUE(model_.applyConferenceInfo(started));
    EXPECT_TRUE(panel_->recordingBadgeVisible());
    QLabel* badge = panel_->recordingBadge();
    EXPECT_TRUE(badge->isVisible()) << "shown on screen, not only unhidden";
    // A red dot and a word: not told by colour alone, and read out in full.
    EXPECT_EQ(badge->text(), QStringLiteral("\u25CF Recording"));
    EXPECT_EQ(badge->accessibleName(), QStringLiteral("This conference is being recorded"));
    EXPECT_EQ(badge->toolTip(), QStringLiteral("This conference is being recorded"));
    EXPECT_TRUE(badge->styleSheet().contains(QStringLiteral("#c62828"))) << "the dot is red";
    EXPECT_FALSE(panel_->lockedBadgeVisible()) << "the two badges are independent";

    ConferenceInfoDocument locked = document(3, ElementState::Partial);
    locked.user_count = 2;
    locked.recording = true;
    locked.locked = true;
    ASSERT_TRUE(model_.applyConferenceInfo(locked));
    EXPECT_TRUE(panel_->recordingBadgeVisible());
    EXPECT_TRUE(panel_->lockedBadgeVisible());

    ConferenceInfoDocument stopped = document(4, ElementState::Partial);
    stopped.user_count = 2;
    stopped.locked = true;
    ASSERT_TRUE(model_.applyConferenceInfo(stopped));
    EXPECT_FALSE(panel_->recordingBadgeVisible());
    EXPECT_TRUE(panel_->lockedBadgeVisible());
}

TEST_F(ParticipantsPanelTest, NoBadgesAfterTheConferenceEnded) {
    ConferenceInfoDocument first = call(1);
    first.recording = true;
    first.locked = true;
    ASSERT_TRUE(model_.applyConferenceInfo(first));
    EXPECT_TRUE(panel_->recordingBadgeVisible());
    EXPECT_TRUE(panel_->lockedBadgeVisible());
    ASSERT_TRUE(model_.applyConferenceInfo(document(2, ElementState::Deleted)));
    EXPECT_FALSE(panel_->recordingBadgeVisible());
    EXPECT_FALSE(panel_->lockedBadgeVisible());
    EXPECT_EQ(panel_->countText(), QStringLiteral("The call has ended"));
}

TEST_F(ParticipantsPanelTest, ModeratorContextMenuSendsTheChosenCommand) {
    ASSERT_TRUE(model_.applyConferenceInfo(call(1)));
    panel_->setSelfIsOwner(true);

    MenuResult mute = rightClick(QStringLiteral("xmpp:bob@example.com"), QStringLiteral("Mute"));
    EXPECT_TRUE(mute.shown);
    EXPECT_EQ(mute.actions, (QStringList{"Mute", "Kick", "Hang up", "Add participant…"}));
    EXPECT_EQ(sentCommands(), (QStringList{"/mute bob@example.com"}));

    // Once the bridge says Bob is muted, the same place offers Unmute.
    ASSERT_TRUE(model_.applyConferenceInfo(call(2, true)));
    MenuResult unmute = rightClick(QStringLiteral("xmpp:bob@example.com"), QStringLiteral("Unmute"));
    EXPECT_EQ(unmute.actions, (QStringList{"Unmute", "Kick", "Hang up", "Add participant…"}));
    EXPECT_EQ(sentCommands().last(), QStringLiteral("/unmute bob@example.com"));

    // A caller who is only a number is named by the number.
    rightClick(QStringLiteral("tel:+15550001111"), QStringLiteral("Hang up"));
    EXPECT_EQ(sentCommands().last(), QStringLiteral("/hangup +15550001111"));
    rightClick(QStringLiteral("xmpp:bob@example.com"), QStringLiteral("Kick"));
    EXPECT_EQ(sentCommands().last(), QStringLiteral("/kick bob@example.com"));

    // Closing the menu without a choice sends nothing.
    const int before = static_cast<int>(sentCommands().size());
    MenuResult dismissed = rightClick(QStringLiteral("xmpp:bob@example.com"), QString());
    EXPECT_TRUE(dismissed.shown);
    EXPECT_EQ(sentCommands().size(), before);
}

// "Add participant…" in the context menu, on a row or on the list's empty
// part, asks for a name or number and sends /invite; while the call is
// locked it is there but greyed out.
TEST_F(ParticipantsPanelTest, ModeratorContextMenuAddsAParticipant) {
    ASSERT_TRUE(model_.applyConferenceInfo(call(1)));
    panel_->setSelfIsOwner(true);

    InputDialogAnswer number(QStringLiteral("+15550002222"));
    MenuResult empty_part = rightClickAt(emptySpot(), QStringLiteral("Add participant…"));
    EXPECT_TRUE(empty_part.shown);
    EXPECT_EQ(empty_part.actions, (QStringList{"Add participant…"})) << "no row: nothing else to act on";
    EXPECT_TRUE(number.answered());
    EXPECT_EQ(number.label(), QStringLiteral("Buddy name, address or phone number:"));
    EXPECT_EQ(sentCommands(), (QStringList{"/invite +15550002222"}));

    InputDialogAnswer name(QStringLiteral("Carol Chen"));
    rightClick(QStringLiteral("xmpp:bob@example.com"), QStringLiteral("Add participant…"));
    EXPECT_TRUE(name.answered());
    EXPECT_EQ(sentCommands().last(), QStringLiteral("/invite \"Carol Chen\""));

    ConferenceInfoDocument locked = document(2, ElementState::Partial);
    locked.user_count = 2;
    locked.locked = true;
    ASSERT_TRUE(model_.applyConferenceInfo(locked));
    const int before = static_cast<int>(sentCommands().size());
    MenuResult while_locked = rightClickAt(emptySpot(), QStringLiteral("Add participant…"));
    EXPECT_EQ(while_locked.disabled, (QStringList{"Add participant…"}));
    EXPECT_EQ(sentCommands().size(), before);
}

TEST_F(ParticipantsPanelTest, NoContextMenuForOthersWithoutModeratorRightsOrAfterTheEnd) {
    ASSERT_TRUE(model_.applyConferenceInfo(call(1)));
    ASSERT_FALSE(panel_->canModerate());
    EXPECT_FALSE(rightClick(QStringLiteral("xmpp:bob@example.com"), QStringLiteral("Kick")).shown);
    EXPECT_FALSE(rightClickAt(emptySpot(), QStringLiteral("Add participant…")).shown);

    panel_->setSelfIsOwner(true);
    ASSERT_TRUE(model_.applyConferenceInfo(document(2, ElementState::Deleted)));
    EXPECT_FALSE(rightClick(QStringLiteral("xmpp:bob@example.com"), QStringLiteral("Kick")).shown);
    EXPECT_TRUE(sentCommands().isEmpty());
}

}  // namespace
}  // namespace confab::client
