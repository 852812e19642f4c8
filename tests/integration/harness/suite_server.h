// SuiteServer: one real Prosody shared by the tests of a suite, and connected
// users on demand (registered on first use).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "confab/harness/prosody_server.h"
#include "confab/harness/xmpp_test_client.h"

namespace confab::test {

class SuiteServer : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        server_ = std::make_unique<harness::ProsodyServer>();
        server_->start();
    }
    static void TearDownTestSuite() {
        server_.reset();
        passwords_.clear();
    }

    static harness::ProsodyServer& server() { return *server_; }

    static harness::XmppTestClient::Options optionsFor(const std::string& user) {
        auto& password = passwords_[user];
        if (password.empty()) {
            password = server_->addUser(user);
        }
        harness::XmppTestClient::Options options;
        options.jid = user + "@" + server_->domain();
        options.password = password;
        options.port = server_->c2sPort();
        options.ca_file = server_->caFile();
        return options;
    }

    // A connected client; a failed connection is a test failure.
    static std::unique_ptr<harness::XmppTestClient> connectUser(const std::string& user) {
        auto client = std::make_unique<harness::XmppTestClient>(optionsFor(user));
        if (!client->connect(std::chrono::seconds(10))) {
            ADD_FAILURE() << user << " cannot connect: " << client->lastError() << "\n"
                          << server_->logTail();
        }
        return client;
    }

  private:
    static inline std::unique_ptr<harness::ProsodyServer> server_;
    static inline std::map<std::string, std::string> passwords_;
};

}  // namespace confab::test
