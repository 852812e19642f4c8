#include "confab/client/roster_delegate.h"

#include <QApplication>
#include <QPainter>

#include "confab/client/presence_icon.h"
#include "confab/client/roster_model.h"

namespace confab::client {
namespace {

constexpr int kMargin = 4;
constexpr int kIconSize = 14;

QString onCallBadgeText() { return QObject::tr("On a conference call"); }

}  // namespace

QSize RosterDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QFontMetrics metrics(option.font);
    if (index.data(RosterModel::IsGroupRole).toBool()) return {200, metrics.height() + 2 * kMargin};
    return {200, 2 * metrics.height() + 3 * kMargin};
}

void RosterDelegate::paintGroup(QPainter* painter, const QStyleOptionViewItem& option,
                                const QModelIndex& index) const {
    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    const bool selected = option.state & QStyle::State_Selected;
    painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    const QRect text_rect = option.rect.adjusted(kMargin, 0, -kMargin, 0);
    painter->drawText(text_rect, Qt::AlignVCenter | Qt::AlignLeft,
                      index.data(Qt::DisplayRole).toString());
}

void RosterDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                           const QModelIndex& index) const {
    QStyleOptionViewItem base = option;
    initStyleOption(&base, index);
    base.text.clear();
    base.icon = QIcon();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &base, painter, widget);

    painter->save();
    if (index.data(RosterModel::IsGroupRole).toBool()) {
        paintGroup(painter, option, index);
        painter->restore();
        return;
    }
    const bool selected = option.state & QStyle::State_Selected;
    const QColor text_color = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor grey = text_color;
    grey.setAlpha(150);
    const QFontMetrics metrics(option.font);
    const QRect area = option.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const int line = metrics.height();

    const auto show = static_cast<PresenceShow>(index.data(RosterModel::PresenceRole).toInt());
    paintPresenceIcon(painter, QRectF(area.left(), area.top() + (line - kIconSize) / 2.0, kIconSize, kIconSize),
                      show);
    int right = area.right();

    // Unread count: a bubble at the right of the first line.
    const int unread = index.data(RosterModel::UnreadRole).toInt();
    QFont bold = option.font;
    bold.setBold(true);
    if (unread > 0) {
        const QString count = QString::number(unread);
        const QFontMetrics bold_metrics(bold);
        const int width = qMax(line, bold_metrics.horizontalAdvance(count) + 10);
        const QRect bubble(right - width + 1, area.top(), width, line);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0x1f, 0x6f, 0xd0));
        painter->drawRoundedRect(bubble, line / 2.0, line / 2.0);
        painter->setPen(Qt::white);
        painter->setFont(bold);
        painter->drawText(bubble, Qt::AlignCenter, count);
        right = bubble.left() - kMargin;
    }

    const int text_left = area.left() + kIconSize + 2 * kMargin;
    painter->setFont(unread > 0 ? bold : option.font);
    painter->setPen(text_color);
    const QRect name_rect(text_left, area.top(), right - text_left, line);
    const QString name = index.data(Qt::DisplayRole).toString();
    painter->drawText(name_rect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(painter->font()).elidedText(name, Qt::ElideRight, name_rect.width()));

    // Second line: the on-call badge, then the status text in grey.
    int second_left = text_left;
    const int second_top = area.top() + line + kMargin / 2;
    const bool on_call = !index.data(RosterModel::OnCallRoomRole).toString().isEmpty();
    if (on_call) {
        QFont small = option.font;
        small.setPointSizeF(option.font.pointSizeF() * 0.85);
        const QFontMetrics small_metrics(small);
        const QString badge = onCallBadgeText();
        const int badge_width = small_metrics.horizontalAdvance(badge) + line + 8;
        const QRect badge_rect(second_left, second_top, qMin(badge_width, area.right() - second_left), line);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0x8a, 0x3f, 0xc0));
        painter->drawRoundedRect(badge_rect, 4, 4);
        paintHandset(painter, QRectF(badge_rect.left() + 2, badge_rect.top() + 1, line - 2, line - 2),
                     Qt::white);
        painter->setPen(Qt::white);
        painter->setFont(small);
        painter->drawText(badge_rect.adjusted(line + 2, 0, -2, 0), Qt::AlignLeft | Qt::AlignVCenter,
                          small_metrics.elidedText(badge, Qt::ElideRight, badge_rect.width() - line - 4));
        second_left = badge_rect.right() + kMargin + 2;
    }
    QString status = index.data(RosterModel::StatusTextRole).toString();
    // While on a call the status text usually repeats what the badge says.
    if (on_call && status.startsWith(onCallBadgeText(), Qt::CaseInsensitive)) status.clear();
    if (status.isEmpty() && !on_call) status = presenceLabel(show);
    if (!status.isEmpty() && second_left < area.right()) {
        painter->setFont(option.font);
        painter->setPen(grey);
        const QRect status_rect(second_left, second_top, area.right() - second_left, line);
        painter->drawText(status_rect, Qt::AlignLeft | Qt::AlignVCenter,
                          metrics.elidedText(status, Qt::ElideRight, status_rect.width()));
    }
    painter->restore();
}

}  // namespace confab::client
