#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QSignalSpy>

#include "confab/client/roster_model.h"
#include "qt_test_support.h"

namespace confab::client {
namespace {

RosterContact contact(const QString& jid, const QString& name, const QStringList& groups,
                      PresenceShow show = PresenceShow::Offline, const QString& status = {}) {
    RosterContact c;
    c.jid = jid;
    c.name = name;
    c.groups = groups;
    c.subscription = QStringLiteral("both");
    c.show = show;
    c.status_text = status;
    return c;
}

QStringList groupNames(const QAbstractItemModel& model) {
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row) {
        names.append(model.index(row, 0).data().toString());
    }
    return names;
}

QStringList membersOf(const QAbstractItemModel& model, const QString& group) {
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex g = model.index(row, 0);
        if (g.data().toString() != group) {
            continue;
        }
        QStringList names;
        for (int child = 0; child < model.rowCount(g); ++child) {
            names.append(model.index(child, 0, g).data().toString());
        }
        return names;
    }
    return {};
}

class RosterModelTest : public ::testing::Test {
  protected:
    void SetUp() override {
        test::takeQtWarnings();
        tester_ = test::watch(&model_);
    }
    void TearDown() override {
        tester_.reset();
        EXPECT_EQ(test::takeQtWarnings(), QStringList());
    }

    RosterModel model_;
    std::unique_ptr<QAbstractItemModelTester> tester_;
};

TEST_F(RosterModelTest, GroupsAndContactsAreSortedAndUngroupedGoUnderContacts) {
    model_.setContacts({
        contact("zoe@example.com", "Zoe", {"work"}),
        contact("bob@example.com", "bob", {"Work", "friends"}),
        contact("al@example.com", "", {}),
        contact("carol@example.com", "Carol", {"Work"}),
        contact("dave@example.com", "Dave", {"Friends", "Friends"}),
    });
    // Case-insensitive order; "work" and "Work" are different groups next to each other.
    EXPECT_EQ(groupNames(model_), QStringList({"Contacts", "Friends", "friends", "Work", "work"}));
    EXPECT_EQ(membersOf(model_, "Work"), QStringList({"bob", "Carol"}));
    EXPECT_EQ(membersOf(model_, "Contacts"), QStringList({"al"}));  // no name: the JID's local part
    EXPECT_EQ(membersOf(model_, "Friends"), QStringList({"Dave"}));  // listed once
    EXPECT_EQ(model_.contactCount(), 5);
    EXPECT_EQ(model_.displayName("bob@example.com"), "bob");
    EXPECT_EQ(model_.displayName("stranger@example.com"), "stranger");

    const QModelIndex bob = model_.indexOf("bob@example.com");
    ASSERT_TRUE(bob.isValid());
    EXPECT_EQ(bob.parent().data().toString(), "friends");  // its first group row
    EXPECT_EQ(bob.data(RosterModel::JidRole).toString(), "bob@example.com");
    EXPECT_FALSE(bob.data(RosterModel::IsGroupRole).toBool());
    EXPECT_TRUE(bob.parent().data(RosterModel::IsGroupRole).toBool());
    EXPECT_EQ(bob.data(RosterModel::GroupNameRole).toString(), "friends");
    EXPECT_EQ(bob.data(RosterModel::SubscriptionRole).toString(), "both");
    EXPECT_FALSE(model_.flags(bob.parent()) & Qt::ItemIsSelectable);
    EXPECT_TRUE(model_.flags(bob) & Qt::ItemIsSelectable);
}

TEST_F(RosterModelTest, JidsAtIgnoresGroupRowsAndDuplicates) {
    model_.setContacts({contact("bob@example.com", "Bob", {"A", "B"}), contact("eve@example.com", "Eve", {"A"})});
    const QModelIndex a = model_.index(0, 0);
    const QModelIndex b = model_.index(1, 0);
    const QStringList jids = model_.jidsAt({a, model_.index(0, 0, a), model_.index(1, 0, a), model_.index(0, 0, b)});
    EXPECT_EQ(jids, QStringList({"bob@example.com", "eve@example.com"}));
}

TEST_F(RosterModelTest, BulkLoadOf5000ContactsIsOneReset) {
    QList<RosterContact> contacts;
    for (int i = 0; i < 5000; ++i) {
        contacts.append(contact(QStringLiteral("user%1@example.com").arg(i), QStringLiteral("User %1").arg(i, 4, 10, QLatin1Char('0')),
                                {QStringLiteral("Group %1").arg(i % 50, 2, 10, QLatin1Char('0'))},
                                i % 3 == 0 ? PresenceShow::Available : PresenceShow::Offline));
    }
    tester_.reset();  // the tester walks every row on each signal; time the model alone
    QSignalSpy resets(&model_, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model_, &QAbstractItemModel::rowsInserted);
    QElapsedTimer timer;
    timer.start();
    model_.setContacts(contacts);
    const qint64 elapsed = timer.elapsed();
    EXPECT_EQ(resets.size(), 1);
    EXPECT_EQ(inserts.size(), 0);
    EXPECT_EQ(model_.contactCount(), 5000);
    EXPECT_EQ(model_.rowCount(), 50);
    EXPECT_EQ(model_.rowCount(model_.index(7, 0)), 100);
    EXPECT_LT(elapsed, 2000) << "5,000 contacts took " << elapsed << " ms";
    tester_ = test::watch(&model_);  // and the result is a consistent model
}

TEST_F(RosterModelTest, PresenceChangeTouchesOnlyThatContactsRows) {
    model_.setContacts({contact("bob@example.com", "Bob", {"A", "B"}), contact("eve@example.com", "Eve", {"A"})});
    QSignalSpy changed(&model_, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model_, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model_, &QAbstractItemModel::rowsInserted);
    model_.updateContact(contact("bob@example.com", "Bob", {"A", "B"}, PresenceShow::Away, "lunch"));
    EXPECT_EQ(changed.size(), 2);  // one row per group
    EXPECT_EQ(removed.size(), 0);
    EXPECT_EQ(inserted.size(), 0);
    const QModelIndex bob = model_.indexOf("bob@example.com");
    EXPECT_EQ(bob.data(RosterModel::PresenceRole).toInt(), static_cast<int>(PresenceShow::Away));
    EXPECT_EQ(bob.data(RosterModel::StatusTextRole).toString(), "lunch");
    for (const auto& signal : changed) {
        EXPECT_EQ(signal.at(0).value<QModelIndex>().data(RosterModel::JidRole).toString(), "bob@example.com");
    }
}

TEST_F(RosterModelTest, ContactMovesBetweenGroupsAndEmptyGroupsDisappear) {
    model_.setContacts({contact("bob@example.com", "Bob", {"Old"}), contact("eve@example.com", "Eve", {"Work"})});
    model_.updateContact(contact("bob@example.com", "Bob", {"Work", "New"}));
    EXPECT_EQ(groupNames(model_), QStringList({"New", "Work"}));
    EXPECT_EQ(membersOf(model_, "Work"), QStringList({"Bob", "Eve"}));
    EXPECT_EQ(membersOf(model_, "New"), QStringList({"Bob"}));

    // A rename moves the row inside its group.
    model_.updateContact(contact("bob@example.com", "Zed", {"Work", "New"}));
    EXPECT_EQ(membersOf(model_, "Work"), QStringList({"Eve", "Zed"}));
    model_.updateContact(contact("eve@example.com", "Aaron", {"Work"}));
    EXPECT_EQ(membersOf(model_, "Work"), QStringList({"Aaron", "Zed"}));

    // Out of every group: under "Contacts".
    model_.updateContact(contact("bob@example.com", "Zed", {}));
    EXPECT_EQ(groupNames(model_), QStringList({"Contacts", "Work"}));
    EXPECT_EQ(membersOf(model_, "Contacts"), QStringList({"Zed"}));

    // New contacts arrive in place; removal drops rows and empty groups.
    model_.updateContact(contact("amy@example.com", "Amy", {"Work"}));
    EXPECT_EQ(membersOf(model_, "Work"), QStringList({"Aaron", "Amy"}));
    model_.removeContact("bob@example.com");
    EXPECT_EQ(groupNames(model_), QStringList({"Work"}));
    EXPECT_EQ(model_.contact("bob@example.com"), nullptr);
    EXPECT_EQ(model_.contactCount(), 2);
    // The storage slot reuse kept every row pointing at the right contact.
    EXPECT_EQ(model_.indexOf("amy@example.com").data().toString(), "Amy");
    EXPECT_EQ(model_.indexOf("eve@example.com").data().toString(), "Aaron");

    // A roster push with subscription "remove" removes too.
    RosterContact gone = contact("amy@example.com", "Amy", {"Work"});
    gone.subscription = QStringLiteral("remove");
    model_.updateContact(gone);
    EXPECT_EQ(membersOf(model_, "Work"), QStringList({"Aaron"}));
}

TEST_F(RosterModelTest, PersistentIndexesFollowMovesAcrossGroupInsertions) {
    model_.setContacts({contact("bob@example.com", "Bob", {"M"}), contact("eve@example.com", "Eve", {"M"})});
    const QPersistentModelIndex eve = model_.indexOf("eve@example.com");
    model_.updateContact(contact("ann@example.com", "Ann", {"A"}));  // a group row before "M"
    model_.updateContact(contact("bob@example.com", "Zoe", {"M"}));  // Bob moves below Eve
    ASSERT_TRUE(eve.isValid());
    EXPECT_EQ(eve.data(RosterModel::JidRole).toString(), "eve@example.com");
    EXPECT_EQ(eve.row(), 0);
    EXPECT_EQ(eve.parent().row(), 1);
    model_.removeContact("ann@example.com");
    ASSERT_TRUE(eve.isValid());
    EXPECT_EQ(eve.parent().row(), 0);
}

TEST_F(RosterModelTest, UnreadCountsShowOnEveryRowOfTheContact) {
    model_.setContacts({contact("bob@example.com", "Bob", {"A", "B"})});
    QSignalSpy changed(&model_, &QAbstractItemModel::dataChanged);
    model_.setUnread("bob@example.com", 3);
    EXPECT_EQ(changed.size(), 2);
    EXPECT_EQ(model_.indexOf("bob@example.com").data(RosterModel::UnreadRole).toInt(), 3);
    model_.setUnread("bob@example.com", 3);  // no change, no signal
    EXPECT_EQ(changed.size(), 2);
    model_.setUnread("bob@example.com", 0);
    EXPECT_EQ(model_.indexOf("bob@example.com").data(RosterModel::UnreadRole).toInt(), 0);
}

class RosterFilterTest : public RosterModelTest {
  protected:
    void SetUp() override {
        RosterModelTest::SetUp();
        filter_.setSourceModel(&model_);
        filter_tester_ = test::watch(&filter_);
        model_.setContacts({
            contact("bob@example.com", "Bob Smith", {"Work"}, PresenceShow::Available, "in a meeting"),
            contact("eve@example.org", "Eve", {"Friends"}),
            contact("mallory@example.com", "Mallory", {"Friends", "Work"}),
        });
    }
    void TearDown() override {
        filter_tester_.reset();
        RosterModelTest::TearDown();
    }
    RosterFilterModel filter_;
    std::unique_ptr<QAbstractItemModelTester> filter_tester_;
};

TEST_F(RosterFilterTest, MatchesNameJidAndStatusAndHidesEmptyGroups) {
    EXPECT_EQ(groupNames(filter_), QStringList({"Friends", "Work"}));
    filter_.setFilterText("smi");
    EXPECT_EQ(groupNames(filter_), QStringList({"Work"}));
    EXPECT_EQ(membersOf(filter_, "Work"), QStringList({"Bob Smith"}));
    filter_.setFilterText("EXAMPLE.ORG");  // the JID, any case
    EXPECT_EQ(groupNames(filter_), QStringList({"Friends"}));
    filter_.setFilterText("meeting");  // the status text
    EXPECT_EQ(membersOf(filter_, "Work"), QStringList({"Bob Smith"}));
    filter_.setFilterText("mal");
    EXPECT_EQ(groupNames(filter_), QStringList({"Friends", "Work"}));
    filter_.setFilterText("nobody");
    EXPECT_EQ(filter_.rowCount(), 0);
    filter_.setFilterText("");
    EXPECT_EQ(membersOf(filter_, "Friends"), QStringList({"Eve", "Mallory"}));
}

TEST_F(RosterFilterTest, ServicesWithoutALocalPartAreNotBuddies) {
    model_.updateContact(contact("bridge.example.com", "bridge.example.com", {"Services"}));
    model_.updateContact(contact("conference.example.com", "Rooms", {"Work"}));
    EXPECT_EQ(groupNames(filter_), QStringList({"Friends", "Work"})) << "a group of services only is hidden";
    EXPECT_EQ(membersOf(filter_, "Work"), QStringList({"Bob Smith", "Mallory"}));
    filter_.setFilterText("example.com");
    EXPECT_EQ(membersOf(filter_, "Work"), QStringList({"Bob Smith", "Mallory"}));
    EXPECT_EQ(model_.contactCount(), 5) << "the model keeps them; only the view leaves them out";
}

TEST_F(RosterFilterTest, FilterFollowsLiveChanges) {
    filter_.setFilterText("eve");
    EXPECT_EQ(groupNames(filter_), QStringList({"Friends"}));
    model_.updateContact(contact("eve@example.org", "Eve", {"Work"}));  // moved
    EXPECT_EQ(groupNames(filter_), QStringList({"Work"}));
    model_.updateContact(contact("steve@example.com", "Steve", {"New"}));
    EXPECT_EQ(groupNames(filter_), QStringList({"New", "Work"}));
}

}  // namespace
}  // namespace confab::client
