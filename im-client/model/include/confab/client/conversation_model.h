// The messages of one conversation (1:1 chat or room) as a list model, and
// ConversationStore, which owns one model per conversation, keeps unread
// counters and writes everything to the HistoryStore. GUI thread only.
#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QVector>
#include <memory>

#include "confab/client/xmpp_types.h"

namespace confab::client {

class HistoryStore;
class XmppSession;

class MessageListModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        SenderRole,  // QString sender_name
        FromRole,  // QString full JID or room/nick
        BodyRole,  // QString plain text
        TimestampRole,  // QDateTime (UTC)
        OutgoingRole,  // bool
        DeliveryRole,  // int(DeliveryState)
        OobUrlRole,  // QUrl (empty if none)
        IsImageRole,  // bool: oob_url looks like an image (by extension or description)
    };
    explicit MessageListModel(const QString& conversation, QObject* parent = nullptr);

    QString conversation() const { return conversation_; }
    // Ignores a duplicate id from the same sender; returns whether it was added.
    bool append(const ChatMessage& message);
    void prepend(const QList<ChatMessage>& older);  // history, oldest first
    // Updates our outgoing message with that id; returns whether one was found.
    bool setDelivery(const QString& id, DeliveryState state);
    bool hasOutgoing(const QString& id) const;
    const ChatMessage& messageAt(int row) const { return messages_.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

  private:
    static QString dedupKey(const ChatMessage& message);
    QString conversation_;
    QVector<ChatMessage> messages_;
    QSet<QString> seen_;  // dedupKey() of every message with an id
};

class ConversationStore : public QObject {
    Q_OBJECT
  public:
    // `history` may be nullptr (no persistence); it must outlive this store.
    explicit ConversationStore(HistoryStore* history, QObject* parent = nullptr);

    // Wires messageReceived/messageDelivered/messageFailed.
    void attachTo(XmppSession* session);

    // The model for a conversation, created on first use and filled from history.
    MessageListModel* conversation(const QString& jid);
    // Records an outgoing message the UI just sent (delivery Sent).
    void recordOutgoing(const ChatMessage& message);
    // Stores an incoming message (ignoring a duplicate). In a room, the echo
    // of our own message (same id as one we sent) marks ours Delivered instead.
    void recordIncoming(const ChatMessage& message);
    // Receipts (XEP-0184) and errors for our outgoing messages.
    void markDelivered(const QString& conversation, const QString& id);
    void markFailed(const QString& conversation, const QString& id);
    static constexpr int kHistoryLoad = 200;  // messages loaded when a conversation opens

    // Unread counters: a conversation that is not the active one counts
    // incoming messages with a body; setActive() clears its counter.
    void setActive(const QString& jid);
    int unread(const QString& jid) const;
    int totalUnread() const;

  signals:
    void unreadChanged(const QString& jid, int count);
    // An incoming message with a body in a conversation that is not active
    // (the tray notifier shows it).
    void notify(const confab::client::ChatMessage& message);

  private:
    void markDelivery(const QString& conversation, const QString& id, DeliveryState state);

    HistoryStore* history_;
    QHash<QString, MessageListModel*> models_;  // children of this
    QHash<QString, int> unread_;
    QString active_;
};

}  // namespace confab::client
