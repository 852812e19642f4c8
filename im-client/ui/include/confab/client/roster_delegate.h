// RosterDelegate: paints one roster row from RosterModel's roles: the
// presence icon (colour and shape), the name, the status text in grey, an
// "On a conference call" badge and the unread count. Group rows are a bold
// header. GUI thread.
#pragma once

#include <QStyledItemDelegate>

namespace confab::client {

class RosterDelegate : public QStyledItemDelegate {
    Q_OBJECT
  public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

  private:
    void paintGroup(QPainter* painter, const QStyleOptionViewItem& option,
                    const QModelIndex& index) const;
};

}  // namespace confab::client
