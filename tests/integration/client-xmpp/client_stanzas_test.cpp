// The client's stanza readers and builders, no server: what an incoming
// message says, and that hostile input is cut, dropped or ignored.
#include <gtest/gtest.h>
#include <gloox/tag.h>

#include "client_stanzas.h"
#include "confab/protocol/invitation.h"
#include "confab/protocol/xml_text.h"

namespace confab::client {
namespace {

const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);

IncomingMessage read(const std::string& xml) {
    auto tag = protocol::parseXml(xml);
    EXPECT_NE(tag, nullptr) << xml;
    return tag ? readMessage(*tag, kNow) : IncomingMessage{};
}

TEST(ClientStanzasTest, AChatMessageWithReceiptRequestStateDelayAndOob) {
    const auto in = read(
        "<message from='bob@example.com/phone' to='alice@example.com' type='chat' id='m1'>"
        "<body>look &lt;here&gt;</body><request xmlns='urn:xmpp:receipts'/>"
        "<composing xmlns='http://jabber.org/protocol/chatstates'/>"
        "<delay xmlns='urn:xmpp:delay' stamp='2024-05-01T10:20:30Z'/>"
        "<x xmlns='jabber:x:oob'><url>https://example.com/a.png</url><desc>a cat</desc></x>"
        "</message>");
    EXPECT_TRUE(in.has_content);
    EXPECT_EQ(in.message.body.toStdString(), "look <here>");
    EXPECT_EQ(in.message.conversation.toStdString(), "bob@example.com");
    EXPECT_EQ(in.message.sender_name.toStdString(), "bob");
    EXPECT_EQ(in.message.id.toStdString(), "m1");
    EXPECT_TRUE(in.receipt_requested);
    ASSERT_TRUE(in.chat_state.has_value());
    EXPECT_EQ(*in.chat_state, ChatState::Composing);
    EXPECT_EQ(in.message.timestamp, QDateTime(QDate(2024, 5, 1), QTime(10, 20, 30), Qt::UTC));
    EXPECT_EQ(in.message.oob_url, QUrl(QStringLiteral("https://example.com/a.png")));
    EXPECT_EQ(in.message.oob_description.toStdString(), "a cat");
    EXPECT_TRUE(in.delayed);
    EXPECT_FALSE(read("<message from='b@x/r' type='chat'><body>now</body></message>").delayed);
}

TEST(ClientStanzasTest, ReceiptsErrorsAndInvitations) {
    EXPECT_EQ(read("<message from='b@x/r'><received xmlns='urn:xmpp:receipts' id='m9'/></message>")
                  .receipt_for.toStdString(),
              "m9");
    const auto error = read(
        "<message from='b@x' type='error' id='m2'><error type='cancel'>"
        "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
        "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>gone</text></error></message>");
    EXPECT_TRUE(error.is_error);
    EXPECT_EQ(error.error_text.toStdString(), "service-unavailable: gone");
    const auto direct = read(
        "<message from='alice@x/r'><x xmlns='jabber:x:conference' jid='room@conf.x' reason='join'/></message>");
    ASSERT_TRUE(direct.room_invitation.has_value());
    EXPECT_EQ(direct.room_invitation->room.toStdString(), "room@conf.x");
    EXPECT_EQ(direct.room_invitation->from.toStdString(), "alice@x");
    const auto mediated = read(
        "<message from='room@conf.x'><x xmlns='http://jabber.org/protocol/muc#user'>"
        "<invite from='alice@x/r'><reason>hi</reason></invite></x></message>");
    ASSERT_TRUE(mediated.room_invitation.has_value());
    EXPECT_EQ(mediated.room_invitation->room.toStdString(), "room@conf.x");
    EXPECT_EQ(mediated.room_invitation->from.toStdString(), "alice@x");
    EXPECT_EQ(mediated.room_invitation->reason.toStdString(), "hi");
}

TEST(ClientStanzasTest, BodylessBridgeEventsAndSubjects) {
    const auto talk = read(
        "<message from='room@conf.x/bridge' type='groupchat'>"
        "<started-speaking xmlns='urn:xmpp:rayo:1' call-uri='tel:+15551234567'/></message>");
    EXPECT_FALSE(talk.has_content);
    ASSERT_TRUE(talk.speaking.has_value());
    EXPECT_TRUE(talk.speaking->started);
    const auto subject = read("<message from='room@conf.x' type='groupchat'><subject/></message>");
    ASSERT_TRUE(subject.subject.has_value());
    EXPECT_TRUE(subject.subject->isEmpty());
}

TEST(ClientStanzasTest, AConferenceInvitationKeepsItsBody) {
    protocol::Invitation invitation;
    invitation.id = "k3x9";
    invitation.room_jid = "standup@conference.example.com";
    invitation.inviter_jid = "alice@example.com";
    invitation.numbers = {{"work", "+15557654321"}};
    const auto tag = protocol::invitationMessage("bridge.example.com", "bob@example.com", invitation,
                                                 "Reply /accept or /decline.", "m1");
    const auto in = readMessage(*tag, kNow);
    ASSERT_TRUE(in.conference_invitation.has_value());
    EXPECT_EQ(*in.conference_invitation, invitation);
    EXPECT_TRUE(in.has_content);
    EXPECT_EQ(in.message.body.toStdString(), "Reply /accept or /decline.");
}

TEST(ClientStanzasTest, HostileInputIsCutDroppedOrIgnored) {
    const std::string huge(200'000, 'a');
    const auto big = read("<message from='b@x' type='chat'><body>" + huge + "</body></message>");
    EXPECT_EQ(big.message.body.size(), kMaxBodyLength);
    const auto js = read(
        "<message from='b@x' type='chat'><body>x</body><x xmlns='jabber:x:oob'>"
        "<url>javascript:alert(1)</url></x></message>");
    EXPECT_TRUE(js.message.oob_url.isEmpty());
    const auto file = read(
        "<message from='b@x' type='chat'><x xmlns='jabber:x:oob'><url>file:///etc/passwd</url></x></message>");
    EXPECT_FALSE(file.has_content);
    // Broken payloads: no crash, nothing read.
    const auto broken = read(
        "<message from='' type='groupchat'><conference-info xmlns='urn:ietf:params:xml:ns:conference-info'/>"
        "<started-speaking xmlns='urn:xmpp:rayo:1'/><invitation xmlns='urn:confab:invite:0'/>"
        "<delay xmlns='urn:xmpp:delay' stamp='yesterday'/><x xmlns='jabber:x:oob'/>"
        "<received xmlns='urn:xmpp:receipts'/><x xmlns='jabber:x:conference'/></message>");
    EXPECT_FALSE(broken.conference_info.has_value());
    EXPECT_FALSE(broken.speaking.has_value());
    EXPECT_FALSE(broken.conference_invitation.has_value());
    EXPECT_FALSE(broken.room_invitation.has_value());
    EXPECT_EQ(broken.message.timestamp, kNow);
    EXPECT_FALSE(broken.has_content);
}

TEST(ClientStanzasTest, UploadSlotsKeepOnlyAllowedHeaders) {
    auto slot = protocol::parseXml(
        "<slot xmlns='urn:xmpp:http:upload:0'><put url='https://u.x/p'>"
        "<header name='Authorization'>Bearer t</header><header name='Host'>evil</header>"
        "<header name='Cookie'>a=b\r\nX: y</header></put><get url='https://u.x/g'/></slot>");
    ASSERT_NE(slot, nullptr);
    const auto parsed = parseUploadSlot(*slot);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->put_headers.size(), 2);
    EXPECT_EQ(parsed->put_headers.value(QStringLiteral("Authorization")).toStdString(), "Bearer t");
    EXPECT_FALSE(parsed->put_headers.value(QStringLiteral("Cookie")).contains(QLatin1Char('\n')));
    auto bad = protocol::parseXml(
        "<slot xmlns='urn:xmpp:http:upload:0'><put url='ftp://u.x/p'/><get url='https://u.x/g'/></slot>");
    EXPECT_FALSE(parseUploadSlot(*bad).has_value());
}

TEST(ClientStanzasTest, OutgoingChatMessageCarriesReceiptRequestAndState) {
    const auto tag = chatMessageTag(QStringLiteral("id1"), QStringLiteral("bob@x"),
                                    QStringLiteral("hi\x01there"), {}, false);
    const std::string xml = tag->xml();
    EXPECT_NE(xml.find("<request xmlns='urn:xmpp:receipts'/>"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<active xmlns='http://jabber.org/protocol/chatstates'/>"), std::string::npos);
    EXPECT_NE(xml.find("hi\xEF\xBF\xBDthere"), std::string::npos) << xml;  // control char replaced
    const auto room = chatMessageTag(QStringLiteral("id2"), QStringLiteral("r@c.x"), {},
                                     QUrl(QStringLiteral("https://x/f.png")), true);
    EXPECT_EQ(room->xml().find("receipts"), std::string::npos);
    EXPECT_NE(room->xml().find("<body>https://x/f.png</body>"), std::string::npos) << room->xml();
}

}  // namespace
}  // namespace confab::client
