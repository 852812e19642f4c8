// The messages of one conversation (1:1 chat or room) as a list model, and
// ConversationStore, which owns one model per conversation, keeps unread
// counters and writes everything to the HistoryStore. GUI thread only.
#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QObject>
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
    void append(const ChatMessage& message);  // ignores a duplicate id from the same sender
    void prepend(const QList<ChatMessage>& older);  // history, oldest first
    void setDelivery(const QString& id, DeliveryState state);
    const ChatMessage& messageAt(int row) const { return messages_.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

  private:
    QString conversation_;
    QVector<ChatMessage> messages_;
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
    void recordIncoming(const ChatMessage& message);

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
    HistoryStore* history_;
    QHash<QString, MessageListModel*> models_;  // children of this
    QHash<QString, int> unread_;
    QString active_;
};

}  // namespace confab::client
