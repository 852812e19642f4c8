#include "confab/client/presence_icon.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace confab::client {

QColor presenceColor(PresenceShow show) {
    switch (show) {
        case PresenceShow::Available:
        case PresenceShow::Chat: return QColor(0x2e, 0x9d, 0x3a);
        case PresenceShow::Away: return QColor(0xe0, 0x9a, 0x10);
        case PresenceShow::ExtendedAway: return QColor(0xc0, 0x6a, 0x10);
        case PresenceShow::DoNotDisturb: return QColor(0xd0, 0x30, 0x30);
        case PresenceShow::Offline: break;
    }
    return QColor(0x90, 0x90, 0x90);
}

QString presenceLabel(PresenceShow show) {
    switch (show) {
        case PresenceShow::Available: return QObject::tr("Available");
        case PresenceShow::Chat: return QObject::tr("Free to chat");
        case PresenceShow::Away: return QObject::tr("Away");
        case PresenceShow::ExtendedAway: return QObject::tr("Away for a while");
        case PresenceShow::DoNotDisturb: return QObject::tr("Busy");
        case PresenceShow::Offline: break;
    }
    return QObject::tr("Offline");
}

void paintPresenceIcon(QPainter* painter, const QRectF& rect, PresenceShow show) {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal side = qMin(rect.width(), rect.height());
    const QRectF dot(rect.center().x() - side / 2 + 1, rect.center().y() - side / 2 + 1,
                     side - 2, side - 2);
    const QColor color = presenceColor(show);
    const qreal stroke = qMax<qreal>(1.5, side / 8);
    if (show == PresenceShow::Offline) {
        painter->setPen(QPen(color, stroke));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(dot.adjusted(stroke / 2, stroke / 2, -stroke / 2, -stroke / 2));
        painter->restore();
        return;
    }
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawEllipse(dot);
    QPen mark(Qt::white, stroke, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    painter->setPen(mark);
    const QPointF c = dot.center();
    const qreal r = dot.width() / 2;
    switch (show) {
        case PresenceShow::Available:
        case PresenceShow::Chat:
            // A tick.
            painter->drawPolyline(QPolygonF({QPointF(c.x() - r * 0.45, c.y()),
                                             QPointF(c.x() - r * 0.1, c.y() + r * 0.35),
                                             QPointF(c.x() + r * 0.45, c.y() - r * 0.35)}));
            break;
        case PresenceShow::Away:
        case PresenceShow::ExtendedAway:
            // Clock hands.
            painter->drawLine(c, QPointF(c.x(), c.y() - r * 0.55));
            painter->drawLine(c, QPointF(c.x() + r * 0.4, c.y() + r * 0.15));
            break;
        case PresenceShow::DoNotDisturb:
            // A "no entry" bar.
            painter->drawLine(QPointF(c.x() - r * 0.5, c.y()), QPointF(c.x() + r * 0.5, c.y()));
            break;
        case PresenceShow::Offline: break;
    }
    painter->restore();
}

QIcon presenceIcon(PresenceShow show, int size) {
    QIcon icon;
    for (const int scale : {1, 2}) {
        QPixmap pixmap(size * scale, size * scale);
        pixmap.fill(Qt::transparent);
        {
            QPainter painter(&pixmap);
            paintPresenceIcon(&painter, QRectF(0, 0, size * scale, size * scale), show);
        }
        pixmap.setDevicePixelRatio(scale);
        icon.addPixmap(pixmap);
    }
    return icon;
}

void paintHandset(QPainter* painter, const QRectF& rect, const QColor& color) {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal s = qMin(rect.width(), rect.height());
    painter->translate(rect.center());
    painter->scale(s / 24.0, s / 24.0);
    // A classic handset seen from the side, on a 24x24 grid centred at 0,0.
    QPainterPath path;
    path.moveTo(-9, -7);
    path.cubicTo(-11, -3, -8, 5, 0, 9);
    path.lineTo(3, 9);
    path.lineTo(6, 5);
    path.lineTo(2, 2);
    path.lineTo(-1, 4);
    path.cubicTo(-4, 2, -5, 0, -5, -3);
    path.lineTo(-2, -5);
    path.lineTo(-4, -10);
    path.closeSubpath();
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPath(path);
    painter->restore();
}

void paintSpeaker(QPainter* painter, const QRectF& rect, const QColor& color, bool crossed) {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal s = qMin(rect.width(), rect.height());
    painter->translate(rect.center());
    painter->scale(s / 24.0, s / 24.0);
    QPainterPath body;
    body.moveTo(-10, -4);
    body.lineTo(-5, -4);
    body.lineTo(1, -9);
    body.lineTo(1, 9);
    body.lineTo(-5, 4);
    body.lineTo(-10, 4);
    body.closeSubpath();
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPath(body);
    QPen pen(color, 2.2, Qt::SolidLine, Qt::RoundCap);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    if (crossed) {
        painter->drawLine(QPointF(4, -5), QPointF(11, 5));
        painter->drawLine(QPointF(4, 5), QPointF(11, -5));
    } else {
        painter->drawArc(QRectF(-3, -6, 10, 12), -50 * 16, 100 * 16);
        painter->drawArc(QRectF(-4, -10, 16, 20), -50 * 16, 100 * 16);
    }
    painter->restore();
}

}  // namespace confab::client
