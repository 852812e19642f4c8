// ConferenceFixture: the real bridge, a real Prosody and the PSTN simulator,
// plus what a test needs to act as an IM user: send a command and read the
// bridge's answer, join the conference room, and read conference-info and
// talker events out of the room.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bridge_fixture.h"
#include "confab/protocol/conference_info.h"

namespace confab::test {

// One conference-info document or talker event as a room member saw it.
struct RoomEvent {
    std::optional<protocol::ConferenceInfoDocument> info;
    std::optional<std::pair<bool, std::string>> speaking;  // started?, call-uri
    bool no_store = false;
    std::string body;
    std::chrono::steady_clock::time_point received;
};

class ConferenceFixture : public BridgeFixture {
protected:
    // The simulator phones every conference test can use:
    //   +15551230001 answers after 200 ms and talks (espeak) on a schedule
    //   +15551230002 answers after 200 ms and stays silent
    //   +15551230003 answers after 200 ms and stays silent
    //   +15551230005 is busy, +15551230006 never answers
    //   +15551230009 rejects with 503
    static std::string standardPhonebook();

    // Starts the simulator with the standard phonebook and the bridge with a
    // short ring timeout; `policy_toml` replaces the default [policy].
    void startAll(const std::string& policy_toml = {});

    std::string bridgeJid() const;
    // Sends `text` to the bridge and returns the body of its next reply.
    std::string command(harness::XmppTestClient& user, const std::string& text,
                        std::chrono::milliseconds deadline = std::chrono::seconds(10));
    // The room named in a "/call" reply ("... in room conf-1-x@conference.localhost.").
    static std::string roomFrom(const std::string& reply);
    // The XEP-0249 invitation to `room`, once it arrives.
    static bool waitForRoomInvitation(harness::XmppTestClient& user, const std::string& room,
                                      std::chrono::milliseconds deadline = std::chrono::seconds(10));
    // Starts a conference with `/call args`, waits for the room invitation
    // and joins as `nick`; returns the room JID ("" on failure, with a test
    // failure recorded).
    std::string callAndJoin(harness::XmppTestClient& owner, const std::string& args,
                            const std::string& nick, std::string* reply_out = nullptr);
    // Joins `room` as `nick`; true once our own presence came back.
    bool joinRoom(harness::XmppTestClient& user, const std::string& room, const std::string& nick);
    // A groupchat message from the room whose body contains `text`.
    std::optional<harness::ReceivedStanza> waitForRoomBody(harness::XmppTestClient& user,
                                                           const std::string& room,
                                                           const std::string& text,
                                                           std::chrono::milliseconds deadline);
    // Every event the user received from the room so far, in order.
    static std::vector<RoomEvent> roomEvents(const harness::XmppTestClient& user,
                                             const std::string& room);
    // The newest known status of `entity` in the room's conference-info documents.
    static std::optional<protocol::EndpointInfo> latestEndpoint(const std::vector<RoomEvent>& events,
                                                                const std::string& entity);
    bool waitForEndpointStatus(harness::XmppTestClient& user, const std::string& room,
                               const std::string& entity, protocol::EndpointStatus status,
                               std::chrono::milliseconds deadline);
};

}  // namespace confab::test
