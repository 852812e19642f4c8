// ClientGuiFixture: the real IM client (ClientApplication with its main
// window, on the offscreen platform) against the real Prosody, the real
// bridge and the PSTN simulator. Tests drive the widgets the way a person
// would (select buddies, trigger actions, type into chats) and read what the
// widgets and their models show. Screenshots go to build/screenshots/.
#pragma once

#include <QString>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "confab/client/client_app.h"
#include "directory_fixture.h"

class QWidget;

namespace confab::test {

class ClientGuiFixture : public DirectoryFixture {
protected:
    void TearDown() override;

    // Starts the client signed in as `user` (registered on first use) with
    // the test CA, or with the system trust store when `use_test_ca` is
    // false (the test server's certificate is then untrusted).
    client::ClientApplication& startClient(const std::string& user, bool use_test_ca = true);
    // Gives `user` these buddies (bare JIDs) in group "Team", with the local
    // part capitalised as the roster name. Call while `user` is offline.
    void seedBuddies(const std::string& user, const std::vector<std::string>& buddies);
    std::string jidOf(const std::string& user) const { return user + "@" + prosody().domain(); }

    // Runs the Qt event loop until `condition` holds or the deadline passes.
    static bool waitFor(const std::function<bool()>& condition,
                        std::chrono::milliseconds deadline = std::chrono::seconds(10));
    static bool waitForConnected(client::ClientApplication& client,
                                 std::chrono::milliseconds deadline = std::chrono::seconds(10));
    // Grabs `widget` and writes build/screenshots/<name>.png; records a
    // test failure when that does not work. Returns the path.
    static std::string saveScreenshot(QWidget* widget, const std::string& name);

    // Makes `a` and `b` buddies of each other, starts both signed in, and
    // points first_ and second_ at them (a test failure when one does not
    // connect).
    void startPair(const std::string& a, const std::string& b);

    std::vector<std::unique_ptr<client::ClientApplication>> clients_;
    client::ClientApplication* first_ = nullptr;
    client::ClientApplication* second_ = nullptr;
};

}  // namespace confab::test
