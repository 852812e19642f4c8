#include <gtest/gtest.h>

#include <QSignalSpy>

#include "conference_test_documents.h"
#include "confab/client/conference_model.h"
#include "confab/client/roster_model.h"
#include "qt_test_support.h"

namespace confab::client {
namespace {

using protocol::DisconnectionMethod;
using protocol::ElementState;
using protocol::EndpointStatus;
using test::deletedUser;
using test::endedLeg;
using test::fullDocument;
using test::joinedLeg;
using test::leg;
using test::partialDocument;
using test::user;

constexpr std::int64_t kT0 = 1'795'000'000'000;  // some instant in 2026, Unix ms

OccupantInfo occupant(const QString& nick, const QString& real_jid, const QString& role = "participant",
                      bool available = true) {
    OccupantInfo o;
    o.room = QStringLiteral("standup@conference.example.com");
    o.nick = nick;
    o.real_jid = real_jid;
    o.affiliation = QStringLiteral("member");
    o.role = role;
    o.available = available;
    return o;
}

class ConferenceModelTest : public ::testing::Test {
  protected:
    void SetUp() override {
        test::takeQtWarnings();
        tester_ = test::watch(&model_);
    }
    void TearDown() override {
        tester_.reset();
        EXPECT_EQ(test::takeQtWarnings(), QStringList());
    }
    const Participant& row(const QString& entity) {
        const Participant* p = model_.participant(entity);
        EXPECT_NE(p, nullptr) << entity.toStdString();
        static const Participant none;
        return p != nullptr ? *p : none;
    }

    RosterModel roster_;
    ConferenceModel model_{QStringLiteral("standup@conference.example.com"), &roster_};
    std::unique_ptr<QAbstractItemModelTester> tester_;
};

TEST_F(ConferenceModelTest, RealisticSequenceOfDocuments) {
    QSignalSpy summary(&model_, &ConferenceModel::summaryChanged);
    // v1 (full): two people being called, one phone-only caller dialling.
    ASSERT_TRUE(model_.applyConferenceInfo(fullDocument(
        1, {user("xmpp:alice@example.com", "Alice", {leg("+15551234567", EndpointStatus::Alerting)}),
            user("xmpp:bob@example.com", "Bob", {leg("+15557654321", EndpointStatus::Alerting)}),
            user("tel:+15550001111", "", {leg("+15550001111", EndpointStatus::DialingOut)})})));
    ASSERT_EQ(model_.rowCount(), 3);
    EXPECT_EQ(model_.subject(), "Daily standup");
    EXPECT_TRUE(model_.active());
    EXPECT_EQ(row("xmpp:alice@example.com").leg, LegState::Ringing);
    EXPECT_EQ(row("xmpp:alice@example.com").jid, "alice@example.com");
    EXPECT_EQ(row("xmpp:alice@example.com").number, "+15551234567");
    EXPECT_EQ(row("tel:+15550001111").leg, LegState::Dialing);
    EXPECT_EQ(row("tel:+15550001111").jid, "");
    EXPECT_EQ(model_.connectedLegs(), 0);
    EXPECT_FALSE(model_.startedAt().isValid());
    EXPECT_GE(summary.size(), 1);
    EXPECT_EQ(model_.index(0).data(ConferenceModel::LegStateTextRole).toString(), "ringing");

    // v2 (partial): Alice and the caller answer.
    ASSERT_TRUE(model_.applyConferenceInfo(partialDocument(
        2, {user("xmpp:alice@example.com", "",
                 {joinedLeg("+15551234567", EndpointStatus::Connected, kT0 + 5'000, ElementState::Partial)}),
            user("tel:+15550001111", "",
                 {joinedLeg("+15550001111", EndpointStatus::Connected, kT0 + 2'000, ElementState::Partial)})})));
    EXPECT_EQ(row("xmpp:alice@example.com").leg, LegState::Connected);
    EXPECT_EQ(row("xmpp:alice@example.com").display_name, "Alice");  // kept: the partial has no display-text
    EXPECT_EQ(row("xmpp:alice@example.com").joined, QDateTime::fromMSecsSinceEpoch(kT0 + 5'000, Qt::UTC));
    EXPECT_EQ(model_.connectedLegs(), 2);
    EXPECT_EQ(model_.startedAt(), QDateTime::fromMSecsSinceEpoch(kT0 + 2'000, Qt::UTC));

    // v3 (partial): Bob's phone is busy.
    ASSERT_TRUE(model_.applyConferenceInfo(partialDocument(
        3, {user("xmpp:bob@example.com", "",
                 {endedLeg("+15557654321", DisconnectionMethod::Busy, 486, "busy (SIP 486)")})})));
    EXPECT_EQ(row("xmpp:bob@example.com").leg, LegState::Busy);
    EXPECT_EQ(row("xmpp:bob@example.com").reason, "busy (SIP 486)");
    EXPECT_EQ(model_.index(1).data(ConferenceModel::ReasonRole).toString(), "busy (SIP 486)");

    // A stale v2 and a repeated v3 change nothing.
    EXPECT_FALSE(model_.applyConferenceInfo(partialDocument(
        2, {user("xmpp:alice@example.com", "",
                 {endedLeg("+15551234567", DisconnectionMethod::Departed, 0, "")})})));
    EXPECT_FALSE(model_.applyConferenceInfo(partialDocument(
        3, {user("xmpp:alice@example.com", "",
                 {endedLeg("+15551234567", DisconnectionMethod::Departed, 0, "")})})));
    EXPECT_EQ(row("xmpp:alice@example.com").leg, LegState::Connected);
    EXPECT_FALSE(model_.stale());

    // v4: the moderator mutes Alice; v5: the caller puts us on hold.
    ASSERT_TRUE(model_.applyConferenceInfo(partialDocument(
        4, {user("xmpp:alice@example.com", "", {leg("+15551234567", EndpointStatus::MutedViaFocus, ElementState::Partial)})})));
    EXPECT_EQ(row("xmpp:alice@example.com").leg, LegState::Connected);
    EXPECT_TRUE(row("xmpp:alice@example.com").muted);
    EXPECT_TRUE(model_.index(0).data(ConferenceModel::MutedRole).toBool());
    EXPECT_EQ(row("xmpp:alice@example.com").joined, QDateTime::fromMSecsSinceEpoch(kT0 + 5'000, Qt::UTC));
    ASSERT_TRUE(model_.applyConferenceInfo(partialDocument(
        5, {user("tel:+15550001111", "", {leg("+15550001111", EndpointStatus::OnHold, ElementState::Partial)})})));
    EXPECT_EQ(row("tel:+15550001111").leg, LegState::OnHold);
    EXPECT_EQ(model_.connectedLegs(), 2);  // on hold is still a live leg

    // v6: Bob is deleted; his row goes. The conference is locked now.
    protocol::ConferenceInfoDocument v6 = partialDocument(6, {deletedUser("xmpp:bob@example.com")});
    v6.user_count = 2;
    v6.locked = true;
    ASSERT_TRUE(model_.applyConferenceInfo(v6));
    EXPECT_EQ(model_.participant("xmpp:bob@example.com"), nullptr);
    EXPECT_EQ(model_.rowCount(), 2);
    EXPECT_TRUE(model_.locked());

    // v7: the caller hangs up; v8: Alice was kicked (booted).
    ASSERT_TRUE(model_.applyConferenceInfo(partialDocument(
        7, {user("tel:+15550001111", "", {endedLeg("+15550001111", DisconnectionMethod::Departed, 0, "")})})));
    EXPECT_EQ(row("tel:+15550001111").leg, LegState::Left);
    EXPECT_EQ(model_.index(1).data(ConferenceModel::LegStateTextRole).toString(), "left");
    ASSERT_TRUE(model_.applyConferenceInfo(partialDocument(
        8, {user("xmpp:alice@example.com", "", {endedLeg("+15551234567", DisconnectionMethod::Booted, 0, "")})})));
    EXPECT_EQ(row("xmpp:alice@example.com").leg, LegState::Left);
    EXPECT_FALSE(row("xmpp:alice@example.com").muted);
    EXPECT_EQ(model_.connectedLegs(), 0);
    // Their connect times still say when the call started.
    EXPECT_EQ(model_.startedAt(), QDateTime::fromMSecsSinceEpoch(kT0 + 2'000, Qt::UTC));
}

TEST_F(ConferenceModelTest, FailedLegsAndReasonFromSipCode) {
    ASSERT_TRUE(model_.applyConferenceInfo(fullDocument(
        1, {user("tel:+15550002222", "", {endedLeg("+15550002222", DisconnectionMethod::Failed, 0, "no answer", ElementState::Full)}),
            user("tel:+15550003333", "", {endedLeg("+15550003333", DisconnectionMethod::Busy, 600, "", ElementState::Full)})})));
    EXPECT_EQ(row("tel:+15550002222").leg, LegState::Failed);
    EXPECT_EQ(row("tel:+15550002222").reason, "no answer");
    EXPECT_EQ(row("tel:+15550003333").leg, LegState::Busy);
    EXPECT_EQ(row("tel:+15550003333").reason, "busy (SIP 600)");
    EXPECT_EQ(legStateText(LegState::OnHold), "on hold");
    EXPECT_EQ(legStateText(LegState::None), "");
}

TEST_F(ConferenceModelTest, VersionGapWaitsForTheNextFullDocument) {
    ASSERT_TRUE(model_.applyConferenceInfo(fullDocument(
        1, {user("xmpp:alice@example.com", "Alice", {leg("+15551234567", EndpointStatus::Alerting)})})));
    // v2 was lost: v3 and v4 cannot be applied on top of v1.
    EXPECT_FALSE(model_.applyConferenceInfo(partialDocument(
        3, {user("xmpp:alice@example.com", "", {leg("+15551234567", EndpointStatus::Connected, ElementState::Partial)})})));
    EXPECT_TRUE(model_.stale());
    EXPECT_FALSE(model_.applyConferenceInfo(partialDocument(
        4, {user("xmpp:alice@example.com", "", {leg("+15551234567", EndpointStatus::OnHold, ElementState::Partial)})})));
    EXPECT_EQ(row("xmpp:alice@example.com").leg, LegState::Ringing);
    // A full document with any later version heals it.
    ASSERT_TRUE(model_.applyConferenceInfo(fullDocument(
        9, {user("xmpp:alice@example.com", "Alice", {leg("+15551234567", EndpointStatus::Connected)}),
            user("xmpp:bob@example.com", "Bob", {leg("+15557654321", EndpointStatus::Alerting)})})));
    EXPECT_FALSE(model_.stale());
    EXPECT_EQ(row("xmpp:alice@example.com").leg, LegState::Connected);
    EXPECT_EQ(model_.rowCount(), 2);
    ASSERT_TRUE(model_.applyConferenceInfo(partialDocument(
        10, {user("xmpp:bob@example.com", "", {leg("+15557654321", EndpointStatus::Connected, ElementState::Partial)})})));
    EXPECT_EQ(row("xmpp:bob@example.com").leg, LegState::Connected);
    // A full document replaces: who is not in it is gone.
    ASSERT_TRUE(model_.applyConferenceInfo(fullDocument(
        11, {user("xmpp:bob@example.com", "Bob", {leg("+15557654321", EndpointStatus::Connected)})})));
    EXPECT_EQ(model_.rowCount(), 1);
    EXPECT_EQ(model_.participant("xmpp:alice@example.com"), nullptr);
    // An older full document is stale too.
    EXPECT_FALSE(model_.applyConferenceInfo(fullDocument(5, {})));
    EXPECT_EQ(model_.rowCount(), 1);
}

TEST_F(ConferenceModelTest, FirstPartialWithoutABaseIsIgnored) {
    EXPECT_FALSE(model_.applyConferenceInfo(partialDocument(
        4, {user("xmpp:alice@example.com", "Alice", {leg("+15551234567", EndpointStatus::Connected, ElementState::Partial)})})));
    EXPECT_EQ(model_.rowCount(), 0);
    EXPECT_TRUE(model_.stale());
}

TEST_F(ConferenceModelTest, OccupantsMergeWithUsersByJid) {
    ASSERT_TRUE(model_.applyConferenceInfo(fullDocument(
        1, {user("xmpp:alice@example.com", "", {leg("+15551234567", EndpointStatus::Connected)})})));
    model_.applyOccupant(occupant("alice-nick", "Alice@Example.com", "moderator"));  // case differs
    ASSERT_EQ(model_.rowCount(), 1);
    EXPECT_TRUE(row("xmpp:alice@example.com").in_room);
    EXPECT_TRUE(row("xmpp:alice@example.com").moderator);
    EXPECT_EQ(row("xmpp:alice@example.com").nick, "alice-nick");
    EXPECT_EQ(row("xmpp:alice@example.com").leg, LegState::Connected);
    EXPECT_TRUE(model_.index(0).data(ConferenceModel::ModeratorRole).toBool());
    EXPECT_EQ(model_.index(0).data(ConferenceModel::NickRole).toString(), "alice-nick");

    // The bridge's own occupant (a component JID) is not a participant.
    model_.applyOccupant(occupant("Confab", "bridge.example.com", "moderator"));
    EXPECT_EQ(model_.rowCount(), 1);

    // A chat-only participant, and one whose JID the room hides.
    model_.applyOccupant(occupant("dave", "dave@example.com"));
    model_.applyOccupant(occupant("ghost", ""));
    EXPECT_EQ(model_.rowCount(), 3);
    EXPECT_EQ(row("xmpp:dave@example.com").leg, LegState::None);
    EXPECT_EQ(row("xmpp:dave@example.com").display_name, "dave");
    EXPECT_FALSE(row("xmpp:dave@example.com").moderator);
    EXPECT_EQ(row("nick:ghost").display_name, "ghost");

    // Leaving the room: a chat-only row goes; one with a phone leg stays.
    model_.applyOccupant(occupant("dave", "dave@example.com", "none", false));
    model_.applyOccupant(occupant("alice-nick", "alice@example.com", "none", false));
    EXPECT_EQ(model_.participant("xmpp:dave@example.com"), nullptr);
    EXPECT_FALSE(row("xmpp:alice@example.com").in_room);
    EXPECT_FALSE(row("xmpp:alice@example.com").moderator);
    EXPECT_EQ(model_.rowCount(), 2);

    // A deleted user who is still in the room keeps the row, without a leg.
    model_.applyOccupant(occupant("alice-nick", "alice@example.com"));
    ASSERT_TRUE(model_.applyConferenceInfo(partialDocument(2, {deletedUser("xmpp:alice@example.com")})));
    EXPECT_EQ(row("xmpp:alice@example.com").leg, LegState::None);
    EXPECT_TRUE(row("xmpp:alice@example.com").in_room);

    // Ourselves: nick and moderator rights.
    OccupantInfo self = occupant("me", "me@example.com", "participant");
    self.is_self = true;
    self.affiliation = QStringLiteral("owner");
    model_.applyOccupant(self);
    EXPECT_TRUE(model_.selfIsModerator());
    EXPECT_EQ(model_.selfNick(), "me");
    EXPECT_TRUE(row("xmpp:me@example.com").moderator);
}

TEST_F(ConferenceModelTest, TalkersByTelAndXmppUrisAndClearedOnDisconnect) {
    ASSERT_TRUE(model_.applyConferenceInfo(fullDocument(
        1, {user("xmpp:alice@example.com", "Alice", {leg("+15551234567", EndpointStatus::Connected)}),
            user("tel:+15550001111", "", {leg("+15550001111", EndpointStatus::Alerting)})})));
    model_.applyOccupant(occupant("erin", "erin@example.com"));
    QSignalSpy talking(&model_, &ConferenceModel::talkingChanged);
    QSignalSpy summary(&model_, &ConferenceModel::summaryChanged);

    model_.applySpeaking("tel:+1-555-123-4567", true);  // visual separators allowed
    ASSERT_EQ(talking.size(), 1);
    EXPECT_EQ(talking.at(0).at(0).toString(), "xmpp:alice@example.com");
    EXPECT_TRUE(talking.at(0).at(1).toBool());
    EXPECT_TRUE(row("xmpp:alice@example.com").talking);
    EXPECT_TRUE(model_.index(0).data(ConferenceModel::TalkingRole).toBool());
    model_.applySpeaking("xmpp:erin@example.com", true);
    EXPECT_TRUE(row("xmpp:erin@example.com").talking);
    EXPECT_EQ(model_.talkers(), QStringList({"Alice", "erin"}));
    EXPECT_EQ(summary.size(), 2);

    // Unknown people, a ringing phone and a repeated event change nothing.
    model_.applySpeaking("tel:+19999999999", true);
    model_.applySpeaking("xmpp:nobody@example.com", true);
    model_.applySpeaking("tel:+15550001111", true);
    model_.applySpeaking("xmpp:erin@example.com", true);
    model_.applySpeaking("not a uri", true);
    EXPECT_EQ(talking.size(), 2);
    EXPECT_FALSE(row("tel:+15550001111").talking);

    // Alice's leg ends while she talks: she stops talking.
    ASSERT_TRUE(model_.applyConferenceInfo(partialDocument(
        2, {user("xmpp:alice@example.com", "", {endedLeg("+15551234567", DisconnectionMethod::Departed, 0, "")})})));
    EXPECT_FALSE(row("xmpp:alice@example.com").talking);
    ASSERT_EQ(talking.size(), 3);
    EXPECT_EQ(talking.at(2).at(0).toString(), "xmpp:alice@example.com");
    EXPECT_FALSE(talking.at(2).at(1).toBool());
    EXPECT_EQ(model_.talkers(), QStringList({"erin"}));

    model_.applySpeaking("xmpp:erin@example.com", false);
    EXPECT_TRUE(model_.talkers().isEmpty());
    EXPECT_EQ(talking.size(), 4);
}

TEST_F(ConferenceModelTest, DisplayNamePriority) {
    RosterContact alice;
    alice.jid = QStringLiteral("alice@example.com");
    alice.name = QStringLiteral("Alice from the roster");
    roster_.setContacts({alice});
    ASSERT_TRUE(model_.applyConferenceInfo(fullDocument(
        1, {user("xmpp:alice@example.com", "Alice (bridge)", {leg("+15551234567", EndpointStatus::Connected)}),
            user("xmpp:bob@example.com", "Bob (bridge)", {leg("+15557654321", EndpointStatus::Connected)}),
            user("tel:+15550001111", "", {leg("+15550001111", EndpointStatus::Connected)})})));
    model_.applyOccupant(occupant("bobby", "bob@example.com"));
    model_.applyOccupant(occupant("frankie", "frank@example.com"));
    EXPECT_EQ(row("xmpp:alice@example.com").display_name, "Alice from the roster");  // roster
    EXPECT_EQ(row("xmpp:bob@example.com").display_name, "Bob (bridge)");  // bridge display-text > nick
    EXPECT_EQ(row("xmpp:frank@example.com").display_name, "frankie");  // nick
    EXPECT_EQ(row("tel:+15550001111").display_name, "+15550001111");  // number
    EXPECT_EQ(model_.index(0).data(Qt::DisplayRole).toString(), "Alice from the roster");

    // The roster learns about Frank, and Alice is renamed: the rows follow.
    RosterContact frank;
    frank.jid = QStringLiteral("frank@example.com");
    frank.name = QStringLiteral("Frank");
    roster_.updateContact(frank);
    alice.name = QStringLiteral("Alice A.");
    roster_.updateContact(alice);
    EXPECT_EQ(row("xmpp:frank@example.com").display_name, "Frank");
    EXPECT_EQ(row("xmpp:alice@example.com").display_name, "Alice A.");
}

TEST_F(ConferenceModelTest, EndedConferenceAndLeavingTheRoom) {
    ASSERT_TRUE(model_.applyConferenceInfo(fullDocument(
        1, {user("xmpp:alice@example.com", "Alice", {leg("+15551234567", EndpointStatus::Connected)})})));
    model_.applyOccupant(occupant("alice", "alice@example.com"));
    model_.applyOccupant(occupant("dave", "dave@example.com"));
    model_.applySpeaking("tel:+15551234567", true);
    model_.setSubject("New subject");
    EXPECT_EQ(model_.subject(), "New subject");

    protocol::ConferenceInfoDocument ended;
    ended.entity = "xmpp:standup@conference.example.com";
    ended.version = 2;
    ended.state = ElementState::Deleted;
    ASSERT_TRUE(model_.applyConferenceInfo(ended));
    EXPECT_FALSE(model_.active());
    EXPECT_TRUE(model_.talkers().isEmpty());

    model_.leftRoom();
    EXPECT_EQ(model_.rowCount(), 1);  // dave was only an occupant
    EXPECT_FALSE(row("xmpp:alice@example.com").in_room);
}

// The recording flag comes with <conference-state>: from a full document,
// and from a partial one only when it carries conference-state (user_count
// set). Each change is announced once through summaryChanged.
TEST_F(ConferenceModelTest, RecordingFollowsConferenceState) {
    QSignalSpy summary(&model_, &ConferenceModel::summaryChanged);
    protocol::ConferenceInfoDocument v1 =
        fullDocument(1, {user("xmpp:alice@example.com", "Alice", {leg("+15551234567", EndpointStatus::Connected)})});
    v1.recording = true;
    ASSERT_TRUE(model_.applyConferenceInfo(v1));
    EXPECT_TRUE(model_.recording());

    // A partial document without conference-state leaves it alone (its
    // default false must not switch recording off) and, when nothing shown
    // in the summary changed, announces nothing.
    summary.clear();
    ASSERT_TRUE(model_.applyConferenceInfo(partialDocument(
        2, {user("xmpp:alice@example.com", "", {leg("+15551234567", EndpointStatus::MutedViaFocus, ElementState::Partial)})})));
    EXPECT_TRUE(model_.recording());
    EXPECT_EQ(summary.count(), 0);

    // The recorder stops: a partial document with conference-state says so.
    protocol::ConferenceInfoDocument v3 = partialDocument(3, {});
    v3.user_count = 1;
    v3.recording = false;
    ASSERT_TRUE(model_.applyConferenceInfo(v3));
    EXPECT_FALSE(model_.recording());
    EXPECT_EQ(summary.count(), 1);

    // And starts again; the same state repeated announces nothing more.
    protocol::ConferenceInfoDocument v4 = partialDocument(4, {});
    v4.user_count = 1;
    v4.recording = true;
    ASSERT_TRUE(model_.applyConferenceInfo(v4));
    EXPECT_TRUE(model_.recording());
    EXPECT_EQ(summary.count(), 2);
    protocol::ConferenceInfoDocument v5 = v4;
    v5.version = 5;
    ASSERT_TRUE(model_.applyConferenceInfo(v5));
    EXPECT_EQ(summary.count(), 2);

    // A full document replaces it like everything else.
    protocol::ConferenceInfoDocument v6 =
        fullDocument(6, {user("xmpp:alice@example.com", "Alice", {leg("+15551234567", EndpointStatus::Connected)})});
    ASSERT_TRUE(model_.applyConferenceInfo(v6));
    EXPECT_FALSE(model_.recording());
    EXPECT_EQ(summary.count(), 3);
}

TEST_F(ConferenceModelTest, EndedConferenceIsNotRecording) {
    protocol::ConferenceInfoDocument v1 =
        fullDocument(1, {user("xmpp:alice@example.com", "Alice", {leg("+15551234567", EndpointStatus::Connected)})});
    v1.recording = true;
    ASSERT_TRUE(model_.applyConferenceInfo(v1));
    ASSERT_TRUE(model_.recording());
    protocol::ConferenceInfoDocument ended;
    ended.entity = "xmpp:standup@conference.example.com";
    ended.version = 2;
    ended.state = ElementState::Deleted;
    ASSERT_TRUE(model_.applyConferenceInfo(ended));
    EXPECT_FALSE(model_.recording());
}

}  // namespace
}  // namespace confab::client
