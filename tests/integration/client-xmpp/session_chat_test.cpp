// Two real users on the harness's Prosody: subscription handshake, presence
// (show, text, the conference-call extension), 1:1 messages with receipts,
// chat states, and a room with occupants and groupchat messages.
#include <gtest/gtest.h>

#include "session_probe.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using client::PresenceShow;

class SessionChatTest : public ProsodySuite {
  protected:
    // Logs in `a` and `b` (fresh users per test) and makes them buddies.
    void befriend(SessionProbe& a, const std::string& user_a, SessionProbe& b,
                  const std::string& user_b) {
        ASSERT_TRUE(a.login(account(user_a)));
        ASSERT_TRUE(b.login(account(user_b)));
        ASSERT_TRUE(waitFor([&] { return a.rosters.size() == 1 && b.rosters.size() == 1; }));
        const QString jid_a = jidOf(user_a);
        const QString jid_b = jidOf(user_b);
        a->addContact(jid_b, QStringLiteral("Buddy B"), {QStringLiteral("Friends")});
        ASSERT_TRUE(waitFor([&] { return !b.subscription_requests.isEmpty(); }));
        EXPECT_EQ(b.subscription_requests.first().first, jid_a);
        b->answerSubscriptionRequest(jid_a, true);  // and subscribes back
        // a added b, so a's client approves b's request without asking.
        ASSERT_TRUE(waitFor([&] {
            const auto ca = a.contact(jid_b);
            const auto cb = b.contact(jid_a);
            return ca && cb && ca->subscription == QLatin1String("both") &&
                   cb->subscription == QLatin1String("both") &&
                   ca->show == PresenceShow::Available && cb->show == PresenceShow::Available;
        })) << "a sees b: " << (a.contact(jid_b) ? a.contact(jid_b)->subscription.toStdString() : "-")
            << ", b sees a: " << (b.contact(jid_a) ? b.contact(jid_a)->subscription.toStdString() : "-");
        EXPECT_TRUE(a.subscription_requests.isEmpty()) << "a was asked about someone a added";
        const auto seen = a.contact(jid_b);
        EXPECT_EQ(seen->name.toStdString(), "Buddy B");
        EXPECT_EQ(seen->groups, QStringList{QStringLiteral("Friends")});
    }
};

TEST_F(SessionChatTest, BuddiesSeePresenceMessagesReceiptsAndChatStates) {
    SessionProbe alice;
    SessionProbe bob;
    befriend(alice, "alice1", bob, "bob1");
    const QString alice_jid = jidOf("alice1");
    const QString bob_jid = jidOf("bob1");

    alice->setPresence(PresenceShow::Away, QStringLiteral("at lunch"));
    EXPECT_TRUE(waitFor([&] {
        const auto c = bob.contact(alice_jid);
        return c && c->show == PresenceShow::Away && c->status_text == QLatin1String("at lunch");
    }));
    bob->setPresence(PresenceShow::DoNotDisturb, QStringLiteral("focus"));
    EXPECT_TRUE(waitFor([&] {
        const auto c = alice.contact(bob_jid);
        return c && c->show == PresenceShow::DoNotDisturb && c->status_text == QLatin1String("focus");
    }));

    const QString id = alice->sendChatMessage(bob_jid, QStringLiteral("hello <b>bob</b> & co"));
    ASSERT_TRUE(waitFor([&] { return bob.messageFrom(alice_jid, QStringLiteral("hello")).has_value(); }));
    const auto received = *bob.messageFrom(alice_jid, QStringLiteral("hello"));
    EXPECT_EQ(received.body.toStdString(), "hello <b>bob</b> & co");  // never interpreted
    EXPECT_EQ(received.id, id);
    EXPECT_FALSE(received.outgoing);
    EXPECT_FALSE(received.groupchat);
    EXPECT_TRUE(received.from.startsWith(alice_jid + QLatin1Char('/')));
    EXPECT_TRUE(received.timestamp.isValid());
    EXPECT_TRUE(waitFor([&] { return alice.delivered_ids.contains(id); })) << "no receipt";

    alice->sendChatState(bob_jid, client::ChatState::Composing);
    EXPECT_TRUE(waitFor([&] {
        return bob.chat_states.contains(qMakePair(alice_jid, client::ChatState::Composing));
    }));

    // A link travels as XEP-0066 OOB; a non-web URL does not.
    alice->sendChatMessage(bob_jid, {}, QUrl(QStringLiteral("https://example.com/cat.png")));
    EXPECT_TRUE(waitFor([&] {
        const auto m = bob.messageFrom(alice_jid, QStringLiteral("cat.png"));
        return m && m->oob_url == QUrl(QStringLiteral("https://example.com/cat.png"));
    }));

    // On a call: the buddy sees the room and the text; afterwards the old ones again.
    const QString room = QStringLiteral("conf-1@conference.localhost");
    alice->setConferenceCall(room);
    EXPECT_TRUE(waitFor([&] {
        const auto c = bob.contact(alice_jid);
        return c && c->on_call_room == room && c->status_text == QLatin1String("On a conference call");
    }));
    alice->setConferenceCall({});
    EXPECT_TRUE(waitFor([&] {
        const auto c = bob.contact(alice_jid);
        return c && c->on_call_room.isEmpty() && c->status_text == QLatin1String("at lunch") &&
               c->show == PresenceShow::Away;
    }));

    alice->stop();
    EXPECT_TRUE(waitFor([&] {
        const auto c = bob.contact(alice_jid);
        return c && c->show == PresenceShow::Offline;
    }));
}

TEST_F(SessionChatTest, RemovingAContactIsReported) {
    SessionProbe carol;
    SessionProbe dave;
    befriend(carol, "carol1", dave, "dave1");
    carol->removeContact(jidOf("dave1"));
    EXPECT_TRUE(waitFor([&] { return carol.removed_contacts.contains(jidOf("dave1")); }));
}

TEST_F(SessionChatTest, ARoomShowsOccupantsAndGroupchatMessages) {
    SessionProbe alice;
    SessionProbe bob;
    ASSERT_TRUE(alice.login(account("alice2")));
    ASSERT_TRUE(bob.login(account("bob2")));
    const QString room = QStringLiteral("team-room@") + QString::fromStdString(server().mucService());
    alice->joinRoom(room, QStringLiteral("Alice"));
    ASSERT_TRUE(waitFor([&] { return alice.joined_rooms.contains(room); })) << server().logTail();
    bob->joinRoom(room, QStringLiteral("Bob"));
    ASSERT_TRUE(waitFor([&] { return bob.joined_rooms.contains(room); }));

    EXPECT_TRUE(waitFor([&] {
        const auto b = alice.occupant(room, QStringLiteral("Bob"));
        return b && b->available && !b->is_self;
    }));
    const auto self = bob.occupant(room, QStringLiteral("Bob"));
    ASSERT_TRUE(self.has_value());
    EXPECT_TRUE(self->is_self);
    const auto owner = bob.occupant(room, QStringLiteral("Alice"));
    ASSERT_TRUE(owner.has_value());
    EXPECT_EQ(owner->affiliation.toStdString(), "owner");

    const QString id = alice->sendGroupchatMessage(room, QStringLiteral("hi room"));
    ASSERT_TRUE(waitFor([&] { return bob.messageFrom(room, QStringLiteral("hi room")).has_value(); }));
    const auto at_bob = *bob.messageFrom(room, QStringLiteral("hi room"));
    EXPECT_TRUE(at_bob.groupchat);
    EXPECT_EQ(at_bob.sender_name.toStdString(), "Alice");
    EXPECT_FALSE(at_bob.outgoing);
    ASSERT_TRUE(waitFor([&] { return alice.messageFrom(room, QStringLiteral("hi room")).has_value(); }));
    const auto echo = *alice.messageFrom(room, QStringLiteral("hi room"));
    EXPECT_TRUE(echo.outgoing);
    EXPECT_EQ(echo.id, id);
    spinFor(300ms);
    EXPECT_EQ(alice.countMessages(room, QStringLiteral("hi room")), 1);

    bob->leaveRoom(room);
    EXPECT_TRUE(waitFor([&] {
        return !bob.left_rooms.isEmpty() && bob.left_rooms.first().first == room;
    }));
    EXPECT_TRUE(waitFor([&] {
        const auto b = alice.occupant(room, QStringLiteral("Bob"));
        return b && !b->available;
    }));
}

}  // namespace
}  // namespace confab::test
