#include <algorithm>

#include "confab/client/conference_model.h"

namespace confab::client {

ConferenceList::ConferenceList(const RosterModel* roster, QObject* parent) : QObject(parent), roster_(roster) {}

ConferenceModel* ConferenceList::conference(const QString& room_jid) {
    auto found = models_.constFind(room_jid);
    if (found != models_.constEnd()) {
        return *found;
    }
    auto* model = new ConferenceModel(room_jid, roster_, this);
    models_.insert(room_jid, model);
    return model;
}

bool ConferenceList::isConferenceRoom(const QString& room_jid) const {
    return documented_.contains(room_jid);
}

bool ConferenceList::isRunning(const QString& room_jid) const {
    return running_.contains(room_jid);
}

QStringList ConferenceList::rooms() const {
    QStringList rooms = models_.keys();
    std::sort(rooms.begin(), rooms.end());
    return rooms;
}

void ConferenceList::handleConferenceInfo(const QString& room_jid,
                                          const protocol::ConferenceInfoDocument& document) {
    ConferenceModel* model = conference(room_jid);
    documented_.insert(room_jid);
    if (!model->applyConferenceInfo(document)) {
        return;
    }
    if (model->active()) {
        // The first document, or the first after the conference ended for
        // us (we left the room and came back).
        if (!running_.contains(room_jid)) {
            running_.insert(room_jid);
            emit conferenceStarted(room_jid);
        }
    } else {
        endConference(room_jid);
    }
    updateCurrentCall();
}

void ConferenceList::handleSpeaking(const QString& room_jid, const QString& call_uri, bool started) {
    if (auto found = models_.constFind(room_jid); found != models_.constEnd()) {
        (*found)->applySpeaking(call_uri, started);
    }
}

void ConferenceList::handleOccupant(const OccupantInfo& occupant) {
    conference(occupant.room)->applyOccupant(occupant);
}

void ConferenceList::handleSubject(const QString& room_jid, const QString& subject) {
    conference(room_jid)->setSubject(subject);
}

void ConferenceList::handleRoomJoined(const QString& room_jid) {
    if (!joined_.contains(room_jid)) {
        joined_.append(room_jid);
    }
    updateCurrentCall();
}

void ConferenceList::handleRoomLeft(const QString& room_jid) {
    joined_.removeAll(room_jid);
    if (auto found = models_.constFind(room_jid); found != models_.constEnd()) {
        (*found)->leftRoom();
    }
    endConference(room_jid);
    updateCurrentCall();
}

void ConferenceList::endConference(const QString& room_jid) {
    if (running_.remove(room_jid)) {
        emit conferenceEnded(room_jid);
    }
}

void ConferenceList::updateCurrentCall() {
    QString call;
    for (const QString& room : joined_) {
        if (running_.contains(room)) {
            call = room;
            break;
        }
    }
    if (call != current_call_) {
        current_call_ = call;
        emit conferenceCallChanged(call);
    }
}

}  // namespace confab::client
