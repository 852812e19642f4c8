#include "confab/client/chat_input.h"

#include <QFileInfo>
#include <QImageReader>
#include <QKeyEvent>
#include <QMimeData>

#include "confab/client/command_completer.h"

namespace confab::client {

QStringList imageFilesIn(const QMimeData* data) {
    QStringList paths;
    if (!data || !data->hasUrls()) return paths;
    const QList<QByteArray> formats = QImageReader::supportedImageFormats();
    for (const QUrl& url : data->urls()) {
        if (!url.isLocalFile()) continue;
        const QFileInfo info(url.toLocalFile());
        if (info.isFile() && formats.contains(info.suffix().toLower().toLatin1())) paths << info.filePath();
    }
    return paths;
}

ChatInput::ChatInput(QWidget* parent) : QPlainTextEdit(parent) {
    setTabChangesFocus(false);
    setAccessibleName(tr("Message"));
    setPlaceholderText(tr("Type a message; / for commands, Tab completes"));
    setToolTip(tr("Enter sends, Shift+Enter starts a new line, Tab completes commands and names. "
                  "Paste or drop an image to share it."));
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
}

QSize ChatInput::sizeHint() const {
    const int lines = 3;
    const int height = fontMetrics().lineSpacing() * lines + 2 * frameWidth() +
                       static_cast<int>(document()->documentMargin() * 2);
    return {QPlainTextEdit::sizeHint().width(), height};
}

void ChatInput::complete() {
    QStringList names;
    if (names_) names = names_();
    QTextCursor cursor = textCursor();
    const Completion completion = completeInput(toPlainText(), cursor.position(), names);
    if (completion.text != toPlainText()) {
        setPlainText(completion.text);
        cursor = textCursor();
        cursor.setPosition(qBound(0, completion.cursor, static_cast<int>(completion.text.size())));
        setTextCursor(cursor);
    }
    emit completionCandidates(completion.candidates.size() > 1 ? completion.candidates : QStringList());
}

void ChatInput::keyPressEvent(QKeyEvent* event) {
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        const QString text = toPlainText();
        if (!text.trimmed().isEmpty()) {
            clear();
            emit completionCandidates({});
            emit submitted(text);
        }
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Tab && event->modifiers() == Qt::NoModifier) {
        // Tab moves focus away from an empty input (keyboard navigation);
        // with text it completes.
        if (toPlainText().isEmpty()) {
            focusNextChild();
        } else {
            complete();
        }
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Backtab) {
        focusPreviousChild();
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

bool ChatInput::canInsertFromMimeData(const QMimeData* source) const {
    return source->hasImage() || !imageFilesIn(source).isEmpty() || QPlainTextEdit::canInsertFromMimeData(source);
}

void ChatInput::insertFromMimeData(const QMimeData* source) {
    const QStringList files = imageFilesIn(source);
    if (!files.isEmpty()) {
        emit imageFilesDropped(files);
        return;
    }
    if (source->hasImage()) {
        const QImage image = qvariant_cast<QImage>(source->imageData());
        if (!image.isNull()) {
            emit imagePasted(image);
            return;
        }
    }
    // Text only: never rich text.
    if (source->hasText()) insertPlainText(source->text());
}

}  // namespace confab::client
