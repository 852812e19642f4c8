// HistoryStore: the local chat history of one account, in SQLite
// (<XDG data>/confab/<account jid>/history.sqlite by default). Bound
// parameters only. GUI thread only (each call is a short indexed query, well
// under a millisecond; no call happens per frame or per keystroke).
#pragma once

#include <QList>
#include <QString>
#include <memory>

#include "confab/client/xmpp_types.h"

struct sqlite3;

namespace confab::client {

class HistoryStore {
  public:
    // Opens or creates the database file (and its folder). On failure
    // isOpen() is false and error() says why; every other call is then a no-op.
    explicit HistoryStore(const QString& database_path);
    ~HistoryStore();
    HistoryStore(const HistoryStore&) = delete;
    HistoryStore& operator=(const HistoryStore&) = delete;

    bool isOpen() const { return db_ != nullptr; }
    QString error() const { return error_; }

    // Inserts, or ignores a message already stored (same conversation, id and direction).
    void append(const ChatMessage& message);
    void setDelivery(const QString& conversation, const QString& id, DeliveryState state);
    // The last `limit` messages of a conversation, oldest first.
    QList<ChatMessage> recent(const QString& conversation, int limit) const;
    // Conversations with stored messages, most recent first.
    QStringList conversations() const;

    // <XDG_DATA_HOME or ~/.local/share>/confab/<jid>/history.sqlite
    static QString defaultPath(const QString& account_jid);

  private:
    sqlite3* db_ = nullptr;
    QString error_;
};

}  // namespace confab::client
