// A conference started from the roster, end to end: the user selects two
// buddies in the client's buddy list and chooses "Start conference call";
// the real bridge dials their directory numbers on the PSTN simulator; the
// client opens the conference tab by itself, and its participants panel shows
// each phone ringing, then connected, then talking, in the order the
// simulator produces them.
#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QTabWidget>
#include <QTreeView>

#include "client_gui_fixture.h"
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
           "[numbers.\"+15551230012\"]\naction = \"answer\"\nanswer_after_ms = 1500\n";
}

class ClientConferenceTest : public ClientGuiFixture {
protected:
    void prepare() {
        startSimulator(clientPhonebook());
        startBridge({}, kRing);
        ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
        bridge_.terminate();
        const auto [code, output] = importCsv(writeCsv(
            "client-directory.csv",
            "jid,display_name,work,mobile,preferred\n"
            "bob@localhost,Bob Baker,+15551230011,,work\n"
            "carol@localhost,Carol Chen,+15551230012,,work\n"));
        ASSERT_EQ(code, 0) << output;
        startBridge({}, kRing);
        ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
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
    ASSERT_NO_FATAL_FAILURE(prepare());
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

    // The owner ends the call from the panel; the model says so.
    panel->sendRoomCommand(QStringLiteral("/end"));
    EXPECT_TRUE(waitFor([&] { return !model->active(); }, 10s)) << bridgeLog();
}

}  // namespace
}  // namespace confab::test
