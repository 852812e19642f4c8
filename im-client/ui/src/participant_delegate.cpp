#include "confab/client/participant_delegate.h"

#include <QApplication>
#include <QPainter>

#include "confab/client/presence_icon.h"

namespace confab::client {
namespace {

constexpr int kMargin = 6;
const QColor kTalkingBorder(0xe0, 0x8a, 0x00);
const QColor kTalkingFill(0xff, 0xf1, 0xd0);

// Draws a rounded chip with `text`; returns its width.
int paintChip(QPainter* painter, const QPoint& top_left, int height, const QString& text,
              const QColor& fill, const QColor& text_color, const QFont& font) {
    const QFontMetrics metrics(font);
    const int width = metrics.horizontalAdvance(text) + 12;
    const QRect chip(top_left, QSize(width, height));
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(chip, height / 2.0, height / 2.0);
    painter->setPen(text_color);
    painter->setFont(font);
    painter->drawText(chip, Qt::AlignCenter, text);
    return width;
}

}  // namespace

QColor ParticipantDelegate::legStateColor(LegState state) {
    switch (state) {
        case LegState::Connected: return QColor(0x2e, 0x9d, 0x3a);
        case LegState::Dialing:
        case LegState::Ringing: return QColor(0x1f, 0x6f, 0xd0);
        case LegState::OnHold: return QColor(0xb0, 0x80, 0x10);
        case LegState::Busy:
        case LegState::Failed: return QColor(0xc0, 0x39, 0x2b);
        case LegState::Left: return QColor(0x80, 0x80, 0x80);
        case LegState::None: break;
    }
    return QColor(0x60, 0x60, 0x60);
}

QSize ParticipantDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    const QFontMetrics metrics(option.font);
    return {220, 2 * metrics.height() + 3 * kMargin};
}

void ParticipantDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                const QModelIndex& index) const {
    QStyleOptionViewItem base = option;
    initStyleOption(&base, index);
    base.text.clear();
    base.icon = QIcon();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();

    const bool talking = index.data(ConferenceModel::TalkingRole).toBool();
    const bool muted = index.data(ConferenceModel::MutedRole).toBool();
    const auto leg = static_cast<LegState>(index.data(ConferenceModel::LegStateRole).toInt());
    const bool selected = option.state & QStyle::State_Selected;

    painter->save();
    if (talking && !selected) {
        painter->fillRect(option.rect, kTalkingFill);
    } else {
        style->drawControl(QStyle::CE_ItemViewItem, &base, painter, widget);
    }
    if (talking) {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(kTalkingBorder, 2.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5), 4, 4);
    }

    const QColor text_color =
        selected && !talking ? option.palette.color(QPalette::HighlightedText) : option.palette.color(QPalette::Text);
    QColor grey = text_color;
    grey.setAlpha(160);
    const QFontMetrics metrics(option.font);
    const int line = metrics.height();
    const QRect area = option.rect.adjusted(kMargin + 2, kMargin, -kMargin - 2, -kMargin);
    QFont bold = option.font;
    bold.setBold(true);
    QFont small = option.font;
    small.setPointSizeF(option.font.pointSizeF() * 0.9);

    // Left: a speaker that is big and dark while talking, a crossed speaker when muted.
    const QRectF glyph(area.left(), area.top() + (2 * line + kMargin - 22) / 2.0, 22, 22);
    if (talking) {
        paintSpeaker(painter, glyph, QColor(0x20, 0x20, 0x20), false);
    } else if (muted) {
        paintSpeaker(painter, glyph, QColor(0xc0, 0x39, 0x2b), true);
    }
    const int left = area.left() + 30;

    // First line: name, then "▶ talking" in bold.
    QString name = index.data(Qt::DisplayRole).toString();
    if (index.data(ConferenceModel::ModeratorRole).toBool()) name += tr(" (moderator)");
    int name_right = area.right();
    if (talking) {
        const QString label = tr("▶ talking");
        const int width = QFontMetrics(bold).horizontalAdvance(label);
        painter->setFont(bold);
        painter->setPen(QColor(0x20, 0x20, 0x20));
        painter->drawText(QRect(area.right() - width, area.top(), width, line), Qt::AlignRight | Qt::AlignVCenter,
                          label);
        name_right = area.right() - width - kMargin;
    }
    painter->setFont(talking ? bold : option.font);
    painter->setPen(text_color);
    const QRect name_rect(left, area.top(), name_right - left, line);
    painter->drawText(name_rect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(painter->font()).elidedText(name, Qt::ElideRight, name_rect.width()));

    // Second line: state chip, muted chip, then the number or the reason in grey.
    const int second_top = area.top() + line + kMargin / 2;
    int x = left;
    const QString state_text = index.data(ConferenceModel::LegStateTextRole).toString();
    if (!state_text.isEmpty()) {
        x += paintChip(painter, QPoint(x, second_top), line, state_text, legStateColor(leg), Qt::white, small) + 4;
    } else if (index.data(ConferenceModel::InRoomRole).toBool()) {
        x += paintChip(painter, QPoint(x, second_top), line, tr("chat only"), QColor(0xd8, 0xd8, 0xd8),
                       QColor(0x30, 0x30, 0x30), small) + 4;
    }
    if (muted) {
        x += paintChip(painter, QPoint(x, second_top), line, tr("muted"), QColor(0xfd, 0xde, 0xda),
                       QColor(0xa0, 0x20, 0x20), small) + 4;
    }
    QString detail = index.data(ConferenceModel::ReasonRole).toString();
    const QString number = index.data(ConferenceModel::NumberRole).toString();
    if (detail.isEmpty() && number != index.data(Qt::DisplayRole).toString()) detail = number;
    if (!detail.isEmpty() && x < area.right()) {
        painter->setFont(small);
        painter->setPen(grey);
        const QRect detail_rect(x + 2, second_top, area.right() - x - 2, line);
        painter->drawText(detail_rect, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(small).elidedText(detail, Qt::ElideRight, detail_rect.width()));
    }
    painter->restore();
}

}  // namespace confab::client
