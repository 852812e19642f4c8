#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTemporaryDir>

#include "confab/client/conversation_model.h"
#include "confab/client/history_store.h"
#include "qt_test_support.h"

namespace confab::client {
namespace {

ChatMessage incoming(const QString& conversation, const QString& id, const QString& body,
                     const QString& from = {}) {
    ChatMessage m;
    m.conversation = conversation;
    m.id = id;
    m.from = from.isEmpty() ? conversation + QStringLiteral("/phone") : from;
    m.sender_name = QStringLiteral("Bob");
    m.body = body;
    m.timestamp = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
    return m;
}

ChatMessage outgoing(const QString& conversation, const QString& id, const QString& body) {
    ChatMessage m = incoming(conversation, id, body, QStringLiteral("me@example.com/confab"));
    m.outgoing = true;
    m.sender_name = QStringLiteral("me");
    return m;
}

class MessageListModelTest : public ::testing::Test {
  protected:
    void SetUp() override {
        test::takeQtWarnings();
        tester_ = test::watch(&model_);
    }
    void TearDown() override {
        tester_.reset();
        EXPECT_EQ(test::takeQtWarnings(), QStringList());
    }
    MessageListModel model_{QStringLiteral("bob@example.com")};
    std::unique_ptr<QAbstractItemModelTester> tester_;
};

TEST_F(MessageListModelTest, DuplicateIdFromTheSameSenderIsIgnored) {
    EXPECT_TRUE(model_.append(incoming("bob@example.com", "1", "hello")));
    EXPECT_FALSE(model_.append(incoming("bob@example.com", "1", "hello again")));
    // Same id from someone else, or from us, is another message.
    EXPECT_TRUE(model_.append(incoming("bob@example.com", "1", "other", "bob@example.com/laptop")));
    EXPECT_TRUE(model_.append(outgoing("bob@example.com", "1", "mine")));
    // No id: never a duplicate.
    EXPECT_TRUE(model_.append(incoming("bob@example.com", "", "a")));
    EXPECT_TRUE(model_.append(incoming("bob@example.com", "", "a")));
    EXPECT_EQ(model_.rowCount(), 5);
    EXPECT_EQ(model_.index(0).data(MessageListModel::BodyRole).toString(), "hello");
    EXPECT_EQ(model_.index(0).data(MessageListModel::SenderRole).toString(), "Bob");
    EXPECT_EQ(model_.index(0).data(MessageListModel::FromRole).toString(), "bob@example.com/phone");
    EXPECT_EQ(model_.index(2).data(MessageListModel::OutgoingRole).toBool(), true);
    EXPECT_EQ(model_.index(1).data(MessageListModel::OutgoingRole).toBool(), false);
}

TEST_F(MessageListModelTest, PrependAddsOlderHistoryBeforeAndSkipsKnownMessages) {
    model_.append(incoming("bob@example.com", "3", "three"));
    model_.prepend({incoming("bob@example.com", "1", "one"), incoming("bob@example.com", "2", "two"),
                    incoming("bob@example.com", "3", "three")});
    ASSERT_EQ(model_.rowCount(), 3);
    EXPECT_EQ(model_.messageAt(0).body, "one");
    EXPECT_EQ(model_.messageAt(1).body, "two");
    EXPECT_EQ(model_.messageAt(2).body, "three");
    model_.prepend({});
    EXPECT_EQ(model_.rowCount(), 3);
}

TEST_F(MessageListModelTest, DeliveryUpdatesOnlyOurMessage) {
    model_.append(incoming("bob@example.com", "7", "theirs"));
    model_.append(outgoing("bob@example.com", "7", "ours"));
    QSignalSpy changed(&model_, &QAbstractItemModel::dataChanged);
    EXPECT_TRUE(model_.setDelivery("7", DeliveryState::Delivered));
    EXPECT_EQ(changed.size(), 1);
    EXPECT_EQ(model_.messageAt(0).delivery, DeliveryState::None);
    EXPECT_EQ(model_.messageAt(1).delivery, DeliveryState::Delivered);
    EXPECT_EQ(model_.index(1).data(MessageListModel::DeliveryRole).toInt(),
              static_cast<int>(DeliveryState::Delivered));
    EXPECT_TRUE(model_.setDelivery("7", DeliveryState::Failed));  // late error: the receipt stands
    EXPECT_EQ(model_.messageAt(1).delivery, DeliveryState::Delivered);
    EXPECT_FALSE(model_.setDelivery("unknown", DeliveryState::Delivered));
}

TEST_F(MessageListModelTest, ImagesAreRecognisedByExtensionOrDescription) {
    ChatMessage png = incoming("bob@example.com", "a", "https://up.example.com/x/cat.PNG");
    png.oob_url = QUrl(png.body);
    ChatMessage described = incoming("bob@example.com", "b", "https://up.example.com/x/12345");
    described.oob_url = QUrl(described.body);
    described.oob_description = QStringLiteral("holiday.jpeg");
    ChatMessage document = incoming("bob@example.com", "c", "https://up.example.com/x/notes.pdf");
    document.oob_url = QUrl(document.body);
    model_.append(png);
    model_.append(described);
    model_.append(document);
    model_.append(incoming("bob@example.com", "d", "plain.png"));  // no OOB: just text
    EXPECT_TRUE(model_.index(0).data(MessageListModel::IsImageRole).toBool());
    EXPECT_TRUE(model_.index(1).data(MessageListModel::IsImageRole).toBool());
    EXPECT_FALSE(model_.index(2).data(MessageListModel::IsImageRole).toBool());
    EXPECT_FALSE(model_.index(3).data(MessageListModel::IsImageRole).toBool());
    EXPECT_EQ(model_.index(0).data(MessageListModel::OobUrlRole).toUrl(), png.oob_url);
}

class ConversationStoreTest : public ::testing::Test {
  protected:
    void SetUp() override { test::takeQtWarnings(); }
    void TearDown() override { EXPECT_EQ(test::takeQtWarnings(), QStringList()); }
    QTemporaryDir dir_;
    QString path() const { return dir_.filePath(QStringLiteral("history.sqlite")); }
};

TEST_F(ConversationStoreTest, UnreadCountersAndNotifyForInactiveConversations) {
    ConversationStore store(nullptr);
    QSignalSpy unread(&store, &ConversationStore::unreadChanged);
    QSignalSpy notify(&store, &ConversationStore::notify);
    store.setActive("bob@example.com");
    store.recordIncoming(incoming("bob@example.com", "1", "seen at once"));
    store.recordIncoming(incoming("eve@example.com", "2", "hi"));
    store.recordIncoming(incoming("eve@example.com", "3", "are you there?"));
    store.recordIncoming(incoming("eve@example.com", "3", "are you there?"));  // duplicate: not counted
    store.recordIncoming(incoming("eve@example.com", "4", ""));  // no body (a chat state): not counted
    EXPECT_EQ(store.unread("bob@example.com"), 0);
    EXPECT_EQ(store.unread("eve@example.com"), 2);
    EXPECT_EQ(store.totalUnread(), 2);
    ASSERT_EQ(notify.size(), 2);
    EXPECT_EQ(notify.at(1).at(0).value<ChatMessage>().body, "are you there?");
    ASSERT_EQ(unread.size(), 2);
    EXPECT_EQ(unread.at(1).at(1).toInt(), 2);
    EXPECT_EQ(store.conversation("eve@example.com")->rowCount(), 3);

    store.setActive("eve@example.com");
    EXPECT_EQ(store.unread("eve@example.com"), 0);
    ASSERT_EQ(unread.size(), 3);
    EXPECT_EQ(unread.at(2).at(0).toString(), "eve@example.com");
    EXPECT_EQ(unread.at(2).at(1).toInt(), 0);
    EXPECT_EQ(store.totalUnread(), 0);

    // Our own messages never count.
    store.setActive({});
    store.recordOutgoing(outgoing("eve@example.com", "5", "yes"));
    EXPECT_EQ(store.unread("eve@example.com"), 0);
    EXPECT_EQ(notify.size(), 2);
}

TEST_F(ConversationStoreTest, OutgoingDeliveryAndRoomEchoes) {
    ConversationStore store(nullptr);
    store.recordOutgoing(outgoing("bob@example.com", "o1", "ping"));
    MessageListModel* bob = store.conversation("bob@example.com");
    ASSERT_EQ(bob->rowCount(), 1);
    EXPECT_EQ(bob->messageAt(0).delivery, DeliveryState::Sent);
    store.markDelivered("bob@example.com", "o1");
    EXPECT_EQ(bob->messageAt(0).delivery, DeliveryState::Delivered);
    store.recordOutgoing(outgoing("bob@example.com", "o2", "lost"));
    store.markFailed("bob@example.com", "o2");
    EXPECT_EQ(bob->messageAt(1).delivery, DeliveryState::Failed);

    // The room reflects our message back with our id: that marks it delivered.
    QSignalSpy notify(&store, &ConversationStore::notify);
    ChatMessage mine = outgoing("room@conference.example.com", "g1", "hello room");
    mine.groupchat = true;
    store.recordOutgoing(mine);
    ChatMessage echo = incoming("room@conference.example.com", "g1", "hello room",
                                "room@conference.example.com/me");
    echo.groupchat = true;
    store.recordIncoming(echo);
    MessageListModel* room = store.conversation("room@conference.example.com");
    ASSERT_EQ(room->rowCount(), 1);
    EXPECT_EQ(room->messageAt(0).delivery, DeliveryState::Delivered);
    EXPECT_EQ(notify.size(), 0);
    EXPECT_EQ(store.unread("room@conference.example.com"), 0);
}

TEST_F(ConversationStoreTest, HistoryIsWrittenAndReloaded) {
    {
        HistoryStore history(path());
        ASSERT_TRUE(history.isOpen());
        ConversationStore store(&history);
        store.recordIncoming(incoming("bob@example.com", "1", "first"));
        store.recordOutgoing(outgoing("bob@example.com", "2", "second"));
        store.markDelivered("bob@example.com", "2");
        // A receipt for a conversation that is not open still reaches the history.
        history.append(outgoing("eve@example.com", "9", "old"));
        store.markDelivered("eve@example.com", "9");
    }
    HistoryStore history(path());
    ConversationStore store(&history);
    MessageListModel* bob = store.conversation("bob@example.com");
    const auto tester = test::watch(bob);
    ASSERT_EQ(bob->rowCount(), 2);
    EXPECT_EQ(bob->messageAt(0).body, "first");
    EXPECT_EQ(bob->messageAt(1).body, "second");
    EXPECT_EQ(bob->messageAt(1).delivery, DeliveryState::Delivered);
    EXPECT_EQ(store.conversation("eve@example.com")->messageAt(0).delivery, DeliveryState::Delivered);
    // A replayed message (room history on rejoin) is not added twice, and not counted.
    store.recordIncoming(incoming("bob@example.com", "1", "first"));
    EXPECT_EQ(bob->rowCount(), 2);
    EXPECT_EQ(store.unread("bob@example.com"), 0);
    EXPECT_EQ(history.recent("bob@example.com", 10).size(), 2);
}

}  // namespace
}  // namespace confab::client
