#include <gtest/gtest.h>

#include <QSignalSpy>

#include "conference_test_documents.h"
#include "confab/client/conference_model.h"
#include "qt_test_support.h"

namespace confab::client {
namespace {

using protocol::EndpointStatus;
using test::fullDocument;
using test::leg;
using test::user;

const QString kRoom = QStringLiteral("standup@conference.example.com");
const QString kOtherRoom = QStringLiteral("chat@conference.example.com");

protocol::ConferenceInfoDocument oneCaller(std::uint32_t version, bool active = true) {
    protocol::ConferenceInfoDocument doc =
        fullDocument(version, {user("tel:+15550001111", "", {leg("+15550001111", EndpointStatus::Connected)})});
    doc.active = active;
    return doc;
}

class ConferenceListTest : public ::testing::Test {
  protected:
    void SetUp() override { test::takeQtWarnings(); }
    void TearDown() override { EXPECT_EQ(test::takeQtWarnings(), QStringList()); }
    ConferenceList list_{nullptr};
    QSignalSpy started_{&list_, &ConferenceList::conferenceStarted};
    QSignalSpy ended_{&list_, &ConferenceList::conferenceEnded};
    QSignalSpy call_{&list_, &ConferenceList::conferenceCallChanged};
};

TEST_F(ConferenceListTest, StartsOnTheFirstDocumentAndPublishesTheCallWhileJoined) {
    list_.handleRoomJoined(kOtherRoom);  // an ordinary chat room
    OccupantInfo someone;
    someone.room = kOtherRoom;
    someone.nick = QStringLiteral("someone");
    someone.real_jid = QStringLiteral("someone@example.com");
    list_.handleOccupant(someone);
    EXPECT_FALSE(list_.isConferenceRoom(kOtherRoom));
    EXPECT_EQ(call_.size(), 0);

    list_.handleRoomJoined(kRoom);
    EXPECT_EQ(call_.size(), 0);  // no conference there yet
    list_.handleConferenceInfo(kRoom, oneCaller(1));
    ASSERT_EQ(started_.size(), 1);
    EXPECT_EQ(started_.at(0).at(0).toString(), kRoom);
    EXPECT_TRUE(list_.isConferenceRoom(kRoom));
    EXPECT_TRUE(list_.isRunning(kRoom));
    ASSERT_EQ(call_.size(), 1);
    EXPECT_EQ(call_.at(0).at(0).toString(), kRoom);
    EXPECT_EQ(list_.currentCall(), kRoom);
    EXPECT_EQ(list_.conference(kRoom)->rowCount(), 1);
    EXPECT_EQ(list_.rooms(), QStringList({kOtherRoom, kRoom}));

    // Later documents, talker events and subjects go to the same model.
    list_.handleSpeaking(kRoom, "tel:+15550001111", true);
    list_.handleSubject(kRoom, "Weekly");
    list_.handleConferenceInfo(kRoom, oneCaller(2));
    EXPECT_EQ(started_.size(), 1);
    EXPECT_EQ(list_.conference(kRoom)->subject(), "Daily standup");
    EXPECT_EQ(call_.size(), 1);

    // The conference ends: the call presence is cleared.
    list_.handleConferenceInfo(kRoom, oneCaller(3, false));
    ASSERT_EQ(ended_.size(), 1);
    EXPECT_EQ(ended_.at(0).at(0).toString(), kRoom);
    ASSERT_EQ(call_.size(), 2);
    EXPECT_EQ(call_.at(1).at(0).toString(), "");
    list_.handleRoomLeft(kRoom);
    EXPECT_EQ(ended_.size(), 1);  // ended once
}

TEST_F(ConferenceListTest, LeavingTheRoomEndsTheConferenceForUsAndRejoiningStartsIt) {
    list_.handleConferenceInfo(kRoom, oneCaller(1));  // a document before the join completes
    EXPECT_EQ(started_.size(), 1);
    EXPECT_EQ(call_.size(), 0);
    list_.handleRoomJoined(kRoom);
    EXPECT_EQ(list_.currentCall(), kRoom);

    list_.handleRoomLeft(kRoom);
    EXPECT_EQ(ended_.size(), 1);
    EXPECT_EQ(list_.currentCall(), "");
    EXPECT_EQ(call_.size(), 2);

    list_.handleRoomJoined(kRoom);
    list_.handleConferenceInfo(kRoom, oneCaller(5));  // the full document sent on join
    EXPECT_EQ(started_.size(), 2);
    EXPECT_EQ(list_.currentCall(), kRoom);
    // A stale document is no news.
    list_.handleConferenceInfo(kRoom, oneCaller(4, false));
    EXPECT_EQ(ended_.size(), 1);
}

}  // namespace
}  // namespace confab::client
