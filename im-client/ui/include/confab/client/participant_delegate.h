// ParticipantDelegate: one row of the participants panel, from
// ConferenceModel's roles: name, a state chip with text AND colour
// ("ringing", "connected", "on hold", "busy", "left"), a muted icon with the
// word "muted", and while someone talks a speaker glyph, the bold word
// "talking" and a highlighted row border, so talking never reads by colour
// alone. It repaints on dataChanged; nothing polls. GUI thread.
#pragma once

#include <QColor>
#include <QStyledItemDelegate>

#include "confab/client/conference_model.h"

namespace confab::client {

class ParticipantDelegate : public QStyledItemDelegate {
    Q_OBJECT
  public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    static QColor legStateColor(LegState state);
};

}  // namespace confab::client
