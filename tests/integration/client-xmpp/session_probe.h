// SessionProbe: an XmppSession plus a record of every signal it emitted, for
// tests. waitFor() spins the (one) QCoreApplication's event loop until a
// condition holds or a deadline passes. GUI (test) thread only.
#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QUrl>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "confab/client/xmpp_session.h"
#include "confab/harness/prosody_server.h"

namespace confab::test {

// Processes events until `condition` is true (returns true) or `deadline` passed.
bool waitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds deadline = std::chrono::seconds(10));
// Processes events for `duration` (to check that something does NOT happen).
void spinFor(std::chrono::milliseconds duration);

// The settings that log `user` into the harness's Prosody over 127.0.0.1.
client::AccountConfig accountFor(const harness::ProsodyServer& server, const std::string& user,
                                 const std::string& password);

struct SlotAnswer {
    QString request_id;
    bool ok = false;
    QUrl put_url;
    QUrl get_url;
    QMap<QString, QString> headers;
    QString reason;
};

struct SpeakingRecord {
    QString room;
    QString call_uri;
    bool started = false;
};

class SessionProbe {
  public:
    SessionProbe();
    ~SessionProbe();
    SessionProbe(const SessionProbe&) = delete;
    SessionProbe& operator=(const SessionProbe&) = delete;

    client::XmppSession& session() { return *session_; }
    client::XmppSession* operator->() { return session_.get(); }

    // start() and wait until Connected (false on a deadline or a failure).
    bool login(const client::AccountConfig& config,
               std::chrono::milliseconds deadline = std::chrono::seconds(10));
    bool waitConnected(std::chrono::milliseconds deadline = std::chrono::seconds(10));
    int countStates(client::ConnectionState state) const;

    // The latest contactChanged (or rosterReceived entry) for `jid`.
    std::optional<client::RosterContact> contact(const QString& jid) const;
    std::optional<client::ChatMessage> messageFrom(const QString& conversation,
                                                   const QString& body_part) const;
    int countMessages(const QString& conversation, const QString& body_part) const;
    std::optional<client::OccupantInfo> occupant(const QString& room, const QString& nick) const;

    QList<client::ConnectionState> states;
    QList<client::CertificateDetails> rejected_certificates;
    QStringList auth_failures;
    QList<QList<client::RosterContact>> rosters;
    QList<client::RosterContact> contact_changes;
    QStringList removed_contacts;
    QList<QPair<QString, QString>> subscription_requests;
    QList<client::ChatMessage> messages;
    QStringList delivered_ids;
    QList<QPair<QString, QString>> failed;  // conversation, error
    QList<QPair<QString, client::ChatState>> chat_states;
    QStringList joined_rooms;
    QList<QPair<QString, QString>> left_rooms;
    QList<client::OccupantInfo> occupants;
    QList<QPair<QString, QString>> room_invitations;  // room, from
    QList<QPair<QString, protocol::ConferenceInfoDocument>> conference_infos;
    QList<SpeakingRecord> speaking;
    QList<protocol::Invitation> conference_invitations;
    QStringList bridges;
    QList<QPair<QString, qint64>> upload_services;
    QList<SlotAnswer> upload_slots;

  private:
    std::unique_ptr<client::XmppSession> session_;
};

// One real Prosody per test suite; users registered on first use.
class ProsodySuite : public ::testing::Test {
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
    static std::string passwordOf(const std::string& user) {
        auto& password = passwords_[user];
        if (password.empty()) {
            password = server_->addUser(user);
        }
        return password;
    }
    static client::AccountConfig account(const std::string& user) {
        return accountFor(*server_, user, passwordOf(user));
    }
    static QString jidOf(const std::string& user) {
        return QString::fromStdString(user + "@" + server_->domain());
    }

  private:
    static inline std::unique_ptr<harness::ProsodyServer> server_;
    static inline std::map<std::string, std::string> passwords_;
};

}  // namespace confab::test
