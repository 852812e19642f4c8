// ConferenceWidget: one conference as a tab: the room's chat on the left and
// the ParticipantsPanel on the right, in a splitter. GUI thread.
#pragma once

#include <QWidget>

#include "confab/client/client_context.h"

class QListView;
class QSplitter;

namespace confab::client {

class ChatWidget;
class ConferenceModel;
class ParticipantsPanel;

class ConferenceWidget : public QWidget {
    Q_OBJECT
  public:
    ConferenceWidget(const ClientContext& context, const QString& room_jid, QWidget* parent = nullptr);

    QString roomJid() const { return room_jid_; }
    ConferenceModel* model() const { return model_; }
    ChatWidget* chatWidget() const { return chat_; }
    ParticipantsPanel* participantsPanel() const { return panel_; }
    QListView* participantsView() const;
    // "Daily standup" or the room's local part, for the tab title.
    QString title() const;

  signals:
    void titleChanged();

  private:
    QString room_jid_;
    ConferenceModel* model_;
    QSplitter* splitter_;
    ChatWidget* chat_;
    ParticipantsPanel* panel_;
};

}  // namespace confab::client
