// Tab completion for chat input: slash commands (from the shared command
// table, the same one the bridge's /help uses) and buddy names. Pure
// functions over strings; any thread.
#pragma once

#include <QString>
#include <QStringList>

namespace confab::client {

struct Completion {
    QString text;  // the whole input after completing
    int cursor = 0;  // where the cursor goes
    QStringList candidates;  // all matches (shown when more than one)
};

// Completes the word that ends at `cursor`. At the start of the input and
// after '/', it completes command names ("/mu" -> "/mute "); after a
// command, buddy names and JIDs from `names` ("/call bo" -> "/call bob ").
// With several matches the common prefix is inserted and all are listed;
// with none, text and cursor are unchanged and candidates is empty.
Completion completeInput(const QString& text, int cursor, const QStringList& names);

// The client-side /help text: every command with its usage and summary.
QString helpText();

}  // namespace confab::client
