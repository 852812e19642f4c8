// RosterModel: the buddy list as a two-level tree, groups -> contacts. A
// contact in several groups appears under each; one without groups appears
// under "Contacts". Groups are sorted by name, contacts by display name.
// GUI thread only. Fed by XmppSession's roster signals (connect with
// attachTo); setContacts() is one model reset, so 5,000 contacts load in one
// step; contactChanged() touches only the affected rows.
// Use RosterFilterModel (below) for filter-as-you-type.
#pragma once

#include <QAbstractItemModel>
#include <QHash>
#include <QList>
#include <QSortFilterProxyModel>
#include <QString>
#include <QVector>
#include <memory>
#include <vector>

#include "confab/client/xmpp_types.h"

namespace confab::client {

class XmppSession;

class RosterModel : public QAbstractItemModel {
    Q_OBJECT
  public:
    enum Role {
        JidRole = Qt::UserRole + 1,  // QString bare JID ("" on group rows)
        IsGroupRole,  // bool
        PresenceRole,  // int(PresenceShow)
        StatusTextRole,  // QString
        OnCallRoomRole,  // QString room JID, "" when not on a conference call
        SubscriptionRole,  // QString
        UnreadRole,  // int unread messages in the 1:1 chat
        GroupNameRole,  // QString (group rows and contact rows)
    };
    explicit RosterModel(QObject* parent = nullptr);

    void attachTo(XmppSession* session);

    // Replaces everything (one reset).
    void setContacts(const QList<RosterContact>& contacts);
    void updateContact(const RosterContact& contact);  // adds when new
    void removeContact(const QString& jid);
    void setUnread(const QString& jid, int count);

    int contactCount() const;
    const RosterContact* contact(const QString& jid) const;  // nullptr when unknown
    // "Bob" for a roster name, else the JID's local part.
    QString displayName(const QString& jid) const;
    // Bare JIDs of the contact rows in `indexes` (group rows and duplicates ignored).
    QStringList jidsAt(const QModelIndexList& indexes) const;
    // The first contact row for `jid` (for selecting it in a view).
    QModelIndex indexOf(const QString& jid) const;

    // QAbstractItemModel
    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

  private:
    // A group row. Groups live behind unique_ptr so that a contact row's
    // internal pointer (its group) stays valid while other groups come and go;
    // `row` is kept current whenever groups are inserted or removed.
    struct Group {
        QString name;
        QString sort_key;  // case-folded name
        QVector<int> members;  // indexes into contacts_, sorted by (sort key, jid)
        int row = 0;
    };
    struct Entry {
        RosterContact contact;
        QString display;  // displayName(), cached
        QString sort_key;  // display case-folded
        QStringList groups;  // effective groups: deduplicated, "Contacts" when none
    };

    void rebuildGroups();
    Entry makeEntry(const RosterContact& contact) const;
    Group* groupAt(int row) const;
    Group* findGroup(const QString& name) const;
    int groupInsertPosition(const QString& sort_key) const;
    int memberInsertPosition(const Group& group, int contact_index) const;
    int memberRow(const Group& group, int contact_index) const;
    void insertIntoGroup(const QString& group_name, int contact_index);
    void removeFromGroup(const QString& group_name, int contact_index);
    void emitContactRowsChanged(int contact_index);
    void renumberGroups(int from_row);
    bool lessThan(int a, int b) const;

    QVector<Entry> contacts_;
    QHash<QString, int> by_jid_;
    QHash<QString, int> unread_;
    std::vector<std::unique_ptr<Group>> groups_;  // sorted by sort_key
};

// Filter as you type: matches the name, the JID or the status text,
// case-insensitively; groups with no match are hidden.
class RosterFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
  public:
    explicit RosterFilterModel(QObject* parent = nullptr);
    void setFilterText(const QString& text);

  protected:
    bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

  private:
    QString text_;
};

}  // namespace confab::client
