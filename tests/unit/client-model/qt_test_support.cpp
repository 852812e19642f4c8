#include "qt_test_support.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QMutex>
#include <QThread>

namespace confab::client::test {

namespace {

QMutex warnings_mutex;
QStringList warnings;

void recordMessage(QtMsgType type, const QMessageLogContext& /*context*/, const QString& message) {
    if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg) {
        const QMutexLocker lock(&warnings_mutex);
        warnings.append(message);
    }
    fprintf(stderr, "%s\n", qPrintable(message));
    if (type == QtFatalMsg) {
        abort();
    }
}

class QtApplicationEnvironment : public ::testing::Environment {
  public:
    void SetUp() override {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        qInstallMessageHandler(recordMessage);
        app_ = std::make_unique<QCoreApplication>(argc_, argv_);
    }
    void TearDown() override { app_.reset(); }

  private:
    int argc_ = 1;
    char name_[32] = "confab-client-model-tests";
    char* argv_[2] = {name_, nullptr};
    std::unique_ptr<QCoreApplication> app_;
};

[[maybe_unused]] const ::testing::Environment* const environment =
    ::testing::AddGlobalTestEnvironment(new QtApplicationEnvironment);

}  // namespace

QStringList takeQtWarnings() {
    const QMutexLocker lock(&warnings_mutex);
    QStringList taken;
    taken.swap(warnings);
    return taken;
}

std::unique_ptr<QAbstractItemModelTester> watch(QAbstractItemModel* model) {
    return std::make_unique<QAbstractItemModelTester>(model,
                                                      QAbstractItemModelTester::FailureReportingMode::Warning);
}

bool waitFor(const std::function<bool()>& condition, int timeout_ms) {
    const QDeadlineTimer deadline(timeout_ms);
    while (!condition()) {
        if (deadline.hasExpired()) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(1);
    }
    return true;
}

}  // namespace confab::client::test
