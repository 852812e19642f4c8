// Signing in through the client's window: a server certificate that does not
// verify is refused, the certificate dialog shows its real SHA-256
// fingerprint, and only the user's "Trust once" lets the client connect.
// "Trust always" keeps the fingerprint in the settings file.
#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include "client_gui_fixture.h"
#include "confab/harness/test_certificates.h"
#include "confab/client/certificate_dialog.h"
#include "confab/client/main_window.h"
#include "confab/client/xmpp_session.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;
using client::CertificateDialog;

class ClientLoginTest : public ClientGuiFixture {};


// Clicks the dialog's button with this accessible name, as a user would.
bool clickButton(QWidget* dialog, const QString& accessible_name) {
    for (QPushButton* button : dialog->findChildren<QPushButton*>()) {
        if (button->accessibleName() == accessible_name) {
            button->click();
            return true;
        }
    }
    return false;
}

CertificateDialog* openCertificateDialog(client::MainWindow* window) {
    return window ? window->findChild<CertificateDialog*>() : nullptr;
}

TEST_F(ClientLoginTest, UntrustedCertificateIsRefusedUntilTheUserTrustsIt) {
    // No CA file: the system store, which does not know the test CA.
    client::ClientApplication& client = startClient("lena", false);
    client::MainWindow* window = client.mainWindow();
    ASSERT_NE(window, nullptr);
    ASSERT_TRUE(waitFor([&] { return openCertificateDialog(window) != nullptr; }, 10s))
        << "no certificate dialog; status: " << window->connectionText().toStdString();
    CertificateDialog* dialog = openCertificateDialog(window);
    const std::string expected = harness::certificateFingerprintSha256(prosody().runtimeDir() / "certs" / "localhost.crt");
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(dialog->certificate().sha256_fingerprint.toStdString(), expected);
    EXPECT_FALSE(dialog->certificate().problem.isEmpty());
    bool fingerprint_shown = false;
    for (const QLabel* label : dialog->findChildren<QLabel*>()) {
        fingerprint_shown |= label->text().contains(QString::fromStdString(expected));
    }
    EXPECT_TRUE(fingerprint_shown) << "the dialog must show the fingerprint to compare";
    dialog->resize(dialog->sizeHint());
    saveScreenshot(dialog, "certificate-dialog");

    // Refused, and no reconnect behind the user's back while the dialog is open.
    waitFor([] { return false; }, 1500ms);
    EXPECT_NE(client.session()->connectionState(), client::ConnectionState::Connected);

    ASSERT_TRUE(clickButton(dialog, QStringLiteral("Trust always")));
    ASSERT_TRUE(waitForConnected(client)) << window->connectionText().toStdString();
    EXPECT_NE(window->connectionText().indexOf(QStringLiteral("lena@")), -1)
        << window->connectionText().toStdString();

    ASSERT_NE(client.context().settings, nullptr);
    EXPECT_TRUE(client.context().settings->load().trusted_fingerprints.contains(
        QString::fromStdString(expected)));
}

TEST_F(ClientLoginTest, CancelLeavesTheClientDisconnected) {
    client::ClientApplication& client = startClient("mona", false);
    ASSERT_TRUE(waitFor([&] { return openCertificateDialog(client.mainWindow()) != nullptr; }, 10s));
    ASSERT_TRUE(clickButton(openCertificateDialog(client.mainWindow()), QStringLiteral("Cancel, do not connect")));
    waitFor([] { return false; }, 1500ms);
    EXPECT_NE(client.session()->connectionState(), client::ConnectionState::Connected);
    EXPECT_NE(client.mainWindow()->connectionText().indexOf(QStringLiteral("not trusted")), -1)
        << client.mainWindow()->connectionText().toStdString();
}

TEST_F(ClientLoginTest, TheTestCaConnectsWithoutAsking) {
    client::ClientApplication& client = startClient("nina");
    ASSERT_TRUE(waitForConnected(client)) << client.mainWindow()->connectionText().toStdString();
    EXPECT_EQ(openCertificateDialog(client.mainWindow()), nullptr);
}

}  // namespace
}  // namespace confab::test
