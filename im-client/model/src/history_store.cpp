#include "confab/client/history_store.h"

#include <sqlite3.h>

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <algorithm>

namespace confab::client {

namespace {

// Bump when the schema changes, and add the step from the previous version
// to migrate().
constexpr int kSchemaVersion = 1;

// A prepared statement that finalizes itself.
class Statement {
  public:
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
            stmt_ = nullptr;
        }
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool ok() const { return stmt_ != nullptr; }
    sqlite3_stmt* get() const { return stmt_; }

    void bindText(int column, const QString& text) {
        if (text.isNull()) {
            sqlite3_bind_null(stmt_, column);
            return;
        }
        const QByteArray utf8 = text.toUtf8();
        sqlite3_bind_text(stmt_, column, utf8.constData(), static_cast<int>(utf8.size()), SQLITE_TRANSIENT);
    }
    void bindInt(int column, qint64 value) { sqlite3_bind_int64(stmt_, column, value); }
    void bindNull(int column) { sqlite3_bind_null(stmt_, column); }

    QString text(int column) const {
        const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
        const int size = sqlite3_column_bytes(stmt_, column);
        return bytes == nullptr ? QString() : QString::fromUtf8(bytes, size);
    }
    qint64 integer(int column) const { return sqlite3_column_int64(stmt_, column); }
    bool isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

  private:
    sqlite3_stmt* stmt_ = nullptr;
};

bool exec(sqlite3* db, const char* sql, QString* error) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        if (error != nullptr) {
            *error = QString::fromUtf8(message != nullptr ? message : sqlite3_errmsg(db));
        }
        sqlite3_free(message);
        return false;
    }
    return true;
}

// Creates the schema, or checks the one that is there.
bool migrate(sqlite3* db, QString* error) {
    if (!exec(db,
              "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);",
              error)) {
        return false;
    }
    int version = 0;
    {
        Statement read(db, "SELECT MAX(version) FROM schema_version;");
        if (!read.ok()) {
            *error = QString::fromUtf8(sqlite3_errmsg(db));
            return false;
        }
        if (sqlite3_step(read.get()) == SQLITE_ROW && !read.isNull(0)) {
            version = static_cast<int>(read.integer(0));
        }
    }
    if (version > kSchemaVersion) {
        *error = QStringLiteral("the history database has schema version %1; this client knows %2")
                     .arg(version)
                     .arg(kSchemaVersion);
        return false;
    }
    if (version == kSchemaVersion) {
        return true;
    }
    // Version 0 -> 1: the first schema. A message with no stanza id is stored
    // with NULL, which UNIQUE never treats as a duplicate.
    return exec(db,
                "BEGIN;"
                "CREATE TABLE messages ("
                "  row_id INTEGER PRIMARY KEY,"
                "  conversation TEXT NOT NULL,"
                "  stanza_id TEXT,"
                "  outgoing INTEGER NOT NULL,"
                "  from_jid TEXT NOT NULL DEFAULT '',"
                "  sender_name TEXT NOT NULL DEFAULT '',"
                "  body TEXT NOT NULL DEFAULT '',"
                "  timestamp_ms INTEGER,"
                "  groupchat INTEGER NOT NULL DEFAULT 0,"
                "  delivery INTEGER NOT NULL DEFAULT 0,"
                "  oob_url TEXT NOT NULL DEFAULT '',"
                "  oob_description TEXT NOT NULL DEFAULT '',"
                "  UNIQUE (conversation, stanza_id, outgoing));"
                "CREATE INDEX messages_by_time ON messages (conversation, timestamp_ms, row_id);"
                "INSERT INTO schema_version (version) VALUES (1);"
                "COMMIT;",
                error);
}

}  // namespace

HistoryStore::HistoryStore(const QString& database_path) {
    const QFileInfo file(database_path);
    if (database_path.isEmpty()) {
        error_ = QStringLiteral("no history database path");
        return;
    }
    if (!QDir().mkpath(file.absolutePath())) {
        error_ = QStringLiteral("cannot create the folder %1").arg(file.absolutePath());
        return;
    }
    sqlite3* db = nullptr;
    const QByteArray path = QFile::encodeName(file.absoluteFilePath());
    const int opened = sqlite3_open_v2(path.constData(), &db,
                                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                       nullptr);
    if (opened != SQLITE_OK) {
        error_ = QStringLiteral("cannot open %1: %2")
                     .arg(file.absoluteFilePath(), QString::fromUtf8(db != nullptr ? sqlite3_errmsg(db)
                                                                                     : sqlite3_errstr(opened)));
        sqlite3_close(db);
        return;
    }
    sqlite3_busy_timeout(db, 2000);  // another client instance on the same account
    QString problem;
    // A file that is not a database (or a read-only one) fails here, at the
    // first real read or write, not at open.
    if (!exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", &problem) ||
        !migrate(db, &problem)) {
        error_ = QStringLiteral("cannot use %1: %2").arg(file.absoluteFilePath(), problem);
        sqlite3_close(db);
        return;
    }
    db_ = db;
}

HistoryStore::~HistoryStore() {
    sqlite3_close(db_);
}

void HistoryStore::append(const ChatMessage& message) {
    if (db_ == nullptr || message.conversation.isEmpty()) {
        return;
    }
    Statement insert(db_,
                     "INSERT OR IGNORE INTO messages (conversation, stanza_id, outgoing, from_jid, "
                     "sender_name, body, timestamp_ms, groupchat, delivery, oob_url, oob_description) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11);");
    if (!insert.ok()) {
        return;
    }
    insert.bindText(1, message.conversation);
    if (message.id.isEmpty()) {
        insert.bindNull(2);
    } else {
        insert.bindText(2, message.id);
    }
    insert.bindInt(3, message.outgoing ? 1 : 0);
    insert.bindText(4, message.from.isNull() ? QStringLiteral("") : message.from);
    insert.bindText(5, message.sender_name.isNull() ? QStringLiteral("") : message.sender_name);
    insert.bindText(6, message.body.isNull() ? QStringLiteral("") : message.body);
    if (message.timestamp.isValid()) {
        insert.bindInt(7, message.timestamp.toMSecsSinceEpoch());
    } else {
        insert.bindNull(7);
    }
    insert.bindInt(8, message.groupchat ? 1 : 0);
    insert.bindInt(9, static_cast<int>(message.delivery));
    insert.bindText(10, message.oob_url.isEmpty() ? QStringLiteral("") : message.oob_url.toString(QUrl::FullyEncoded));
    insert.bindText(11, message.oob_description.isNull() ? QStringLiteral("") : message.oob_description);
    sqlite3_step(insert.get());
}

void HistoryStore::setDelivery(const QString& conversation, const QString& id, DeliveryState state) {
    if (db_ == nullptr || id.isEmpty()) {
        return;
    }
    Statement update(db_,
                     "UPDATE messages SET delivery = ?1 "
                     "WHERE conversation = ?2 AND stanza_id = ?3 AND outgoing = 1 "
                     "AND NOT (delivery = ?4 AND ?1 <> ?4);");
    if (!update.ok()) {
        return;
    }
    update.bindInt(1, static_cast<int>(state));
    update.bindText(2, conversation);
    update.bindText(3, id);
    // A receipt, once stored, is not undone by a late error.
    update.bindInt(4, static_cast<int>(DeliveryState::Delivered));
    sqlite3_step(update.get());
}

QList<ChatMessage> HistoryStore::recent(const QString& conversation, int limit) const {
    QList<ChatMessage> messages;
    if (db_ == nullptr || limit <= 0) {
        return messages;
    }
    Statement select(db_,
                     "SELECT stanza_id, outgoing, from_jid, sender_name, body, timestamp_ms, groupchat, "
                     "delivery, oob_url, oob_description FROM messages WHERE conversation = ?1 "
                     "ORDER BY timestamp_ms DESC, row_id DESC LIMIT ?2;");
    if (!select.ok()) {
        return messages;
    }
    select.bindText(1, conversation);
    select.bindInt(2, limit);
    while (sqlite3_step(select.get()) == SQLITE_ROW) {
        ChatMessage m;
        m.conversation = conversation;
        m.id = select.text(0);
        m.outgoing = select.integer(1) != 0;
        m.from = select.text(2);
        m.sender_name = select.text(3);
        m.body = select.text(4);
        if (!select.isNull(5)) {
            m.timestamp = QDateTime::fromMSecsSinceEpoch(select.integer(5), Qt::UTC);
        }
        m.groupchat = select.integer(6) != 0;
        const qint64 delivery = select.integer(7);
        m.delivery = delivery >= 0 && delivery <= static_cast<int>(DeliveryState::Failed)
                         ? static_cast<DeliveryState>(delivery)
                         : DeliveryState::None;
        const QString url = select.text(8);
        if (!url.isEmpty()) {
            m.oob_url = QUrl(url, QUrl::StrictMode);
        }
        m.oob_description = select.text(9);
        messages.append(std::move(m));
    }
    std::reverse(messages.begin(), messages.end());
    return messages;
}

QStringList HistoryStore::conversations() const {
    QStringList result;
    if (db_ == nullptr) {
        return result;
    }
    Statement select(db_,
                     "SELECT conversation FROM messages GROUP BY conversation "
                     "ORDER BY MAX(COALESCE(timestamp_ms, 0)) DESC, MAX(row_id) DESC;");
    if (!select.ok()) {
        return result;
    }
    while (sqlite3_step(select.get()) == SQLITE_ROW) {
        result.append(select.text(0));
    }
    return result;
}

QString HistoryStore::defaultPath(const QString& account_jid) {
    // The JID becomes one folder name: keep it readable, and make sure
    // nothing in it can climb out of the folder ("/", "..", control characters).
    QString folder;
    for (const QChar c : account_jid.trimmed().toLower()) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                           (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('@') ||
                           c == QLatin1Char('.') || c == QLatin1Char('-') || c == QLatin1Char('_');
        if (plain) {
            folder.append(c);
        } else {
            folder.append(QStringLiteral("%%1").arg(c.unicode(), 4, 16, QLatin1Char('0')));
        }
    }
    if (folder.isEmpty() || folder.startsWith(QLatin1Char('.'))) {
        folder.prepend(QLatin1Char('_'));
    }
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/confab/") + folder + QStringLiteral("/history.sqlite");
}

}  // namespace confab::client
