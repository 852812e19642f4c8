// ClientContext: the narrow set of shared objects a widget of the IM client
// may use, handed in at construction instead of reached through globals.
// Every object lives on the GUI thread and outlives every widget (the
// ClientApplication owns them). Plain pointers, no ownership.
#pragma once

namespace confab::client {

class AccountSettings;
class ConferenceList;
class ConversationStore;
class ImageShare;
class ImageTransfer;
class RosterModel;
class XmppSession;

struct ClientContext {
    XmppSession* session = nullptr;
    RosterModel* roster = nullptr;
    ConversationStore* conversations = nullptr;
    ConferenceList* conferences = nullptr;
    ImageTransfer* images = nullptr;
    ImageShare* image_share = nullptr;
    AccountSettings* settings = nullptr;  // may be nullptr (nothing is saved)
};

}  // namespace confab::client
