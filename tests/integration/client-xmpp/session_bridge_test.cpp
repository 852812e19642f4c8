// The real bridge and PSTN simulator: the session discovers the bridge,
// starts a conference with a slash command, is invited to the room (XEP-0249),
// joins, and receives conference-info documents and talker events from the
// simulator's talking phone.
#include <gtest/gtest.h>

#include "conference_fixture.h"
#include "confab/protocol/talker.h"
#include "session_probe.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using protocol::EndpointStatus;

class SessionBridgeTest : public ConferenceFixture {};

bool sawEndpoint(const SessionProbe& probe, const QString& room, const std::string& entity,
                 EndpointStatus status) {
    for (const auto& [info_room, doc] : probe.conference_infos) {
        if (info_room != room) continue;
        for (const auto& user : doc.users) {
            for (const auto& endpoint : user.endpoints) {
                if (endpoint.entity == entity && endpoint.status == status) return true;
            }
        }
    }
    return false;
}

TEST_F(SessionBridgeTest, ConferenceEventsReachTheSession) {
    startAll();
    SessionProbe carol;
    ASSERT_TRUE(carol.login(accountFor(prosody(), "carol", passwordOf("carol"))));
    const QString bridge = QString::fromStdString(bridgeJid());
    ASSERT_TRUE(waitFor([&] { return carol.bridges.contains(bridge); })) << bridgeLog();
    EXPECT_EQ(carol->bridgeJid(), bridge);

    carol->sendChatMessage(bridge, QStringLiteral("/call +15551230001"));
    ASSERT_TRUE(waitFor([&] { return !carol.room_invitations.isEmpty(); }, 15s)) << bridgeLog();
    const QString room = carol.room_invitations.first().first;
    EXPECT_TRUE(room.endsWith(QString::fromStdString("@" + prosody().mucService())))
        << room.toStdString();
    EXPECT_TRUE(waitFor([&] { return carol.messageFrom(bridge, room).has_value(); }))
        << "the bridge's reply names the room";

    carol->joinRoom(room, QStringLiteral("carol"));
    ASSERT_TRUE(waitFor([&] { return carol.joined_rooms.contains(room); })) << bridgeLog();
    const std::string phone = protocol::callUriForNumber("+15551230001");
    EXPECT_TRUE(waitFor([&] { return sawEndpoint(carol, room, phone, EndpointStatus::Connected); }, 15s))
        << bridgeLog();
    EXPECT_TRUE(waitFor(
        [&] {
            for (const auto& event : carol.speaking) {
                if (event.room == room && event.call_uri.toStdString() == phone && event.started) {
                    return true;
                }
            }
            return false;
        },
        15s))
        << bridgeLog();
    // Bridge events have no body: nothing shows up as a chat line for them.
    for (const auto& message : carol.messages) {
        EXPECT_FALSE(message.body.isEmpty());
    }
}

}  // namespace
}  // namespace confab::test
