// ConferenceModel: everyone in one conference, as the participants panel shows
// them. IM occupants of the conference room and phone legs from the bridge's
// RFC 4575 documents are merged into one row per person, keyed by the user
// entity ("xmpp:bob@example.com", or "tel:+15551234567" for a caller who is
// only a number). Talker events (Rayo call-uri) light the matching row.
// ConferenceList routes XmppSession's room signals to one model per room.
// GUI thread only. No clock: times come from the documents.
#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QVector>

#include "confab/client/xmpp_types.h"

namespace confab::client {

class RosterModel;
class XmppSession;

// What the panel says about a participant's phone leg.
enum class LegState { None, Dialing, Ringing, Connected, OnHold, Busy, Failed, Left };
QString legStateText(LegState state);  // "", "dialing", "ringing", "connected", "on hold", "busy", "failed", "left"

struct Participant {
    QString entity;  // user entity: "xmpp:<bare jid>" or "tel:<E.164>"
    QString jid;  // bare JID, "" for a phone-only caller
    QString number;  // E.164 of the current (or last) leg, "" for chat only
    QString display_name;  // roster name > bridge display-text > nick > number
    LegState leg = LegState::None;
    bool muted = false;  // muted-via-focus
    bool talking = false;
    bool in_room = false;  // present as an occupant of the room
    bool moderator = false;  // room role moderator (or affiliation owner/admin)
    QString nick;  // room nick, when in the room
    QString reason;  // why the leg ended, e.g. "busy (SIP 486)"
    QDateTime joined;  // when the leg connected (UTC), if known
};

class ConferenceModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role {
        EntityRole = Qt::UserRole + 1,
        JidRole,
        NumberRole,
        LegStateRole,  // int(LegState)
        LegStateTextRole,  // QString
        MutedRole,  // bool
        TalkingRole,  // bool
        InRoomRole,  // bool
        ModeratorRole,  // bool
        ReasonRole,  // QString
        NickRole,  // QString
    };
    // `roster` (may be nullptr) supplies display names for known JIDs.
    ConferenceModel(const QString& room_jid, const RosterModel* roster, QObject* parent = nullptr);

    QString roomJid() const { return room_jid_; }
    // A full document replaces the state; a partial one merges. A document
    // whose version is not above the last applied one is ignored (returns false).
    bool applyConferenceInfo(const protocol::ConferenceInfoDocument& document);
    void applySpeaking(const QString& call_uri, bool started);
    void applyOccupant(const OccupantInfo& occupant);
    void setSubject(const QString& subject);

    const QVector<Participant>& participants() const { return rows_; }
    const Participant* participant(const QString& entity) const;
    QString subject() const { return subject_; }
    bool locked() const { return locked_; }
    bool active() const { return active_; }  // false after the conference ended
    QDateTime startedAt() const;  // earliest leg connect time, invalid if none
    int connectedLegs() const;
    QStringList talkers() const;  // display names of those talking now
    bool selfIsModerator() const { return self_moderator_; }
    QString selfNick() const { return self_nick_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

  signals:
    void talkingChanged(const QString& entity, bool talking);
    void summaryChanged();  // subject, locked, active, counts or talkers changed

  private:
    int rowOf(const QString& entity) const;
    int ensureRow(const QString& entity);
    void rowChanged(int row);
    QString nameFor(const Participant& participant) const;

    QString room_jid_;
    QPointer<const RosterModel> roster_;
    QVector<Participant> rows_;
    std::uint32_t version_ = 0;
    QString subject_;
    bool locked_ = false;
    bool active_ = true;
    bool self_moderator_ = false;
    QString self_nick_;
};

class ConferenceList : public QObject {
    Q_OBJECT
  public:
    ConferenceList(const RosterModel* roster, QObject* parent = nullptr);

    // Routes conferenceInfoReceived, speakingChanged, occupantChanged,
    // roomSubjectChanged, roomJoined and roomLeft to per-room models, and
    // publishes "on a conference call" presence while any joined room has a
    // conference (session->setConferenceCall).
    void attachTo(XmppSession* session);

    // The model for a room, created on first use.
    ConferenceModel* conference(const QString& room_jid);
    bool isConferenceRoom(const QString& room_jid) const;  // a document arrived for it
    QStringList rooms() const;

  signals:
    // The first conference-info document for a room arrived: a conference
    // window should open for it.
    void conferenceStarted(const QString& room_jid);
    void conferenceEnded(const QString& room_jid);

  private:
    const RosterModel* roster_;
    XmppSession* session_ = nullptr;
    QHash<QString, ConferenceModel*> models_;
    QStringList joined_;
};

}  // namespace confab::client
