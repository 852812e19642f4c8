// ChatInput: where a message is typed. Enter sends (Shift+Enter is a new
// line), Tab completes commands and buddy names (completeInput), a pasted
// image or a dropped image file is handed on for sharing instead of being
// inserted as text. GUI thread.
#pragma once

#include <QImage>
#include <QPlainTextEdit>
#include <QStringList>
#include <functional>

namespace confab::client {

class ChatInput : public QPlainTextEdit {
    Q_OBJECT
  public:
    explicit ChatInput(QWidget* parent = nullptr);

    // Supplies the names Tab completes after a command (buddy names and JIDs).
    void setNameSource(std::function<QStringList()> source) { names_ = std::move(source); }
    // Completes at the cursor, as Tab does.
    void complete();
    QSize sizeHint() const override;

  signals:
    void submitted(const QString& text);
    // More than one match: the list to show the user ("" list: clear it).
    void completionCandidates(const QStringList& candidates);
    void imagePasted(const QImage& image);
    void imageFilesDropped(const QStringList& paths);

  protected:
    void keyPressEvent(QKeyEvent* event) override;
    bool canInsertFromMimeData(const QMimeData* source) const override;
    void insertFromMimeData(const QMimeData* source) override;

  private:
    std::function<QStringList()> names_;
};

// Local image files among dropped or pasted URLs.
QStringList imageFilesIn(const QMimeData* data);

}  // namespace confab::client
