// DirectoryFixture: a conference fixture whose bridge knows a directory of
// users, and whose users have let the bridge see their presence (so the
// bridge invites them by chat when they are online). Used by the bridge's
// directory tests and by the IM client's end-to-end tests.
//
// How the bridge learns who is online: on every XMPP connect it asks each
// directory user for a presence subscription; once it is granted, Prosody
// sends the user's presence to the bridge. Imports therefore happen while
// the bridge is stopped: prepareDirectory() starts it once (config and
// database), stops it and imports; the test connects its users,
// preApproveBridge()s them, then startBridgeAgain().
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "conference_fixture.h"

namespace confab::test {

class DirectoryFixture : public ConferenceFixture {
protected:
    static constexpr std::chrono::seconds kWait{10};
    static constexpr const char* kRingTimeout = "ring_timeout_seconds = 3\n";

    std::string jidOf(const std::string& user) const { return user + "@" + prosody().domain(); }

    // Writes `text` into the suite's folder; returns its path.
    std::filesystem::path writeCsv(const std::string& name, const std::string& text) {
        const auto path = prosody().runtimeDir() / name;
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    // `confab-bridge --config .. directory import FILE`: {exit code, stdout+stderr}.
    std::pair<int, std::string> importCsv(const std::filesystem::path& csv) {
        return runBridgeCommand({"--config", configPath().string(), "directory", "import", csv.string()},
                                prosody().runtimeDir());
    }

    // Starts the simulator and the bridge once (which writes the config and
    // creates the database), stops the bridge and imports `csv`. The bridge
    // stays stopped: connect the users, then startBridgeAgain().
    void prepareDirectory(const std::string& csv, const std::string& extra_toml = {}) {
        startSimulator(standardPhonebook());
        startBridge(extra_toml, kRingTimeout);
        ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
        bridge_.terminate();
        const auto [code, output] = importCsv(writeCsv("directory.csv", csv));
        ASSERT_EQ(code, 0) << output;
        ASSERT_NE(output.find("imported"), std::string::npos) << output;
    }

    // Starts the bridge on the same database and waits until it is online.
    void startBridgeAgain(const std::string& extra_toml = {}) {
        startBridge(extra_toml, kRingTimeout);
        ASSERT_TRUE(waitForBridgeOnline()) << bridgeLog();
    }

    // A roster push to `user` about the bridge whose item has `subscription`
    // (or `alternative`, when given).
    bool waitForBridgeRosterPush(harness::XmppTestClient& user, const std::string& subscription,
                                 const std::string& alternative = {}) {
        return user
            .waitForStanza(
                [&](const harness::ReceivedStanza& s) {
                    const auto has = [&](const std::string& value) {
                        return !value.empty() &&
                               s.xml.find("subscription='" + value + "'") != std::string::npos;
                    };
                    return s.name == "iq" && s.type == "set" && s.xml.find("jabber:iq:roster") != std::string::npos &&
                           s.xml.find("'" + bridgeJid() + "'") != std::string::npos &&
                           (has(subscription) || has(alternative));
                },
                kWait)
            .has_value();
    }

    // Before the bridge connects: `user` pre-approves the bridge's
    // subscription (RFC 6121 3.4; Prosody advertises urn:xmpp:features:pre-approval),
    // and we wait until Prosody has stored it.
    //
    // (ApprovingTheBridgesRequestMakesTheUserOnline covers approving on arrival.)
    // When an earlier test's bridge already left a subscription request
    // pending in the user's roster, the same stanza approves it ("from").
    void preApproveBridge(harness::XmppTestClient& user) {
        user.sendRaw("<presence to='" + bridgeJid() + "' type='subscribed'/>");
        ASSERT_TRUE(waitForBridgeRosterPush(user, "none", "from"))
            << user.options().jid << ": Prosody stored no pre-approval for " << bridgeJid();
    }

    // After the bridge connected: waits until the bridge has seen `user`'s
    // presence (its debug log says so), whichever way the subscription came
    // about: pre-approved now, or approved in an earlier test of the suite.
    void waitUntilBridgeSeesPresence(harness::XmppTestClient& user) {
        const std::string line = "presence: " + harness::bareJid(user.options().jid) + " is online";
        ASSERT_TRUE(harness::waitUntil([&] { return bridgeLog().find(line) != std::string::npos; }, kWait))
            << user.options().jid << ": the bridge never saw the user's presence\n"
            << bridgeLog();
    }


};

}  // namespace confab::test
