#include "confab/client/conference_widget.h"

#include <QHBoxLayout>
#include <QSplitter>

#include "confab/client/chat_input.h"
#include "confab/client/chat_widget.h"
#include "confab/client/conference_model.h"
#include "confab/client/participants_panel.h"

namespace confab::client {

ConferenceWidget::ConferenceWidget(const ClientContext& context, const QString& room_jid, QWidget* parent)
    : QWidget(parent),
      room_jid_(room_jid),
      model_(context.conferences->conference(room_jid)),
      splitter_(new QSplitter(Qt::Horizontal, this)),
      chat_(new ChatWidget(context, room_jid, true, splitter_)),
      panel_(new ParticipantsPanel(context, model_, splitter_)) {
    setAccessibleName(tr("Conference %1").arg(room_jid));
    splitter_->addWidget(chat_);
    splitter_->addWidget(panel_);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);
    splitter_->setChildrenCollapsible(false);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter_);
    setFocusProxy(chat_->input());
    connect(model_, &ConferenceModel::summaryChanged, this, &ConferenceWidget::titleChanged);
}

QListView* ConferenceWidget::participantsView() const { return panel_->participantsView(); }

QString ConferenceWidget::title() const {
    const QString subject = model_->subject();
    if (!subject.isEmpty()) return subject;
    const qsizetype at = room_jid_.indexOf(QLatin1Char('@'));
    return at > 0 ? room_jid_.left(at) : room_jid_;
}

}  // namespace confab::client
