#include "conference_fixture.h"

#include <gloox/tag.h>

#include "confab/protocol/talker.h"
#include "confab/protocol/xml_text.h"

namespace confab::test {

using namespace std::chrono_literals;

std::string ConferenceFixture::standardPhonebook() {
    auto answer = [](const std::string& number) {
        return "[numbers.\"" + number + "\"]\naction = \"answer\"\nanswer_after_ms = 200\n";
    };
    return answer("+15551230001") +
           "[numbers.\"+15551230001\".audio]\nsource = \"speech\"\nengine = \"espeak\"\n"
           "text = \"Hello, this is Alice speaking to everyone on the bridge today.\"\n"
           "level_dbov = -20\ntalk = [[1500, 1500], [4500, 1200]]\n" +
           answer("+15551230002") + answer("+15551230003") +
           "[numbers.\"+15551230005\"]\naction = \"busy\"\n"
           "[numbers.\"+15551230006\"]\naction = \"no_answer\"\n"
           "[numbers.\"+15551230009\"]\naction = \"reject\"\nreject_code = 503\n"
           "reject_phrase = \"Service Unavailable\"\n";
}

void ConferenceFixture::startAll(const std::string& policy_toml) {
    startSimulator(standardPhonebook());
    startBridge(policy_toml, "ring_timeout_seconds = 3\n");
    ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
}

std::string ConferenceFixture::bridgeJid() const { return prosody().componentJid(); }

std::string ConferenceFixture::command(harness::XmppTestClient& user, const std::string& text,
                                       std::chrono::milliseconds deadline) {
    user.sendMessage(bridgeJid(), text);
    const auto reply = user.waitForStanza(
        [&](const harness::ReceivedStanza& s) {
            return s.name == "message" && harness::bareJid(s.from) == bridgeJid() &&
                   s.type != "groupchat" && !s.body.empty() &&
                   s.xml.find("urn:confab:invite:0") == std::string::npos &&
                   s.xml.find("jabber:x:conference") == std::string::npos;
        },
        deadline);
    return reply ? reply->body : "<no reply to " + text.substr(0, 80) + ">";
}

std::string ConferenceFixture::roomFrom(const std::string& reply) {
    const std::string marker = "in room ";
    const auto at = reply.find(marker);
    if (at == std::string::npos) return {};
    const auto start = at + marker.size();
    auto end = reply.find_first_of(" \n", start);
    if (end == std::string::npos) end = reply.size();
    std::string room = reply.substr(start, end - start);
    if (!room.empty() && room.back() == '.') room.pop_back();
    return room;
}

bool ConferenceFixture::waitForRoomInvitation(harness::XmppTestClient& user, const std::string& room,
                                              std::chrono::milliseconds deadline) {
    return user
        .waitForStanza(
            [&](const harness::ReceivedStanza& s) {
                return s.name == "message" && s.xml.find("jabber:x:conference") != std::string::npos &&
                       s.xml.find(room) != std::string::npos;
            },
            deadline)
        .has_value();
}

std::string ConferenceFixture::callAndJoin(harness::XmppTestClient& owner, const std::string& args,
                                           const std::string& nick, std::string* reply_out) {
    const std::string reply = command(owner, "/call " + args);
    if (reply_out) *reply_out = reply;
    const std::string room = roomFrom(reply);
    if (room.empty()) {
        ADD_FAILURE() << "no room in the reply to /call " << args << ": " << reply;
        return {};
    }
    if (!waitForRoomInvitation(owner, room)) {
        ADD_FAILURE() << "no invitation to " << room << "\n" << bridgeLog();
        return {};
    }
    if (!joinRoom(owner, room, nick)) {
        ADD_FAILURE() << "could not join " << room << "\n" << bridgeLog();
        return {};
    }
    return room;
}

bool ConferenceFixture::joinRoom(harness::XmppTestClient& user, const std::string& room,
                                 const std::string& nick) {
    user.sendRaw("<presence to='" + room + "/" + nick +
                 "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
    return user
        .waitForStanza(
            [&](const harness::ReceivedStanza& s) {
                return s.name == "presence" && s.from == room + "/" + nick && s.type.empty() &&
                       s.xml.find("code='110'") != std::string::npos;
            },
            10s)
        .has_value();
}

std::optional<harness::ReceivedStanza> ConferenceFixture::waitForRoomBody(
    harness::XmppTestClient& user, const std::string& room, const std::string& text,
    std::chrono::milliseconds deadline) {
    return user.waitForStanza(
        [&](const harness::ReceivedStanza& s) {
            return s.name == "message" && s.type == "groupchat" &&
                   harness::bareJid(s.from) == room && s.body.find(text) != std::string::npos;
        },
        deadline);
}

std::vector<RoomEvent> ConferenceFixture::roomEvents(const harness::XmppTestClient& user,
                                                     const std::string& room) {
    std::vector<RoomEvent> events;
    for (const auto& s : user.receivedStanzas()) {
        if (s.name != "message" || s.type != "groupchat" || harness::bareJid(s.from) != room) continue;
        auto tag = protocol::parseXml(s.xml);
        if (!tag) continue;
        RoomEvent event;
        event.body = s.body;
        event.no_store = tag->findChild("no-store", "xmlns", "urn:xmpp:hints") != nullptr;
        for (const gloox::Tag* child : tag->children()) {
            if (child->name() == "conference-info") event.info = protocol::parseConferenceInfo(*child);
            if (auto speaking = protocol::parseSpeaking(*child)) {
                event.speaking = std::make_pair(speaking->started, speaking->call_uri);
            }
        }
        events.push_back(std::move(event));
    }
    return events;
}

std::optional<protocol::EndpointInfo> ConferenceFixture::latestEndpoint(
    const std::vector<RoomEvent>& events, const std::string& entity) {
    std::optional<protocol::EndpointInfo> latest;
    for (const auto& event : events) {
        if (!event.info) continue;
        for (const auto& user : event.info->users) {
            for (const auto& endpoint : user.endpoints) {
                if (endpoint.entity == entity) latest = endpoint;
            }
        }
    }
    return latest;
}

bool ConferenceFixture::waitForEndpointStatus(harness::XmppTestClient& user, const std::string& room,
                                              const std::string& entity,
                                              protocol::EndpointStatus status,
                                              std::chrono::milliseconds deadline) {
    return harness::waitUntil(
        [&] {
            const auto endpoint = latestEndpoint(roomEvents(user, room), entity);
            return endpoint && endpoint->status == status;
        },
        deadline);
}

}  // namespace confab::test
