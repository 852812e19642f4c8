// Every attachTo(): the only place the models meet XmppSession. Kept apart so
// that unit tests, which drive the models through their public methods, link
// without the XMPP worker. All connections are direct: XmppSession's signals
// already arrive on the GUI thread, where the models live.
#include "confab/client/conference_model.h"
#include "confab/client/conversation_model.h"
#include "confab/client/roster_model.h"
#include "confab/client/xmpp_session.h"

namespace confab::client {

void RosterModel::attachTo(XmppSession* session) {
    connect(session, &XmppSession::rosterReceived, this, &RosterModel::setContacts);
    connect(session, &XmppSession::contactChanged, this, &RosterModel::updateContact);
    connect(session, &XmppSession::contactRemoved, this, &RosterModel::removeContact);
}

void ConversationStore::attachTo(XmppSession* session) {
    connect(session, &XmppSession::messageReceived, this, &ConversationStore::recordIncoming);
    connect(session, &XmppSession::messageDelivered, this, &ConversationStore::markDelivered);
    connect(session, &XmppSession::messageFailed, this,
            [this](const QString& conversation, const QString& id, const QString& /*error*/) {
                markFailed(conversation, id);
            });
}

void ConferenceList::attachTo(XmppSession* session) {
    session_ = session;
    connect(session, &XmppSession::conferenceInfoReceived, this, &ConferenceList::handleConferenceInfo);
    connect(session, &XmppSession::speakingChanged, this, &ConferenceList::handleSpeaking);
    connect(session, &XmppSession::occupantChanged, this, &ConferenceList::handleOccupant);
    connect(session, &XmppSession::roomSubjectChanged, this, &ConferenceList::handleSubject);
    connect(session, &XmppSession::roomJoined, this, &ConferenceList::handleRoomJoined);
    connect(session, &XmppSession::roomLeft, this,
            [this](const QString& room_jid, const QString& /*reason*/) { handleRoomLeft(room_jid); });
    connect(this, &ConferenceList::conferenceCallChanged, session, &XmppSession::setConferenceCall);
}

}  // namespace confab::client
