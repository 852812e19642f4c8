#include "confab/client/command_completer.h"

#include <string>

#include "confab/shared/command_table.h"

namespace confab::client {

namespace {

QString commonPrefix(const QStringList& words) {
    if (words.isEmpty()) {
        return {};
    }
    QString prefix = words.front();
    for (const QString& word : words) {
        qsizetype n = 0;
        while (n < prefix.size() && n < word.size() && prefix[n].toCaseFolded() == word[n].toCaseFolded()) {
            ++n;
        }
        prefix.truncate(n);
    }
    return prefix;
}

QStringList commandCandidates(const QString& typed, const QString& lead) {
    QStringList candidates;
    const std::string prefix = typed.toStdString();
    for (const std::string_view name : commandNamesStartingWith(prefix)) {
        const QString completed = lead + QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
        if (!candidates.contains(completed)) {
            candidates.append(completed);
        }
    }
    return candidates;
}

QStringList nameCandidates(const QString& typed, const QStringList& names) {
    QStringList candidates;
    for (const QString& name : names) {
        if (!name.isEmpty() && name.startsWith(typed, Qt::CaseInsensitive) && !candidates.contains(name)) {
            candidates.append(name);
        }
    }
    return candidates;
}

}  // namespace

Completion completeInput(const QString& text, int cursor, const QStringList& names) {
    Completion result;
    result.text = text;
    result.cursor = static_cast<int>(qBound<qsizetype>(0, static_cast<qsizetype>(cursor), text.size()));
    const qsizetype end = result.cursor;
    qsizetype start = end;
    while (start > 0 && !text[start - 1].isSpace()) {
        --start;
    }
    const QString word = text.mid(start, end - start);

    // What the word is: the command itself, the argument of /help (a command
    // name without '/'), or a participant.
    const QString before = text.left(start);
    const bool first_word = before.trimmed().isEmpty();
    const QString first = before.trimmed().section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty);
    if (first_word && word.startsWith(QLatin1Char('/'))) {
        result.candidates = commandCandidates(word.mid(1), QStringLiteral("/"));
    } else if (!first_word && first.compare(QLatin1String("/help"), Qt::CaseInsensitive) == 0 &&
               !word.startsWith(QLatin1Char('/'))) {
        result.candidates = commandCandidates(word, QString());
    } else {
        result.candidates = nameCandidates(word, names);
    }
    if (result.candidates.isEmpty()) {
        return result;
    }

    QString inserted;
    if (result.candidates.size() == 1) {
        inserted = result.candidates.front();
    } else {
        inserted = commonPrefix(result.candidates);
        if (inserted.size() < word.size()) {
            inserted = word;  // never shorten what was typed
        }
    }
    QString after = text.mid(end);
    int new_cursor = static_cast<int>(start + inserted.size());
    if (result.candidates.size() == 1) {
        // A finished word gets its separating space, once.
        if (!after.startsWith(QLatin1Char(' '))) {
            after.prepend(QLatin1Char(' '));
        }
        ++new_cursor;
    }
    result.text = text.left(start) + inserted + after;
    result.cursor = new_cursor;
    return result;
}

QString helpText() {
    return QString::fromStdString(formatHelp());
}

}  // namespace confab::client
