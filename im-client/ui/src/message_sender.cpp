#include "confab/client/message_sender.h"

#include <QDateTime>

#include "confab/client/conversation_model.h"
#include "confab/client/xmpp_session.h"

namespace confab::client {

QString bareJid(const QString& jid) {
    const qsizetype slash = jid.indexOf(QLatin1Char('/'));
    return slash < 0 ? jid : jid.left(slash);
}

QString ownNick(const ClientContext& context) {
    const QString account = context.session ? context.session->accountJid() : QString();
    const qsizetype at = account.indexOf(QLatin1Char('@'));
    return at > 0 ? account.left(at) : account;
}

QString sendAndRecord(const ClientContext& context, const QString& to, bool groupchat,
                      const QString& body, const QUrl& oob_url) {
    if (!context.session) return {};
    const QString id = groupchat ? context.session->sendGroupchatMessage(to, body, oob_url)
                                 : context.session->sendChatMessage(to, body, oob_url);
    if (!context.conversations) return id;
    ChatMessage message;
    message.id = id;
    message.conversation = bareJid(to);
    if (groupchat) {
        message.from = bareJid(to) + QLatin1Char('/') + ownNick(context);
    } else {
        message.from = context.session->boundJid().isEmpty() ? context.session->accountJid()
                                                             : context.session->boundJid();
    }
    message.sender_name = ownNick(context);
    message.body = body.isEmpty() && oob_url.isValid() ? oob_url.toString() : body;
    message.timestamp = QDateTime::currentDateTimeUtc();
    message.outgoing = true;
    message.groupchat = groupchat;
    message.delivery = DeliveryState::Sent;
    message.oob_url = oob_url;
    context.conversations->recordOutgoing(message);
    return id;
}

}  // namespace confab::client
