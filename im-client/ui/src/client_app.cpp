#include "confab/client/client_app.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QIcon>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

#include "confab/client/conference_model.h"
#include "confab/client/conversation_model.h"
#include "confab/client/history_store.h"
#include "confab/client/image_share.h"
#include "confab/client/image_transfer.h"
#include "confab/client/login_dialog.h"
#include "confab/client/main_window.h"
#include "confab/client/message_sender.h"
#include "confab/client/presence_selector.h"
#include "confab/client/roster_model.h"
#include "confab/client/roster_panel.h"
#include "confab/client/xmpp_session.h"

namespace confab::client {
namespace {

void printError(const QString& text) {
    std::fprintf(stderr, "confab: %s\n", qPrintable(text));
}

// The first line of a password file; a trailing newline is not part of it.
std::optional<QString> readPasswordFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        printError(QObject::tr("cannot read the password file %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    QString password = QString::fromUtf8(file.readLine(4096));
    while (password.endsWith(QLatin1Char('\n')) || password.endsWith(QLatin1Char('\r'))) password.chop(1);
    if (password.isEmpty()) {
        printError(QObject::tr("the password file %1 is empty").arg(path));
        return std::nullopt;
    }
    return password;
}

}  // namespace

std::optional<ClientOptions> parseClientOptions(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("Confab: chat and conference calls over XMPP"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption jid(QStringLiteral("jid"), QObject::tr("Sign in as this account."), QStringLiteral("JID"));
    const QCommandLineOption password_file(QStringLiteral("password-file"),
                                           QObject::tr("Read the password from this file."), QStringLiteral("FILE"));
    const QCommandLineOption ca_file(QStringLiteral("ca-file"),
                                     QObject::tr("Trust server certificates issued by the CAs in this PEM file."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption server(QStringLiteral("server"),
                                    QObject::tr("Connect to this host and port instead of the JID's domain."),
                                    QStringLiteral("HOST:PORT"));
    const QCommandLineOption bridge(QStringLiteral("bridge"),
                                    QObject::tr("The conference bridge's JID (default: discovered)."),
                                    QStringLiteral("JID"));
    const QCommandLineOption config_dir(QStringLiteral("config-dir"),
                                        QObject::tr("Folder for settings instead of $XDG_CONFIG_HOME."),
                                        QStringLiteral("DIR"));
    const QCommandLineOption data_dir(QStringLiteral("data-dir"),
                                      QObject::tr("Folder for the chat history instead of $XDG_DATA_HOME."),
                                      QStringLiteral("DIR"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QObject::tr("With --quit-after: save a picture of the window here first."),
                                        QStringLiteral("PATH"));
    const QCommandLineOption quit_after(QStringLiteral("quit-after"),
                                        QObject::tr("Quit after this many seconds."), QStringLiteral("SECONDS"));
    const QCommandLineOption run(QStringLiteral("run"),
                                 QObject::tr("Send this slash command to the bridge once connected (repeatable)."),
                                 QStringLiteral("COMMAND"));
    parser.addOptions({jid, password_file, ca_file, server, bridge, config_dir, data_dir, screenshot, quit_after, run});
    parser.process(arguments);

    ClientOptions options;
    options.jid = parser.value(jid).trimmed();
    options.password_file = parser.value(password_file);
    options.ca_file = parser.value(ca_file);
    options.server = parser.value(server);
    options.bridge = parser.value(bridge).trimmed();
    options.config_dir = parser.value(config_dir);
    options.data_dir = parser.value(data_dir);
    options.screenshot = parser.value(screenshot);
    options.run_commands = parser.values(run);
    if (parser.isSet(quit_after)) {
        bool ok = false;
        options.quit_after_seconds = parser.value(quit_after).toInt(&ok);
        if (!ok || options.quit_after_seconds < 0) {
            printError(QObject::tr("--quit-after needs a number of seconds"));
            return std::nullopt;
        }
    }
    if (!options.screenshot.isEmpty() && options.quit_after_seconds < 0) {
        printError(QObject::tr("--screenshot needs --quit-after"));
        return std::nullopt;
    }
    if (options.jid.isEmpty() != options.password_file.isEmpty()) {
        printError(QObject::tr("--jid and --password-file go together"));
        return std::nullopt;
    }
    QString host;
    int port = 0;
    if (!options.server.isEmpty() && !parseHostPort(options.server, &host, &port)) {
        printError(QObject::tr("--server wants HOST:PORT, got \"%1\"").arg(options.server));
        return std::nullopt;
    }
    for (const QString& command : options.run_commands) {
        if (!command.trimmed().startsWith(QLatin1Char('/'))) {
            printError(QObject::tr("--run wants a slash command like \"/call bob\", got \"%1\"").arg(command));
            return std::nullopt;
        }
    }
    return options;
}

ClientApplication::ClientApplication(const ClientOptions& options, QObject* parent)
    : QObject(parent), options_(options) {
    // The XDG variables are what AccountSettings, HistoryStore and
    // QStandardPaths read, so one override moves every file.
    if (!options_.config_dir.isEmpty()) {
        QDir().mkpath(options_.config_dir);
        qputenv("XDG_CONFIG_HOME", QDir(options_.config_dir).absolutePath().toLocal8Bit());
    }
    if (!options_.data_dir.isEmpty()) {
        QDir().mkpath(options_.data_dir);
        qputenv("XDG_DATA_HOME", QDir(options_.data_dir).absolutePath().toLocal8Bit());
    }
    settings_ = std::make_unique<AccountSettings>();
    session_ = std::make_unique<XmppSession>();
    roster_ = std::make_unique<RosterModel>();
    roster_->attachTo(session_.get());
    conferences_ = std::make_unique<ConferenceList>(roster_.get());
    conferences_->attachTo(session_.get());
    images_ = std::make_unique<ImageTransfer>();
    passwords_ = std::make_unique<PasswordStore>();
    context_.session = session_.get();
    context_.roster = roster_.get();
    context_.conferences = conferences_.get();
    context_.images = images_.get();
    context_.settings = settings_.get();

    connect(session_.get(), &XmppSession::authenticationFailed, this, [this](const QString& reason) {
        printError(tr("sign-in failed: %1").arg(reason));
        showLogin(tr("Sign-in failed: %1").arg(reason));
    });
    connect(session_.get(), &XmppSession::connectionStateChanged, this, &ClientApplication::runCommandsIfReady);
    connect(session_.get(), &XmppSession::bridgeDiscovered, this, &ClientApplication::runCommandsIfReady);
    connect(passwords_.get(), &PasswordStore::passwordRead, this,
            [this](const QString& jid, const QString& password, const QString&) {
                if (login_) login_->offerPassword(jid, password);
            });
}

ClientApplication::~ClientApplication() {
    delete login_.data();
    window_.reset();
}

LoginDialog* ClientApplication::loginDialog() const { return login_.data(); }

bool ClientApplication::start() {
    if (options_.quit_after_seconds >= 0) {
        QTimer::singleShot(options_.quit_after_seconds * 1000, this, &ClientApplication::finishAfterTimeout);
    }
    StoredAccount account = settings_->load();
    if (options_.jid.isEmpty()) {
        showLogin({});
        return true;
    }
    const std::optional<QString> password = readPasswordFile(options_.password_file);
    if (!password) return false;
    if (account.jid != options_.jid) account = StoredAccount{};
    account.jid = options_.jid;
    if (!options_.server.isEmpty()) parseHostPort(options_.server, &account.host, &account.port);
    if (!options_.ca_file.isEmpty()) account.ca_file = options_.ca_file;
    if (!options_.bridge.isEmpty()) account.bridge_jid = options_.bridge;
    startSession(account, *password);
    return true;
}

void ClientApplication::showLogin(const QString& error) {
    if (!login_) {
        login_ = new LoginDialog(window_.get());
        login_->setAttribute(Qt::WA_DeleteOnClose);
        StoredAccount stored = settings_->load();
        if (!options_.jid.isEmpty()) stored.jid = options_.jid;
        login_->setAccount(stored);
        if (!stored.jid.isEmpty() && stored.remember_password) passwords_->read(stored.jid);
        connect(login_, &QDialog::accepted, this, [this] {
            StoredAccount account = login_->account(settings_->load());
            if (!options_.bridge.isEmpty()) account.bridge_jid = options_.bridge;
            const QString password = login_->password();
            settings_->save(account);
            if (account.remember_password) {
                passwords_->write(account.jid, password);
            } else {
                passwords_->remove(account.jid);
            }
            startSession(account, password);
        });
        connect(login_, &QDialog::rejected, this, [this] {
            // Without an account there is nothing to show.
            if (!window_ || session_->connectionState() == ConnectionState::Disconnected) qApp->quit();
        });
    }
    login_->setError(error);
    login_->show();
    login_->raise();
}

void ClientApplication::createAccountObjects(const QString& jid) {
    if (jid == account_jid_ && window_) return;
    window_.reset();
    image_share_.reset();
    conversations_.reset();
    history_ = std::make_unique<HistoryStore>(HistoryStore::defaultPath(jid));
    if (!history_->isOpen()) printError(tr("chat history is off: %1").arg(history_->error()));
    conversations_ = std::make_unique<ConversationStore>(history_->isOpen() ? history_.get() : nullptr);
    conversations_->attachTo(session_.get());
    context_.conversations = conversations_.get();
    image_share_ = std::make_unique<ImageShare>(context_);
    context_.image_share = image_share_.get();
    window_ = std::make_unique<MainWindow>(context_);
    window_->setWindowIcon(QApplication::windowIcon());
    account_jid_ = jid;
}

void ClientApplication::startSession(const StoredAccount& account, const QString& password) {
    createAccountObjects(account.jid);
    images_->setCaFile(account.ca_file);
    if (!account.bridge_jid.isEmpty()) session_->setBridgeJid(account.bridge_jid);
    commands_sent_ = false;
    session_->start(AccountSettings::toSessionConfig(account, password));
    session_->setPresence(account.last_show, account.last_status_text);
    window_->rosterPanel()->presenceSelector()->setPresence(account.last_show, account.last_status_text);
    window_->show();
}

void ClientApplication::runCommandsIfReady() {
    if (commands_sent_ || options_.run_commands.isEmpty() || !window_) return;
    if (session_->connectionState() != ConnectionState::Connected || session_->bridgeJid().isEmpty()) return;
    commands_sent_ = true;
    const QString bridge = session_->bridgeJid();
    for (const QString& command : options_.run_commands) sendAndRecord(context_, bridge, false, command.trimmed());
    window_->openChat(bridge, false);
}

bool ClientApplication::saveScreenshot(const QString& path) const {
    QWidget* target = window_ && window_->isVisible() ? static_cast<QWidget*>(window_.get()) : login_.data();
    if (!target) return false;
    // grab() renders at the widget's device pixel ratio, so the file has
    // every physical pixel of a high-DPI screen.
    const QPixmap picture = target->grab();
    return !picture.isNull() && picture.save(path);
}

void ClientApplication::finishAfterTimeout() {
    int code = 0;
    if (!options_.screenshot.isEmpty()) {
        if (saveScreenshot(options_.screenshot)) {
            std::printf("screenshot: %s\n", qPrintable(options_.screenshot));
            std::fflush(stdout);
        } else {
            printError(tr("could not save the screenshot to %1").arg(options_.screenshot));
            code = 1;
        }
    }
    session_->stop();
    qApp->exit(code);
}

int runClient(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("confab"));
    QApplication::setApplicationDisplayName(QStringLiteral("Confab"));
    QApplication::setOrganizationName(QStringLiteral("Confab"));
    QApplication::setApplicationVersion(QStringLiteral(CONFAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("confab"));
    const QIcon icon(QStringLiteral(":/confab/confab.png"));
    if (!icon.isNull()) QApplication::setWindowIcon(icon);
    registerXmppMetaTypes();

    const std::optional<ClientOptions> options = parseClientOptions(QApplication::arguments());
    if (!options) return 2;
    ClientApplication client(*options);
    if (!client.start()) return 1;
    return QApplication::exec();
}

}  // namespace confab::client
