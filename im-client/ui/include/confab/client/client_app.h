// The IM client as an application: command line, login, and the objects of
// one account (session, models, main window), wired together.
//
//   confab [--jid J --password-file F] [--ca-file F] [--server HOST:PORT]
//          [--bridge JID] [--config-dir D] [--data-dir D]
//          [--screenshot PATH --quit-after SECONDS] [--run "/call bob"]...
//
// With --jid and --password-file it signs in at once; otherwise it shows
// the login screen filled from AccountSettings and the keyring.
// --config-dir / --data-dir replace the XDG folders (settings, history).
// --run sends a slash command to the bridge once connected and the bridge is
// known. --quit-after ends the program after SECONDS (exit code 0), saving a
// picture of the window to --screenshot first (exit code 1 if that fails).
// GUI thread.
#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <memory>
#include <optional>

#include "confab/client/account_settings.h"
#include "confab/client/client_context.h"

namespace confab::client {

class ConferenceList;
class ConversationStore;
class HistoryStore;
class ImageShare;
class ImageTransfer;
class LoginDialog;
class MainWindow;
class RosterModel;
class XmppSession;

struct ClientOptions {
    QString jid;
    QString password_file;
    QString ca_file;
    QString server;  // "host:port"
    QString bridge;
    QString config_dir;
    QString data_dir;
    QString screenshot;
    int quit_after_seconds = -1;  // < 0: run until the user quits
    QStringList run_commands;
};

// Parses the command line (the QApplication must exist: --help and --version
// print and exit). A bad value prints a message and gives nullopt.
std::optional<ClientOptions> parseClientOptions(const QStringList& arguments);

class ClientApplication : public QObject {
    Q_OBJECT
  public:
    explicit ClientApplication(const ClientOptions& options, QObject* parent = nullptr);
    ~ClientApplication() override;

    // Signs in (or shows the login screen). False when the command line
    // cannot work (e.g. an unreadable password file); the reason is printed.
    bool start();

    XmppSession* session() const { return session_.get(); }
    MainWindow* mainWindow() const { return window_.get(); }
    LoginDialog* loginDialog() const;
    const ClientContext& context() const { return context_; }

    // Saves a picture of the main window (or the login screen) at the
    // device pixel ratio. False when there is nothing to grab or saving failed.
    bool saveScreenshot(const QString& path) const;

  private:
    void showLogin(const QString& error);
    void startSession(const StoredAccount& account, const QString& password);
    void createAccountObjects(const QString& jid);
    void runCommandsIfReady();
    void finishAfterTimeout();

    ClientOptions options_;
    std::unique_ptr<AccountSettings> settings_;
    // Destroyed in reverse order: the window first, the session last.
    std::unique_ptr<XmppSession> session_;
    std::unique_ptr<RosterModel> roster_;
    std::unique_ptr<ConferenceList> conferences_;
    std::unique_ptr<ImageTransfer> images_;
    std::unique_ptr<HistoryStore> history_;
    std::unique_ptr<ConversationStore> conversations_;
    std::unique_ptr<ImageShare> image_share_;
    std::unique_ptr<PasswordStore> passwords_;
    std::unique_ptr<MainWindow> window_;
    QPointer<LoginDialog> login_;
    ClientContext context_;
    QString account_jid_;  // whose history and window exist now
    bool commands_sent_ = false;
};

// main(): the whole client. Returns the process exit code.
int runClient(int argc, char** argv);

}  // namespace confab::client
