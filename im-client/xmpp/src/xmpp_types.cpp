#include "confab/client/xmpp_types.h"

#include <QMap>
#include <array>
#include <utility>

namespace confab::client {

namespace {

constexpr std::array<std::pair<PresenceShow, const char*>, 6> kShowNames{{
    {PresenceShow::Offline, "offline"},
    {PresenceShow::Available, "available"},
    {PresenceShow::Chat, "chat"},
    {PresenceShow::Away, "away"},
    {PresenceShow::ExtendedAway, "xa"},
    {PresenceShow::DoNotDisturb, "dnd"},
}};

}  // namespace

QString presenceShowName(PresenceShow show) {
    for (const auto& [value, name] : kShowNames) {
        if (value == show) {
            return QString::fromLatin1(name);
        }
    }
    return QStringLiteral("available");
}

PresenceShow presenceShowFromName(const QString& name) {
    for (const auto& [value, text] : kShowNames) {
        if (name == QLatin1String(text)) {
            return value;
        }
    }
    return PresenceShow::Available;
}

void registerXmppMetaTypes() {
    qRegisterMetaType<PresenceShow>("confab::client::PresenceShow");
    qRegisterMetaType<RosterContact>("confab::client::RosterContact");
    qRegisterMetaType<QList<RosterContact>>("QList<confab::client::RosterContact>");
    qRegisterMetaType<ChatMessage>("confab::client::ChatMessage");
    qRegisterMetaType<ChatState>("confab::client::ChatState");
    qRegisterMetaType<OccupantInfo>("confab::client::OccupantInfo");
    qRegisterMetaType<ConnectionState>("confab::client::ConnectionState");
    qRegisterMetaType<CertificateDetails>("confab::client::CertificateDetails");
    qRegisterMetaType<protocol::ConferenceInfoDocument>("confab::protocol::ConferenceInfoDocument");
    qRegisterMetaType<protocol::Invitation>("confab::protocol::Invitation");
    qRegisterMetaType<QMap<QString, QString>>("QMap<QString,QString>");
}

}  // namespace confab::client
