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
#include <QSet>
#include <QStringList>
#include <QVector>
#include <cstdint>

#include "confab/client/xmpp_types.h"

namespace confab::client {

class RosterModel;
class XmppSession;

// What the panel says about a participant's phone leg.
enum class LegState { None, Dialing, Ringing, Connected, OnHold, Busy, Failed, Left };
QString legStateText(LegState state);  // "", "dialing", "ringing", "connected", "on hold", "busy", "failed", "left"

struct Participant {
    // User entity: "xmpp:<lower-case bare jid>" or "tel:<E.164>"; "nick:<nick>"
    // for an occupant whose real JID the room hides. Occupants whose real JID
    // is a server component (no '@': the bridge itself) get no row.
    QString entity;
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
    // A full document replaces the state when its version is above the last
    // applied one (after a gap too: that is how a gap heals). A partial one
    // merges only when its version is exactly the next; a stale or equal
    // version is ignored, and a partial after a gap makes the model stale()
    // until the next full document. Returns whether the document was applied.
    bool applyConferenceInfo(const protocol::ConferenceInfoDocument& document);
    void applySpeaking(const QString& call_uri, bool started);
    void applyOccupant(const OccupantInfo& occupant);
    void setSubject(const QString& subject);
    // We left the room: its occupants and talkers are no longer known.
    void leftRoom();

    const QVector<Participant>& participants() const { return rows_; }
    const Participant* participant(const QString& entity) const;
    QString subject() const { return subject_; }
    bool locked() const { return locked_; }
    // A bridge plugin is recording the conference (<recording> in conference-state).
    bool recording() const { return recording_; }
    bool active() const { return active_; }  // false after the conference ended
    // True after a version gap: partial documents are ignored until the next full one.
    bool stale() const { return stale_; }
    QDateTime startedAt() const;  // earliest leg connect time, invalid if none
    int connectedLegs() const;
    QStringList talkers() const;  // display names of those talking now
    bool selfIsModerator() const { return self_moderator_; }
    QString selfNick() const { return self_nick_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

  signals:
    void talkingChanged(const QString& entity, bool talking);
    void summaryChanged();  // subject, locked, active, recording, counts or talkers changed

  private:
    // What the bridge's documents say about one user.
    struct UserState {
        QString display_text;
        QVector<protocol::EndpointInfo> endpoints;  // one per phone leg, in document order
    };
    struct Summary {
        QString subject;
        bool locked = false;
        bool active = true;
        bool recording = false;
        int rows = 0;
        int connected = 0;
        QStringList talkers;
        bool operator==(const Summary&) const = default;
    };

    int rowOf(const QString& entity) const;
    int ensureRow(const QString& entity);
    void rowChanged(int row);
    QString nameFor(const Participant& participant) const;
    void applyUser(const protocol::UserInfo& user);
    // Recomputes a row from users_ and its occupant fields, then announces
    // the change (or removes the row when nothing backs it any more).
    void refresh(int row);
    void removeRow(int row);
    void refreshNames();
    Summary summary() const;
    void emitSummaryIfChanged(const Summary& before);

    QString room_jid_;
    QPointer<const RosterModel> roster_;
    QVector<Participant> rows_;
    QHash<QString, UserState> users_;  // by user entity
    std::uint32_t version_ = 0;
    bool stale_ = false;  // a version gap: partial documents wait for a full one
    QString subject_;
    bool locked_ = false;
    bool active_ = true;
    bool recording_ = false;
    bool self_moderator_ = false;
    QString self_nick_;
};

class ConferenceList : public QObject {
    Q_OBJECT
  public:
    explicit ConferenceList(const RosterModel* roster, QObject* parent = nullptr);

    // Routes conferenceInfoReceived, speakingChanged, occupantChanged,
    // roomSubjectChanged, roomJoined and roomLeft to per-room models, and
    // publishes "on a conference call" presence while any joined room has a
    // conference (session->setConferenceCall).
    void attachTo(XmppSession* session);

    // The model for a room, created on first use.
    ConferenceModel* conference(const QString& room_jid);
    bool isConferenceRoom(const QString& room_jid) const;  // a document arrived for it
    bool isRunning(const QString& room_jid) const;  // started and not ended
    QStringList rooms() const;
    // The room of the conference we are on ("" when none): a joined room
    // whose conference is running.
    QString currentCall() const { return current_call_; }

    // What attachTo() connects the session's signals to; tests call them directly.
    void handleConferenceInfo(const QString& room_jid, const protocol::ConferenceInfoDocument& document);
    void handleSpeaking(const QString& room_jid, const QString& call_uri, bool started);
    void handleOccupant(const OccupantInfo& occupant);
    void handleSubject(const QString& room_jid, const QString& subject);
    void handleRoomJoined(const QString& room_jid);
    void handleRoomLeft(const QString& room_jid);

  signals:
    // The first conference-info document for a room arrived: a conference
    // window should open for it.
    void conferenceStarted(const QString& room_jid);
    void conferenceEnded(const QString& room_jid);
    // currentCall() changed; attachTo() forwards it to session->setConferenceCall.
    void conferenceCallChanged(const QString& room_jid);

  private:
    void endConference(const QString& room_jid);
    void updateCurrentCall();

    const RosterModel* roster_;
    XmppSession* session_ = nullptr;
    QHash<QString, ConferenceModel*> models_;  // children of this
    QStringList joined_;
    QSet<QString> documented_;  // rooms a document arrived for
    QSet<QString> running_;  // conferences started and not ended
    QString current_call_;
};

}  // namespace confab::client
