#include <QFileInfo>

#include "confab/client/conversation_model.h"

namespace confab::client {

namespace {

bool looksLikeImage(const ChatMessage& message) {
    if (message.oob_url.isEmpty()) {
        return false;
    }
    static const QStringList kImageSuffixes = {QStringLiteral("png"), QStringLiteral("jpg"),
                                               QStringLiteral("jpeg"), QStringLiteral("gif"),
                                               QStringLiteral("webp"), QStringLiteral("bmp")};
    const QString url_suffix = QFileInfo(message.oob_url.path()).suffix().toLower();
    const QString description = message.oob_description.trimmed().toLower();
    return kImageSuffixes.contains(url_suffix) || description.startsWith(QLatin1String("image/")) ||
           kImageSuffixes.contains(QFileInfo(description).suffix());
}

}  // namespace

MessageListModel::MessageListModel(const QString& conversation, QObject* parent)
    : QAbstractListModel(parent), conversation_(conversation) {}

QString MessageListModel::dedupKey(const ChatMessage& message) {
    if (message.id.isEmpty()) {
        return {};
    }
    return message.id + QChar(0x1f) + (message.outgoing ? QStringLiteral(">") : message.from);
}

bool MessageListModel::append(const ChatMessage& message) {
    const QString key = dedupKey(message);
    if (!key.isEmpty() && seen_.contains(key)) {
        return false;
    }
    const int row = static_cast<int>(messages_.size());
    beginInsertRows(QModelIndex(), row, row);
    messages_.append(message);
    if (!key.isEmpty()) {
        seen_.insert(key);
    }
    endInsertRows();
    return true;
}

void MessageListModel::prepend(const QList<ChatMessage>& older) {
    QVector<ChatMessage> fresh;
    for (const ChatMessage& message : older) {
        const QString key = dedupKey(message);
        if (!key.isEmpty()) {
            if (seen_.contains(key)) {
                continue;
            }
            seen_.insert(key);
        }
        fresh.append(message);
    }
    if (fresh.isEmpty()) {
        return;
    }
    beginInsertRows(QModelIndex(), 0, static_cast<int>(fresh.size()) - 1);
    fresh.append(messages_);
    messages_ = std::move(fresh);
    endInsertRows();
}

bool MessageListModel::setDelivery(const QString& id, DeliveryState state) {
    if (id.isEmpty()) {
        return false;
    }
    // Receipts are for recent messages: search from the end.
    for (int row = static_cast<int>(messages_.size()) - 1; row >= 0; --row) {
        ChatMessage& message = messages_[row];
        if (message.outgoing && message.id == id) {
            // A late error does not undo a receipt, and a receipt after an error means it arrived.
            if (message.delivery != state && !(message.delivery == DeliveryState::Delivered &&
                                               state != DeliveryState::Delivered)) {
                message.delivery = state;
                const QModelIndex changed = index(row);
                emit dataChanged(changed, changed, {DeliveryRole});
            }
            return true;
        }
    }
    return false;
}

bool MessageListModel::hasOutgoing(const QString& id) const {
    return !id.isEmpty() && seen_.contains(id + QChar(0x1f) + QStringLiteral(">"));
}

int MessageListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(messages_.size());
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const ChatMessage& m = messages_[index.row()];
    switch (role) {
        case Qt::DisplayRole:
        case BodyRole: return m.body;
        case Qt::ToolTipRole: return m.timestamp.toLocalTime().toString(Qt::TextDate);
        case IdRole: return m.id;
        case SenderRole: return m.sender_name;
        case FromRole: return m.from;
        case TimestampRole: return m.timestamp;
        case OutgoingRole: return m.outgoing;
        case DeliveryRole: return static_cast<int>(m.delivery);
        case OobUrlRole: return m.oob_url;
        case IsImageRole: return looksLikeImage(m);
        default: return {};
    }
}

}  // namespace confab::client
