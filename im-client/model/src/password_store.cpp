#include <qt6keychain/keychain.h>

#include "confab/client/account_settings.h"

namespace confab::client {

namespace {

// The keyring entry is (service "confab", key = bare JID).
const QString& serviceName() {
    static const QString name = QStringLiteral("confab");
    return name;
}

}  // namespace

PasswordStore::PasswordStore(QObject* parent) : QObject(parent) {}

void PasswordStore::read(const QString& jid) {
    auto* job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);  // never a plain-text file
    job->setKey(jid);
    connect(job, &QKeychain::Job::finished, this, [this, jid](QKeychain::Job* finished) {
        auto* read_job = static_cast<QKeychain::ReadPasswordJob*>(finished);
        if (finished->error() != QKeychain::NoError) {
            emit passwordRead(jid, QString(), finished->errorString().isEmpty()
                                                  ? QStringLiteral("keyring error")
                                                  : finished->errorString());
            return;
        }
        emit passwordRead(jid, read_job->textData(), QString());
    });
    job->start();
}

void PasswordStore::write(const QString& jid, const QString& password) {
    auto* job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(jid);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [this, jid](QKeychain::Job* finished) {
        emit passwordWritten(jid, finished->error() == QKeychain::NoError
                                      ? QString()
                                      : (finished->errorString().isEmpty() ? QStringLiteral("keyring error")
                                                                           : finished->errorString()));
    });
    job->start();
}

void PasswordStore::remove(const QString& jid) {
    auto* job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(jid);
    job->start();
}

}  // namespace confab::client
