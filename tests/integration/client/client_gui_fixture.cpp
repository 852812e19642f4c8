#include "client_gui_fixture.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <QWidget>
#include <fstream>

#include "confab/client/main_window.h"
#include "confab/client/xmpp_session.h"

namespace confab::test {

void ClientGuiFixture::TearDown() {
    clients_.clear();  // each stops its session thread
    QApplication::processEvents();
    DirectoryFixture::TearDown();
}

client::ClientApplication& ClientGuiFixture::startClient(const std::string& user, bool use_test_ca) {
    const auto folder = prosody().runtimeDir() / ("client-" + user + "-" + std::to_string(clients_.size()));
    std::filesystem::create_directories(folder);
    const auto password_file = folder / "password";
    std::ofstream(password_file) << passwordOf(user) << "\n";

    client::ClientOptions options;
    options.jid = QString::fromStdString(jidOf(user));
    options.password_file = QString::fromStdString(password_file.string());
    options.ca_file = use_test_ca ? QString::fromStdString(prosody().caFile().string()) : QString();
    options.server = QStringLiteral("127.0.0.1:%1").arg(prosody().c2sPort());
    options.config_dir = QString::fromStdString((folder / "config").string());
    options.data_dir = QString::fromStdString((folder / "data").string());
    clients_.push_back(std::make_unique<client::ClientApplication>(options));
    client::ClientApplication& client = *clients_.back();
    EXPECT_TRUE(client.start());
    if (client.mainWindow()) {
        client.mainWindow()->resize(1100, 700);
        client.mainWindow()->show();
    }
    return client;
}

void ClientGuiFixture::startPair(const std::string& a, const std::string& b) {
    seedBuddies(a, {b});
    seedBuddies(b, {a});
    first_ = &startClient(a);
    second_ = &startClient(b);
    ASSERT_TRUE(waitForConnected(*first_)) << first_->mainWindow()->connectionText().toStdString();
    ASSERT_TRUE(waitForConnected(*second_)) << second_->mainWindow()->connectionText().toStdString();
}

void ClientGuiFixture::seedBuddies(const std::string& user, const std::vector<std::string>& buddies) {
    passwordOf(user);  // registers the user
    std::vector<harness::ProsodyServer::RosterSeed> seeds;
    for (const std::string& buddy : buddies) {
        passwordOf(buddy);
        std::string name = buddy;
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
        seeds.push_back({jidOf(buddy), name, {"Team"}});
    }
    prosody().seedRoster(user, seeds);
}

bool ClientGuiFixture::waitFor(const std::function<bool()>& condition,
                               std::chrono::milliseconds deadline) {
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > deadline.count()) return false;
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

bool ClientGuiFixture::waitForConnected(client::ClientApplication& client,
                                        std::chrono::milliseconds deadline) {
    return waitFor(
        [&] {
            return client.session() &&
                   client.session()->connectionState() == client::ConnectionState::Connected;
        },
        deadline);
}

std::string ClientGuiFixture::saveScreenshot(QWidget* widget, const std::string& name) {
    const QString folder = QStringLiteral(CONFAB_SCREENSHOT_DIR);
    QDir().mkpath(folder);
    const QString path = folder + QLatin1Char('/') + QString::fromStdString(name) + QStringLiteral(".png");
    if (!widget) {
        ADD_FAILURE() << "no widget for screenshot " << name;
        return {};
    }
    QApplication::processEvents();
    const QPixmap picture = widget->grab();
    EXPECT_FALSE(picture.isNull()) << name;
    EXPECT_TRUE(picture.save(path)) << path.toStdString();
    return path.toStdString();
}

}  // namespace confab::test
