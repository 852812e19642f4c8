#include "confab/client/conversation_model.h"
#include "confab/client/history_store.h"

namespace confab::client {

ConversationStore::ConversationStore(HistoryStore* history, QObject* parent)
    : QObject(parent), history_(history) {}

MessageListModel* ConversationStore::conversation(const QString& jid) {
    auto found = models_.constFind(jid);
    if (found != models_.constEnd()) {
        return *found;
    }
    auto* model = new MessageListModel(jid, this);
    if (history_ != nullptr) {
        model->prepend(history_->recent(jid, kHistoryLoad));
    }
    models_.insert(jid, model);
    return model;
}

void ConversationStore::recordOutgoing(const ChatMessage& message) {
    if (message.conversation.isEmpty()) {
        return;
    }
    ChatMessage stored = message;
    stored.outgoing = true;
    if (stored.delivery == DeliveryState::None) {
        stored.delivery = DeliveryState::Sent;
    }
    if (!stored.timestamp.isValid()) {
        stored.timestamp = QDateTime::currentDateTimeUtc();
    }
    if (conversation(stored.conversation)->append(stored) && history_ != nullptr) {
        history_->append(stored);
    }
}

void ConversationStore::recordIncoming(const ChatMessage& message) {
    if (message.conversation.isEmpty()) {
        return;
    }
    MessageListModel* model = conversation(message.conversation);
    if (message.groupchat && !message.outgoing && model->hasOutgoing(message.id)) {
        // The room reflected our own message back: that is its delivery.
        markDelivery(message.conversation, message.id, DeliveryState::Delivered);
        return;
    }
    ChatMessage stored = message;
    if (!stored.timestamp.isValid()) {
        stored.timestamp = QDateTime::currentDateTimeUtc();
    }
    if (!model->append(stored)) {
        return;  // a duplicate (history replay, resent stanza)
    }
    if (history_ != nullptr) {
        history_->append(stored);
    }
    if (stored.outgoing || stored.body.isEmpty() || stored.conversation == active_) {
        return;
    }
    const int count = ++unread_[stored.conversation];
    emit unreadChanged(stored.conversation, count);
    emit notify(stored);
}

void ConversationStore::markDelivered(const QString& conversation, const QString& id) {
    markDelivery(conversation, id, DeliveryState::Delivered);
}

void ConversationStore::markFailed(const QString& conversation, const QString& id) {
    markDelivery(conversation, id, DeliveryState::Failed);
}

void ConversationStore::markDelivery(const QString& conversation_jid, const QString& id,
                                     DeliveryState state) {
    MessageListModel* model = models_.value(conversation_jid, nullptr);
    if (model == nullptr) {
        // Not open: only the stored copy needs it.
        if (history_ != nullptr) {
            history_->setDelivery(conversation_jid, id, state);
        }
        return;
    }
    if (model->setDelivery(id, state) && history_ != nullptr) {
        // Read back what the model kept (a receipt is never undone by a late error).
        for (int row = model->rowCount() - 1; row >= 0; --row) {
            const ChatMessage& message = model->messageAt(row);
            if (message.outgoing && message.id == id) {
                history_->setDelivery(conversation_jid, id, message.delivery);
                break;
            }
        }
    }
}

void ConversationStore::setActive(const QString& jid) {
    active_ = jid;
    if (jid.isEmpty()) {
        return;
    }
    if (unread_.remove(jid) > 0) {
        emit unreadChanged(jid, 0);
    }
}

int ConversationStore::unread(const QString& jid) const {
    return unread_.value(jid, 0);
}

int ConversationStore::totalUnread() const {
    int total = 0;
    for (const int count : unread_) {
        total += count;
    }
    return total;
}

}  // namespace confab::client
