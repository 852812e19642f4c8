#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "confab/client/history_store.h"

namespace confab::client {
namespace {

ChatMessage message(const QString& conversation, const QString& id, const QString& body, qint64 ms,
                    bool outgoing = false) {
    ChatMessage m;
    m.conversation = conversation;
    m.id = id;
    m.from = outgoing ? QStringLiteral("me@example.com/confab") : conversation + QStringLiteral("/phone");
    m.sender_name = outgoing ? QStringLiteral("me") : QStringLiteral("Bob");
    m.body = body;
    m.timestamp = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    m.outgoing = outgoing;
    m.delivery = outgoing ? DeliveryState::Sent : DeliveryState::None;
    return m;
}

class HistoryStoreTest : public ::testing::Test {
  protected:
    QTemporaryDir dir_;
    QString path() const { return dir_.filePath(QStringLiteral("nested/folder/history.sqlite")); }
};

TEST_F(HistoryStoreTest, RoundTripKeepsEveryFieldAndHostileText) {
    const QString hostile = QStringLiteral("'; DROP TABLE messages; -- \"quoted\" %_ \\ ") + QChar(0) +
                            QStringLiteral(" end");
    const QString rtl_emoji = QStringLiteral("שלום עולם \u202E evil \U0001F600\U0001F469\u200D\U0001F4BB");
    {
        HistoryStore store(path());
        ASSERT_TRUE(store.isOpen()) << store.error().toStdString();
        ChatMessage first = message("bob@example.com", "m1", hostile, 1'000);
        first.oob_url = QUrl(QStringLiteral("https://upload.example.com/a%20b/cat.png"));
        first.oob_description = QStringLiteral("cat.png");
        store.append(first);
        store.append(message("bob@example.com", "m2", rtl_emoji, 2'000, true));
        ChatMessage room = message("room@conference.example.com", "r1", "hi all", 3'000);
        room.groupchat = true;
        room.from = QStringLiteral("room@conference.example.com/Bob's nick");
        store.append(room);
    }
    HistoryStore reopened(path());
    ASSERT_TRUE(reopened.isOpen()) << reopened.error().toStdString();
    const QList<ChatMessage> bob = reopened.recent("bob@example.com", 10);
    ASSERT_EQ(bob.size(), 2);
    EXPECT_EQ(bob[0].id, "m1");
    EXPECT_EQ(bob[0].body, hostile);
    EXPECT_EQ(bob[0].body.size(), hostile.size());  // the NUL did not cut it short
    EXPECT_EQ(bob[0].from, "bob@example.com/phone");
    EXPECT_EQ(bob[0].sender_name, "Bob");
    EXPECT_EQ(bob[0].timestamp, QDateTime::fromMSecsSinceEpoch(1'000, Qt::UTC));
    EXPECT_EQ(bob[0].oob_url, QUrl(QStringLiteral("https://upload.example.com/a%20b/cat.png")));
    EXPECT_EQ(bob[0].oob_description, "cat.png");
    EXPECT_FALSE(bob[0].outgoing);
    EXPECT_EQ(bob[1].body, rtl_emoji);
    EXPECT_TRUE(bob[1].outgoing);
    EXPECT_EQ(bob[1].delivery, DeliveryState::Sent);
    const QList<ChatMessage> room = reopened.recent("room@conference.example.com", 10);
    ASSERT_EQ(room.size(), 1);
    EXPECT_TRUE(room[0].groupchat);
    EXPECT_EQ(room[0].from, "room@conference.example.com/Bob's nick");
    EXPECT_EQ(reopened.conversations(), QStringList({"room@conference.example.com", "bob@example.com"}));
    // A conversation name made of SQL is only a value.
    EXPECT_TRUE(reopened.recent("' OR 1=1 --", 10).isEmpty());
}

TEST_F(HistoryStoreTest, DuplicatesAreIgnoredByConversationIdAndDirection) {
    HistoryStore store(path());
    ASSERT_TRUE(store.isOpen());
    store.append(message("bob@example.com", "same", "first", 1'000));
    store.append(message("bob@example.com", "same", "again", 1'500));  // a resend
    store.append(message("bob@example.com", "same", "mine", 2'000, true));  // our own with that id
    store.append(message("eve@example.com", "same", "other chat", 2'500));
    store.append(message("bob@example.com", "", "no id 1", 3'000));  // no id: never a duplicate
    store.append(message("bob@example.com", "", "no id 2", 4'000));
    const QList<ChatMessage> bob = store.recent("bob@example.com", 10);
    ASSERT_EQ(bob.size(), 4);
    EXPECT_EQ(bob[0].body, "first");
    EXPECT_EQ(bob[1].body, "mine");
    EXPECT_EQ(bob[2].body, "no id 1");
    EXPECT_EQ(bob[3].body, "no id 2");
}

TEST_F(HistoryStoreTest, RecentReturnsTheLastMessagesOldestFirst) {
    HistoryStore store(path());
    for (int i = 0; i < 30; ++i) {
        store.append(message("bob@example.com", QString::number(i), QString::number(i), 1'000 + i));
    }
    const QList<ChatMessage> last = store.recent("bob@example.com", 5);
    ASSERT_EQ(last.size(), 5);
    EXPECT_EQ(last.front().body, "25");
    EXPECT_EQ(last.back().body, "29");
    EXPECT_TRUE(store.recent("bob@example.com", 0).isEmpty());
}

TEST_F(HistoryStoreTest, DeliveryUpdatesOurMessageAndAReceiptIsNotUndone) {
    HistoryStore store(path());
    store.append(message("bob@example.com", "x", "theirs", 1'000));
    store.append(message("bob@example.com", "x", "ours", 2'000, true));
    store.setDelivery("bob@example.com", "x", DeliveryState::Delivered);
    store.setDelivery("bob@example.com", "x", DeliveryState::Failed);  // a late error
    const QList<ChatMessage> bob = store.recent("bob@example.com", 10);
    ASSERT_EQ(bob.size(), 2);
    EXPECT_EQ(bob[0].delivery, DeliveryState::None);  // the incoming one is untouched
    EXPECT_EQ(bob[1].delivery, DeliveryState::Delivered);
}

TEST_F(HistoryStoreTest, SchemaHasAVersionTableAndIndex) {
    { HistoryStore store(path()); }
    // Open it again: the existing schema is recognised, not recreated.
    HistoryStore again(path());
    EXPECT_TRUE(again.isOpen()) << again.error().toStdString();
    QFile file(path());
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    EXPECT_TRUE(bytes.startsWith("SQLite format 3"));
    EXPECT_TRUE(bytes.contains("schema_version"));
    EXPECT_TRUE(bytes.contains("messages_by_time"));
}

TEST_F(HistoryStoreTest, CorruptFileFailsCleanly) {
    QDir().mkpath(QFileInfo(path()).absolutePath());
    QFile corrupt(path());
    ASSERT_TRUE(corrupt.open(QIODevice::WriteOnly));
    corrupt.write(QByteArray(8192, 'x'));
    corrupt.close();
    HistoryStore store(path());
    EXPECT_FALSE(store.isOpen());
    EXPECT_FALSE(store.error().isEmpty());
    // Every call is a harmless no-op.
    store.append(message("bob@example.com", "1", "x", 1));
    store.setDelivery("bob@example.com", "1", DeliveryState::Delivered);
    EXPECT_TRUE(store.recent("bob@example.com", 10).isEmpty());
    EXPECT_TRUE(store.conversations().isEmpty());
}

TEST_F(HistoryStoreTest, UnwritablePathFailsCleanly) {
    // A regular file where the folder should be: no user (not even root) can create below it.
    QFile blocker(dir_.filePath(QStringLiteral("blocker")));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    HistoryStore store(dir_.filePath(QStringLiteral("blocker/sub/history.sqlite")));
    EXPECT_FALSE(store.isOpen());
    EXPECT_FALSE(store.error().isEmpty());
    HistoryStore empty_path{QString()};
    EXPECT_FALSE(empty_path.isOpen());
}

TEST(HistoryStorePathTest, DefaultPathIsUnderXdgDataHomeAndCannotEscapeIt) {
    QTemporaryDir home;
    const QByteArray saved = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", home.path().toUtf8());
    const QString normal = HistoryStore::defaultPath("Alice@Example.com");
    const QString hostile = HistoryStore::defaultPath("../../etc/passwd");
    if (saved.isEmpty()) {
        qunsetenv("XDG_DATA_HOME");
    } else {
        qputenv("XDG_DATA_HOME", saved);
    }
    EXPECT_EQ(normal, home.path() + "/confab/alice@example.com/history.sqlite");
    EXPECT_TRUE(hostile.startsWith(home.path() + "/confab/"));
    EXPECT_FALSE(hostile.contains("/../"));
    EXPECT_EQ(hostile.count('/'), normal.count('/'));
}

}  // namespace
}  // namespace confab::client
