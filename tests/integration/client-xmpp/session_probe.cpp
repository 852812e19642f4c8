#include "session_probe.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>

namespace confab::test {

using client::ConnectionState;

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds deadline) {
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > deadline.count()) {
            return condition();
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    }
    return true;
}

void spinFor(std::chrono::milliseconds duration) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < duration.count()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    }
}

client::AccountConfig accountFor(const harness::ProsodyServer& server, const std::string& user,
                                 const std::string& password) {
    client::AccountConfig config;
    config.jid = QString::fromStdString(user + "@" + server.domain());
    config.password = QString::fromStdString(password);
    config.host = QStringLiteral("127.0.0.1");
    config.port = server.c2sPort();
    config.ca_file = QString::fromStdString(server.caFile().string());
    config.keepalive_seconds = 0;
    config.max_reconnect_delay_seconds = 2;
    return config;
}

SessionProbe::SessionProbe() : session_(std::make_unique<client::XmppSession>()) {
    using S = client::XmppSession;
    S* s = session_.get();
    QObject::connect(s, &S::connectionStateChanged, s,
                     [this](ConnectionState state, const QString&) { states.append(state); });
    QObject::connect(s, &S::certificateRejected, s, [this](const client::CertificateDetails& c) {
        rejected_certificates.append(c);
    });
    QObject::connect(s, &S::authenticationFailed, s,
                     [this](const QString& reason) { auth_failures.append(reason); });
    QObject::connect(s, &S::rosterReceived, s, [this](const QList<client::RosterContact>& list) {
        rosters.append(list);
    });
    QObject::connect(s, &S::contactChanged, s,
                     [this](const client::RosterContact& c) { contact_changes.append(c); });
    QObject::connect(s, &S::contactRemoved, s,
                     [this](const QString& jid) { removed_contacts.append(jid); });
    QObject::connect(s, &S::subscriptionRequested, s, [this](const QString& jid, const QString& m) {
        subscription_requests.append({jid, m});
    });
    QObject::connect(s, &S::messageReceived, s,
                     [this](const client::ChatMessage& m) { messages.append(m); });
    QObject::connect(s, &S::messageDelivered, s,
                     [this](const QString&, const QString& id) { delivered_ids.append(id); });
    QObject::connect(s, &S::messageFailed, s,
                     [this](const QString& c, const QString&, const QString& e) { failed.append({c, e}); });
    QObject::connect(s, &S::chatStateChanged, s, [this](const QString& jid, client::ChatState st) {
        chat_states.append({jid, st});
    });
    QObject::connect(s, &S::roomJoined, s, [this](const QString& room) { joined_rooms.append(room); });
    QObject::connect(s, &S::roomLeft, s,
                     [this](const QString& room, const QString& why) { left_rooms.append({room, why}); });
    QObject::connect(s, &S::occupantChanged, s,
                     [this](const client::OccupantInfo& o) { occupants.append(o); });
    QObject::connect(s, &S::roomInvitation, s, [this](const QString& room, const QString& from,
                                                      const QString&) {
        room_invitations.append({room, from});
    });
    QObject::connect(s, &S::conferenceInfoReceived, s,
                     [this](const QString& room, const protocol::ConferenceInfoDocument& doc) {
                         conference_infos.append({room, doc});
                     });
    QObject::connect(s, &S::speakingChanged, s,
                     [this](const QString& room, const QString& uri, bool started) {
                         speaking.append({room, uri, started});
                     });
    QObject::connect(s, &S::conferenceInvitationReceived, s,
                     [this](const QString&, const protocol::Invitation& invitation) {
                         conference_invitations.append(invitation);
                     });
    QObject::connect(s, &S::bridgeDiscovered, s, [this](const QString& jid) { bridges.append(jid); });
    QObject::connect(s, &S::uploadServiceDiscovered, s, [this](const QString& jid, qint64 max) {
        upload_services.append({jid, max});
    });
    QObject::connect(s, &S::uploadSlotReady, s,
                     [this](const QString& id, const QUrl& put, const QUrl& get,
                            const QMap<QString, QString>& headers) {
                         upload_slots.append({id, true, put, get, headers, {}});
                     });
    QObject::connect(s, &S::uploadSlotFailed, s, [this](const QString& id, const QString& reason) {
        upload_slots.append({id, false, {}, {}, {}, reason});
    });
}

SessionProbe::~SessionProbe() = default;

bool SessionProbe::login(const client::AccountConfig& config, std::chrono::milliseconds deadline) {
    session_->start(config);
    return waitConnected(deadline);
}

bool SessionProbe::waitConnected(std::chrono::milliseconds deadline) {
    // Stop early on a new failure (not on one from before this call).
    const auto rejected_before = rejected_certificates.size();
    const auto failed_before = auth_failures.size();
    return waitFor(
        [&] {
            return session_->connectionState() == ConnectionState::Connected ||
                   rejected_certificates.size() > rejected_before ||
                   auth_failures.size() > failed_before;
        },
        deadline) &&
           session_->connectionState() == ConnectionState::Connected;
}

int SessionProbe::countStates(ConnectionState state) const {
    return static_cast<int>(std::count(states.begin(), states.end(), state));
}

std::optional<client::RosterContact> SessionProbe::contact(const QString& jid) const {
    for (auto it = contact_changes.rbegin(); it != contact_changes.rend(); ++it) {
        if (it->jid == jid) {
            return *it;
        }
    }
    if (!rosters.isEmpty()) {
        for (const auto& c : rosters.last()) {
            if (c.jid == jid) {
                return c;
            }
        }
    }
    return std::nullopt;
}

std::optional<client::ChatMessage> SessionProbe::messageFrom(const QString& conversation,
                                                             const QString& body_part) const {
    for (const auto& m : messages) {
        if (m.conversation == conversation && m.body.contains(body_part)) {
            return m;
        }
    }
    return std::nullopt;
}

int SessionProbe::countMessages(const QString& conversation, const QString& body_part) const {
    int count = 0;
    for (const auto& m : messages) {
        count += m.conversation == conversation && m.body.contains(body_part) ? 1 : 0;
    }
    return count;
}

std::optional<client::OccupantInfo> SessionProbe::occupant(const QString& room,
                                                           const QString& nick) const {
    for (auto it = occupants.rbegin(); it != occupants.rend(); ++it) {
        if (it->room == room && it->nick == nick) {
            return *it;
        }
    }
    return std::nullopt;
}

}  // namespace confab::test
