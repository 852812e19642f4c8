// Shared by the client-model tests: one QCoreApplication for the whole run
// (a gtest global environment), and a record of Qt warnings so a test can
// fail when QAbstractItemModelTester (in Warning mode) complains.
#pragma once

#include <QAbstractItemModel>
#include <QAbstractItemModelTester>
#include <QDeadlineTimer>
#include <QStringList>
#include <functional>
#include <memory>

namespace confab::client::test {

// Warnings and criticals Qt printed since the last call; clears the record.
QStringList takeQtWarnings();

// A tester in Warning mode: its complaints land in takeQtWarnings().
std::unique_ptr<QAbstractItemModelTester> watch(QAbstractItemModel* model);

// Runs the event loop until `condition` holds or `timeout_ms` passes.
bool waitFor(const std::function<bool()>& condition, int timeout_ms);

}  // namespace confab::client::test
