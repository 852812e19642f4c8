// Sending a message from the UI: the session sends it, and the conversation
// store records it so it shows at once with its delivery tick. GUI thread.
#pragma once

#include <QString>
#include <QUrl>

#include "confab/client/client_context.h"

namespace confab::client {

// Sends `body` (and an optional XEP-0066 image URL) to a contact or a room
// and records it as outgoing (shown at once with a ✓; the receipt, or for a
// room its reflected copy, turns that into ✓✓). Returns the stanza id.
QString sendAndRecord(const ClientContext& context, const QString& to, bool groupchat,
                      const QString& body, const QUrl& oob_url = {});

// The bare JID of a full one ("a@b/c" -> "a@b").
QString bareJid(const QString& jid);

// The name we show for ourselves and use as a room nick: the local part of
// our account JID ("alice" for alice@example.com).
QString ownNick(const ClientContext& context);

}  // namespace confab::client
