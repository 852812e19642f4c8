// Presence icons that do not rely on colour alone: each show has its own
// colour AND its own shape (filled dot, dot with a clock hand, dot with a
// bar, hollow ring), so the roster reads the same in grey-scale or for
// colour-blind users. Painted, not loaded, so they scale to any DPI.
// GUI thread (QPainter on widgets).
#pragma once

#include <QColor>
#include <QIcon>
#include <QRectF>
#include <QString>

#include "confab/client/xmpp_types.h"

class QPainter;

namespace confab::client {

QColor presenceColor(PresenceShow show);
// "Available", "Away", "Busy", "Offline", ... as the UI names them.
QString presenceLabel(PresenceShow show);
void paintPresenceIcon(QPainter* painter, const QRectF& rect, PresenceShow show);
QIcon presenceIcon(PresenceShow show, int size = 16);

// A small telephone handset, for "on a conference call" badges and buttons.
void paintHandset(QPainter* painter, const QRectF& rect, const QColor& color);
// A loudspeaker with sound waves (talking), or crossed out (muted).
void paintSpeaker(QPainter* painter, const QRectF& rect, const QColor& color, bool crossed);

}  // namespace confab::client
