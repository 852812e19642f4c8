// The IM client's buddy list at scale: 5,000 contacts in 50 groups, in the
// real model stack the main window uses (RosterModel -> RosterFilterModel ->
// QTreeView), on the offscreen platform. Loading must stay one model reset
// plus one layout, and a presence change must stay a single-row update, so a
// large roster never freezes the GUI thread.
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QTreeView>

#include "confab/client/roster_model.h"

namespace {

using confab::client::PresenceShow;
using confab::client::RosterContact;
using confab::client::RosterFilterModel;
using confab::client::RosterModel;

constexpr int kContacts = 5000;
constexpr int kGroups = 50;

// One QApplication for the whole benchmark process, created on first use.
// It is never destroyed: Qt objects in other benchmarks may outlive main().
void ensureApplication() {
    static QApplication* const app = [] {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        static int argc = 1;
        static char name[] = "confab-bench";
        static char* argv[] = {name, nullptr};
        return new QApplication(argc, argv);
    }();
    (void)app;
}

QList<RosterContact> makeRoster() {
    QList<RosterContact> contacts;
    contacts.reserve(kContacts);
    for (int i = 0; i < kContacts; ++i) {
        RosterContact c;
        c.jid = QStringLiteral("user%1@example.com").arg(i);
        c.name = QStringLiteral("User %1").arg((i * 7919) % kContacts);  // not in JID order
        c.groups = {QStringLiteral("Group %1").arg(i % kGroups)};
        c.subscription = QStringLiteral("both");
        c.show = i % 3 == 0 ? PresenceShow::Available : PresenceShow::Offline;
        c.status_text = i % 10 == 0 ? QStringLiteral("in a meeting") : QString();
        contacts.append(c);
    }
    return contacts;
}

// Makes sure the application exists before any widget member is built.
struct WithApplication {
    WithApplication() { ensureApplication(); }
};

// The roster panel: model, filter proxy and an expanded tree view.
struct RosterView : WithApplication {
    RosterView() {
        filter.setSourceModel(&model);
        view.setModel(&filter);
        view.setHeaderHidden(true);
        view.setUniformRowHeights(true);
        view.resize(320, 900);
        view.show();
    }
    void layOut() {
        view.expandAll();
        view.viewport()->repaint();
        QCoreApplication::processEvents();
    }
    RosterModel model;
    RosterFilterModel filter;
    QTreeView view;
};

void BM_RosterLoad5000(benchmark::State& state) {
    const QList<RosterContact> contacts = makeRoster();
    RosterView panel;
    for (auto _ : state) {
        panel.model.setContacts(contacts);  // one reset, as after login
        panel.layOut();
    }
    state.counters["contacts"] = panel.model.contactCount();
    state.SetItemsProcessed(state.iterations() * kContacts);
}
BENCHMARK(BM_RosterLoad5000)->Unit(benchmark::kMillisecond);

void BM_RosterPresenceUpdate(benchmark::State& state) {
    QList<RosterContact> contacts = makeRoster();
    RosterView panel;
    panel.model.setContacts(contacts);
    panel.layOut();
    int next = 0;
    for (auto _ : state) {
        RosterContact& c = contacts[next];
        c.show = c.show == PresenceShow::Away ? PresenceShow::Available : PresenceShow::Away;
        panel.model.updateContact(c);  // what XmppSession::contactChanged delivers
        QCoreApplication::processEvents();  // the view repaints the dirty row
        next = (next + 997) % kContacts;
    }
}
BENCHMARK(BM_RosterPresenceUpdate)->Unit(benchmark::kMicrosecond);

void BM_RosterFilterKeystroke(benchmark::State& state) {
    const QList<RosterContact> contacts = makeRoster();
    RosterView panel;
    panel.model.setContacts(contacts);
    panel.layOut();
    bool narrow = false;
    for (auto _ : state) {
        narrow = !narrow;
        panel.filter.setFilterText(narrow ? QStringLiteral("user 12") : QStringLiteral("user 1"));
        panel.view.expandAll();
        panel.view.viewport()->repaint();
    }
}
BENCHMARK(BM_RosterFilterKeystroke)->Unit(benchmark::kMillisecond);

}  // namespace
