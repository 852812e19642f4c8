#include "confab/client/roster_model.h"

namespace confab::client {

RosterFilterModel::RosterFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    // A group stays visible while any of its contacts matches.
    setRecursiveFilteringEnabled(true);
    // Dynamic filtering keeps the result right when contacts change or move;
    // no sort column is set, so the source model's order is kept as it is.
    setDynamicSortFilter(true);
}

void RosterFilterModel::setFilterText(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed == text_) {
        return;
    }
    text_ = trimmed;
    invalidateFilter();
}

bool RosterFilterModel::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const {
    if (!source_parent.isValid()) {
        return false;  // a group row: shown through recursive filtering while a contact of it is
    }
    const QModelIndex row = sourceModel()->index(source_row, 0, source_parent);
    // A JID without '@' is a server service, not a person: the conference
    // bridge subscribes to presence that way. It has no place among buddies.
    if (!row.data(RosterModel::JidRole).toString().contains(QLatin1Char('@'))) {
        return false;
    }
    if (text_.isEmpty()) {
        return true;
    }
    for (const int role : {static_cast<int>(Qt::DisplayRole), static_cast<int>(RosterModel::JidRole),
                           static_cast<int>(RosterModel::StatusTextRole)}) {
        if (row.data(role).toString().contains(text_, Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

}  // namespace confab::client
