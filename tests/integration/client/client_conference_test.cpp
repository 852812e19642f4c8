// A conference started from the roster, end to end: the user selects two
// buddies in the client's buddy list and chooses "Start conference call";
// the real bridge dials their directory numbers on the PSTN simulator; the
// client opens the conference tab by itself, and its participants panel shows
// each phone ringing, then connected, then talking, in the order the
// simulator produces them. The owner then records the call ("● Recording"),
// and mutes, unmutes, kicks and adds participants through the panel's real
// context menu; the bridge does each.
#include <QAction>
#include <QApplication>
#include <QContextMenuEvent>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QTabWidget>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include "client_gui_fixture.h"
#include "confab/client/chat_widget.h"
#include "confab/client/conference_model.h"
#include "confab/client/conference_widget.h"
#include "confab/client/main_window.h"
#include "confab/client/participants_panel.h"
#include "confab/client/roster_model.h"
#include "confab/client/roster_panel.h"
#include "confab/client/xmpp_session.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using client::LegState;

constexpr const char* kRing = "ring_timeout_seconds = 10\n";

// Bob's phone rings for 2.5 s, then talks 0.8 s after answering; Carol's
// rings for 1.5 s and stays silent. Long enough rings that the panel can be
// seen ringing after the client has joined the room.
std::string clientPhonebook() {
    return "[numbers.\"+15551230011\"]\naction = \"answer\"\nanswer_after_ms = 2500\n"
           "[numbers.\"+15551230011\".audio]\nsource = \"speech\"\nengine = \"espeak\"\n"
           "text = \"Hello everyone, this is Bob. The build is green and we can ship today.\"\n"
           "level_dbov = -20\ntalk = [[800, 3000]]\n"
           "[numbers.\"+15551230012\"]\naction = \"answer\"\nanswer_after_ms = 1500\n"
           "[numbers.\"+15551230013\"]\naction = \"answer\"\nanswer_after_ms = 300\n";
}

// Right-clicks a row of the participants list (the QContextMenuEvent a
// right click sends to the list's viewport); once the menu is up, picks the
// action whose text is `choice` with the keyboard, as a person would, and
// when that opens the "Add participant" question, types `answer` and
// presses Enter. Returns the texts of the menu's actions ("" when no menu
// came up).
struct MenuChoice {
    QStringList actions;
    bool chosen = false;
    bool answered = false;
};

MenuChoice chooseFromContextMenu(client::ParticipantsPanel* panel, const QModelIndex& index, const QString& choice,
                                 const QString& answer = {}) {
    MenuChoice result;
    QListView* view = panel->participantsView();
    view->scrollTo(index);
    const QPoint position = view->visualRect(index).center();
    QTimer chooser;  // fires inside QMenu::exec
    chooser.setSingleShot(true);
    QObject::connect(&chooser, &QTimer::timeout, [&] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        if (!menu) return;
        QAction* picked = nullptr;
        for (QAction* action : menu->actions()) {
            if (action->isSeparator()) continue;
            result.actions << action->text();
            if (action->text() == choice && action->isEnabled()) picked = action;
        }
        if (!picked) {
            QTest::keyClick(menu, Qt::Key_Escape);
            return;
        }
        result.chosen = true;
        menu->setActiveAction(picked);
        QTest::keyClick(menu, Qt::Key_Return);
    });
    // QInputDialog::getText runs its own loop after the menu closed: answer it
    // from there, or close whatever modal dialog is open after 5 s.
    QTimer question;
    question.setInterval(20);
    int ticks = 0;
    QObject::connect(&question, &QTimer::timeout, [&] {
        auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
        if (!dialog) {
            if (++ticks > 250) {
                question.stop();
                if (QWidget* modal = QApplication::activeModalWidget()) modal->close();
            }
            return;
        }
        question.stop();
        if (auto* edit = dialog->findChild<QLineEdit*>()) {
            QTest::keyClicks(edit, answer);
            QTest::keyClick(edit, Qt::Key_Return);
            result.answered = !dialog->isVisible();
        } else {
            dialog->reject();
        }
    });
    chooser.start(0);
    if (!answer.isEmpty()) question.start();
    QContextMenuEvent event(QContextMenuEvent::Mouse, position, view->viewport()->mapToGlobal(position));
    QApplication::sendEvent(view->viewport(), &event);
    QApplication::processEvents();
    return result;
}

class ClientConferenceTest : public ClientGuiFixture {
protected:
    // The simulator, and the bridge with a directory: bob and carol have
    // phones, plus `extra_lines` of CSV. `extra_toml` goes into the bridge's
    // configuration (plugins).
    void prepare(const std::string& extra_lines = {}, const std::string& extra_toml = {}) {
        startSimulator(clientPhonebook());
        startBridge({}, kRing);
        ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
        bridge_.terminate();
        const auto [code, output] = importCsv(writeCsv(
            "client-directory.csv",
            "jid,display_name,work,mobile,preferred\n"
            "bob@localhost,Bob Baker,+15551230011,,work\n"
            "carol@localhost,Carol Chen,+15551230012,,work\n" + extra_lines));
        ASSERT_EQ(code, 0) << output;
        startBridge(extra_toml, kRing);
        ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    }
    // Eve (on the bridge) calls Carol's phone; returns the room Dan sees Eve
    // on. Dan has a directory number whose phone answers.
    QString eveOnACallSeenByDan(client::ClientApplication*& eve_out, client::ClientApplication*& dan_out) {
        QString room;
        [&] {
            // Rosters first: Prosody keeps a roster it loaded for an offline user
            // (the bridge's subscription request to dan loads his) in memory.
            seedBuddies("eve", {"dan"});
            seedBuddies("dan", {"eve"});
            ASSERT_NO_FATAL_FAILURE(prepare("dan@localhost,Dan Diaz,+15551230013,,work\n"));
            client::ClientApplication& eve = startClient("eve");
            eve_out = &eve;
            client::ClientApplication& dan = startClient("dan");
            dan_out = &dan;
            ASSERT_TRUE(waitForConnected(eve));
            ASSERT_TRUE(waitForConnected(dan));
            // The bridge asked dan for his presence when it connected; his client
            // approves that by itself, and from then on the bridge sees him online.
            ASSERT_TRUE(harness::waitUntil(
                [&] {
                    QApplication::processEvents();
                    return bridgeLog().find("presence: dan@localhost is online") != std::string::npos;
                },
                10s))
                << bridgeLog();
            ASSERT_TRUE(waitFor([&] { return !eve.session()->bridgeJid().isEmpty(); }));

            // Eve calls a phone; her client joins the room and says she is on a call.
            eve.mainWindow()->rosterPanel()->startConference({QStringLiteral("+15551230012")});
            ASSERT_TRUE(waitFor(
                [&] {
                    const auto* e = dan.mainWindow()->roster()->contact(QStringLiteral("eve@localhost"));
                    if (e) room = e->on_call_room;
                    return !room.isEmpty();
                },
                15s))
                << "dan never saw eve on a conference call\n"
                << bridgeLog();
            const auto* e = dan.mainWindow()->roster()->contact(QStringLiteral("eve@localhost"));
            EXPECT_EQ(e->status_text.toStdString(), "On a conference call");

        }();
        return room;
    }
};

// What the panel showed for one participant, in order, without repeats.
struct Observed {
    std::vector<std::string> states;  // "ringing", "connected", "talking"
    void note(const std::string& state) {
        if (states.empty() || states.back() != state) states.push_back(state);
    }
    bool saw(const std::string& state) const {
        return std::find(states.begin(), states.end(), state) != states.end();
    }
    std::size_t indexOf(const std::string& state) const {
        return static_cast<std::size_t>(std::find(states.begin(), states.end(), state) - states.begin());
    }
    std::string text() const {
        std::string all;
        for (const auto& s : states) all += (all.empty() ? "" : " -> ") + s;
        return all;
    }
};

TEST_F(ClientConferenceTest, RosterSelectionStartsACallThePanelShowsRingingConnectedTalking) {
    // The recorder plugin, so that "/record start" really records.
    const auto recordings = prosody().runtimeDir() / "client-recordings";
    ASSERT_NO_FATAL_FAILURE(prepare({}, "[plugins]\nenable = [\"recorder\"]\n[plugins.recorder]\ndirectory = \"" +
                                            recordings.string() + "\"\n"));
    seedBuddies("cora", {"bob", "carol"});
    client::ClientApplication& cora = startClient("cora");
    client::MainWindow* window = cora.mainWindow();
    ASSERT_TRUE(waitForConnected(cora)) << window->connectionText().toStdString();
    ASSERT_TRUE(waitFor([&] { return !cora.session()->bridgeJid().isEmpty(); }, 10s))
        << "the client did not discover the bridge";
    ASSERT_TRUE(waitFor([&] { return window->roster()->contactCount() == 2; }, 10s));

    // As a person would: select both buddies, then "Start conference call".
    client::RosterPanel* roster = window->rosterPanel();
    roster->selectJids({QStringLiteral("bob@localhost"), QStringLiteral("carol@localhost")});
    ASSERT_EQ(roster->selectedJids().size(), 2);
    ASSERT_TRUE(roster->startConferenceAction()->isEnabled());
    roster->startConferenceAction()->trigger();

    client::ConferenceWidget* conference = nullptr;
    ASSERT_TRUE(waitFor(
        [&] {
            for (const QString& room : window->conferences()->rooms()) {
                if ((conference = window->conferenceWidget(room))) return true;
            }
            return false;
        },
        10s))
        << "no conference tab opened\n"
        << bridgeLog();
    EXPECT_EQ(window->tabs()->currentWidget(), conference) << "the new conference tab is in front";
    client::ConferenceModel* model = conference->model();

    // The talking indicator: from the session's event to the model that the
    // panel paints from (both on the GUI thread).
    QElapsedTimer clock;
    clock.start();
    qint64 speaking_event_ms = -1;
    qint64 talking_shown_ms = -1;
    QObject::connect(cora.session(), &client::XmppSession::speakingChanged, model,
                     [&](const QString&, const QString& uri, bool started) {
                         if (started && uri == QStringLiteral("tel:+15551230011") && speaking_event_ms < 0)
                             speaking_event_ms = clock.elapsed();
                     });
    QObject::connect(model, &client::ConferenceModel::talkingChanged, model,
                     [&](const QString& entity, bool talking) {
                         if (talking && entity == QStringLiteral("xmpp:bob@localhost") && talking_shown_ms < 0)
                             talking_shown_ms = clock.elapsed();
                     });

    Observed bob;
    Observed carol;
    auto observe = [&](Observed& seen, const QString& entity) {
        const client::Participant* p = model->participant(entity);
        if (!p) return;
        if (p->talking) {
            seen.note("talking");
        } else if (p->leg == LegState::Ringing || p->leg == LegState::Connected) {
            seen.note(client::legStateText(p->leg).toStdString());
        }
    };
    std::string screenshot;
    const bool talked = waitFor(
        [&] {
            observe(bob, QStringLiteral("xmpp:bob@localhost"));
            observe(carol, QStringLiteral("xmpp:carol@localhost"));
            if (bob.saw("talking") && screenshot.empty()) {
                window->resize(1200, 720);
                screenshot = saveScreenshot(window, "conference-mid-call");
            }
            return bob.saw("talking") && carol.saw("connected");
        },
        20s);
    ASSERT_TRUE(talked) << "bob: " << bob.text() << "; carol: " << carol.text() << "\n" << bridgeLog();

    EXPECT_TRUE(bob.saw("ringing")) << bob.text();
    EXPECT_LT(bob.indexOf("ringing"), bob.indexOf("connected")) << bob.text();
    EXPECT_LT(bob.indexOf("connected"), bob.indexOf("talking")) << bob.text();
    EXPECT_TRUE(carol.saw("ringing")) << carol.text();
    EXPECT_LT(carol.indexOf("ringing"), carol.indexOf("connected")) << carol.text();
    EXPECT_FALSE(carol.saw("talking")) << "Carol's phone is silent: " << carol.text();

    // Names from the directory, not bare numbers; the panel's summary lines.
    const client::Participant* bob_row = model->participant(QStringLiteral("xmpp:bob@localhost"));
    ASSERT_NE(bob_row, nullptr);
    EXPECT_EQ(bob_row->number.toStdString(), "+15551230011");
    EXPECT_EQ(bob_row->display_name.toStdString(), "Bob") << "the roster name wins";
    client::ParticipantsPanel* panel = conference->participantsPanel();
    EXPECT_NE(panel->talkingText().indexOf(QStringLiteral("Bob")), -1) << panel->talkingText().toStdString();
    EXPECT_NE(panel->countText().indexOf(QLatin1Char('2')), -1) << panel->countText().toStdString();
    EXPECT_FALSE(panel->timerText().isEmpty());

    ASSERT_GE(speaking_event_ms, 0);
    ASSERT_GE(talking_shown_ms, 0);
    EXPECT_LE(talking_shown_ms - speaking_event_ms, 100) << "talking indicator later than 100 ms";
    std::printf("talking indicator: %lld ms after the event arrived\n",
                static_cast<long long>(talking_shown_ms - speaking_event_ms));

    // Roster presence during the call: the client says it is on a call.
    EXPECT_TRUE(waitFor([&] { return window->roster() != nullptr; }, 1s));
    EXPECT_FALSE(screenshot.empty());

    // The owner records the call by typing in the conference chat; the bridge
    // says so in the conference-info and the panel shows "● Recording".
    EXPECT_FALSE(panel->recordingBadgeVisible());
    conference->chatWidget()->submit(QStringLiteral("/record start"));
    EXPECT_TRUE(waitFor([&] { return panel->recordingBadgeVisible(); }, 10s))
        << "no recording badge\n" << bridgeLog();
    EXPECT_TRUE(model->recording());
    EXPECT_TRUE(panel->recordingBadge()->isVisible());
    EXPECT_GE(panel->recordingBadge()->width(), panel->recordingBadge()->sizeHint().width())
        << "the badge is cut";
    window->resize(1200, 720);
    saveScreenshot(window, "conference-recording");
    conference->chatWidget()->submit(QStringLiteral("/record stop"));
    EXPECT_TRUE(waitFor([&] { return !panel->recordingBadgeVisible(); }, 10s))
        << "the badge stayed after /record stop\n" << bridgeLog();

    // The moderator actions, from the participants' real context menu: mute
    // Carol, unmute her, kick her, then add a phone; the bridge does each,
    // and its conference-info comes back into the model.
    ASSERT_TRUE(panel->canModerate()) << "the owner moderates";
    auto carolIndex = [&] {
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row);
            if (index.data(client::ConferenceModel::EntityRole).toString() == QStringLiteral("xmpp:carol@localhost"))
                return index;
        }
        return QModelIndex();
    };
    ASSERT_TRUE(carolIndex().isValid());
    EXPECT_EQ(panel->commandTarget(carolIndex()).toStdString(), "carol@localhost");
    auto carolRow = [&] { return model->participant(QStringLiteral("xmpp:carol@localhost")); };
    const MenuChoice mute = chooseFromContextMenu(panel, carolIndex(), QStringLiteral("Mute"));
    EXPECT_EQ(mute.actions, (QStringList{"Mute", "Kick", "Hang up", "Add participant…"}));
    ASSERT_TRUE(mute.chosen);
    EXPECT_TRUE(waitFor([&] { return carolRow() && carolRow()->muted; }, 10s)) << "mute did not reach the panel\n"
                                                                                  << bridgeLog();
    const MenuChoice unmute = chooseFromContextMenu(panel, carolIndex(), QStringLiteral("Unmute"));
    ASSERT_TRUE(unmute.chosen) << unmute.actions.join(QStringLiteral(", ")).toStdString();
    EXPECT_TRUE(waitFor([&] { return carolRow() && !carolRow()->muted; }, 10s)) << "unmute did not reach the panel";
    ASSERT_TRUE(chooseFromContextMenu(panel, carolIndex(), QStringLiteral("Kick")).chosen);
    EXPECT_TRUE(waitFor([&] { return carolRow() && carolRow()->leg == LegState::Left; }, 10s))
        << "kick did not end Carol's leg: " << (carolRow() ? client::legStateText(carolRow()->leg).toStdString() : "")
        << "\n" << bridgeLog();
    EXPECT_TRUE(model->active()) << "kicking one participant leaves the call up";

    // "Add participant…" asks for a name or number; the bridge dials it.
    auto phoneRow = [&]() -> const client::Participant* {
        for (const client::Participant& p : model->participants()) {
            if (p.number == QStringLiteral("+15551230013")) return &p;
        }
        return nullptr;
    };
    ASSERT_EQ(phoneRow(), nullptr);
    const MenuChoice add = chooseFromContextMenu(panel, carolIndex(), QStringLiteral("Add participant…"),
                                                 QStringLiteral("+15551230013"));
    ASSERT_TRUE(add.chosen) << add.actions.join(QStringLiteral(", ")).toStdString();
    EXPECT_TRUE(add.answered) << "no question, or it stayed open";
    EXPECT_TRUE(waitFor([&] { return phoneRow() && phoneRow()->leg == LegState::Connected; }, 10s))
        << "the added phone did not join\n" << bridgeLog();

    // The owner ends the call from the panel; the model says so.
    panel->sendRoomCommand(QStringLiteral("/end"));
    EXPECT_TRUE(waitFor([&] { return !model->active(); }, 10s)) << bridgeLog();
}

// A buddy on a call shows "On a conference call" in the roster; "Join call"
// (by chat) asks the bridge with /join, answers its invitation and opens the
// conference tab in the joiner's client.
TEST_F(ClientConferenceTest, JoinCallOfABuddyOnACallByChat) {
    client::ClientApplication* eve_ptr = nullptr;
    client::ClientApplication* dan_ptr = nullptr;
    const QString room = eveOnACallSeenByDan(eve_ptr, dan_ptr);
    ASSERT_FALSE(room.isEmpty());
    client::ClientApplication& eve = *eve_ptr;
    client::ClientApplication& dan = *dan_ptr;
    // Dan selects Eve: "Join call" is offered; he joins by chat.
    client::RosterPanel* roster = dan.mainWindow()->rosterPanel();
    roster->selectJids({QStringLiteral("eve@localhost")});
    EXPECT_TRUE(roster->joinCallAction()->isEnabled());
    roster->joinCall(room, false);
    client::ConferenceWidget* joined = nullptr;
    ASSERT_TRUE(waitFor([&] { return (joined = dan.mainWindow()->conferenceWidget(room)) != nullptr; }, 15s))
        << "dan's client did not open the conference\n"
        << bridgeLog();
    ASSERT_TRUE(waitFor([&] {
        const client::Participant* d = joined->model()->participant(QStringLiteral("xmpp:dan@localhost"));
        return d && d->in_room;
    })) << "dan is not in the room";
    // Eve's panel lists him too.
    client::ConferenceWidget* host = eve.mainWindow()->conferenceWidget(room);
    ASSERT_NE(host, nullptr);
    EXPECT_TRUE(waitFor([&] {
        const client::Participant* d = host->model()->participant(QStringLiteral("xmpp:dan@localhost"));
        return d && d->in_room;
    }));
    saveScreenshot(dan.mainWindow(), "conference-joined-by-chat");
}

// "Join and ring my phone": the bridge lets Dan in and dials his directory
// number; his own panel shows his phone leg connected.
TEST_F(ClientConferenceTest, JoinCallAndRingMyPhone) {
    client::ClientApplication* eve_ptr = nullptr;
    client::ClientApplication* dan_ptr = nullptr;
    const QString room = eveOnACallSeenByDan(eve_ptr, dan_ptr);
    ASSERT_FALSE(room.isEmpty());
    client::ClientApplication& dan = *dan_ptr;
    client::RosterPanel* roster = dan.mainWindow()->rosterPanel();
    roster->selectJids({QStringLiteral("eve@localhost")});
    roster->joinCall(room, true);
    client::ConferenceWidget* joined = nullptr;
    ASSERT_TRUE(waitFor([&] { return (joined = dan.mainWindow()->conferenceWidget(room)) != nullptr; }, 15s))
        << "dan's client did not open the conference\n"
        << bridgeLog();
    ASSERT_TRUE(waitFor(
        [&] {
            const client::Participant* d = joined->model()->participant(QStringLiteral("xmpp:dan@localhost"));
            return d && d->leg == LegState::Connected && d->number == QStringLiteral("+15551230013");
        },
        15s))
        << "the bridge did not ring Dan's phone into the call\n"
        << bridgeLog();
    saveScreenshot(dan.mainWindow(), "conference-joined-by-phone");
}

}  // namespace
}  // namespace confab::test

